"""The ``transfo-lab`` command: it only reads options and calls the library.

Every subcommand is declared here — a function adding its options (``_x_options``) and a
small function calling the library (``_x``), listed in :data:`_COMMANDS`. No library module
registers commands or imports :mod:`argparse`. A data problem prints a located message and
exits 1, never a traceback.

Every word shown — help texts, messages — comes from the catalogue (:mod:`transfo_lab.base.labels`)
in the language of the command line: French by default, English when ``TRANSFO_LAB_LANG=en``
(or, without it, an English locale), see :func:`transfo_lab.base.labels.default_lang`.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from transfo_lab.base.exceptions import ParameterError, TransfoLabError
from transfo_lab.base.labels import default_lang, label


def _split(text: str | None) -> list[str]:
    """The comma-separated values of an option: ``"a, b,"`` → ``["a", "b"]``."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _notebook(value: str, lang: str) -> Path:
    """The notebook a command is given: an existing file, else a notebook bundled with the kit, by its name."""
    path = Path(value).expanduser()
    if path.is_file():
        return path
    from transfo_lab.base import resources

    return resources.real_path(resources.notebook(value, lang=lang))


# --- a programme folder: create, copy an example, check ---------------------------------------------

def _init_options(parser, lang: str):
    parser.add_argument("dest", metavar=label("cli.metavar.folder", lang), help=label("cli.opt.new_folder", lang))
    parser.add_argument("--kind", required=True, choices=["transfo", "pret_a_deployer"], help=label("cli.opt.kind", lang))
    parser.add_argument("--lang", default="fr", choices=["fr", "en"], help=label("cli.opt.template_lang", lang))
    parser.add_argument("--format", dest="fmt", default="csv", choices=["csv", "xlsx"],
                        help=label("cli.opt.table_format", lang))


def _init(args) -> int:
    from transfo_lab.contract.scaffold import init_programme

    dest = init_programme(args.dest, args.kind, lang=args.lang, fmt=args.fmt)
    print(label("cli.created", args.cli_lang, folder=dest))
    return 0


def _example_options(parser, lang: str):
    from transfo_lab.base.resources import DEFAULT_EXAMPLE, example_names

    parser.add_argument("dest", metavar=label("cli.metavar.folder", lang), help=label("cli.opt.copy_folder", lang))
    parser.add_argument("--name", default=DEFAULT_EXAMPLE, metavar=label("cli.metavar.name", lang),
                        help=label("cli.opt.example_name", lang, names=", ".join(example_names()),
                                   default=DEFAULT_EXAMPLE))


def _example(args) -> int:
    from transfo_lab.training.copies import copy_example

    dest = copy_example(args.dest, args.name, lang=args.cli_lang)
    try_it = f"transfo-lab validate {dest}" if (dest / "programme.yaml").is_file() \
        else f"transfo-lab portfolio {dest} --out {dest / 'rapports'}"
    print(label("cli.example_copied", args.cli_lang, name=args.name, folder=dest, command=try_it))
    return 0


def _training_copy_options(parser, lang: str):
    from transfo_lab.base.resources import DEFAULT_EXAMPLE

    parser.add_argument("dest", metavar=label("cli.metavar.folder", lang), help=label("cli.opt.copy_folder", lang))
    parser.add_argument("--programme", metavar="SOURCE", default=None,
                        help=label("cli.opt.training_source", lang, default=DEFAULT_EXAMPLE))


def _training_copy(args) -> int:
    from transfo_lab.training.copies import copy_programme

    dest = copy_programme(args.dest, args.programme, lang=args.cli_lang)
    print(label("cli.training_copied", args.cli_lang, folder=dest))
    return 0


def _validate_options(parser, lang: str):
    parser.add_argument("programme", metavar=label("cli.metavar.folder", lang), help=label("cli.opt.programme_yaml", lang))
    parser.add_argument("--lang", choices=["fr", "en"], help=label("cli.opt.validate_lang", lang))


def _validate(args) -> int:
    from transfo_lab.contract.programme import validate_programme

    report = validate_programme(args.programme, lang=args.lang)
    print(report.format())
    return 0 if report.ok else 1

# --- reports ---------------------------------------------------------------------------------------

