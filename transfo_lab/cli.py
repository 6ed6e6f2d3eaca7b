"""The ``transfo-lab`` command: it only reads options and calls the library.

Every subcommand is declared here — a function adding its options (``_x_options``) and a
small function calling the library (``_x``), listed in :data:`_COMMANDS`. No library module
registers commands or imports :mod:`argparse`. A data problem prints a located message and
exits 1, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from transfo_lab.base.exceptions import ParameterError, TransfoLabError


def _split(text: str | None) -> list[str]:
    """The comma-separated values of an option: ``"a, b,"`` → ``["a", "b"]``."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


# --- a programme folder: create, copy an example, check ---------------------------------------------

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


def _example_options(parser):
    from transfo_lab.base.resources import DEFAULT_EXAMPLE, example_names

    parser.add_argument("dest", metavar="DOSSIER", help="le dossier de la copie (nouveau ou vide)")
    parser.add_argument("--name", default=DEFAULT_EXAMPLE, metavar="NOM",
                        help=f"l'exemple à copier : {', '.join(example_names())} (défaut : {DEFAULT_EXAMPLE})")


def _example(args) -> int:
    from transfo_lab.training.copies import copy_example

    dest = copy_example(args.dest, args.name)
    try_it = f"transfo-lab validate {dest}" if (dest / "programme.yaml").is_file() \
        else f"transfo-lab portfolio {dest} --out {dest / 'rapports'}"
    print(f"Exemple « {args.name} » copié dans : {dest}\nEssayez : {try_it}")
    return 0


def _training_copy_options(parser):
    from transfo_lab.base.resources import DEFAULT_EXAMPLE

    parser.add_argument("dest", metavar="DOSSIER", help="le dossier de la copie (nouveau ou vide)")
    parser.add_argument("--programme", metavar="SOURCE", default=None,
                        help=f"le programme à copier (défaut : l'exemple {DEFAULT_EXAMPLE} fourni avec le kit)")


def _training_copy(args) -> int:
    from transfo_lab.training.copies import copy_programme

    dest = copy_programme(args.dest, args.programme)
    print(f"Copie de travail créée : {dest}\n"
          f"Travaillez sur cette copie dans les carnets de formation (paramètre workdir = \"{dest}\").")
    return 0


def _validate_options(parser):
    parser.add_argument("programme", metavar="DOSSIER", help="le dossier du programme (avec programme.yaml)")
    parser.add_argument("--lang", choices=["fr", "en"], help="langue des messages (par défaut celle du programme)")


def _validate(args) -> int:
    from transfo_lab.contract.programme import validate_programme

    report = validate_programme(args.programme, lang=args.lang)
    print(report.format())
    return 0 if report.ok else 1

# --- reports ---------------------------------------------------------------------------------------

def _run_options(parser):
    parser.add_argument("notebook", metavar="CARNET", help="le carnet à exécuter (ex. notebooks/02_user_research.ipynb)")
    parser.add_argument("--programme", required=True, metavar="DOSSIER", help="le dossier du programme")
    parser.add_argument("--site", help="l'identifiant d'un site (par défaut : tous les sites)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NOM", "VALEUR"),
                        help="un paramètre du carnet (répétable)")
    parser.add_argument("--out", default="reports", metavar="DOSSIER", help="dossier de sortie (défaut : reports)")
    parser.add_argument("--formats", default="html", help="formats séparés par des virgules : html,pdf,md (défaut : html)")


def _run(args) -> int:
    from transfo_lab.reports.batch import check_parameters, parse_value, plan_jobs, run_batch, summary

    params = {name: parse_value(value) for name, value in args.parameter}
    notebook = Path(args.notebook)
    if not notebook.is_file():
        raise ParameterError(f"carnet introuvable : {notebook}")
    jobs = plan_jobs(args.programme, args.out, notebooks=[notebook], sites=[args.site] if args.site else [],
                     formats=tuple(f for f in args.formats.split(",") if f), parameters=params)
    check_parameters(notebook, params)
    jobs = [j for j in jobs if j.site == args.site]
    results = run_batch(jobs, args.out, workers=1, force=True, progress=False)
    print(summary(results))
    for r in results:
        for fmt, path in r.outputs.items():
            print(f"{fmt:>5} : {path}")
    return 1 if any(r.status == "failed" for r in results) else 0


