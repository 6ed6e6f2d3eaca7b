"""programme.yaml checks and the Programme object."""
from __future__ import annotations

import pandas as pd
import pytest

from transfo_lab import ProgrammeValidationError, load_programme, validate_programme
from transfo_lab.base.problems import by_severity

YAML = """\
name: Test
kind: pret_a_deployer
lang: fr
start: 2016-09-05
sites:
  - id: site-a
    name: Lycée A
  - id: site-b
    name: Lycée B
team:
  residents:
    - {name: Camille Martin, discipline: designer}
    - Louis Petit
  agent_referent: Anne Roux
participants: [Jeanne Dupont]
"""


def write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_config_is_read(tmp_path):
    prog = load_programme(write(tmp_path / "p", {"programme.yaml": YAML}))
    assert prog.config.kind == "pret_a_deployer"
    assert prog.config.start == pd.Timestamp("2016-09-05")
    assert prog.config.site_ids == ["site-a", "site-b"]
    assert prog.site_name("site-b") == "Lycée B"
    assert list(prog.team["role"]) == ["resident", "resident", "agent_referent"]
    assert prog.people() == ["Camille Martin", "Louis Petit", "Anne Roux", "Jeanne Dupont"]
    assert prog.observations.empty and list(prog.observations.columns)[:3] == ["id", "site", "date"]


@pytest.mark.parametrize("bad, line", [
    ("kind: transfo", None),
    ("kind: residence", "programme.yaml, colonne « kind » : attendu l'une de transfo, pret_a_deployer, trouvé « residence »"),
    ("start: le 5 septembre", "programme.yaml, colonne « start » : date attendue (ex. 2016-09-05 ou 05/09/2016), trouvé « le 5 septembre »"),
    ("lang: de", "programme.yaml, colonne « lang » : attendu l'une de fr, en, trouvé « de »"),
])
def test_config_errors_are_located(tmp_path, bad, line):
    key = bad.split(":")[0]
    text = "\n".join(bad if l.startswith(key + ":") else l for l in YAML.splitlines())
    report = validate_programme(write(tmp_path / "p", {"programme.yaml": text}))
    if line is None:
        assert report.ok
    else:
        assert line in report.format().splitlines()


def test_duplicate_and_bad_site_ids(tmp_path):
    text = YAML.replace("id: site-b", "id: site-a") + ""
    report = validate_programme(write(tmp_path / "p", {"programme.yaml": text}))
    assert "programme.yaml, colonne « sites[2].id » : identifiant de site déjà utilisé, trouvé « site-a »" in report.format()


def test_missing_yaml_and_missing_folder(tmp_path):
    assert "programme.yaml absent" in validate_programme(write(tmp_path / "p", {})).format()
    assert "introuvable" in validate_programme(tmp_path / "nope").format()


def test_broken_yaml_names_the_line(tmp_path):
    report = validate_programme(write(tmp_path / "p", {"programme.yaml": YAML + "sites: [\n"}))
    assert report.errors[0].file == "programme.yaml" and report.errors[0].row is not None


def test_load_raises_with_every_error(tmp_path):
    folder = write(tmp_path / "p", {
        "programme.yaml": YAML,
        "observations.csv": "Identifiant;Site;Date;Méthode;Texte\nO1;site-z;31/02/2017;observation;texte\n"
                            "O1;site-a;01/03/2017;observation;\n"})
    with pytest.raises(ProgrammeValidationError) as info:
        load_programme(folder)
    found = [(p.rule, p.file, p.row, p.column, p.value) for p in by_severity(info.value.problems)]
    assert found == [
        ("validation.bad_date", "observations.csv", 2, "Date", "31/02/2017"),
        ("validation.unknown_site", "observations.csv", 2, "Site", "site-z"),
        ("validation.duplicate_id", "observations.csv", 3, "Identifiant", "O1"),
        ("validation.required", "observations.csv", 3, "Texte", None),
    ]
    assert str(info.value).splitlines()[-1] == "4 erreur(s), 0 avertissement(s)"
    assert isinstance(info.value, ValueError)


def test_for_site_filters_site_tables(tmp_path):
    folder = write(tmp_path / "p", {
        "programme.yaml": YAML,
        "observations.csv": "Identifiant;Site;Date;Méthode;Texte\nO1;site-a;01/03/2017;observation;a\n"
                            "O2;site-b;01/03/2017;entretien;b\n",
        "budget.csv": "Section;Poste;Montant (€);Site\nRésidence;Équipe;1 000;\nRésidence;Trajets;250,50;site-b\n"})
    prog = load_programme(folder)
    assert prog.budget["amount"].tolist() == [1000.0, 250.5]
    only_a = prog.for_site("site-a")
    assert only_a.observations["id"].tolist() == ["O1"]
    assert only_a.budget["amount"].tolist() == [1000.0]
    assert prog.observations["id"].tolist() == ["O1", "O2"]  # the original is untouched
    assert str(prog.observations["method"].dtype) == "category"


def test_validate_reports_protocol_departures_and_dot_budgets(tmp_path):
    folder = write(tmp_path / "p", {
        "programme.yaml": YAML + "voting:\n  dots_per_participant: 3\n",
        "calendrier.csv": "Identifiant;Phase;Type;Événement;Début;Fin\n"
                          "E1;residence;immersion;Semaine 1;10/10/2016;14/10/2016\n"
                          "E2;residence;immersion;Semaine 2;12/10/2016;18/10/2016\n",
        "idees.csv": "Identifiant;Titre\nID-1;Cantine ouverte\n",
        "votes.csv": "Votant;Groupe;Idée;Gommettes\nAnne;agents;ID-1;2\nAnne;agents;ID-1;2\n"})
    report = validate_programme(folder)
    assert report.ok  # departures are warnings: the programme still loads
    lines = report.format().splitlines()
    assert "(avertissement) votes.csv, ligne 3, colonne « Gommettes » : Anne a posé 4 gommettes pour un budget " \
           "de 3 par participant" in lines
    protocol = [line for line in lines if "écart au protocole" in line]
    assert protocol and all(line.startswith("(avertissement) calendrier.csv") for line in protocol)
    assert any("se chevauchent" in line or "chevauch" in line for line in protocol), protocol