def _run_options(parser, lang: str):
    folder = label("cli.metavar.folder", lang)
    parser.add_argument("notebook", metavar=label("cli.metavar.notebook", lang), help=label("cli.opt.run_notebook", lang))
    parser.add_argument("--programme", required=True, metavar=folder, help=label("cli.opt.programme", lang))
    parser.add_argument("--site", help=label("cli.opt.site", lang))
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=(label("cli.metavar.name", lang), label("cli.metavar.value", lang)),
                        help=label("cli.opt.parameter", lang))
    parser.add_argument("--out", default="reports", metavar=folder, help=label("cli.opt.run_out", lang))
    parser.add_argument("--formats", default="html", help=label("cli.opt.run_formats", lang))


def _run(args) -> int:
    from transfo_lab.reports.batch import check_parameters, parse_value, plan_jobs, run_batch, summary

    params = {name: parse_value(value) for name, value in args.parameter}
    notebook = _notebook(args.notebook, args.cli_lang)
    jobs = plan_jobs(args.programme, args.out, notebooks=[notebook], sites=[args.site] if args.site else [],
                     formats=tuple(f for f in args.formats.split(",") if f), parameters=params)
    check_parameters(notebook, params)
    jobs = [j for j in jobs if j.site == args.site]
    results = run_batch(jobs, args.out, workers=1, force=True, progress=False)
    print(summary(results))
    for r in results:
        for fmt, path in r.outputs.items():
            print(label("cli.output", args.cli_lang, format=f"{fmt:>5}", file=path))
    return 1 if any(r.status == "failed" for r in results) else 0


def _report_options(parser, lang: str):
    from transfo_lab.reports.batch import FORMATS

    folder = label("cli.metavar.folder", lang)
    parser.add_argument("programme", metavar=folder, help=label("cli.opt.programme", lang))
    parser.add_argument("--out", required=True, metavar=folder, help=label("cli.opt.reports_out", lang))
    parser.add_argument("--sites", help=label("cli.opt.report_sites", lang))
    parser.add_argument("--formats", default=",".join(FORMATS), help=label("cli.opt.report_formats", lang))
    parser.add_argument("--workers", type=int, default=None, help=label("cli.opt.workers", lang))
    parser.add_argument("--dask-scheduler", metavar=label("cli.metavar.address", lang), help=label("cli.opt.dask", lang))
    parser.add_argument("--notebooks", metavar=folder, default=None, help=label("cli.opt.notebooks", lang))
    parser.add_argument("--show-code", action="store_true", help=label("cli.opt.show_code", lang))
    parser.add_argument("--force", action="store_true", help=label("cli.opt.force", lang))
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=(label("cli.metavar.name", lang), label("cli.metavar.value", lang)),
                        help=label("cli.opt.report_parameter", lang))
    parser.add_argument("--no-livret", action="store_true", help=label("cli.opt.no_livret", lang))
    parser.add_argument("--timeout", type=float, default=None, metavar=label("cli.metavar.seconds", lang),
                        help=label("cli.opt.timeout", lang))


def _report(args) -> int:
    from transfo_lab.reports.batch import (discover_notebooks, finish_livret, livret_documents, livret_pieces,
                                           parse_value, plan_jobs, run_batch, summary, write_index)
    from transfo_lab.contract.programme import load_programme

    programme = load_programme(args.programme)
    sites = _split(args.sites) if args.sites else None
    jobs = plan_jobs(args.programme, args.out, notebooks=discover_notebooks(args.notebooks), sites=sites,
                     formats=tuple(_split(args.formats)),
                     parameters={k: parse_value(v) for k, v in args.parameter}, show_code=args.show_code,
                     programme=programme)
    formats = [f for f in ("html", "pdf") if f in args.formats]
    livret = not args.no_livret and formats
    pieces = livret_pieces(args.programme, args.out, formats=formats, sites=sites, programme=programme) \
        if livret else []
    answers: dict = {}
    results = run_batch(jobs, args.out, workers=args.workers, scheduler=args.dask_scheduler, force=args.force,
                        timeout=args.timeout, also=pieces, also_answers=answers)
    if livret:
        failed = [k for k, a in answers.items() if not isinstance(a, dict)]
        if failed:
            raise TransfoLabError(label("cli.livret_failed", args.cli_lang, piece=failed[0],
                                        message=getattr(answers[failed[0]], "message", "")))
        finish_livret(args.out, answers)
        write_index(Path(args.out).resolve(), results, programme.name, programme.lang,
                    documents=livret_documents(args.out, programme))
        print(label("cli.livret", args.cli_lang, file=Path(args.out).resolve() / "livret.html"))
    print(summary(results, programme.lang))
    print(label("cli.index", args.cli_lang, file=Path(args.out).resolve() / "index.html"))
    return 1 if any(r.status == "failed" for r in results) else 0