def _report_options(parser):
    from transfo_lab.reports.batch import FORMATS

    parser.add_argument("programme", metavar="DOSSIER", help="le dossier du programme")
    parser.add_argument("--out", required=True, metavar="DOSSIER", help="dossier des rapports")
    parser.add_argument("--sites", help="sites à traiter, séparés par des virgules (défaut : tous)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="html,pdf,md (défaut : les trois)")
    parser.add_argument("--workers", type=int, default=None, help="processus en parallèle (défaut : nombre de cœurs)")
    parser.add_argument("--dask-scheduler", metavar="ADRESSE", help="adresse d'un ordonnanceur Dask (tcp://…:8786)")
    parser.add_argument("--notebooks", metavar="DOSSIER", default=None,
                        help="dossier des carnets de phase (défaut : ceux fournis avec le kit)")
    parser.add_argument("--show-code", action="store_true", help="montrer le code dans les rapports")
    parser.add_argument("--force", action="store_true", help="tout refaire, même les rapports à jour")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NOM", "VALEUR"),
                        help="un paramètre passé aux carnets qui le déclarent (répétable)")
    parser.add_argument("--no-livret", action="store_true", help="ne pas produire le livret ni les dossiers de site")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDES",
                        help="arrêter un rapport qui tourne encore après ce délai (défaut : 900 s)")


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
            raise TransfoLabError(f"livret : {failed[0]} : {getattr(answers[failed[0]], 'message', '')}")
        finish_livret(args.out, answers)
        write_index(Path(args.out).resolve(), results, programme.name, programme.lang,
                    documents=livret_documents(args.out, programme))
        print(f"Livret : {Path(args.out).resolve() / 'livret.html'}")
    print(summary(results, programme.lang))
    print(f"Index : {Path(args.out).resolve() / 'index.html'}")
    return 1 if any(r.status == "failed" for r in results) else 0


def _livret_options(parser):
    parser.add_argument("programme", metavar="DOSSIER", help="le dossier du programme (avec programme.yaml)")
    parser.add_argument("--out", required=True, metavar="DOSSIER", help="dossier de sortie (livret.html, livret.pdf, sites/…)")
    parser.add_argument("--formats", default="html,pdf", help="html,pdf (défaut : les deux)")
    parser.add_argument("--sites", help="sites dont produire le dossier, séparés par des virgules (défaut : tous)")
    parser.add_argument("--no-pseudonymise", action="store_true",
                        help="montrer les noms, courriels et téléphones en clair (usage interne seulement)")


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

    formats = _split(args.formats)
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


def _present_options(parser):
    parser.add_argument("notebook", metavar="CARNET", help="le carnet à montrer (par exemple notebooks/05_evaluation.ipynb)")
    parser.add_argument("--programme", required=True, metavar="DOSSIER", help="le dossier du programme (avec programme.yaml)")
    parser.add_argument("--site", metavar="ID", help="un seul site (son identifiant dans programme.yaml)")
    parser.add_argument("--port", type=int, default=8866, help="port de la page (8866 par défaut)")
    parser.add_argument("--no-browser", action="store_true", help="ne pas ouvrir le navigateur")


def _present(args) -> int:
    from transfo_lab.training.present import present

    return present(args.notebook, args.programme, site=args.site, port=args.port, open_browser=not args.no_browser)

# --- other tools: import, export, double coding ----------------------------------------------------

def _import_options(parser):
    from transfo_lab.interop import KINDS

    parser.add_argument("kind", metavar="TYPE", choices=list(KINDS), help="type de fichier : " + ", ".join(KINDS))
    parser.add_argument("file", metavar="FICHIER", help="le fichier à importer")
    parser.add_argument("--into", required=True, metavar="DOSSIER", help="le dossier du programme")
    parser.add_argument("--site", help="site de toutes les lignes importées (identifiant de programme.yaml)")
    parser.add_argument("--date", help="date de toutes les lignes importées (JJ/MM/AAAA)")
    parser.add_argument("--method", help="méthode des observations importées (entretien par défaut)")
    parser.add_argument("--mapping", metavar="YAML", help="fichier de correspondance (colonnes, sites, réponses)")
    parser.add_argument("--scale", metavar="ÉCHELLE",
                        help="questionnaires : échelle des questions sans échelle propre (1-5, 1-7, 0-10…)")
    parser.add_argument("--dry-run", action="store_true", help="montrer ce qui serait ajouté, sans rien écrire")
    parser.add_argument("--lang", default="fr", choices=["fr", "en"], help="langue des messages")


