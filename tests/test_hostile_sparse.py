"""Valid but sparse programmes: every phase's library calls run without an exception (issue 18, item 7).

A generator derives, from the lycées example, programmes that are valid yet unlucky: a table
empty for one site, one site only, a site with no observations, prototypes without tests,
missing evaluation rounds, empty optional tables. For each, the code cells of the phase
notebooks 00–05 (so exactly the library calls they make, plots on fresh figures included)
run in-process, for the whole programme and for the sparse site."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest
import yaml

from conftest import LYCEES, NOTEBOOKS
from transfo_lab.base.cells import append_row
from transfo_lab.contract.io import read_table
from transfo_lab.contract.programme import find_tables, validate_programme
from transfo_lab.contract.schemas import TABLES_BY_NAME, normalise_key
from transfo_lab.contract.validation import ValidationReport

SITE = "lycee-rural"
#: tables a notebook reads (to run only the notebooks a variant can affect)
NOTEBOOK_TABLES = {
    "00_programme": {"calendar", "budget"},
    "01_inspiration": {"inspiration", "benchmark"},
    "02_user_research": {"observations", "codebook", "survey", "journeys"},
    "03_ideation": {"ideas", "votes"},  # its one call on prototypes and tests: see _CAHIER
    "04_prototypes": {"prototypes", "tests", "ideas"},
    "05_evaluation": {"criteria", "scores"},
}


# --- the generator ---------------------------------------------------------------------------------------

class Folder:
    """A copy of an example programme whose tables can be filtered row by row, kept valid."""

    def __init__(self, path: Path):
        self.path = path
        self.config = yaml.safe_load((path / "programme.yaml").read_text(encoding="utf-8"))
        self.tables: dict[str, tuple[Path, str | None, pd.DataFrame]] = {}
        for name, (file, sheet) in find_tables(path, ValidationReport()).items():
            raw = read_table(file, sheet=sheet)
            self.tables[name] = (file, sheet, raw.data.reset_index(drop=True))

    def column(self, table: str, name: str) -> str | None:
        spec = TABLES_BY_NAME[table]
        if name not in {c.name for c in spec.columns}:
            return None
        wanted = {normalise_key(h) for h in (spec.column(name).header("fr"), spec.column(name).header("en"), name)}
        frame = self.tables[table][2]
        return next((c for c in frame.columns if normalise_key(c) in wanted), None)

    def filter(self, table: str, keep) -> None:
        file, sheet, frame = self.tables[table]
        mask = pd.Series([bool(keep(r)) for r in frame.to_dict("records")], index=frame.index, dtype=bool)
        self.tables[table] = (file, sheet, frame.loc[mask].reset_index(drop=True))

    def drop_site(self, table: str, site: str) -> None:
        column = self.column(table, "site")
        if column is not None:
            self.filter(table, lambda r: str(r[column] or "").strip() != site)

    def keep_sites(self, sites: list[str]) -> None:
        """Only these sites in programme.yaml and in every table (list cells cleaned too)."""
        self.config["sites"] = [s for s in self.config["sites"] if s["id"] in sites]
        for table in list(self.tables):
            column = self.column(table, "site")
            if column is not None:
                self.filter(table, lambda r: not str(r[column] or "").strip() or str(r[column]).strip() in sites)
        if "prototypes" in self.tables and self.column("prototypes", "sites"):
            column = self.column("prototypes", "sites")
            file, sheet, frame = self.tables["prototypes"]
            frame = frame.copy()
            frame[column] = [", ".join(s.strip() for s in str(v or "").split(",") if s.strip() in sites) or None
                             for v in frame[column]]
            self.tables["prototypes"] = (file, sheet, frame)

    def empty(self, table: str) -> None:
        self.filter(table, lambda r: False)

    def cascade(self) -> None:
        """Drop rows that point at rows no longer there (ideas → votes, prototypes → tests…)."""
        for _ in range(3):
            for table in list(self.tables):
                for col in TABLES_BY_NAME[table].columns:
                    if not col.ref or "." not in col.ref or col.ref.startswith("codebook"):
                        continue
                    target, key = col.ref.split(".")
                    source = self.column(table, col.name)
                    if source is None or target not in self.tables:
                        continue
                    ids = {str(v).strip() for v in self.tables[target][2][self.column(target, key)].dropna()}
                    self.filter(table, lambda r: r[source] is None or str(r[source]).strip() == ""
                                or str(r[source]).strip() in ids)

    def drop_stale_citations(self) -> None:
        """Evidence that cites a record no longer in the folder cites nothing (the citation check is not tested here)."""
        from transfo_lab.phases.evidence import CITATION

        known = set()
        for table in ("observations", "tests", "prototypes", "ideas"):
            if table in self.tables and self.column(table, "id"):
                known |= {str(v).strip() for v in self.tables[table][2][self.column(table, "id")].dropna()}
        for table in ("scores", "memos"):
            if table not in self.tables:
                continue
            file, sheet, frame = self.tables[table]
            frame = frame.copy()
            for name in ("evidence", "comment", "text", "about"):
                column = self.column(table, name)
                if column is not None:
                    frame[column] = [CITATION.sub(lambda m: m.group() if m.group() in known else "—", v)
                                     if isinstance(v, str) else v for v in frame[column]]
            self.tables[table] = (file, sheet, frame)
        if "memos" in self.tables and self.column("memos", "target"):
            target = self.column("memos", "target")
            self.filter("memos", lambda r: not CITATION.fullmatch(str(r[target] or "").strip())
                        or str(r[target]).strip() in known)
            about = self.column("memos", "about")
            tags = set()
            if "codebook" in self.tables and self.column("codebook", "tag"):
                tags = {str(v).strip() for v in self.tables["codebook"][2][self.column("codebook", "tag")].dropna()}
            if about is not None:
                self.filter("memos", lambda r: str(r[about] or "").strip() != "code" or str(r[target]).strip() in tags)

    def write(self) -> Path:
        self.cascade()
        self.drop_stale_citations()
        (self.path / "programme.yaml").write_text(yaml.safe_dump(self.config, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")
        workbooks: dict[Path, openpyxl.Workbook] = {}
        for name, (file, sheet, frame) in self.tables.items():
            if file.suffix == ".csv":
                buffer = io.StringIO()
                writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
                writer.writerow(frame.columns)
                for row in frame.itertuples(index=False):
                    writer.writerow(["" if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in row])
                file.write_text(buffer.getvalue(), encoding="utf-8")
            else:
                workbook = workbooks.setdefault(file, openpyxl.Workbook())
                ws = workbook.active if workbook.active.title == "Sheet" else workbook.create_sheet()
                ws.title = sheet or file.stem
                append_row(ws, list(frame.columns))
                for row in frame.itertuples(index=False):
                    append_row(ws, [None if not isinstance(v, str) and pd.isna(v) else v for v in row])
        for file, workbook in workbooks.items():
            workbook.save(file)
        return self.path


def _empty_for_site(table):
    return lambda f: f.drop_site(table, SITE)


def _empty_table(table):
    return lambda f: f.empty(table)


def _one_site(f):
    f.keep_sites([SITE])


def _prototypes_without_tests(f):
    """The issue's case: a site has prototypes but no test yet."""
    f.drop_site("tests", SITE)