def _livret_options(parser, lang: str):
    folder = label("cli.metavar.folder", lang)
    parser.add_argument("programme", metavar=folder, help=label("cli.opt.programme_yaml", lang))
    parser.add_argument("--out", required=True, metavar=folder, help=label("cli.opt.livret_out", lang))
    parser.add_argument("--formats", default="html,pdf", help=label("cli.opt.html_pdf", lang))
    parser.add_argument("--sites", help=label("cli.opt.livret_sites", lang))
    parser.add_argument("--no-pseudonymise", action="store_true", help=label("cli.opt.no_pseudonymise_livret", lang))


def _livret(args) -> int:
    from transfo_lab.reports.livret import write_livret

    formats = _split(args.formats)
    sites = _split(args.sites) if args.sites else None
    written = write_livret(args.programme, args.out, formats=formats, sites=sites,
                           pseudonymise=not args.no_pseudonymise)
    for path in written.values():
        print(path)
    return 0

# --- showing and comparing -------------------------------------------------------------------------

def _portfolio_options(parser, lang: str):
    folder = label("cli.metavar.folder", lang)
    parser.add_argument("programmes", metavar=folder, nargs="+", help=label("cli.opt.portfolio_programmes", lang))
    parser.add_argument("--out", required=True, metavar=folder, help=label("cli.opt.portfolio_out", lang))
    parser.add_argument("--mapping", metavar=label("cli.metavar.file", lang), help=label("cli.opt.portfolio_mapping", lang))
    parser.add_argument("--date", help=label("cli.opt.portfolio_date", lang))
    parser.add_argument("--kind", choices=["transfo", "pret_a_deployer"], help=label("cli.opt.portfolio_kind", lang))
    parser.add_argument("--formats", default="html,pdf", help=label("cli.opt.html_pdf", lang))
    parser.add_argument("--no-pseudonymise", action="store_true", help=label("cli.opt.no_pseudonymise", lang))


def _portfolio(args) -> int:
    from transfo_lab.reports.portfolio import write_portfolio_report

    formats = _split(args.formats)
    written, portfolio = write_portfolio_report(args.programmes, args.out, formats=formats, mapping=args.mapping,
                                                as_of=args.date, kind=args.kind,
                                                pseudonymise=not args.no_pseudonymise)
    for excluded in portfolio.excluded:
        print(label("cli.excluded", args.cli_lang, folder=excluded.path, reason=excluded.reason), file=sys.stderr)
        for problem in excluded.problems[:10]:
            print(f"  {problem}", file=sys.stderr)
        if len(excluded.problems) > 10:
            print("  " + label("cli.more_problems", args.cli_lang, n=len(excluded.problems) - 10, folder=excluded.path),
                  file=sys.stderr)
    for notice in portfolio.notices:
        print(label("cli.notice", args.cli_lang, notice=notice), file=sys.stderr)
    print(label("cli.portfolio_done", args.cli_lang, members=len(portfolio.members), excluded=len(portfolio.excluded)))
    for path in written.values():
        print(path)
    return 0


def _present_options(parser, lang: str):
    parser.add_argument("notebook", metavar=label("cli.metavar.notebook", lang),
                        help=label("cli.opt.present_notebook", lang))
    parser.add_argument("--programme", required=True, metavar=label("cli.metavar.folder", lang),
                        help=label("cli.opt.programme_yaml", lang))
    parser.add_argument("--site", metavar="ID", help=label("cli.opt.one_site", lang))
    parser.add_argument("--port", type=int, default=8866, help=label("cli.opt.port", lang))
    parser.add_argument("--no-browser", action="store_true", help=label("cli.opt.no_browser", lang))


def _present(args) -> int:
    from transfo_lab.training.present import present

    return present(_notebook(args.notebook, args.cli_lang), args.programme, site=args.site, port=args.port,
                   open_browser=not args.no_browser, lang=args.cli_lang)