def _import(args) -> int:
    from transfo_lab.interop import import_file

    imported, report = import_file(args.kind, args.file, args.into, site=args.site, date=args.date,
                                   method=args.method, mapping=args.mapping, scale=args.scale, dry_run=args.dry_run,
                                   lang=args.lang)
    print(imported.format(args.lang))
    print(report.format(args.lang))
    return 0


def _export_qda_options(parser):
    parser.add_argument("programme", metavar="DOSSIER", help="le dossier du programme")
    parser.add_argument("--out", required=True, metavar="FICHIER",
                        help="FICHIER.qdpx (projet : observations et grille) ou FICHIER.qdc (grille seule)")
    parser.add_argument("--site", help="n'exporter que les observations de ce site")
    parser.add_argument("--matrices", metavar="XLSX", help="écrire aussi les matrices codes × observations et cooccurrences")
    parser.add_argument("--lang", default="fr", choices=["fr", "en"], help="langue des messages")


def _export_qda(args) -> int:
    from transfo_lab.interop import export_matrices, export_qdc, export_qdpx
    from transfo_lab.base.labels import label
    from transfo_lab.contract.programme import load_programme

    out = Path(args.out)
    if out.suffix.lower() not in (".qdpx", ".qdc"):
        raise ParameterError(f"--out : fichier .qdpx ou .qdc attendu, trouvé « {out.name} »")
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


def _coding_sample_options(parser):
    parser.add_argument("programme", metavar="DOSSIER", help="le dossier du programme (avec programme.yaml)")
    parser.add_argument("--share", type=float, default=0.15, help="part des observations à double coder (0,15 par défaut)")
    parser.add_argument("--coders", required=True, help="les codeurs, séparés par des virgules (ex. A,B)")
    parser.add_argument("--seed", type=int, default=0, help="graine du tirage (le même tirage pour la même graine)")
    parser.add_argument("--out", metavar="DOSSIER", help="où écrire les classeurs (défaut : DOSSIER/codage)")


def _coding_sample(args) -> int:
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


#: subcommand → (add its options, run it, one-line help), in the order ``transfo-lab --help`` lists them.
_COMMANDS: dict[str, tuple[Callable, Callable, str]] = {
    "init": (_init_options, _init, "créer un nouveau dossier de programme à partir des modèles"),
    "example": (_example_options, _example, "copier un programme d'exemple fourni avec le kit dans un dossier"),
    "validate": (_validate_options, _validate, "vérifier un dossier de programme et lister tous ses problèmes"),
    "run": (_run_options, _run, "exécuter un carnet paramétré pour un programme (et un site)"),
    "report": (_report_options, _report, "produire tous les rapports de tous les sites (HTML, PDF, Markdown)"),
    "livret": (_livret_options, _livret, "produire le livret de la démarche et un dossier par site (HTML, PDF)"),
    "portfolio": (_portfolio_options, _portfolio,
                  "produire le rapport Inter-Transfo de plusieurs collectivités (HTML, PDF)"),
    "present": (_present_options, _present,
                "montrer un carnet sans code, ses outils actifs, pour une restitution (Voilà)"),
    "training-copy": (_training_copy_options, _training_copy,
                      "copier le programme d'exemple dans un dossier de travail pour une formation"),
    "import": (_import_options, _import,
               "importer un projet REFI-QDA, un export Taguette ou un questionnaire dans un programme"),
    "export-qda": (_export_qda_options, _export_qda,
                   "exporter la grille et les observations codées au format REFI-QDA (.qdpx, .qdc)"),
    "coding-sample": (_coding_sample_options, _coding_sample,
                      "préparer un classeur de codage à l'aveugle par codeur sur un échantillon d'observations"),
    "agreement": (_agreement_options, _agreement,
                  "mesurer l'accord entre codeurs (alpha de Krippendorff, kappa de Cohen) par site et étiquette"),
}


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``transfo-lab`` and all its subcommands."""
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
