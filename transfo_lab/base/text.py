"""Text from the data, made safe: the one escaping rule of the kit, and file-name slugs.

Every text that comes from the data (site and programme names, idea titles, verbatims…) is data, never markup:

* :func:`escape_html` for text put inside HTML (tables, widgets, the index page, the livret);
* :func:`escape_cell` for an HTML table cell that may also end up in a Markdown file;
* :func:`escape_markdown` for text put inside Markdown (``display(Markdown(...))``, the
  cahier de propositions, the Markdown export): no HTML tag, no link, no emphasis, no
  heading, no list, no table cell break can come from the data;
* :func:`slugify` for a file or folder name made from the data, which can never climb out of its folder.
"""
from __future__ import annotations

import html
import re
import unicodedata

import pandas as pd

# --- escaping ---------------------------------------------------------------------------------------

def escape_html(text) -> str:
    """Text from the data made safe inside HTML: a text node, or a *double-quoted* attribute value.

    The apostrophe is kept as typed (« l'échelle »): the kit never puts data in a single-quoted attribute.

    >>> escape_html('<img src=x onerror="alert(1)"> & co')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co'
    >>> escape_html("l'eau")
    "l'eau"
    """
    return html.escape(_text(text), quote=False).replace('"', "&quot;")


def escape_cell(text) -> str:
    """Text from the data inside an HTML table that may also end up in a Markdown file.

    :func:`escape_html`, and the brackets as character references: shown the same in a browser,
    they can never start a Markdown link or image, even for a renderer that reads Markdown
    inside HTML.

    >>> escape_cell("[x](javascript:alert(1)) <b>")
    '&#91;x&#93;(javascript:alert(1)) &lt;b&gt;'
    """
    return escape_html(text).replace("[", "&#91;").replace("]", "&#93;")


_MD_INLINE = re.compile(r"([\\`*_{}\[\]()|~$!])")
_MD_LINE_START = re.compile(r"^(\s*)(#|=|-|\+|(\d+)([.)])(?=\s|$))", flags=re.M)


def escape_markdown(text) -> str:
    r"""Text from the data made safe inside Markdown: shown as written, never read as markup.

    HTML is escaped (``<``, ``>``, ``&``), and so is every character that Markdown reads as
    syntax: ``\ ` * _ { } [ ] ( ) | ~ $ !`` everywhere, and ``#``, ``=``, ``-``, ``+``,
    ``1.`` at the start of a line (headings, lists). A link ``[x](javascript:…)`` stays
    text; a table cell never breaks on ``|``. ``None`` and NaN give an empty string.

    >>> escape_markdown("<script>alert(1)</script> & co")
    '&lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; co'
    >>> escape_markdown("[x](javascript:alert(1))")
    '\\[x\\]\\(javascript:alert\\(1\\)\\)'
    >>> escape_markdown("# titre\n1. *gras* _pas_ `code` | a")
    '\\# titre\n1\\. \\*gras\\* \\_pas\\_ \\`code\\` \\| a'
    """
    text = html.escape(_text(text), quote=False)
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + (f"{m.group(3)}\\{m.group(4)}" if m.group(3) else "\\" + m.group(2)),
                              text)


def _text(value) -> str:
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    return str(value)



# --- file names ---------------------------------------------------------------------------------------

def slugify(text: str) -> str:
    """A file-name-safe slug that can never climb out of a folder.

    >>> slugify("Lycée rural (Creuse)")
    'lycee-rural-creuse'
    >>> slugify("../../etc")
    'etc'
    """
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug or "site"