def _missing_rounds(f):
    """Round 2 missing for one site, only some criteria scored for another."""
    site, round_, crit = (f.column("scores", c) for c in ("site", "round", "criterion"))
    f.filter("scores", lambda r: not (str(r[site]) == SITE and str(r[round_]).strip() not in ("1", "1.0")))
    f.filter("scores", lambda r: not (str(r[site]) == "lycee-technique" and str(r[crit]) in ("C01", "C02", "C03")))


def _only_programme_yaml(f):
    for table in list(f.tables):
        f.empty(table)


def _no_codebook(f):
    """No codebook yet, so no tag anywhere."""
    f.empty("codebook")
    for table in ("observations", "ideas"):
        column = f.column(table, "tags")
        file, sheet, frame = f.tables[table]
        f.tables[table] = (file, sheet, frame.assign(**{column: None}))


def _site_without_any_row(f):
    for table in SITE_TABLES:
        f.drop_site(table, SITE)
    f.filter("prototypes", lambda r: SITE not in str(r[f.column("prototypes", "sites")] or ""))


SITE_TABLES = ["calendar", "budget", "observations", "survey", "journeys", "inspiration", "ideas", "tests", "scores"]
OPTIONAL = ["budget", "calendar", "inspiration", "benchmark", "observations", "survey", "journeys", "ideas", "votes",
            "prototypes", "tests", "scores", "criteria"]
BOTH = (None, SITE)
#: name → (how to make it from the example, the tables it changes (None: all), the sites to run the notebooks for).
#: A table empty for one site is run for that site, an empty table for the whole programme (its
#: per-site run would see the same empty table); the whole programme with one site empty in every
#: table at once is ``no-row-for-{SITE}``. This keeps the test under a minute and a half.
VARIANTS = {
    **{f"{t}-empty-for-{SITE}": (_empty_for_site(t), {t}, (SITE,)) for t in SITE_TABLES},
    **{f"{t}-empty": (_empty_table(t), {t}, (None,)) for t in OPTIONAL},
    "codebook-empty": (_no_codebook, {"codebook", "observations", "ideas"}, (None,)),
    f"no-row-for-{SITE}": (_site_without_any_row, None, BOTH),
    "one-site-only": (_one_site, None, BOTH),
    "prototypes-without-tests": (_prototypes_without_tests, {"tests", "prototypes"}, BOTH),
    "missing-evaluation-rounds": (_missing_rounds, {"scores"}, BOTH),
    "every-table-empty": (_only_programme_yaml, None, BOTH),
}


