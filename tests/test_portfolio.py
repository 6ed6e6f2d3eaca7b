"""Inter-Transfo (issue 17): several collectivités in one report.

The example portfolio's figures are checked against values derived by hand from the generated CSV
files (read here with the csv module, not with the kit), the paired test against a hand computation.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from conftest import EXAMPLES, LYCEES
from transfo_lab.phases import portfolio as pf
from transfo_lab import validate_programme
from transfo_lab.cli import main

PORTFOLIO = EXAMPLES / "inter-transfo"
AS_OF = dt.date(2018, 2, 1)
FOLDERS = ["departement-hautes-combes", "metropole-loire-oceane", "region-loire-armor", "ville-saint-aubin"]


@pytest.fixture(autouse=True)
def keys_home(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("TRANSFO_LAB_HOME", str(tmp_path_factory.getbasetemp() / "home"))


def _rows(folder: str, table: str) -> list[dict]:
    with open(PORTFOLIO / folder / f"{table}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


# --- by hand -------------------------------------------------------------------------------------------

def test_paired_test_matches_a_hand_computation():
    # differences 1, 2, -0.5, 3 → ranks of |d| 2, 3, 1, 4: W+ = 2 + 3 + 4 = 9, W− = 1
    # r = (9 − 1) / 10 = 0.8; exact two-sided p: sign patterns with W− ≤ 1 are {} and {1}: 2 × 2 / 2⁴ = 0.25
    result = pf.paired_test([2, 3, 3, 2], [3, 5, 2.5, 5])
    assert (result["n"], result["w_plus"], result["w_minus"]) == (4, 9.0, 1.0)
    assert result["r"] == pytest.approx(0.8)
    assert result["p_value"] == pytest.approx(0.25)
    assert result["mean_change"] == pytest.approx(1.375) and result["median_change"] == pytest.approx(1.5)


def test_paired_test_drops_unchanged_pairs_and_missing_values():
    # the unchanged pair (4 → 4) and the missing one are dropped from the test and from r, not from the pairs count
    result = pf.paired_test([1, 2, 4, np.nan, 3], [2, 4, 4, 5, 2])
    assert result["n_pairs"] == 4 and result["n"] == 3
    # d = 1, 2, -1 → ranks 1.5, 3, 1.5: W+ = 4.5, W− = 1.5, r = 3 / 6
    assert (result["w_plus"], result["w_minus"], result["r"]) == (4.5, 1.5, 0.5)
    assert result["p_value"] == pytest.approx(stats.wilcoxon([1, 2, -1]).pvalue)
    assert pf.paired_test([3, 3], [3, 3])["p_value"] is None


def test_item_family_from_the_protocol():
    assert pf.item_family("Piratage bienveillant") == "valeur"
    assert pf.item_family("Méthodes centrées-usagers") == "brique"


# --- the example portfolio -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("inter-transfo")
    home = tmp_path_factory.getbasetemp() / "home"
    import os

    old = os.environ.get("TRANSFO_LAB_HOME")
    os.environ["TRANSFO_LAB_HOME"] = str(home)
    try:
        assert main(["portfolio", str(PORTFOLIO), "--out", str(out)]) == 0
    finally:
        if old is None:
            os.environ.pop("TRANSFO_LAB_HOME")
        else:
            os.environ["TRANSFO_LAB_HOME"] = old
    return out


def test_example_programmes_validate():
    for folder in FOLDERS:
        assert validate_programme(PORTFOLIO / folder).ok


def test_report_days_held_per_collectivite_by_hand(report):
    figures = json.loads((report / "inter-transfo.json").read_text(encoding="utf-8"))
    assert figures["as_of"] == AS_OF.isoformat()
    by_hand = {}
    for folder in FOLDERS:
        # sessions are runs of consecutive working days: their length is end − start + 1
        sessions = [r for r in _rows(folder, "calendrier") if r["Type"] == "session"]
        held = [r for r in sessions if _day(r["Fin"]) <= AS_OF]
        by_hand[folder.replace("-", "_")] = sum((_day(r["Fin"]) - _day(r["Début"])).days + 1 for r in held)
        assert sum((_day(r["Fin"]) - _day(r["Début"])).days + 1 for r in sessions) == 35
    assert by_hand == {"departement_hautes_combes": 35, "metropole_loire_oceane": 25, "region_loire_armor": 13,
                       "ville_saint_aubin": 13}
    assert {k: v["days_held"] for k, v in figures["members"].items()} == by_hand


def test_report_names_the_late_one_and_the_switch(report):
    figures = json.loads((report / "inter-transfo.json").read_text(encoding="utf-8"))
    # Région: first session 6 Feb 2017, 11.85 months on 1 Feb 2018: the slowest pace gives 35 × 11.85 / 18 ≈ 23 days,
    # 13 held (+ one sequence of 3 < 23) → late. Métropole: 25 held in 10.8 months, between 21 and 31.6 → on track.
    assert figures["late"] == ["region_loire_armor"]
    members = figures["members"]
    assert members["departement_hautes_combes"]["status"] == "finished"
    assert members["metropole_loire_oceane"]["status"] == "on_track" and members["metropole_loire_oceane"]["switched"]
    assert not members["region_loire_armor"]["switched"] and not members["ville_saint_aubin"]["switched"]
    assert figures["next_inter_transfo"] == "2018-02-15"
    page = (report / "inter-transfo.html").read_text(encoding="utf-8")
    assert "Région Loire-Armor — En retard" in page
    assert "toujours en cas pratiques après 11,8 mois" in page


def test_report_shared_themes_by_hand(report):
    figures = json.loads((report / "inter-transfo.json").read_text(encoding="utf-8"))
    mapping = {(r["Collectivité"], r["Étiquette"]): r["Thème commun"]
               for r in csv.DictReader(open(PORTFOLIO / "correspondances.csv", encoding="utf-8"), delimiter=";")}
    per_member = []
    for folder in FOLDERS:
        name = next(line.split('"')[1] for line in (PORTFOLIO / folder / "programme.yaml").read_text().splitlines()
                    if line.startswith("  name:"))
        used = {t.strip() for r in _rows(folder, "observations") for t in r["Étiquettes"].split(",")}
        per_member.append({mapping.get((name, t), t) for t in used})
    shared = set.intersection(*per_member)
    assert shared == {"accueil", "orientation", "delais", "numerique", "cooperation", "confiance"}
    assert set(figures["shared_themes"]) == shared


def test_themes_without_the_mapping_lose_the_renamed_tags(tmp_path):
    portfolio = pf.load_portfolio([PORTFOLIO], mapping=None, pseudonymise=False)
    assert len(portfolio.mapping) == 2  # correspondances.csv, named by portfolio.yaml
    portfolio.mapping = None
    shared = set(pf.themes(portfolio).shared.index)
    assert shared == {"orientation", "delais", "cooperation", "confiance"}  # « premier contact », « démarches en ligne »
    # a mapping row naming an unknown collectivité or tag is reported, never silently ignored
    bad = tmp_path / "map.csv"
    bad.write_text("Collectivité;Étiquette;Thème commun\nVille inconnue;x;y\nregion-loire-armor;zzz;y\n"
                   "Ville de Saint-Aubin-sur-Mer;Premier contact;accueil\n", encoding="utf-8")
    mapping = pf.read_mapping(bad, portfolio)
    assert mapping[["member", "tag", "common"]].values.tolist() == [["ville_saint_aubin", "premier_contact", "accueil"]]
    assert portfolio.notices == ["map.csv, ligne 2 : collectivité « Ville inconnue » absente du portefeuille, ligne ignorée",
                                 "map.csv, ligne 3 : étiquette « zzz » absente de la grille de codage de Région "
                                 "Loire-Armor, ligne ignorée"]


def test_report_outcomes_reuse_budget_capacity(report):
    page = (report / "inter-transfo.html").read_text(encoding="utf-8")
    assert ("Borne d'accueil accompagnée (Ville de Saint-Aubin-sur-Mer), repris de « Borne d'accueil numérique en "
            "libre-service » (Métropole de Loire-Océane)") in page
    assert "Invalidée" in page and "Tout le portefeuille" in page
    assert "859\u202f200\xa0€" in page  # 214 200 + 246 000 + 231 000 + 168 000
    names = {r["Ambassadeur"] for folder in FOLDERS for table in ("presences", "auto_evaluation")
             for r in _rows(folder, table)}
    assert len(names) == 80 and not [n for n in names if n in page]  # every ambassadeur appears pseudonymised
    assert "Chaque ambassadeur (pseudonymisé)" in page and ">Personne 4<" in page
    pdf = (report / "inter-transfo.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000


def test_no_table_caption_is_left_at_the_foot_of_a_page(report):
    """A table's caption (above it) goes to the page of its table: the 2nd table's caption used to end page 4,
    half of it, its table on page 5."""
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(report / "inter-transfo.pdf").pages]
    for number, text in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if line.strip() and not re.fullmatch(r"page \d+ / \d+", line)]
        assert not re.match(r"Tableau \d+\. ", lines[-1]), (number, lines[-1])
        captions = [n for n, line in enumerate(lines) if re.match(r"Tableau \d+\. ", line)]
        assert all(n < len(lines) - 2 for n in captions), (number, [lines[n] for n in captions])


def test_capacity_change_per_collectivite_and_portfolio():
    portfolio = pf.load_portfolio([PORTFOLIO])
    change = pf.capacity_change(portfolio)
    dept = change[(change["member"] == "departement_hautes_combes") & (change["before"] == "debut")
                  & (change["after"] == "fin")].iloc[0]
    # by hand from auto_evaluation.csv: each ambassadeur's mean answer at each round, then the paired differences
    rows = _rows("departement-hautes-combes", "auto_evaluation")
    means = {}
    for r in rows:
        if r["Réponse"]:
            means.setdefault((r["Ambassadeur"], r["Tour"]), []).append(int(r["Réponse"]))
    people = sorted({a for a, t in means if t == "debut"} & {a for a, t in means if t == "fin"})
    before = [np.mean(means[(a, "debut")]) for a in people]
    after = [np.mean(means[(a, "fin")]) for a in people]
    assert dept["n_pairs"] == len(people)
    assert dept["mean_change"] == pytest.approx(np.mean(np.subtract(after, before)))
    assert dept["p_value"] == pytest.approx(stats.wilcoxon(after, before).pvalue)
    # pooled: the portfolio's début → mi-parcours pairs are those of the three collectivités that reached mid-way
    pooled = change[change["member"].isna() & (change["before"] == "debut") & (change["after"] == "mi_parcours")]
    parts = change[change["member"].notna() & (change["before"] == "debut") & (change["after"] == "mi_parcours")]
    assert int(pooled["n_pairs"].iloc[0]) == int(parts["n_pairs"].sum())
    # budget by hand from budget.csv: the lines whose funder is the collectivité, the others
    budget = pf.budget_overview(portfolio).set_index("name")
    own = partners = 0
    for folder in FOLDERS:
        for row in _rows(folder, "budget"):
            amount = int(row["Montant (€)"])
            if row["Financeur"].startswith(("Région", "Département", "Métropole", "Ville")):
                own += amount
            else:
                partners += amount
    assert (budget.loc["Total", "own"], budget.loc["Total", "partners"]) == (own, partners) == (556_400, 302_800)
    assert budget.loc["Région Loire-Armor", "own_share"] == pytest.approx(0.6)  # 3/5, not the protocol's 2/3
    assert budget.loc["Ville de Saint-Aubin-sur-Mer", "expected_own"] == 112_056  # 168 000 × 0.667 (programme.yaml)
    # attendance against the days held
    attendance = pf.attendance_summary(portfolio).set_index("member")
    assert attendance.loc["region_loire_armor", "days_held"] == 13
    assert attendance.loc["region_loire_armor", "ambassadeurs"] == 20


# --- a portfolio is validated as a whole ------------------------------------------------------------------

def test_invalid_programme_other_kind_duplicates_are_reported(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(PORTFOLIO / "ville-saint-aubin", broken)
    calendar = broken / "calendrier.csv"
    lines = calendar.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(";cas_pratiques;", ";zzz;")
    calendar.write_text("\n".join(lines) + "\n", encoding="utf-8")
    copy = tmp_path / "ville-bis"
    shutil.copytree(PORTFOLIO / "ville-saint-aubin", copy)
    portfolio = pf.load_portfolio([PORTFOLIO / "ville-saint-aubin", PORTFOLIO / "region-loire-armor", broken, LYCEES,
                                   copy, PORTFOLIO / "region-loire-armor"], pseudonymise=False, as_of="2018-02-01")
    assert portfolio.kind == "transfo"
    assert [m.id for m in portfolio.members] == ["ville_saint_aubin", "region_loire_armor", "ville_bis"]
    excluded = {e.path.name: e for e in portfolio.excluded}
    assert set(excluded) == {"broken", LYCEES.name}
    assert any("ligne 3" in p and "zzz" in p for p in excluded["broken"].problems)
    assert "Prêt à déployer" in excluded[LYCEES.name].reason
    assert any("donné deux fois" in n for n in portfolio.notices)
    assert any("deux collectivités portent le nom" in n for n in portfolio.notices)
    assert portfolio.names["ville_bis"] == "Ville de Saint-Aubin-sur-Mer (ville-bis)"


def test_cli_portfolio_without_any_valid_programme_fails_cleanly(tmp_path, capsys):
    assert main(["portfolio", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Erreur : aucun programme valide") and "Traceback" not in err
    assert main(["portfolio", str(PORTFOLIO), "--out", str(tmp_path / "o"), "--date", "2018-13-45"]) == 1
    assert "date de la situation illisible" in capsys.readouterr().err
    assert main(["portfolio", str(PORTFOLIO), "--out", str(tmp_path / "o"), "--mapping", str(tmp_path / "no.csv")]) == 1
    assert "no.csv : fichier de correspondance des thèmes introuvable" in capsys.readouterr().err
    assert main(["portfolio", str(PORTFOLIO), "--out", str(tmp_path / "o"), "--formats", "html,docx"]) == 1
    assert "format « docx » inconnu" in capsys.readouterr().err


def test_attendance_and_self_assessment_are_validated(tmp_path):
    folder = tmp_path / "ville"
    shutil.copytree(PORTFOLIO / "ville-saint-aubin", folder)
    presences = folder / "presences.csv"
    lines = presences.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(";")
    lines.append(";".join([first[0], first[1], "9", ""]))           # twice, and 9 days at a 3-day session
    lines.append(";".join([first[0], "S99", "1", ""]))               # unknown session
    presences.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assessment = folder / "auto_evaluation.csv"
    lines = assessment.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1])                                            # the same answer twice
    lines.append(lines[1].rsplit(";", 1)[0] + ";7")                   # out of the 1–5 scale
    assessment.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = validate_programme(folder).format()
    assert "session « S01 » déjà saisie pour cet ambassadeur" in text
    assert "9 jours de présence pour la session S01, qui dure 3 jour(s)" in text
    assert "S99" in text
    assert "déjà noté par cet ambassadeur à ce tour" in text
    assert "colonne « Réponse » : valeur 7 hors limites : attendu entre 1 et 5" in text


# --- the notebook ----------------------------------------------------------------------------------------

def test_notebook_06_is_thin_committed_without_outputs_and_marked_portfolio():
    import nbformat

    from conftest import NOTEBOOKS

    nb = nbformat.read(NOTEBOOKS / "06_inter_transfo.ipynb", as_version=4)
    assert nb.metadata["transfo_lab"] == {"scope": "portfolio"}
    assert [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])].__len__() == 1
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")


def test_notebook_06_runs_on_the_example(tmp_path):
    from conftest import execute_notebook, image_count, output_text

    nb = execute_notebook("06_inter_transfo", tmp_path / "out.ipynb",
                          {"out_dir": str(tmp_path / "reports"), "formats": "html"})
    text = output_text(nb)
    assert "4 collectivité(s) au 01/02/2018" in text and "En retard" in text
    assert "Borne d'accueil accompagnée" in text and "Tout le portefeuille" in text
    assert image_count(nb) == 2
    assert (tmp_path / "reports" / "inter-transfo.html").is_file()


def test_report_builds_for_programmes_without_collectivite_or_capacity_tables(tmp_path):
    from conftest import TRANSFO
    from transfo_lab.reports import portfolio as pr

    portfolio = pf.load_portfolio([PORTFOLIO / "ville-saint-aubin", TRANSFO], pseudonymise=False, as_of="2017-12-01")
    assert portfolio.names["transfo_val_de_loire"] == "La Transfo — Département du Val-de-Loire"
    doc, figures = pr.build(portfolio, today=AS_OF)
    assert figures["members"]["transfo_val_de_loire"]["switched"]  # S07, 29 August 2017: prefiguration
    page = doc.to_html()
    assert "La Transfo — Département du Val-de-Loire" in page and "Présence aux sessions" in page
    pad = pf.load_portfolio([LYCEES], pseudonymise=False, as_of="2017-03-01")
    doc, figures = pr.build(pad, today=AS_OF)
    assert pad.kind == "pret_a_deployer" and "Mise en capacité" not in doc.to_html()


def test_a_collectivite_faster_than_the_fastest_pace_is_ahead(tmp_path):
    # seven sequences (3 + 2 + 3 + 2 + 3 + 2 + 3 = 18 days) in the first seven weeks, then seven more over a year: on 20 October 2017,
    # 1.5 months after the first session, the fastest pace gives 35 × 1.5 / 12 ≈ 4.5 days: 18 − 3 > 4.5 → ahead
    folder = tmp_path / "ville-rapide"
    shutil.copytree(PORTFOLIO / "ville-saint-aubin", folder)
    rows = ["Identifiant;Phase;Type;Événement;Début;Fin;Site"]
    day = dt.date(2017, 9, 4)
    for n in range(14):
        length = 3 if n % 2 == 0 else 2
        start = day + dt.timedelta(weeks=n) if n < 7 else dt.date(2017, 11, 6) + dt.timedelta(weeks=6 * (n - 7))
        end = start + dt.timedelta(days=length - 1)
        phase = "cas_pratiques" if start < dt.date(2018, 3, 4) else "prefiguration"
        rows.append(f"S{n + 1:02d};{phase};session;Session {n + 1};{start:%d/%m/%Y};{end:%d/%m/%Y};mairie")
    (folder / "calendrier.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    portfolio = pf.load_portfolio([folder], pseudonymise=False, as_of="2017-10-20")
    row = pf.protocol_progress(portfolio).iloc[0]
    assert (row["days_held"], row["sessions_held"], row["status"]) == (18, 7, "ahead")
    assert row["expected_high"] == pytest.approx(35 * row["months_elapsed"] / 12)
    assert row["reasons"][0].startswith("18 jours de session tenus en 1,5 mois, plus que le rythme le plus rapide")


def test_pret_a_deployer_field_phase_without_closing_seminar_is_late(tmp_path):
    folder = tmp_path / "lycees"
    shutil.copytree(LYCEES, folder)
    calendar = folder / "calendrier.csv"
    lines = calendar.read_text(encoding="utf-8").splitlines()
    calendar.write_text("\n".join(line for line in lines if ";seminaire_cloture;" not in line) + "\n", encoding="utf-8")
    portfolio = pf.load_portfolio([folder], pseudonymise=False, as_of="2017-09-01")
    assert not portfolio.excluded and portfolio.kind == "pret_a_deployer"
    row = pf.protocol_progress(portfolio).iloc[0]
    assert row["status"] == "late" and "sans séminaire de clôture" in row["reasons"][0]
    assert "Séminaire de clôture : 0 tenu(s) sur 0 prévu(s) (protocole : 1)" in row["reasons"]