# --- other tools: import, export, double coding ----------------------------------------------------

def _import_options(parser, lang: str):
    from transfo_lab.interop import KINDS

    parser.add_argument("kind", metavar=label("cli.metavar.type", lang), choices=list(KINDS),
                        help=label("cli.opt.import_kind", lang, kinds=", ".join(KINDS)))
    parser.add_argument("file", metavar=label("cli.metavar.file", lang), help=label("cli.opt.import_file", lang))
    parser.add_argument("--into", required=True, metavar=label("cli.metavar.folder", lang),
                        help=label("cli.opt.programme", lang))
    parser.add_argument("--site", help=label("cli.opt.import_site", lang))
    parser.add_argument("--date", help=label("cli.opt.import_date", lang))
    parser.add_argument("--method", help=label("cli.opt.import_method", lang))
    parser.add_argument("--mapping", metavar="YAML", help=label("cli.opt.import_mapping", lang))
    parser.add_argument("--scale", metavar=label("cli.metavar.scale", lang), help=label("cli.opt.import_scale", lang))
    parser.add_argument("--dry-run", action="store_true", help=label("cli.opt.dry_run", lang))
    parser.add_argument("--lang", default=lang, choices=["fr", "en"], help=label("cli.opt.message_lang", lang))


def _import(args) -> int:
    from transfo_lab.interop import import_file

    imported, report = import_file(args.kind, args.file, args.into, site=args.site, date=args.date,
                                   method=args.method, mapping=args.mapping, scale=args.scale, dry_run=args.dry_run,
                                   lang=args.lang)
    print(imported.format(args.lang))
    print(report.format(args.lang))
    return 0


def _export_qda_options(parser, lang: str):
    parser.add_argument("programme", metavar=label("cli.metavar.folder", lang), help=label("cli.opt.programme", lang))
    parser.add_argument("--out", required=True, metavar=label("cli.metavar.file", lang), help=label("cli.opt.qda_out", lang))
    parser.add_argument("--site", help=label("cli.opt.qda_site", lang))
    parser.add_argument("--matrices", metavar="XLSX", help=label("cli.opt.qda_matrices", lang))
    parser.add_argument("--lang", default=lang, choices=["fr", "en"], help=label("cli.opt.message_lang", lang))


def _export_qda(args) -> int:
    from transfo_lab.interop import export_matrices, export_qdc, export_qdpx
    from transfo_lab.contract.programme import load_programme

    out = Path(args.out)
    if out.suffix.lower() not in (".qdpx", ".qdc"):
        raise ParameterError(label("cli.bad_qda_out", args.lang, name=out.name))
    prog = load_programme(args.programme, lang=args.lang).for_site(args.site)
    if out.suffix.lower() == ".qdc":
        export_qdc(prog.codebook, out, lang=args.lang)
        sources = segments = 0
    else:
        export_qdpx(prog.observations, prog.codebook, out, name=prog.name, lang=args.lang, memos=prog.memos)
        sources = segments = len(prog.observations)
    print(label("interop.exported", args.lang, file=out, codes=len(prog.codebook), sources=sources, segments=segments))
    if args.matrices:
        path = export_matrices(prog.observations, args.matrices, codebook=prog.codebook, lang=args.lang)
        print(label("interop.written", args.lang, file=path))
    return 0


def _coding_sample_options(parser, lang: str):
    folder = label("cli.metavar.folder", lang)
    parser.add_argument("programme", metavar=folder, help=label("cli.opt.programme_yaml", lang))
    parser.add_argument("--share", type=float, default=0.15, help=label("cli.opt.share", lang))
    parser.add_argument("--coders", required=True, help=label("cli.opt.coders", lang))
    parser.add_argument("--seed", type=int, default=0, help=label("cli.opt.sample_seed", lang))
    parser.add_argument("--out", metavar=folder, help=label("cli.opt.sample_out", lang))