def make_variant(name: str, dest: Path) -> Path:
    """A valid, sparse copy of the lycées example (see VARIANTS)."""
    shutil.copytree(LYCEES, dest)
    folder = Folder(dest)
    VARIANTS[name][0](folder)
    return folder.write()


# --- running the notebooks' code --------------------------------------------------------------------------

def _cells(notebook: str, *, parameters: bool = False) -> list[str]:
    """The notebook's code cells: the ``parameters`` cell alone, or every other one."""
    nb = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    return ["".join(c["source"]) for c in cells
            if ("parameters" in c.get("metadata", {}).get("tags", [])) == parameters]


def run_notebook_code(notebook: str, programme_dir: Path, site: str | None, key_file: Path) -> None:
    """Execute the notebook's code cells (parameters given, ``display`` silenced, figures closed)."""
    import IPython.display

    namespace: dict = {}
    for source in _cells(notebook, parameters=True):  # the notebook's own defaults, then this run's values
        exec(compile(source, f"{notebook}[parameters]", "exec"), namespace)
    namespace.update({"programme_dir": str(programme_dir), "site": site, "lang": "fr", "pseudonymise": True,
                      "key_file": str(key_file)})
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            pytest.MonkeyPatch.context() as patch:
        warnings.simplefilter("ignore")
        patch.setattr(IPython.display, "display", lambda *a, **k: None)
        for number, source in enumerate(_cells(notebook), start=1):
            try:
                exec(compile(source, f"{notebook}[{number}]", "exec"), namespace)
            except Exception as exc:
                raise AssertionError(f"{notebook}, cellule {number} ({type(exc).__name__}: {exc}):\n{source}") from exc
    plt.close("all")


def _CAHIER(folder: Path) -> None:
    """The one call of 03_ideation that reads prototypes and tests (for each site and all)."""
    from transfo_lab.phases import ideation
    from transfo_lab import load_programme

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full = load_programme(folder)
    for site in BOTH:
        prog = full.for_site(site)
        votes = prog.votes[prog.votes["idea"].isin(prog.ideas["id"])]
        cahier = ideation.cahier_de_propositions(prog.ideas, votes=votes, prototypes=prog.prototypes, tests=prog.tests)
        ideation.cahier_markdown(cahier)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_sparse_programme_runs_every_phase(variant, tmp_path):
    folder = make_variant(variant, tmp_path / variant)
    report = validate_programme(folder)
    assert report.ok, report.format()
    _, touched, sites = VARIANTS[variant]
    notebooks = [n for n, tables in NOTEBOOK_TABLES.items() if touched is None or tables & touched]
    failures = []
    if touched and touched & {"prototypes", "tests"}:
        try:
            _CAHIER(folder)
        except Exception as exc:  # noqa: BLE001 - collected
            failures.append(f"[{variant}] 03_ideation, cahier_de_propositions ({type(exc).__name__}: {exc})")
    for notebook in notebooks:
        for site in sites:
            try:
                run_notebook_code(notebook, folder, site, tmp_path / "cle.csv")
            except AssertionError as exc:
                failures.append(f"[{variant}, site={site}] {exc}")
    assert not failures, "\n\n".join(failures)


def test_stale_prototypes_before_any_test():
    """The issue's TypeError (Cannot cast DatetimeArray to dtype float64): prototypes, no test yet."""
    from transfo_lab.phases.prototypes import stale_prototypes

    protos = pd.DataFrame({"id": ["P1", "P2"], "name": ["Cantine", "Portail"]})
    tests = pd.DataFrame({"prototype": pd.Series([], dtype=object), "date": pd.Series([], dtype="datetime64[ns]")})
    stale = stale_prototypes(protos, tests, reference_date="2016-11-14")
    assert stale[["prototype", "tests", "stale"]].values.tolist() == [["P1", 0, True], ["P2", 0, True]]
    assert stale["last_test"].isna().all() and stale["weeks_since"].isna().all()


def test_for_site_keeps_the_columns_of_an_empty_table(lycees):
    from transfo_lab.contract.programme import Programme

    tables = {**lycees.tables, "prototypes": lycees.prototypes.iloc[0:0]}
    empty = Programme(lycees.path, lycees.config, tables, lycees.sources, lycees.report)
    assert list(empty.for_site(SITE).prototypes.columns) == list(lycees.prototypes.columns)
