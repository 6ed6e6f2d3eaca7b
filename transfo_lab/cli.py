"""The ``transfo-lab`` command: it only reads options and calls the library.

Each subcommand is a small function registered in ``_COMMANDS``; a data problem prints a
located message and exits 1, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from transfo_lab.base.exceptions import TransfoLabError

#: subcommand name → (add its options, run it, one-line help). Other modules register theirs here.
_COMMANDS: dict[str, tuple[Callable, Callable, str]] = {}


def _validate_options(parser):
    parser.add_argument("programme", metavar="DOSSIER", help="le dossier du programme (avec programme.yaml)")
    parser.add_argument("--lang", choices=["fr", "en"], help="langue des messages (par défaut celle du programme)")


def _validate(args) -> int:
    from transfo_lab.contract.programme import validate_programme

    report = validate_programme(args.programme, lang=args.lang)
    print(report.format())
    return 0 if report.ok else 1


def _init_options(parser):
    parser.add_argument("dest", metavar="DOSSIER", help="le dossier à créer (nouveau ou vide)")
    parser.add_argument("--kind", required=True, choices=["transfo", "pret_a_deployer"], help="le type de programme")
    parser.add_argument("--lang", default="fr", choices=["fr", "en"], help="langue des modèles (fr par défaut)")
    parser.add_argument("--format", dest="fmt", default="csv", choices=["csv", "xlsx"],
                        help="un CSV par table (défaut) ou un classeur programme.xlsx")


def _init(args) -> int:
    from transfo_lab.contract.scaffold import init_programme

    dest = init_programme(args.dest, args.kind, lang=args.lang, fmt=args.fmt)
    print(f"Dossier de programme créé : {dest}\n"
          f"Complétez programme.yaml et les tables, puis vérifiez : transfo-lab validate {dest}")
    return 0


def _livret_options(parser):
    parser.add_argument("programme", metavar="DOSSIER", help="le dossier du programme (avec programme.yaml)")
    parser.add_argument("--out", required=True, metavar="DOSSIER", help="dossier de sortie (livret.html, livret.pdf, sites/…)")
    parser.add_argument("--formats", default="html,pdf", help="html,pdf (défaut : les deux)")
    parser.add_argument("--sites", help="sites dont produire le dossier, séparés par des virgules (défaut : tous)")
    parser.add_argument("--no-pseudonymise", action="store_true",
                        help="montrer les noms, courriels et téléphones en clair (usage interne seulement)")


def _livret(args) -> int:
    from transfo_lab.reports.livret import write_livret

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    sites = [s.strip() for s in args.sites.split(",") if s.strip()] if args.sites else None
    written = write_livret(args.programme, args.out, formats=formats, sites=sites,
                           pseudonymise=not args.no_pseudonymise)
    for path in written.values():
        print(path)
    return 0


def _present_options(parser):
    parser.add_argument("notebook", metavar="CARNET", help="le carnet à montrer (par exemple notebooks/05_evaluation.ipynb)")
    parser.add_argument("--programme", required=True, metavar="DOSSIER", help="le dossier du programme (avec programme.yaml)")
    parser.add_argument("--site", metavar="ID", help="un seul site (son identifiant dans programme.yaml)")
    parser.add_argument("--port", type=int, default=8866, help="port de la page (8866 par défaut)")
    parser.add_argument("--no-browser", action="store_true", help="ne pas ouvrir le navigateur")


def _present(args) -> int:
    from transfo_lab.training.present import present

    return present(args.notebook, args.programme, site=args.site, port=args.port, open_browser=not args.no_browser)


_COMMANDS["present"] = (_present_options, _present,
                        "montrer un carnet sans code, ses outils actifs, pour une restitution (Voilà)")


def _portfolio_options(parser):
    parser.add_argument("programmes", metavar="DOSSIER", nargs="+",
                        help="les dossiers de programme (un par collectivité), ou un dossier de portefeuille "
                             "qui les contient (avec un portfolio.yaml facultatif)")
    parser.add_argument("--out", required=True, metavar="DOSSIER", help="dossier de sortie (inter-transfo.html, .pdf, .json)")
    parser.add_argument("--mapping", metavar="FICHIER",
                        help="correspondance des thèmes entre grilles de codage (Collectivité ; Étiquette ; Thème commun)")
    parser.add_argument("--date", help="date de la situation, AAAA-MM-JJ (défaut : celle de portfolio.yaml, sinon aujourd'hui)")
    parser.add_argument("--kind", choices=["transfo", "pret_a_deployer"],
                        help="le programme comparé (défaut : celui de la majorité des dossiers)")
    parser.add_argument("--formats", default="html,pdf", help="html,pdf (défaut : les deux)")
    parser.add_argument("--no-pseudonymise", action="store_true",
                        help="montrer les noms en clair (usage interne seulement)")


def _portfolio(args) -> int:
    from transfo_lab.reports.portfolio import write_portfolio_report

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    written, portfolio = write_portfolio_report(args.programmes, args.out, formats=formats, mapping=args.mapping,
                                                as_of=args.date, kind=args.kind,
                                                pseudonymise=not args.no_pseudonymise)
    for excluded in portfolio.excluded:
        print(f"Écarté : {excluded.path} — {excluded.reason}", file=sys.stderr)
        for problem in excluded.problems[:10]:
            print(f"  {problem}", file=sys.stderr)
        if len(excluded.problems) > 10:
            print(f"  … {len(excluded.problems) - 10} autre(s) : transfo-lab validate {excluded.path}", file=sys.stderr)
    for notice in portfolio.notices:
        print(f"Attention : {notice}", file=sys.stderr)
    print(f"{len(portfolio.members)} collectivité(s) comparée(s), {len(portfolio.excluded)} dossier(s) écarté(s).")
    for path in written.values():
        print(path)
    return 0


_COMMANDS["portfolio"] = (_portfolio_options, _portfolio,
                          "produire le rapport Inter-Transfo de plusieurs collectivités (HTML, PDF)")

def _coding_sample_options(parser):
    parser.add_argument("programme", metavar="DOSSIER", help="le dossier du programme (avec programme.yaml)")
    parser.add_argument("--share", type=float, default=0.15, help="part des observations à double coder (0,15 par défaut)")
    parser.add_argument("--coders", required=True, help="les codeurs, séparés par des virgules (ex. A,B)")
    parser.add_argument("--seed", type=int, default=0, help="graine du tirage (le même tirage pour la même graine)")
    parser.add_argument("--out", metavar="DOSSIER", help="où écrire les classeurs (défaut : DOSSIER/codage)")


def _coding_sample(args) -> int:
    from pathlib import Path

    from transfo_lab.interop.codage import coding_sample, parse_coders, write_coding_workbooks
    from transfo_lab.base.labels import label
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


def _agreement_options(parser):
    parser.add_argument("programme", metavar="DOSSIER", help="le dossier du programme (avec programme.yaml)")
    parser.add_argument("--format", dest="fmt", default="text", choices=["text", "csv"],
                        help="text (tableau lisible, défaut) ou csv (colonnes site,tag,alpha,ci_low,ci_high,n_units…)")
    parser.add_argument("--out", metavar="FICHIER", help="écrire le résultat dans ce fichier plutôt qu'à l'écran")
    parser.add_argument("--seed", type=int, default=0, help="graine du bootstrap")
    parser.add_argument("--boot", type=int, default=1000, help="nombre de tirages du bootstrap (1000 par défaut)")


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


_COMMANDS["livret"] = (_livret_options, _livret, "produire le livret de la démarche et un dossier par site (HTML, PDF)")
_COMMANDS["validate"] = (_validate_options, _validate, "vérifier un dossier de programme et lister tous ses problèmes")
_COMMANDS["init"] = (_init_options, _init, "créer un nouveau dossier de programme à partir des modèles")
_COMMANDS["coding-sample"] = (_coding_sample_options, _coding_sample,
                              "préparer un classeur de codage à l'aveugle par codeur sur un échantillon d'observations")
_COMMANDS["agreement"] = (_agreement_options, _agreement,
                          "mesurer l'accord entre codeurs (alpha de Krippendorff, kappa de Cohen) par site et étiquette")


def build_parser() -> argparse.ArgumentParser:
    from transfo_lab import __version__

    parser = argparse.ArgumentParser(
        prog="transfo-lab",
        description="Kit de recherche-action pour les labos d'innovation publique (La Transfo, Prêt à déployer).",
        epilog="Aide d'une commande : transfo-lab COMMANDE --help")
    parser.add_argument("--version", action="version", version=f"transfo-lab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes")
    for name, (setup, func, help_text) in _COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        setup(sub_parser)
        sub_parser.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``transfo-lab`` command; returns the exit status."""
    _load_plugins()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except TransfoLabError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder that cannot be written, a file that vanished: one French line, no traceback
        from transfo_lab.contract.io import write_error

        where = exc.filename or "?"
        error = write_error(exc, where)
        print(f"Erreur : {error}" if error is not None else f"Erreur : {where} : {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


def _load_plugins() -> None:
    """Import the modules that register further subcommands (run, report, import…)."""
    import importlib

    for module in ("transfo_lab.reports.batch", "transfo_lab.training.copies", "transfo_lab.interop"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


if __name__ == "__main__":  # pragma: no cover
    # run the imported module's main: the plugins register their subcommands in ``transfo_lab.cli``,
    # not in this ``__main__`` copy (``python -m transfo_lab.cli report …`` would not know them)
    from transfo_lab.cli import main as _main

    sys.exit(_main())