def _coding_sample(args) -> int:
    from transfo_lab.interop.codage import coding_sample, parse_coders, write_coding_workbooks
    from transfo_lab.contract.programme import load_programme

    prog = load_programme(args.programme)
    coders = parse_coders(args.coders, lang=prog.lang)
    sample = coding_sample(prog.observations, args.share, seed=args.seed, lang=prog.lang)
    site_names = {s.id: s.name for s in prog.config.sites}
    out = Path(args.out) if args.out else Path(args.programme) / "codage"
    for coder, path in zip(coders, write_coding_workbooks(sample, prog.codebook, coders, out, site_names=site_names,
                                                          lang=prog.lang)):
        print(label("rigour.sample_written", prog.lang, coder=coder, file=path, n=len(sample)))
    return 0


def _agreement_options(parser, lang: str):
    parser.add_argument("programme", metavar=label("cli.metavar.folder", lang), help=label("cli.opt.programme_yaml", lang))
    parser.add_argument("--format", dest="fmt", default="text", choices=["text", "csv"],
                        help=label("cli.opt.agreement_format", lang))
    parser.add_argument("--out", metavar=label("cli.metavar.file", lang), help=label("cli.opt.agreement_out", lang))
    parser.add_argument("--seed", type=int, default=0, help=label("cli.opt.boot_seed", lang))
    parser.add_argument("--boot", type=int, default=1000, help=label("cli.opt.boot", lang))


def _agreement(args) -> int:
    from transfo_lab.phases.research import agreement
    from transfo_lab.contract.io import atomic_write
    from transfo_lab.contract.programme import load_programme

    prog = load_programme(args.programme)
    table = agreement.agreement_table(prog.double_coding, prog.observations, n_boot=args.boot, seed=args.seed)
    if args.fmt == "csv":
        text = agreement.to_csv_frame(table).to_csv(index=False)
    else:
        site_names = {s.id: s.name for s in prog.config.sites}
        shown = agreement.format_agreement(table, site_names=site_names, lang=prog.lang)
        sentence = agreement.agreement_sentence(table, site_names=site_names, lang=prog.lang) + "\n"
        text = sentence if shown.empty else shown.to_string(index=False) + "\n\n" + sentence
    if args.out:
        atomic_write(args.out, text)
    else:
        print(text, end="")
    return 0


#: subcommand → (add its options, run it), in the order ``transfo-lab --help`` lists them; the one-line help of
#: each is ``cli.cmd.<name>`` in the catalogue.
_COMMANDS: dict[str, tuple[Callable, Callable]] = {
    "init": (_init_options, _init),
    "example": (_example_options, _example),
    "validate": (_validate_options, _validate),
    "run": (_run_options, _run),
    "report": (_report_options, _report),
    "livret": (_livret_options, _livret),
    "portfolio": (_portfolio_options, _portfolio),
    "present": (_present_options, _present),
    "training-copy": (_training_copy_options, _training_copy),
    "import": (_import_options, _import),
    "export-qda": (_export_qda_options, _export_qda),
    "coding-sample": (_coding_sample_options, _coding_sample),
    "agreement": (_agreement_options, _agreement),
}


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The parser of ``transfo-lab`` and all its subcommands, its help in ``lang`` (default: :func:`default_lang`)."""
    from transfo_lab import __version__

    lang = default_lang() if lang is None else lang
    parser = argparse.ArgumentParser(prog="transfo-lab", description=label("cli.description", lang),
                                     epilog=label("cli.epilog", lang), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"transfo-lab {__version__}")
    parser.set_defaults(cli_lang=lang)
    sub = parser.add_subparsers(dest="command", metavar=label("cli.metavar.command", lang),
                                title=label("cli.commands", lang))
    for name, (setup, func) in _COMMANDS.items():
        help_text = label(f"cli.cmd.{name}", lang)
        sub_parser = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        setup(sub_parser, lang)
        sub_parser.set_defaults(func=func, cli_lang=lang)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``transfo-lab`` command; returns the exit status."""
    lang = default_lang()
    parser = build_parser(lang)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except TransfoLabError as exc:
        print(label("cli.error", lang, message=exc), file=sys.stderr)
        return 1
    except OSError as exc:  # a folder that cannot be written, a file that vanished: one line, no traceback
        from transfo_lab.contract.io import write_error

        where = exc.filename or "?"
        error = write_error(exc, where, lang)
        message = error if error is not None else label("cli.located_error", lang, file=where, message=exc.strerror or exc)
        print(label("cli.error", lang, message=message), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(label("cli.interrupted", lang), file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
