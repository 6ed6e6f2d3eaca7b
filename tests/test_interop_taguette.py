"""Taguette highlights and codebook import."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from transfo_lab.base.exceptions import FileFormatError
from transfo_lab.interop import read_codebook, read_highlights

DATA = Path(__file__).parent / "data" / "interop"
T = pd.Timestamp

EXPECTED = [
    {"id": None, "site": "lycee-a", "date": T("2016-10-12"), "week": None, "author": None, "method": "entretien",
     "participant": None, "role": None, "kind": "verbatim", "text": "Personne ne nous accueille.",
     "tags": ["accueil", "attente"], "source": "Entretien Inès", "position": None, "start": None, "end": None},
    {"id": None, "site": "lycee-a", "date": T("2016-10-12"), "week": None, "author": None, "method": "entretien",
     "participant": None, "role": None, "kind": "verbatim", "text": "À la cantine c'est bruyant & on mange vite.",
     "tags": ["cantine"], "source": "Entretien Paul", "position": None, "start": None, "end": None},
]


@pytest.mark.parametrize("name", ["taguette_highlights.csv", "taguette_highlights.xlsx"])
def test_highlights(name):
    result = read_highlights(DATA / name, site="lycee-a", date="12/10/2016")
    assert result.observations.to_dict("records") == EXPECTED
    assert result.counts == {"highlights": 3, "segments": 2}
    assert result.skipped == [] and result.notes == []


def test_highlights_sites_by_document_and_file_date(tmp_path):
    mapping = {"sites": {"entretien_ines": "lycee-a"}}
    result = read_highlights(DATA / "taguette_highlights.csv", mapping=mapping)
    assert result.observations["site"].tolist() == ["lycee-a"]
    assert [(p.rule, p.file, p.row, p.value) for p in result.skipped] == [
        ("import.no_site", "taguette_highlights.csv", 4, "Entretien Paul (ligne 4)")]
    assert result.notes[0].startswith("date des notes inconnue : date du fichier utilisée (")


def test_highlights_missing_column(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("document,content\nA,texte\n", encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        read_highlights(path, site="lycee-a", date="12/10/2016")
    assert str(info.value) == "h.csv, ligne 1 : colonne(s) tag absente(s) (en-têtes trouvés : document | content)"


def test_codebook():
    result = read_codebook(DATA / "taguette_codebook.csv")
    assert result.codebook.to_dict("records") == [
        {"tag": "accueil", "family": "accueil", "definition": "Arrivée et accueil des usagers", "example": None},
        {"tag": "espaces.cantine", "family": "espaces", "definition": "Restauration", "example": None},
        {"tag": "attente", "family": "attente",
         "definition": "Importée de taguette_codebook.csv : définition à compléter", "example": None},
    ]
    assert result.counts == {"codes": 3}
