"""Import of files written by the tools themselves (tests/data/interop/real/, see its README).

The expected counts and texts are computed here by reading the files independently — a
plain zip + ElementTree parse and UTF-16 slicing — not with the code under test.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from transfo_lab import load_programme
from transfo_lab.interop import import_file, read_qdpx
from transfo_lab.contract.programme import validate_programme
from transfo_lab.contract.scaffold import init_programme
from transfo_lab.contract.schemas import normalise_key

REAL = Path(__file__).parent / "data" / "interop" / "real"
NS = "{urn:QDA-XML:project:1.0}"
FILES = ["nvivo-win-12.6.qdpx", "nvivo-mac-12.7.qdpx"]
# loading a programme whose codebook has unused codes warns about each: expected here
pytestmark = pytest.mark.filterwarnings("ignore::transfo_lab.base.exceptions.DataWarning")


def _independent(name: str) -> dict:
    """What the project holds, read without transfo_lab: counts, passages and their texts."""
    with zipfile.ZipFile(REAL / name) as archive:
        members = {n.lower(): n for n in archive.namelist()}
        root = ET.fromstring(archive.read(members["project.qde"]))
        codes = {c.get("guid"): c.get("name").strip() for c in root.iter(f"{NS}Code")}
        passages: dict[tuple, set] = {}
        texts: dict[tuple, str] = {}
        selections = codings = 0
        for source in root.iter(f"{NS}TextSource"):
            member = source.get("plainTextPath").replace("internal://", "")
            raw = archive.read(next(n for k, n in members.items() if k.endswith("/" + member.lower())))
            utf16 = raw.decode("utf-8-sig").encode("utf-16-le")
            for selection in source.iter(f"{NS}PlainTextSelection"):
                selections += 1
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                key = (source.get("name"), start, end)
                texts[key] = utf16[2 * start:2 * end].decode("utf-16-le").strip()
                refs = [c.find(f"{NS}CodeRef").get("targetGUID") for c in selection.iter(f"{NS}Coding")]
                codings += len(refs)
                passages.setdefault(key, set()).update(refs)
    return {"origin": root.get("origin"), "sources": len(list(root.iter(f"{NS}TextSource"))), "codes": codes,
            "selections": selections, "codings": codings, "passages": passages, "texts": texts}


@pytest.fixture(scope="module", params=FILES)
def real(request):
    return request.param, _independent(request.param), read_qdpx(REAL / request.param, site="s", date="18/06/2025")


def test_counts_add_up_and_match_the_file(real):
    name, expected, result = real
    assert expected["origin"].startswith("NVivo for ")
    assert result.unbalanced() == []
    assert result.tally["codes"]["read"] == len(expected["codes"])
    assert result.tally["sources"] == {"read": expected["sources"], "imported": expected["sources"], "merged": 0,
                                       "skipped": 0}
    passages = len(expected["passages"])
    assert result.tally["selections"] == {"read": expected["selections"], "imported": passages,
                                          "merged": expected["selections"] - passages, "skipped": 0}
    assert result.tally["codings"]["read"] == expected["codings"]
    assert len(result.observations) == passages
    assert result.skipped == []


def test_every_verbatim_is_its_utf16_passage_with_all_its_codes(real):
    name, expected, result = real
    keys = [normalise_key(n) for n in expected["codes"].values()]  # tags compare without case, accents, punctuation
    unique = {g: n for g, n in expected["codes"].items() if keys.count(normalise_key(n)) == 1}
    got = {(r["source"], r["start"], r["end"]): r for r in result.observations.to_dict("records")}
    assert set(got) == set(expected["passages"])
    for key, guids in expected["passages"].items():
        assert got[key]["text"] == expected["texts"][key], key
        assert len(got[key]["tags"]) == len(guids)
        assert {unique[g] for g in guids if g in unique} <= set(got[key]["tags"])


def test_the_shapes_the_issue_found_are_there(real):
    """Emoji before coded passages, passages coded by several selections, code names with commas."""
    name, expected, result = real
    assert any(len(g) > 1 for g in expected["passages"].values())
    assert any("," in n for n in expected["codes"].values())
    assert "antiszemitizmus, xenofóbia" in set(result.codebook["tag"])
    with zipfile.ZipFile(REAL / name) as archive:
        text = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist() if n.endswith(".txt"))
    assert any(ord(c) > 0xFFFF for c in text)


@pytest.mark.parametrize("name", FILES)
def test_import_then_validate_then_reload(tmp_path, name):
    prog = init_programme(tmp_path / "prog", "transfo")
    site = load_programme(prog, strict=False).config.site_ids[0]
    dry_imported, dry = import_file("qdpx", REAL / name, prog, site=site, dry_run=True)
    imported, report = import_file("qdpx", REAL / name, prog, site=site)
    assert dry_imported.format() == imported.format()
    assert dry.tally == report.tally
    passages = len(_independent(name)["passages"])
    assert report.tally["observations"] == {"offered": passages, "added": passages, "merged": 0, "present": 0}
    assert validate_programme(prog).errors == []
    prog_data = load_programme(prog)
    assert len(prog_data.observations) == passages
    written = {(r["source"], r["position"]): sorted(r["tags"]) for r in prog_data.observations.to_dict("records")}
    read = {(r["source"], r["position"]): sorted(r["tags"]) for r in imported.observations.to_dict("records")}
    assert written == read
    again, report = import_file("qdpx", REAL / name, prog, site=site, dry_run=True)
    assert report.tally["observations"]["present"] == passages
