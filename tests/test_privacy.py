"""Pseudonymisation: e-mails, French phone numbers, listed names; stable pseudonyms; the key file."""
from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest

from transfo_lab import load_programme
from transfo_lab.base.exceptions import ParameterError
from transfo_lab.contract.privacy import (Pseudonymiser, check_key_place, data_warnings, default_key_file, looks_like_name,
                                 phone_key, privacy_note, programme_pseudonymiser, pseudonymise, pseudonymise_frame,
                                 pseudonymise_programme, read_key, report_pseudonymiser)

RESEARCH = Path(__file__).parent / "data" / "research"


@pytest.mark.parametrize("phone", ["06 12 34 56 78", "+33 6 12 34 56 78", "06.12.34.56.78", "0612345678",
                                   "+33612345678", "06-12-34-56-78", "0033 6 12 34 56 78"])
def test_every_phone_spelling_is_one_pseudonym(phone):
    pseudo = Pseudonymiser()
    assert pseudo.pseudonymise("Tél. 06 12 34 56 78") == "Tél. [téléphone 1]"
    assert pseudo.pseudonymise(f"appeler le {phone}.") == "appeler le [téléphone 1]."


def test_phone_key_folds_spellings():
    assert {phone_key(p) for p in ("06 12 34 56 78", "+33 6 12 34 56 78", "06.12.34.56.78")} == {"0612345678"}


def test_numbers_that_are_not_phones_stay():
    text = "Le car part à 17 h 10 ; 650 élèves ; code 2016-10-12 ; n° 123456789012"
    assert Pseudonymiser().pseudonymise(text) == text


def test_emails_get_stable_numbered_pseudonyms():
    pseudo = Pseudonymiser()
    text = "a.b@lycee.fr, puis c@exemple.org, puis A.B@LYCEE.FR."
    assert pseudo.pseudonymise(text) == "[courriel 1], puis [courriel 2], puis [courriel 1]."


def test_names_full_reversed_any_case_and_alone():
    pseudo = Pseudonymiser(["Inès Martin", "Karim Benali"])
    assert pseudo("Inès Martin, MARTIN Inès, inès martin, Ines Martin") == "Personne 1, Personne 1, Personne 1, Personne 1"
    assert pseudo("Inès a vu Benali.") == "Personne 1 a vu Personne 2."
    assert pseudo("Inès-Marie et Martinez restent.") == "Inès-Marie et Martinez restent."


def test_a_shared_first_name_is_hidden_but_not_attributed():
    pseudo = Pseudonymiser(["Anne Dupont", "Anne Leroy"])
    assert pseudo("Anne Leroy et Anne ; Dupont") == "Personne 2 et [nom masqué] ; Personne 1"


def test_single_names_keep_their_capitals():
    pseudo = Pseudonymiser(["Rose Petit"])
    assert pseudo("Rose offre une rose ; un petit mot de Petit") == "Personne 1 offre une rose ; un petit mot de Personne 1"


def test_english_pseudonyms():
    assert pseudonymise("Inès Martin: ines@x.org", people=["Inès Martin"], lang="en") == "Person 1: [email 1]"


def test_mapping_keeps_pseudonyms_across_calls():
    pseudo = Pseudonymiser(["Inès Martin"])
    assert pseudonymise("x@y.fr", mapping=pseudo) == "[courriel 1]"
    assert pseudonymise("z@y.fr puis x@y.fr", mapping=pseudo) == "[courriel 2] puis [courriel 1]"
    assert pseudonymise("Karim Benali", mapping=pseudo, people=["Karim Benali"]) == "Personne 2"


def test_non_text_values_are_returned_unchanged():
    pseudo = Pseudonymiser(["Inès Martin"])
    assert pseudo(None) is None and pseudo("") == "" and pseudo(3) == 3


def test_pseudonymise_frame_returns_a_new_frame():
    frame = pd.DataFrame({"participant": ["Inès Martin", None], "text": ["Inès : 06 12 34 56 78", "rien"],
                          "tags": [["a"], ["b"]]})
    before = frame.copy()
    result = pseudonymise_frame(frame, ["participant", "text", "absent"], Pseudonymiser(["Inès Martin"]))
    assert result["participant"].iloc[0] == "Personne 1" and pd.isna(result["participant"].iloc[1])
    assert result["participant"].dtype == frame["participant"].dtype
    assert result["text"].tolist() == ["Personne 1 : [téléphone 1]", "rien"]
    assert result["tags"].tolist() == [["a"], ["b"]]
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_frame_equal(pseudonymise_frame(frame, ["text"], None), before)


