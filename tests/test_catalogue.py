"""The catalogue of user-facing words (transfo_lab.base.labels) is complete and consistent.

* every key has a French and an English text, neither empty;
* both texts have the same ``{placeholders}``;
* every key the code or the notebooks ask for with a literal (``label("x.y", lang)``) exists,
  and every prefix they build keys from (``label(f"prototypes.result.{r}", lang)``) has keys;
* no module decides the language with an inline ``lang == "fr"`` branch outside the i18n module;
* no module writes a French sentence inline where a user reads it: in the message of an error or
  warning it raises or builds, in a ``print`` or a ``warnings.warn``.
"""
from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from transfo_lab.base.labels import LABELS, LANGS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "transfo_lab"
#: Modules whose French branches another change of issue 14 (the problem record) rewrites.
NOT_YET = {"validation.py", "planning.py", "programme.py", "journeys.py", "widgets.py"}


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _sources() -> list[tuple[str, str]]:
    """(name, Python source) of every module of the package and every code cell of the notebooks."""
    found = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))]
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for n, cell in enumerate(cells):
            if cell["cell_type"] == "code":
                code = "".join(cell["source"])
                code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
                found.append((f"{notebook.name} cell {n}", code))
    return found


def _label_keys() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The literal keys and the f-string prefixes given to ``label(...)`` calls: (where, key)."""
    literal, prefixes = [], []
    for where, source in _sources():
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name != "label":
                continue
            key = node.args[0]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                literal.append((where, key.value))
            elif isinstance(key, ast.JoinedStr) and key.values and isinstance(key.values[0], ast.Constant):
                prefixes.append((where, key.values[0].value))
    return literal, prefixes


def test_every_key_has_french_and_english():
    incomplete = [key for key, texts in LABELS.items()
                  if set(texts) != set(LANGS) or not all(isinstance(t, str) and t.strip() for t in texts.values())]
    assert incomplete == []


def test_french_and_english_have_the_same_placeholders():
    different = {key: {lang: sorted(_placeholders(t)) for lang, t in texts.items()}
                 for key, texts in LABELS.items()
                 if _placeholders(texts["fr"]) != _placeholders(texts["en"])}
    assert different == {}


def test_no_placeholder_is_named_like_a_parameter_of_label():
    """``label(key, lang, **values)``: a ``{key}`` or ``{lang}`` placeholder could never be filled by name."""
    clashing = sorted(key for key, texts in LABELS.items() if _placeholders(texts["fr"]) & {"key", "lang"})
    assert clashing == []


def test_placeholder_check_sees_a_difference():
    """The check above does find a placeholder present in one language only."""
    assert _placeholders("{n} lignes, {total}") == {"n", "total"}
    assert _placeholders("{n} rows") != _placeholders("{n} lignes, {total}")


def test_every_literal_key_used_exists():
    literal, _ = _label_keys()
    assert len(literal) > 500  # the scan does read the code
    missing = sorted({f"{where}: {key}" for where, key in literal if key not in LABELS})
    assert missing == []


def test_every_key_prefix_used_has_keys():
    _, prefixes = _label_keys()
    assert prefixes, "the scan finds the keys built with f-strings"
    missing = sorted({f"{where}: {prefix}…" for where, prefix in prefixes
                      if not any(key.startswith(prefix) for key in LABELS)})
    assert missing == []


def test_unused_keys_are_reported_not_failed(capsys):
    """Keys nobody asks for by a literal or a prefix (some are built from data): listed for a reviewer."""
    literal, prefixes = _label_keys()
    used = {key for _, key in literal}
    starts = tuple({prefix for _, prefix in prefixes})
    sources = "\n".join(source for _, source in _sources())
    unused = sorted(key for key in LABELS if key not in used and not key.startswith(starts)
                    and f'"{key}"' not in sources and f'"{key.rsplit(".", 1)[-1]}"' not in sources)
    print(f"{len(unused)} key(s) without a literal use: {', '.join(unused[:40])}")
    assert len(unused) < len(LABELS)


@pytest.mark.parametrize("pattern", [r'lang\s*==\s*"fr"', r'lang\s*!=\s*"fr"', r'lang\s*==\s*"en"'])
def test_no_inline_language_branch_outside_the_catalogue(pattern):
    allowed = {"labels.py", "formats.py"} | NOT_YET
    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
             if path.name not in allowed and "interop" not in path.parts
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(pattern, line)]
    assert found == []


# --- no French-only message outside the catalogue -----------------------------------------------------------

#: A string reads as French when it has an accented letter, French quotes, a French function word or the French
#: space before a colon (« introuvable : »).
FRENCH = re.compile(r"[éèêàâçôûùîœ«»]|\b(?:le|la|les|des|du|pas|est|une|aucun|aucune|dans|pour|avec|sans|ou)\b"
                    r"|\b[nldqs]'\w|\w\s[:;](?:\s|$)", re.IGNORECASE)
#: Files whose messages are allowed to hold French text, and why. Everything else that a user reads goes
#: through ``label(key, lang)``. Not scanned at all, because they are no message of an error, a warning or a
#: print: docstrings and their doctest examples (documentation for developers, whose examples show the French
#: default), ``contract/schemas.py``'s ``doc_fr`` (the French column of docs/data-format.md, whose English
#: column is ``doc_en``) and the notebook guide texts of ``training/notebook_layout.py`` (French Markdown for
#: the résidents, like the notebooks themselves).
MESSAGES_ALLOWED = {
    "transfo_lab/base/labels.py": "the catalogue itself: every French text with its English twin",
}


def _is_message_call(node: ast.AST) -> bool:
    """A call whose text a user reads: ``print``, ``warnings.warn``, or building an error or a warning."""
    if not isinstance(node, ast.Call):
        return False
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
    return bool(name) and (name in ("print", "warn") or name.endswith(("Error", "Warning", "Exception", "Died")))


def french_messages(source: str, where: str = "") -> list[str]:
    """``where:line: text`` of every French text written inline in a message call of ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if _is_message_call(node):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                found += [f"{where}:{node.lineno}: {text!r}" for text in
                          (n.value for n in ast.walk(arg) if isinstance(n, ast.Constant) and isinstance(n.value, str))
                          if FRENCH.search(text)]
    return found


@pytest.mark.parametrize(("source", "expected"), [
    ('raise ParameterError(f"carnet introuvable : {path}")', 1),
    ('raise DataError(f"{name} n\'est pas un dossier", file=name)', 1),
    ('print(f"Dossier créé : {dest}")', 1),
    ('warnings.warn("valeur « x » ignorée", UserWarning)', 1),
    ('errors.append(ParameterError("le fichier manque"))', 1),
    ('raise ParameterError(label("training.folder_not_empty", lang, folder=dest))', 0),
    ('raise ValueError(f"`lang` is expected to be one of {LANGS}. Got {lang!r} instead.")', 0),
    ('print(f"{len(rows)} rows written to {path}")', 0),
    ('"""Le carnet « 02 » : un docstring."""\nx = {"doc_fr": "la date de début"}', 0),
])
def test_french_message_scan_sees_french_and_only_french(source, expected):
    assert len(french_messages(source)) == expected


def test_no_french_only_message_outside_the_catalogue():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = str(path.relative_to(ROOT))
        if where not in MESSAGES_ALLOWED:
            found += french_messages(path.read_text(encoding="utf-8"), where)
    assert found == []