def test_write_key_is_private_atomic_and_read_back(tmp_path):
    pseudo = Pseudonymiser(["Inès Martin", "Karim Benali"])
    pseudo("écrire à ines@lycee.fr ou au 06 12 34 56 78")
    path = pseudo.write_key(tmp_path / "cles" / "programme.csv")
    assert path.read_text(encoding="utf-8").splitlines() == [
        "kind;original;pseudonym", "person;Inès Martin;Personne 1", "person;Karim Benali;Personne 2",
        "email;ines@lycee.fr;[courriel 1]", "phone;06 12 34 56 78;[téléphone 1]"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["programme.csv"]  # no temporary file left
    # a new participant listed first does not renumber anyone: the key wins
    again = Pseudonymiser(["Zoé Arnaud", "Karim Benali", "Inès Martin"], mapping=read_key(path))
    assert again("Inès Martin, Karim Benali, Zoé Arnaud, +33 6 12 34 56 78") == \
        "Personne 1, Personne 2, Personne 3, [téléphone 1]"


def test_key_file_must_be_outside_the_reports(tmp_path):
    reports = tmp_path / "rapports"
    with pytest.raises(ParameterError, match=r"le fichier de clés .*cle\.csv est dans le dossier .*rapports : "
                                             r"choisissez un emplacement hors des rapports"):
        Pseudonymiser(["Inès Martin"]).write_key(reports / "site-a" / "cle.csv", reports_dir=reports)
    assert not reports.exists()


def test_read_key_of_a_missing_file_is_none(tmp_path):
    assert read_key(tmp_path / "absent.csv") is None


def test_default_key_file_is_outside_the_programme(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFO_LAB_HOME", str(tmp_path / "home"))
    path = default_key_file(RESEARCH)
    assert path.parent == tmp_path / "home" / "keys"
    assert re.fullmatch(r"research-[0-9a-f]{8}\.csv", path.name)


def test_roles_are_not_names():
    assert [looks_like_name(v) for v in ("Inès Bakri", "surveillant", "élève de terminale", "CPE", None)] == \
        [True, False, False, False, False]


def test_programme_pseudonymiser_is_the_same_for_every_report():
    prog = load_programme(RESEARCH)
    first = programme_pseudonymiser(prog).mapping
    site_b = programme_pseudonymiser(load_programme(RESEARCH)).mapping
    pd.testing.assert_frame_equal(first, site_b)
    assert first["pseudonym"].tolist() == ["Personne 1", "Personne 2", "Personne 3", "[courriel 1]", "[courriel 2]",
                                           "[téléphone 1]"]
    assert first["original"].tolist()[:3] == ["Claire Vasseur", "Inès Martin", "Karim Benali"]


def test_report_pseudonymiser_writes_the_key_or_says_it_is_off(tmp_path):
    prog = load_programme(RESEARCH)
    pseudo, message = report_pseudonymiser(prog, key_file=tmp_path / "k.csv")
    assert "clé de correspondance est conservée hors des rapports" in message
    assert str(tmp_path) not in message and "k.csv" not in message  # a report never gives the key's path
    assert (tmp_path / "k.csv").is_file() and len(pseudo) == 6
    assert report_pseudonymiser(prog, enabled=False, lang="en") == \
        (None, "Pseudonymisation off: names, e-mails and phone numbers appear as written.")


def test_key_file_from_programme_yaml(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFO_LAB_HOME", str(tmp_path / "home"))
    prog = load_programme(RESEARCH)
    prog.config.settings = {"privacy": {"key_file": str(tmp_path / "cles" / "research.csv")}}
    report_pseudonymiser(prog)
    assert (tmp_path / "cles" / "research.csv").is_file() and not (tmp_path / "home").exists()
    report_pseudonymiser(prog, key_file=tmp_path / "param.csv")  # the parameter wins
    assert (tmp_path / "param.csv").is_file()


# --- names in every spelling, sources untouched (issue 18, item 2) ----------------------------------

LISTED = ["Inès Bakri", "Anne-Sophie Lefèvre", "Patrick Lemoine"]


@pytest.mark.parametrize("text, expected", [
    ("bakri a répondu", "Personne 1 a répondu"),
    ("BAKRI a répondu", "Personne 1 a répondu"),
    ("Inés Bakri a répondu", "Personne 1 a répondu"),        # another accent: one pseudonym, no first name left
    ("Ines BAKRI, puis inès", "Personne 1, puis Personne 1"),
    ("Anne Sophie a vu anne-sophie LEFEVRE", "Personne 2 a vu Personne 2"),
    ("Anne‑Sophie Lefèvre", "Personne 2"),                    # non-breaking hyphen
])
def test_listed_names_in_every_spelling(text, expected):
    assert Pseudonymiser(LISTED)(text) == expected


def test_a_full_name_is_one_pseudonym_not_first_name_plus_pseudonym():
    assert Pseudonymiser(LISTED)("Inés Bakri") == "Personne 1"
    assert "Inés" not in Pseudonymiser(LISTED)("Inés Bakri, 15 ans")


def test_contacts_inside_names_are_one_pseudonym():
    text = "Inès Bakri, ines.bakri@lycee.fr, 06 12 34 56 78"
    assert Pseudonymiser(LISTED)(text) == "Personne 1, [courriel 1], [téléphone 1]"


def test_a_public_author_in_the_sources_is_never_rewritten(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFO_LAB_HOME", str(tmp_path / "home"))
    prog = load_programme(EXAMPLE)
    assert "Patrick Lemoine" in prog.config.participants
    shown = pseudonymise_programme(prog)
    sources = shown.inspiration.set_index("id")
    assert sources.loc["INS-09", "source"] == "Patrick Bouchain, Actes Sud"
    pd.testing.assert_frame_equal(shown.inspiration, prog.inspiration)
    pd.testing.assert_frame_equal(shown.benchmark, prog.benchmark)


EXAMPLE = Path(__file__).parent.parent / "data" / "examples" / "pret-a-deployer-lycees"


def _with_contacts(tmp_path) -> Path:
    """A copy of the lycées example with a name, an e-mail and a phone in every free-text column."""
    folder = tmp_path / "lycees"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_pseudonymise_programme_changes_every_free_text_column(tmp_path, monkeypatch):
    from transfo_lab.contract.schemas import TABLES

    monkeypatch.setenv("TRANSFO_LAB_HOME", str(tmp_path / "home"))
    prog = load_programme(EXAMPLE)
    secret = "Inès Bakri, ines.bakri@lycee.fr, 06 12 34 56 78"
    for table in TABLES:
        data = prog.tables[table.name]
        for column in table.free_text:
            if len(data):
                data[column] = data[column].astype(object)
                data.iloc[0, data.columns.get_loc(column)] = f"{secret} ({column})"
    before = {name: data.copy() for name, data in prog.tables.items()}
    shown = pseudonymise_programme(prog, key_file=tmp_path / "cle.csv")
    assert shown is not prog and shown.pseudonymised and not prog.pseudonymised
    checked, seen = 0, set()
    for table in TABLES:
        for column in table.free_text:
            if len(prog.tables[table.name]):
                value = shown.tables[table.name][column].iloc[0]
                assert re.fullmatch(rf"(Personne \d+), (\[courriel \d+\]), (\[téléphone \d+\]) \({column}\)", value), \
                    (table.name, column, value)
                seen.add(value.rsplit(" (", 1)[0])
                checked += 1
        others = [c for c in prog.tables[table.name].columns if c not in table.free_text]
        pd.testing.assert_frame_equal(shown.tables[table.name][others], before[table.name][others])
    assert checked >= 20 and len(seen) == 1  # one person, one e-mail, one phone: the same pseudonyms everywhere
    for name in prog.tables:  # the original programme is unchanged
        pd.testing.assert_frame_equal(prog.tables[name], before[name])
    assert "Bakri" not in " ".join(shown.config.participants)
    assert shown.for_site("lycee-rural").pseudonymised
    assert pseudonymise_programme(prog, enabled=False) is prog
    assert pseudonymise_programme(shown, key_file=tmp_path / "cle.csv") is shown  # never pseudonymised twice


def test_pseudonymise_programme_keeps_pseudonyms_stable(tmp_path):
    prog = load_programme(EXAMPLE)
    first = pseudonymise_programme(prog, key_file=tmp_path / "cle.csv")
    again = pseudonymise_programme(load_programme(EXAMPLE), key_file=tmp_path / "cle.csv")
    pd.testing.assert_frame_equal(first.observations, again.observations)
    assert privacy_note(first).startswith("Les noms des personnes rencontrées")
    assert str(tmp_path) not in privacy_note(first)


# --- the key: guard and default name (issue 18, item 5) --------------------------------------------

def test_key_refused_inside_the_reports_or_the_programme(tmp_path):
    folder = _with_contacts(tmp_path)
    prog = load_programme(folder)
    reports = tmp_path / "sortie"
    with pytest.raises(ParameterError, match="hors des rapports"):
        pseudonymise_programme(prog, key_file=reports / "programme" / "cle.csv", reports_dir=reports)
    with pytest.raises(ParameterError, match="hors des rapports"):
        pseudonymise_programme(prog, key_file=folder / "cle.csv")
    prog.config.settings = {"privacy": {"key_file": "cles/cle.csv"}}  # relative: inside the programme folder
    with pytest.raises(ParameterError, match="hors des rapports"):
        pseudonymise_programme(prog)
    with pytest.raises(ParameterError):
        check_key_place(tmp_path / "rapports" / "cle.csv")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".transfo-lab-state.json").write_text("{}")
    with pytest.raises(ParameterError):
        check_key_place(tmp_path / "out" / "sites" / "cle.csv")
    (tmp_path / "batch" / "programme").mkdir(parents=True)
    (tmp_path / "batch" / "index.html").write_text("<html></html>")
    with pytest.raises(ParameterError):
        check_key_place(tmp_path / "batch" / "cle.csv")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.html").write_text("<html></html>")  # a lone index.html is not a reports folder
    assert check_key_place(tmp_path / "docs" / "cle.csv") == (tmp_path / "docs" / "cle.csv").resolve()
    assert check_key_place(tmp_path / "cles" / "cle.csv") == (tmp_path / "cles" / "cle.csv").resolve()
    assert not list(tmp_path.rglob("cle.csv"))


def test_same_folder_name_two_keys_and_old_key_migrated(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSFO_LAB_HOME", str(tmp_path / "home"))
    a, b = tmp_path / "a" / "lycees", tmp_path / "b" / "lycees"
    shutil.copytree(EXAMPLE, a)
    shutil.copytree(EXAMPLE, b)
    assert default_key_file(a) != default_key_file(b)
    assert default_key_file(a).name.startswith("lycees-")
    # a key of an earlier version (keys/<folder name>.csv) is kept and renamed silently
    old = tmp_path / "home" / "keys" / "lycees.csv"
    old.parent.mkdir(parents=True)
    Pseudonymiser(["Zoé Arnaud"]).write_key(old)
    shown = pseudonymise_programme(load_programme(a))
    assert not old.exists() and default_key_file(a).is_file()
    assert read_key(default_key_file(a))["original"].iloc[0] == "Zoé Arnaud"
    assert shown.pseudonymised
    pseudonymise_programme(load_programme(b))
    assert read_key(default_key_file(b))["original"].iloc[0] != "Zoé Arnaud"


def test_contacts_in_the_catalogue_are_hidden_but_its_authors_kept(tmp_path):
    prog = load_programme(EXAMPLE)
    data = prog.inspiration
    data["description"] = data["description"].astype(object)
    data.loc[data.index[0], "description"] = "Patrick Bouchain, Inès Bakri : écrire à ines.bakri@lycee.fr"
    shown = pseudonymise_programme(prog, key_file=tmp_path / "cle.csv").inspiration
    assert re.fullmatch(r"Patrick Bouchain, Inès Bakri : écrire à \[courriel \d+\]", shown["description"].iloc[0])


def test_load_warnings_are_shown_pseudonymised(tmp_path):
    from transfo_lab.contract.validation import WARNING

    prog = load_programme(EXAMPLE)
    prog.report.add(WARNING, "validation.file", file="votes.csv", row=8, value="Inès Bakri a posé 9 gommettes")
    shown = pseudonymise_programme(prog, key_file=tmp_path / "cle.csv")
    [message] = data_warnings(shown)
    assert "Bakri" not in message and re.search(r"Personne \d+ a posé 9 gommettes", message)
    assert "Bakri" in data_warnings(prog)[0]  # not pseudonymised: as read
    assert shown.for_site("lycee-rural").pseudonymiser is shown.pseudonymiser
