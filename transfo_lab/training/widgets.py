"""Interactive widgets for JupyterLab: code observations, vote with dots, fill the evaluation grid.

Each widget works on a programme folder and writes into it when its « Enregistrer » button
is pressed: atomically, after copying the previous version of the file into
``<programme>/.backups/`` (see :mod:`transfo_lab.contract.editing`). Entries that break a rule — a
tag outside the codebook, more dots than allowed, a score outside the criterion's scale —
are refused with a message shown in the widget, and nothing is written.

The rules and the writing live in plain functions (:func:`check_tags`, :func:`save_tags`,
:func:`check_dots`, :func:`save_votes`, :func:`vote_totals`, :func:`check_scores`,
:func:`save_scores`); the widget classes only wire them to ipywidgets controls.

>>> from transfo_lab.training.widgets import TaggingWidget
>>> TaggingWidget("formation/ma-copie")        # doctest: +SKIP
"""
from __future__ import annotations

import datetime as _dt
import warnings
from pathlib import Path

import ipywidgets as w
import pandas as pd

from transfo_lab.contract.editing import TableFile, format_number_cell, table_path
from transfo_lab.base.exceptions import DataError, SaveConflictError, TransfoLabError, TransfoLabWarning
from transfo_lab.base.problems import ERROR, Problem
from transfo_lab.base.labels import date_cell, format_date, format_number, label, tag_label
from transfo_lab.contract.schemas import VOTER_GROUPS, normalise_key
from transfo_lab.contract.validation import format_list, parse_choice, parse_list, parse_float, parse_int

#: The value of « Tous les sites », « Toutes les semaines », « Toutes les étiquettes » in the filters.
ALL = "*"
#: Dots per voter when programme.yaml has no ``voting: dots_per_participant``.
DEFAULT_DOTS = 5


def _load(programme_dir: Path | str):
    from transfo_lab.contract.programme import load_programme

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TransfoLabWarning)
        return load_programme(programme_dir, strict=False)


def _esc(text: str) -> str:
    """Text made safe inside HTML (a verbatim may hold ``<script>``): :func:`transfo_lab.base.text.escape_html`."""
    from transfo_lab.base.text import escape_html

    return escape_html(text)


def _show(value) -> str:
    return "" if value is None or (not isinstance(value, (list, str)) and pd.isna(value)) else str(value)


def _problem(rule: str, lang: str, *, value=None, column: str | None = None, **values) -> Problem:
    """An entry refused by rule ``rule`` (its sentence in the catalogue), as the kit's problem record."""
    return Problem.make(ERROR, rule, lang, value=value, column=column, values=values)


def _refusal(problems: list[Problem], file: Path | str) -> DataError:
    """The error raised by a save refused for ``problems``: their messages, on one line."""
    return DataError("; ".join(p.message for p in problems), file=Path(file).name)


# --- tagging -----------------------------------------------------------------------------------------

def check_tags(changes: dict[str, list[str]], known: list[str], *, lang: str = "fr") -> list[Problem]:
    """Problems with new tags (observation id → tags): tags missing from the codebook.

    >>> [(p.rule, p.value, p.message) for p in check_tags({"OBS-2": ["cantine", "wifi"]}, ["cantine"])]
    [('widgets.unknown_tags', 'wifi', 'observation OBS-2 : étiquette(s) absente(s) de la grille de codage : wifi')]
    """
    problems = []
    for obs_id, tags in changes.items():
        unknown = [t for t in tags if t not in known]
        if unknown:
            problems.append(_problem("widgets.unknown_tags", lang, value=", ".join(unknown), id=obs_id))
    return problems


def _tag_list(text: str) -> list[str]:
    return list(parse_list("" if text is None else text) or [])


def _same_tags(a: str, b: str) -> bool:
    return [normalise_key(t) for t in _tag_list(a)] == [normalise_key(t) for t in _tag_list(b)]


def save_tags(path: Path | str, changes: dict[str, list[str]], known: list[str], *,
              base: dict[str, list[str]] | None = None, lang: str = "fr") -> Path | None:
    """Write the tags of some observations (id → tags) into the observations file.

    The save protocol of :meth:`TableFile.edit`: under the file's lock, only these
    observations' tags are changed in the file as it is now. ``base`` (id → tags when the
    editor loaded them) detects conflicts: tags changed meanwhile by someone else are not
    overwritten. Returns the backup of the previous version.

    Raises
    ------
    DataError
        If a tag is not in the codebook or an observation id is not in the file.
    SaveConflictError
        If another save changed the tags of one of these observations since ``base`` was loaded.
    """
    problems = check_tags(changes, known, lang=lang)
    if problems:
        raise _refusal(problems, path)
    with TableFile.edit(path, "observations", lang=lang) as table:
        for obs_id, tags in changes.items():
            rows = table.find(id=obs_id)
            if not rows:
                raise DataError(label("widgets.unknown_observation", lang, id=obs_id), file=Path(path).name,
                                value=obs_id)
            for row in rows:
                if base is not None and obs_id in base:
                    table.check_unchanged(row, "tags", format_list(base[obs_id]), format_list(tags),
                                          what=f"observation {obs_id}", same=_same_tags)
                table.set(row, "tags", format_list(tags))
    return table.backup


#: Style of the widgets in JupyterLab and Voilà: compact, the page's font, never monospace.
_STYLE = """<style>
.transfo-tagging .transfo-note blockquote {font-size: 1.05em; line-height: 1.45; margin: 0.4em 0; padding: 0.4em 0.8em;
  border-left: 4px solid #3f6ea6; background: #f4f7fb; white-space: pre-wrap}
.transfo-tagging .transfo-family {font-weight: bold; margin-top: 0.3em; color: #333}
.transfo-tagging .widget-checkbox {height: 1.7em}
.transfo-evaluation-grid textarea {font-family: var(--jp-ui-font-family, sans-serif) !important;
  font-size: var(--jp-ui-font-size1, 14px) !important; line-height: 1.4}
.transfo-dot-voting .transfo-counter {font-size: 1.15em}
</style>"""


def tag_key_matches(token: str, tags: list[str]) -> list[str]:
    """The tags a keyboard token designates: its number (1-based), or the initials or start of its label.

    >>> tags = ["accueil", "cantine", "relations_adultes_eleves", "restauration"]
    >>> tag_key_matches("2", tags), tag_key_matches("rae", tags), tag_key_matches("cant", tags)
    (['cantine'], ['relations_adultes_eleves'], ['cantine'])
    >>> tag_key_matches("re", tags), tag_key_matches("9", tags)
    (['relations_adultes_eleves', 'restauration'], [])
    """
    token = normalise_key(token)
    if not token:
        return []
    if token.isdigit():
        number = int(token)
        return [tags[number - 1]] if 1 <= number <= len(tags) else []
    words = {t: normalise_key(tag_label(t)).replace("_", " ").split() for t in tags}
    initials = [t for t in tags if "".join(x[0] for x in words[t] if x) == token]
    if initials:
        return initials
    return [t for t in tags if " ".join(words[t]).startswith(token.replace("_", " "))]


class TaggingWidget(w.VBox):
    """Code observations with the tags of the codebook, in a working session.

    The note, its context, the tags (by label, grouped by family, numbered) and the buttons
    are shown together. « Prochaine note non codée » jumps to the next note without a tag;
    the filters show one site, one immersion week, or the notes of one tag (or without tag).
    The keyboard box ticks or unticks tags by number or initials (« 2 5 », « rae »), and
    « + » goes to the next note without a tag: « 2 + » then Entrée codes a note and moves on.

    Parameters
    ----------
    programme_dir : Path or str
        The programme folder (a participant's copy during a training session).
    site : str, optional
        Only the observations of this site.
    lang : {"fr", "en"}, optional
        Language of the widget; the programme's by default.

    Attributes
    ----------
    tag_boxes : dict
        Tag → its ``Checkbox``.
    status : ipywidgets.HTML
        The last message (saved, refused…).
    """

    def __init__(self, programme_dir: Path | str, *, site: str | None = None, lang: str | None = None):
        self.programme_dir = Path(programme_dir)
        prog = _load(self.programme_dir)
        self.lang = lang or prog.lang
        self.programme = prog
        observations = prog.observations if site is None else prog.observations[prog.observations["site"] == site]
        self.observations = observations.sort_index()
        self.codebook = prog.codebook.dropna(subset=["tag"]).drop_duplicates("tag")
        self.known = self.codebook["tag"].tolist()
        self.saved = {r.id: list(r.tags) for r in self.observations.itertuples()}
        self.tags = {k: list(v) for k, v in self.saved.items()}
        #: positions (in ``observations``) of the notes the filters let through
        self.visible = list(range(len(self.observations)))
        self.index, self._shown, self._busy, self._context = 0, False, False, ("", "")
        lang = self.lang
        self.header, self.text, self.status = w.HTML(), w.HTML(), w.HTML()
        self.text.add_class("transfo-note")
        self.tag_boxes = {tag: w.Checkbox(value=False, description=f"{n}. {tag_label(tag)}", indent=False,
                                          tooltip=_show(d), layout=w.Layout(width="auto"))
                          for n, (tag, d) in enumerate(zip(self.codebook["tag"], self.codebook["definition"]), start=1)}
        self.previous_button = w.Button(description=label("widgets.previous", lang), layout=w.Layout(width="auto"))
        self.next_button = w.Button(description=label("widgets.next", lang), layout=w.Layout(width="auto"))
        self.uncoded_button = w.Button(description=label("widgets.next_uncoded", lang), icon="forward",
                                       layout=w.Layout(width="auto"))
        self.save_button = w.Button(description=label("widgets.save", lang), button_style="primary", icon="save",
                                    layout=w.Layout(width="auto"))
        self.previous_button.on_click(lambda _: self.go(self.index - 1))
        self.next_button.on_click(lambda _: self.go(self.index + 1))
        self.uncoded_button.on_click(lambda _: self.next_uncoded())
        self.save_button.on_click(lambda _: self.save())
        self.key_box = w.Text(value="", placeholder=label("widgets.keys_placeholder", lang), continuous_update=False,
                           description=label("widgets.keys", lang), layout=w.Layout(width="100%"))
        self.key_box.observe(lambda change: self.type_keys(change["new"]), names="value")
        for box in self.tag_boxes.values():
            box.observe(lambda _: self._ticked(), names="value")
        sites = list(dict.fromkeys(self.observations["site"].dropna()))
        self.site_filter = w.Dropdown(options=[(label("common.all_sites", lang), ALL)]
                                      + [(prog.site_name(s), s) for s in sites],
                                      description=label("widgets.site", lang), layout=w.Layout(width="auto"))
        weeks = sorted({int(v) for v in self.observations.get("week", pd.Series(dtype=float)).dropna()})
        self.week_filter = w.Dropdown(options=[(label("widgets.all_weeks", lang), ALL)]
                                      + [(label("widgets.week_n", lang, n=n), n) for n in weeks],
                                      description=label("widgets.week", lang), layout=w.Layout(width="auto"))
        self.tag_filter = w.Dropdown(options=[(label("widgets.all_tags", lang), ALL), (label("widgets.untagged", lang), "")]
                                     + [(f"{tag_label(r.tag)} ({_show(r.family) or '—'})", r.tag)
                                        for r in self.codebook.itertuples()],
                                     description=label("widgets.tags", lang), layout=w.Layout(width="auto"))
        for box in (self.site_filter, self.week_filter, self.tag_filter):
            box.style.description_width = "initial"
            box.observe(lambda _: self.apply_filters(), names="value")
        self.key_box.style.description_width = "initial"
        if self.observations.empty:
            super().__init__([w.HTML(f"<p><em>{label('widgets.no_observations', lang)}</em></p>")])
        else:
            filters = [b for b, n in ((self.site_filter, len(sites)), (self.week_filter, len(weeks) + 1),
                                      (self.tag_filter, 2)) if n > 1]
            buttons = w.HBox([self.previous_button, self.next_button, self.uncoded_button, self.save_button],
                             layout=w.Layout(flex_flow="row wrap"))
            note = w.VBox([self.header, self.text, self.key_box],
                          layout=w.Layout(width="55%", max_height="32em", overflow="auto", padding="0 1em 0 0"))
            body = w.HBox([note, self._tag_panel()], layout=w.Layout(width="100%", align_items="flex-start"))
            super().__init__([w.HTML(_STYLE), w.HBox(filters, layout=w.Layout(flex_flow="row wrap")), buttons, body,
                              self.status])
            self.go(0)
        self.add_class("transfo-tagging")

    def _tag_panel(self) -> w.Widget:
        families = []
        for family, rows in self.codebook.groupby("family", sort=False, dropna=False):
            name = _show(family) or "—"
            families.append(w.VBox([w.HTML(f"<div class='transfo-family'>{_esc(name)}</div>"),
                                    *[self.tag_boxes[r.tag] for r in rows.itertuples()]],
                                   layout=w.Layout(margin="0 1.2em 0.3em 0")))
        return w.VBox([w.HTML(f"<b>{label('widgets.tags', self.lang)}</b>"),
                       w.HBox(families, layout=w.Layout(flex_flow="row wrap"))],
                      layout=w.Layout(width="45%"))

    @property
    def current(self) -> str | None:
        """Id of the observation shown."""
        if self.observations.empty or not self.visible:
            return None
        return self.observations["id"].iloc[self.visible[self.index]]

    def _store(self) -> None:
        if self._shown and self.current is not None:
            self.tags[self.current] = [t for t, box in self.tag_boxes.items() if box.value]

    def uncoded(self) -> list[str]:
        """Ids of the notes (among those the filters show) without any tag, ticks not yet saved included."""
        self._store()
        ids = self.observations["id"]
        return [ids.iloc[p] for p in self.visible if not self.tags[ids.iloc[p]]]

    def apply_filters(self) -> None:
        """Show only the notes of the chosen site, week and tag (« Sans étiquette »: the notes without tag)."""
        self._store()
        current = self.current
        obs = self.observations
        site, week, tag = self.site_filter.value, self.week_filter.value, self.tag_filter.value
        keep = []
        for position in range(len(obs)):
            row = obs.iloc[position]
            tags = self.tags[row["id"]]
            if site != ALL and row["site"] != site:
                continue
            if week != ALL and (pd.isna(row.get("week")) or int(row.get("week")) != week):
                continue
            if tag != ALL and ((tag == "" and tags) or (tag != "" and tag not in tags)):
                continue
            keep.append(position)
        self.visible = keep
        ids = [obs["id"].iloc[p] for p in keep]
        self._shown = False
        self.go(ids.index(current) if current in ids else 0)

    def go(self, index: int) -> None:
        """Show note number ``index`` (0-based among those the filters show), keeping the ticks made so far."""
        if self.observations.empty:
            return
        self._store()
        lang = self.lang
        if not self.visible:
            self.index, self._shown = 0, False
            self.header.value = f"<h4>{label('widgets.no_match', lang)}</h4>"
            self.text.value = ""
            for box in self.tag_boxes.values():
                box.value, box.disabled = False, True
            for button in (self.previous_button, self.next_button, self.uncoded_button):
                button.disabled = True
            return
        self.index = max(0, min(index, len(self.visible) - 1))
        obs = self.observations.iloc[self.visible[self.index]]
        date = format_date(obs["date"], lang) if pd.notna(obs["date"]) else ""
        who = ", ".join(v for v in (_show(obs.get("participant")), _show(obs.get("role"))) if v)
        week = obs.get("week")
        context = [(label("widgets.site", lang), self.programme.site_name(obs["site"])), (label("widgets.date", lang), date),
                   (label("widgets.week", lang), "" if week is None or pd.isna(week) else str(int(week))),
                   (label("widgets.method", lang), _show(obs.get("method"))), (label("widgets.participant", lang), who),
                   (label("widgets.author", lang), _show(obs.get("author")))]
        self._context = (f" — {_esc(str(obs['id']))}", "<p style='margin:0.2em 0'>"
                         + " · ".join(f"<b>{k}</b> : {_esc(v)}" for k, v in context if v) + "</p>")
        self.text.value = f"<blockquote>{_esc(_show(obs['text']))}</blockquote>"
        chosen = set(self.tags[obs["id"]])
        self._busy = True
        for tag, box in self.tag_boxes.items():
            box.value, box.disabled = tag in chosen, False
        self._busy = False
        self._shown = True
        self._render_header()
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index == len(self.visible) - 1
        self.uncoded_button.disabled = False

    def _render_header(self) -> None:
        """The counter (« Observation 3 sur 12 », notes left without tag) and the context of the note shown."""
        if not self._shown or not self.visible:
            return
        lang = self.lang
        left = sum(1 for p in self.visible if not self.tags[self.observations["id"].iloc[p]])
        ident, context = self._context
        self.header.value = (f"<h4 style='margin:0.2em 0'>{label('widgets.counter', lang, n=self.index + 1, total=len(self.visible))}"
                             f"{ident} <small style='font-weight:normal;color:#555'>("
                             f"{label('widgets.uncoded_left', lang, n=left)})</small></h4>{context}")

    def _ticked(self) -> None:
        if not self._busy and self._shown:
            self._store()
            self._render_header()

    def next_uncoded(self) -> bool:
        """Go to the next note without a tag (after the one shown, then from the start); False if there is none."""
        self._store()
        ids = self.observations["id"]
        order = list(range(self.index + 1, len(self.visible))) + list(range(0, self.index + 1))
        for i in order:
            if not self.tags[ids.iloc[self.visible[i]]] and (i != self.index or not self._shown):
                self.go(i)
                return True
        self.status.value = _ok(label("widgets.all_coded", self.lang))
        return False

    def type_keys(self, text: str) -> None:
        """What was typed in the keyboard box: tag numbers or initials tick or untick a tag, « + » goes to the next uncoded note."""
        if self._busy or not str(text or "").strip():
            return
        problems, jump = [], False
        for token in str(text).replace(",", " ").replace(";", " ").split():
            if token in ("+", ">"):
                jump = True
                continue
            found = tag_key_matches(token, self.known)
            if len(found) != 1:
                problems.append(_problem("widgets.key_unknown" if not found else "widgets.key_ambiguous", self.lang,
                                         value=token, token=token, tags=", ".join(tag_label(t) for t in found)))
                continue
            box = self.tag_boxes[found[0]]
            if not box.disabled:
                box.value = not box.value
        self._busy = True
        self.key_box.value = ""
        self._busy = False
        self.status.value = _refused(problems, self.lang) if problems else ""
        if jump:
            self.next_uncoded()

    def select(self, tags: list[str]) -> None:
        """Tick exactly ``tags`` for the observation shown (as a user would)."""
        for tag, box in self.tag_boxes.items():
            box.value = tag in tags

    def changes(self) -> dict[str, list[str]]:
        """Observations whose tags differ from the saved file (id → tags)."""
        self._store()
        return {k: v for k, v in self.tags.items() if v != self.saved[k]}

    def save(self) -> bool:
        """Write the changed tags; return True if the file was written."""
        changes = self.changes()
        if not changes:
            self.status.value = _ok(label("widgets.nothing", self.lang))
            return False
        path = table_path(self.programme_dir, "observations", self.programme.sources)
        base = {k: self.saved[k] for k in changes}
        return _write(self, lambda: save_tags(path, changes, self.known, base=base, lang=self.lang),
                      check_tags(changes, self.known, lang=self.lang), path,
                      after=lambda: self.saved.update({k: list(v) for k, v in changes.items()}))


def _ok(text: str) -> str:
    return f"<div style='color:#1b5e20'>✔ {_esc(text)}</div>"


def _refused(problems: list[Problem], lang: str) -> str:
    """The refusal shown in a widget: one item per problem, written by :meth:`Problem.format`."""
    items = "".join(f"<li>{_esc(p.format(lang))}</li>" for p in problems)
    return f"<div style='color:#b71c1c'>✘ {label('widgets.refused', lang)}<ul>{items}</ul></div>"


def _write(widget, save, problems: list[Problem], path: Path, after=None) -> bool:
    """Run ``save`` unless there are problems; show the outcome in ``widget.status``."""
    if problems:
        widget.status.value = _refused(problems, widget.lang)
        return False
    try:
        backup = save()
    except TransfoLabError as exc:  # refused entry, conflict, locked file, folder that cannot be written
        problem = Problem.from_error(exc) if isinstance(exc, DataError) else \
            Problem(ERROR, "widgets.not_saved", str(exc))
        widget.status.value = _refused([problem], widget.lang)
        return False
    if after is not None:
        after()
    text = label("widgets.saved", widget.lang, file=path.name)
    if backup is not None:
        text += " " + label("widgets.backup", widget.lang, file=f"{backup.parent.name}/{backup.name}")
    widget.status.value = _ok(text)
    return True


# --- dot voting --------------------------------------------------------------------------------------

def check_dots(allocation: dict[str, object], total: int, *, ideas: list[str] | None = None,
               lang: str = "fr") -> tuple[dict[str, int], list[Problem]]:
    """Read a voter's dots (idea id → number, as typed) and list what breaks the rules.

    Returns the dots as whole numbers (ideas with 0 dots left out) and the problems.

    >>> check_dots({"ID-01": 3, "ID-02": "2", "ID-03": 0}, 5)
    ({'ID-01': 3, 'ID-02': 2}, [])
    >>> [(p.rule, p.value, p.message) for p in check_dots({"ID-01": 4, "ID-02": 2}, 5)[1]]
    [('widgets.too_many_dots', 6, '6 gommettes posées, 5 au plus')]
    >>> print(check_dots({"ID-01": -1}, 5)[1][0].message)
    idée ID-01 : nombre entier positif ou nul attendu, trouvé « -1 »
    """
    dots, problems = {}, []
    for idea, value in allocation.items():
        if ideas is not None and idea not in ideas:
            problems.append(_problem("widgets.unknown_idea", lang, value=idea, idea=idea))
            continue
        if value is None or str(value).strip() == "":
            continue
        try:
            number = parse_int(value)
        except ValueError:
            number = -1
        if number < 0:
            problems.append(_problem("widgets.bad_dots", lang, value=value, idea=idea))
        elif number:
            dots[idea] = number
    used = sum(dots.values())
    if used > total:
        problems.append(_problem("widgets.too_many_dots", lang, value=used, used=used, total=total))
    return dots, problems


def _check_voter(voter: str, group: str, lang: str) -> tuple[str, list[Problem]]:
    problems = [] if str(voter or "").strip() else [_problem("widgets.no_voter", lang)]
    canonical = parse_choice(group, VOTER_GROUPS)
    if canonical not in VOTER_GROUPS:
        problems.append(_problem("widgets.bad_group", lang, value=group, expected=", ".join(VOTER_GROUPS)))
    return canonical, problems


def _allocation_text(dots: dict[str, object]) -> str:
    """A voter's dots as one comparable text: ``ID-01 : 2, ID-03 : 1`` (ideas sorted, zeros left out).

    >>> _allocation_text({"ID-03": "1", "ID-01": 2, "ID-02": 0})
    'ID-01 : 2, ID-03 : 1'
    """
    def number(value) -> str:
        try:
            return format_number_cell(parse_float(value))
        except ValueError:
            return str(value).strip()

    pairs = sorted((str(idea).strip(), number(n)) for idea, n in dots.items() if number(n) not in ("", "0"))
    return ", ".join(f"{idea} : {n}" for idea, n in pairs)


def save_votes(path: Path | str, voter: str, group: str, allocation: dict[str, object], total: int, *,
               session: str | None = None, ideas: list[str] | None = None, base: dict[str, int] | None = None,
               lang: str = "fr") -> Path | None:
    """Replace the votes of ``voter`` (in ``session`` if given) by ``allocation`` (idea id → dots).

    Saved under the file's lock, into the file as it is now (other voters' rows, saved
    meanwhile from another tablet, are kept). ``base`` (idea → dots of this voter when the
    widget loaded them) detects a conflict: this voter's dots changed meanwhile elsewhere.
    Returns the backup of the previous version.

    Raises
    ------
    DataError
        If the voter or group is wrong, or the dots break the rules (see :func:`check_dots`).
    SaveConflictError
        If this voter's votes were changed by another save since ``base`` was loaded.
    """
    dots, problems = check_dots(allocation, total, ideas=ideas, lang=lang)
    group, voter_problems = _check_voter(voter, group, lang)
    if problems or voter_problems:
        raise _refusal(voter_problems + problems, path)
    with TableFile.edit(path, "votes", lang=lang) as table:
        where = {"voter": voter.strip()} | ({"session": session} if session else {})
        rows = table.find(**where)
        if base is not None:
            disk = _allocation_text({table.get(r, "idea"): table.get(r, "dots") or "0" for r in rows})
            if disk not in (_allocation_text(base), _allocation_text(dots)):
                header = table.header[table.position("dots")] if table.position("dots") is not None else "dots"
                raise SaveConflictError(label("safety.conflict", lang, what=voter.strip(), column=header, disk=disk,
                                              base=_allocation_text(base), mine=_allocation_text(dots)),
                                        file=Path(path).name, row=rows[0] if rows else None, column=header)
        table.delete(rows)
        for idea, number in dots.items():
            table.append({"voter": voter.strip(), "group": group, "idea": idea, "dots": str(number)}
                         | ({"session": session} if session else {}))
    return table.backup


def vote_totals(votes: pd.DataFrame, ideas: pd.DataFrame, *, voter: str | None = None,
                allocation: dict[str, int] | None = None) -> pd.DataFrame:
    """Dots per idea: the saved votes, with ``voter``'s replaced by ``allocation`` (not yet saved).

    Returns a new frame (``idea``, ``title``, ``dots``), most dots first.

    >>> ideas = pd.DataFrame({"id": ["A", "B"], "title": ["Cantine", "Portail"]})
    >>> votes = pd.DataFrame({"voter": ["Anne", "Paul"], "idea": ["A", "B"], "dots": [2, 1]})
    >>> vote_totals(votes, ideas, voter="Paul", allocation={"B": 3}).to_dict("list")
    {'idea': ['B', 'A'], 'title': ['Portail', 'Cantine'], 'dots': [3, 2]}
    """
    others = votes if voter is None else votes[votes["voter"].astype(str).str.strip() != voter.strip()]
    counts = others.groupby("idea", observed=True)["dots"].sum().to_dict()
    for idea, number in (allocation or {}).items():
        counts[idea] = counts.get(idea, 0) + number
    result = pd.DataFrame({"idea": ideas["id"].tolist(), "title": ideas["title"].tolist()})
    result["dots"] = [int(counts.get(i, 0)) for i in result["idea"]]
    return result.sort_values("dots", ascending=False, kind="stable").reset_index(drop=True)


def voter_names(programme) -> list[str]:
    """Who may vote, as listed by the programme: its participants, its team, then the voters already in the file."""
    names = list(programme.config.participants) + [p.name for p in programme.config.team]
    if "voter" in programme.votes.columns:
        names += [str(v).strip() for v in programme.votes["voter"].dropna()]
    return [n for n in dict.fromkeys(str(n).strip() for n in names) if n]


def dots_counter(used: int, total: int, lang: str = "fr") -> str:
    """The counter of a voter's dots, never a negative « reste ».

    >>> dots_counter(3, 5), dots_counter(6, 4)
    ('Gommettes posées : 3 sur 5 (reste 2)', 'Gommettes posées : 6 sur 4 — 2 en trop')
    """
    if used > total:
        return label("widgets.dots_over", lang, used=used, total=total, over=used - total)
    return label("widgets.dots_left", lang, used=used, total=total, left=total - used)


class DotVotingWidget(w.VBox):
    """One voter spreads a fixed number of dots over the ideas; the running result updates.

    The voter is chosen from the programme's participants (and team, and earlier voters);
    the counter and « Enregistrer » sit at the top, above the ideas.

    Parameters
    ----------
    programme_dir : Path or str
    voter : str, optional
        The voter's name (their earlier votes, if any, are shown and replaced on save); chosen in the list otherwise.
    group : str, optional
        The voter's group: agents, usagers, elus, partenaires, residents, autre (by default the
        group of their earlier votes).
    session : str, optional
        The calendar event of the vote (written in the ``Séance`` column).
    dots : int, optional
        Dots per voter; by default ``voting: dots_per_participant`` of programme.yaml (else 5).
    lang : {"fr", "en"}, optional

    Attributes
    ----------
    inputs : dict
        Idea id → its ``IntText``.
    voter_box, group_box : ipywidgets.Dropdown
    """

    def __init__(self, programme_dir: Path | str, voter: str | None = None, group: str | None = None, *,
                 session: str | None = None, dots: int | None = None, lang: str | None = None):
        self.programme_dir = Path(programme_dir)
        prog = _load(self.programme_dir)
        self.programme, self.lang = prog, lang or prog.lang
        self.session = session
        voting = prog.config.settings.get("voting") or {}
        self.total = int(dots if dots is not None else voting.get("dots_per_participant", DEFAULT_DOTS))
        self.ideas = prog.ideas.dropna(subset=["id"])
        names = voter_names(prog)
        if voter and str(voter).strip() not in names:
            names.append(str(voter).strip())
        self.voter_box = w.Dropdown(options=[(label("widgets.choose_voter", self.lang), "")] + [(n, n) for n in names],
                                    value=str(voter).strip() if voter else "", description=label("widgets.voter", self.lang),
                                    layout=w.Layout(width="auto"))
        groups = list(VOTER_GROUPS)
        group_value = parse_choice(group, VOTER_GROUPS) if group else None
        if group and group_value not in groups:  # an unknown group stays as typed, and is refused on save
            groups.append(str(group))
            group_value = str(group)
        self.group_box = w.Dropdown(options=[(choice_label_text("ideation.group", g, self.lang), g) for g in groups],
                                    value=group_value or "autre", description=label("ideation.group", self.lang),
                                    layout=w.Layout(width="auto"))
        for box in (self.voter_box, self.group_box):
            box.style.description_width = "initial"
        self.inputs = {r.id: w.BoundedIntText(value=0, min=0, max=max(self.total, 1) * 10, layout=w.Layout(width="4.5em"))
                       for r in self.ideas.itertuples()}
        self.saved_dots: dict[str, int] = {}
        self._busy = False
        self.counter, self.results, self.status = w.HTML(), w.HTML(), w.HTML()
        self.counter.add_class("transfo-counter")
        self.save_button = w.Button(description=label("widgets.save", self.lang), button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.title = w.HTML()
        if self.ideas.empty:
            super().__init__([self.title, w.HTML(f"<p><em>{label('widgets.no_ideas', self.lang)}</em></p>")])
        else:
            rows = [w.HBox([self.inputs[r.id], w.HTML(f"<b>{_esc(r.id)}</b> {_esc(_show(r.title))}")],
                           layout=w.Layout(width="32em", margin="0 1em 0 0"))
                    for r in self.ideas.itertuples()]
            ideas = w.Box(rows, layout=w.Layout(flex_flow="row wrap", max_height="26em", overflow="auto",
                                                 border="1px solid #ddd", padding="0.3em"))
            top = w.HBox([self.voter_box, self.group_box], layout=w.Layout(flex_flow="row wrap"))
            super().__init__([w.HTML(_STYLE), self.title, top, w.HBox([self.counter, self.save_button],
                                                                       layout=w.Layout(align_items="center")),
                              self.status, ideas, self.results])
        for box in self.inputs.values():
            box.observe(lambda _: self.refresh(), names="value")
        self.voter_box.observe(lambda _: self._load_voter(), names="value")
        self._load_voter(group_given=group_value)
        self.add_class("transfo-dot-voting")

    @property
    def voter(self) -> str:
        return self.voter_box.value

    @property
    def group(self) -> str:
        return self.group_box.value

    def _load_voter(self, group_given: str | None = None) -> None:
        """Show the chosen voter's earlier dots (and group): they are replaced on save."""
        votes = self.programme.votes
        mine = votes[votes["voter"].astype(str).str.strip() == self.voter.strip()] if self.voter else votes.iloc[0:0]
        if self.session and "session" in mine.columns:
            mine = mine[mine["session"].astype(str) == str(self.session)]
        mine_dots = mine.groupby("idea", observed=True)["dots"].sum().to_dict()
        #: this voter's dots as loaded (what a save compares the file with, to detect a conflict)
        self.saved_dots = {str(k): int(v) for k, v in mine_dots.items() if pd.notna(v) and v}
        if group_given is None and len(mine) and "group" in mine.columns:
            earlier = parse_choice(str(mine["group"].iloc[-1]), VOTER_GROUPS)
            if earlier in VOTER_GROUPS:
                self.group_box.value = earlier
        self._busy = True
        for idea, box in self.inputs.items():
            box.value = int(mine_dots.get(idea, 0) or 0)
        self._busy = False
        title = (label("widgets.vote_title", self.lang, voter=self.voter,
                       group=choice_label_text("ideation.group", self.group, self.lang))
                 if self.voter else label("widgets.vote_choose", self.lang))
        self.title.value = f"<h4>{_esc(title)}</h4>"
        self.status.value = ""
        self.refresh()

    def allocation(self) -> dict[str, int]:
        return {idea: box.value for idea, box in self.inputs.items()}

    def refresh(self) -> None:
        """Update the count of dots and the running result."""
        if self._busy:
            return
        used = sum(v for v in self.allocation().values() if v and v > 0)
        colour = "#b71c1c" if used > self.total else "#1b5e20"
        self.counter.value = f"<b style='color:{colour}'>{_esc(dots_counter(used, self.total, self.lang))}</b>&nbsp;&nbsp;"
        dots = {k: v for k, v in self.allocation().items() if v and v > 0}
        totals = vote_totals(self.programme.votes, self.ideas, voter=self.voter or None, allocation=dots)
        self.results.value = _bars(totals, self.lang)

    def save(self) -> bool:
        """Replace this voter's votes in the votes file; return True if written."""
        dots, problems = check_dots(self.allocation(), self.total, ideas=list(self.inputs), lang=self.lang)
        problems = _check_voter(self.voter, self.group, self.lang)[1] + problems
        path = table_path(self.programme_dir, "votes", self.programme.sources)
        base = dict(self.saved_dots)
        voter, group = self.voter, self.group
        return _write(self, lambda: save_votes(path, voter, group, dots, self.total, session=self.session,
                                               ideas=list(self.inputs), base=base, lang=self.lang), problems, path,
                      after=lambda: self._reload(dots))

    def _reload(self, saved: dict[str, int] | None = None) -> None:
        if saved is not None:
            self.saved_dots = dict(saved)
        self.programme = _load(self.programme_dir)
        self.refresh()


def choice_label_text(prefix: str, value, lang: str = "fr") -> str:
    """The label of a coded value (« Agents » for ``agents``), or the value as typed."""
    from transfo_lab.reports.display import choice_label

    return choice_label(prefix, value, lang)


#: The running result of a dot vote shows this many ideas; the others behind « Voir tout ».
TOP_IDEAS = 10


def _bars(totals: pd.DataFrame, lang: str) -> str:
    top = max(int(totals["dots"].max()) if len(totals) else 0, 1)

    def rows(part: pd.DataFrame) -> str:
        return "".join(
            f"<tr><td>{_esc(r.idea)}</td><td>{_esc(_show(r.title))}</td><td style='text-align:right'>{r.dots}</td>"
            f"<td><div style='background:#3f6ea6;height:0.9em;width:{12 * r.dots / top:.2f}em'></div></td></tr>"
            for r in part.itertuples())

    head = (f"<tr><th></th><th>{label('widgets.col_idea', lang)}</th><th>{label('widgets.col_dots', lang)}</th>"
            "<th></th></tr>")
    html = f"<h5>{label('widgets.results', lang)}</h5><table>{head}{rows(totals.head(TOP_IDEAS))}</table>"
    if len(totals) > TOP_IDEAS:
        more = label("common.show_all", lang, n=len(totals))
        html += (f"<details><summary style='cursor:pointer;color:#3f6ea6'>{_esc(more)}</summary>"
                 f"<table>{head}{rows(totals.iloc[TOP_IDEAS:])}</table></details>")
    return html


# --- evaluation grid ---------------------------------------------------------------------------------

def _scale(criteria: pd.DataFrame) -> pd.DataFrame:
    data = criteria.dropna(subset=["id"]).set_index("id")
    return pd.DataFrame({"low": data["scale_min"].fillna(1).astype(float), "high": data["scale_max"].fillna(5).astype(float)})


def check_scores(entries: dict[str, tuple[object, str]], criteria: pd.DataFrame, *,
                 lang: str = "fr") -> tuple[dict[str, tuple[float | None, str]], list[Problem]]:
    """Read scores as typed (criterion id → (score, evidence)) and list what breaks the rules.

    A score must be a number within its criterion's scale (``scale_min``–``scale_max``, by
    default 1–5); an empty score is a missing one.

    >>> criteria = pd.DataFrame({"id": ["C1", "C2"], "scale_min": [1, 0], "scale_max": [5, 3]})
    >>> check_scores({"C1": ("4", "compte rendu"), "C2": ("2,5", "")}, criteria)
    ({'C1': (4.0, 'compte rendu'), 'C2': (2.5, '')}, [])
    >>> [(p.rule, p.value, p.message) for p in check_scores({"C2": ("4", "")}, criteria)[1]]
    [('widgets.score_out_of_scale', '4', "critère C2 : note 4 hors de l'échelle 0–3")]
    """
    scales = _scale(criteria)
    clean, problems = {}, []
    for criterion, (score, evidence) in entries.items():
        evidence = str(evidence or "").strip()
        if criterion not in scales.index:
            problems.append(_problem("widgets.unknown_criterion", lang, value=criterion, criterion=criterion))
            continue
        if score is None or str(score).strip() == "":
            clean[criterion] = (None, evidence)
            continue
        try:
            number = parse_float(score)
        except ValueError:
            problems.append(_problem("widgets.bad_score", lang, value=score, criterion=criterion))
            continue
        low, high = scales.loc[criterion, ["low", "high"]]
        if not low <= number <= high:
            problems.append(_problem("widgets.score_out_of_scale", lang, value=format_number_cell(number, ";"),
                                     criterion=criterion, min=format_number_cell(low, ";"),
                                     max=format_number_cell(high, ";")))
            continue
        clean[criterion] = (number, evidence)
    return clean, problems


def _check_site_round(site: str, round_: object, site_ids: list[str], lang: str) -> tuple[int | None, list[Problem]]:
    problems = [] if site in site_ids else [_problem("widgets.unknown_site", lang, value=site,
                                                     expected=", ".join(site_ids))]
    try:
        number = parse_int(round_)
    except ValueError:
        number = 0
    if number < 1:
        problems.append(_problem("widgets.bad_round", lang, value=round_))
    return (number if number >= 1 else None), problems


def save_scores(path: Path | str, site: str, round_: int, entries: dict[str, tuple[object, str]],
                criteria: pd.DataFrame, *, base: dict[str, tuple[object, str]] | None = None,
                lang: str = "fr") -> Path | None:
    """Write the scores and evidence of one site and round (criterion id → (score, evidence)).

    Existing rows (same criterion, site and round) are updated, others added; a criterion
    with neither score nor evidence and no row yet is left out. Returns the backup.

    Raises
    ------
    DataError
        If a score is not a number or lies outside its criterion's scale.
    """
    clean, problems = check_scores(entries, criteria, lang=lang)
    if problems:
        raise _refusal(problems, path)
    today = date_cell(_dt.date.today())
    with TableFile.edit(path, "scores", lang=lang) as table:
        for criterion, (score, evidence) in clean.items():
            rows = table.find(criterion=criterion, site=site, round=str(round_))
            if not rows and score is None and not evidence:
                continue
            if not rows:
                rows = [table.append({"criterion": criterion, "site": site, "round": str(round_)})]
            for row in rows:
                text = "" if score is None else format_number_cell(score, table.separator)
                if base is not None and criterion in base:
                    old_score, old_evidence = base[criterion]
                    what = f"{criterion} ({site}, {round_})"
                    table.check_unchanged(row, "score", _score_text(old_score, table.separator), text, what=what,
                                          same=_same_score)
                    table.check_unchanged(row, "evidence", _show(old_evidence), evidence or "", what=what)
                table.set(row, "score", text)
                table.set(row, "evidence", evidence)
                if table.position("date") is not None:
                    table.set(row, "date", today)
    return table.backup


def _score_text(value, separator: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
        return ""
    try:
        return format_number_cell(parse_float(value), separator)
    except ValueError:
        return str(value)


def _same_score(a: str, b: str) -> bool:
    return _score_text(a, ";") == _score_text(b, ";")


class EvaluationGridWidget(w.VBox):
    """Score each criterion of the evaluation grid, with its evidence, for a site and round chosen in lists.

    Under the grid, the weighted score of the site and round on the same 1–5 scale as the
    evaluation notebook (:func:`transfo_lab.phases.evaluation.weighted_scores`), with the scores as typed.

    Parameters
    ----------
    programme_dir : Path or str
    site : str, optional
        A site id of programme.yaml; the first site by default (another one is chosen in the list).
    round : int, optional
        The evaluation round (1, 2, 3…); the latest round scored by default.
    lang : {"fr", "en"}, optional

    Attributes
    ----------
    scores, evidence : dict
        Criterion id → its ``Text`` (score as typed) / ``Textarea`` (evidence).
    site_box, round_box : ipywidgets.Dropdown
    summary : ipywidgets.HTML
    """

    def __init__(self, programme_dir: Path | str, site: str | None = None, round: int | None = None, *,
                 lang: str | None = None):
        self.programme_dir = Path(programme_dir)
        prog = _load(self.programme_dir)
        self.programme, self.lang = prog, lang or prog.lang
        lang = self.lang
        self.criteria = prog.criteria.dropna(subset=["id"])
        self.scales = _scale(self.criteria)
        site_ids = list(prog.config.site_ids)
        site = site if site is not None else (site_ids[0] if site_ids else "")
        options = [(prog.site_name(s), s) for s in site_ids] + ([(str(site), site)] if site not in site_ids else [])
        self.site_box = w.Dropdown(options=options, value=site, description=label("widgets.site", lang),
                                   layout=w.Layout(width="auto"))
        rounds = sorted({int(r) for r in prog.scores["round"].dropna()}) if len(prog.scores) else []
        if round is None:
            round = rounds[-1] if rounds else 1
        try:
            shown_round = parse_int(round)
        except ValueError:
            shown_round = round
        choices = sorted(set(rounds) | {(rounds[-1] + 1) if rounds else 1}
                         | ({shown_round} if isinstance(shown_round, int) and shown_round >= 1 else set()))
        round_options = [(str(r), r) for r in choices] + ([(str(round), shown_round)] if shown_round not in choices else [])
        self.round_box = w.Dropdown(options=round_options, value=shown_round, description=label("widgets.round", lang),
                                    layout=w.Layout(width="auto"))
        for box in (self.site_box, self.round_box):
            box.style.description_width = "initial"
        self.scores, self.evidence, rows = {}, {}, []
        for r in self.criteria.itertuples():
            low, high = self.scales.loc[r.id, ["low", "high"]]
            self.scores[r.id] = w.Text(value="", placeholder=label("widgets.score_placeholder", lang,
                                                                  min=format_number(low), max=format_number(high)),
                                       layout=w.Layout(width="8em"))
            self.evidence[r.id] = w.Textarea(value="", placeholder=label("widgets.evidence_placeholder", lang),
                                             layout=w.Layout(width="100%", height="4.5em"))
            weight = format_number(r.weight, 2, lang) if pd.notna(r.weight) else "—"
            expected = label("widgets.expected", lang, value=r.evidence) if _show(r.evidence) else ""
            rows.append(w.VBox([
                w.HTML(f"<b>{_esc(r.id)} — {_esc(_show(r.criterion))}</b> ({_esc(_show(r.dimension))}, "
                       f"{label('widgets.scale', lang, min=format_number(low), max=format_number(high), weight=weight)})"
                       + (f"<br><small>{_esc(expected)}</small>" if expected else "")),
                w.HBox([self.scores[r.id], self.evidence[r.id]], layout=w.Layout(width="100%"))],
                layout=w.Layout(margin="0 0 0.6em 0")))
            self.scores[r.id].observe(lambda _: self.refresh_summary(), names="value")
        self.status, self.summary, self.title = w.HTML(), w.HTML(), w.HTML()
        self.save_button = w.Button(description=label("widgets.save", lang), button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        if self.criteria.empty:
            super().__init__([self.title, w.HTML(f"<p><em>{label('widgets.no_criteria', lang)}</em></p>")])
        else:
            top = w.HBox([self.site_box, self.round_box], layout=w.Layout(flex_flow="row wrap"))
            super().__init__([w.HTML(_STYLE), self.title, top, *rows, w.HBox([self.save_button]), self.status,
                              self.summary], layout=w.Layout(max_width="60em"))
        self.site_box.observe(lambda _: self._load_scores(), names="value")
        self.round_box.observe(lambda _: self._load_scores(), names="value")
        self._load_scores()
        self.add_class("transfo-evaluation-grid")

    @property
    def site(self) -> str:
        return self.site_box.value

    @property
    def round(self) -> int | None:
        value = self.round_box.value
        return value if isinstance(value, int) and value >= 1 else None

    def _load_scores(self) -> None:
        """Fill the grid with the scores and evidence saved for the chosen site and round."""
        prog, lang = self.programme, self.lang
        number, problems = _check_site_round(self.site, self.round_box.value, prog.config.site_ids, lang)
        scores = prog.scores
        existing = scores[(scores["site"] == self.site) & (scores["round"] == number)]
        existing = existing.drop_duplicates("criterion", keep="last").set_index("criterion")
        #: criterion → (score, evidence) as loaded (what a save compares the file with, to detect a conflict)
        self.saved = {str(c): (existing["score"].get(c), _show(existing["evidence"].get(c))) for c in existing.index}
        for criterion in self.scores:
            score = existing["score"].get(criterion) if criterion in existing.index else None
            self.scores[criterion].value = ("" if score is None or pd.isna(score)
                                            else format_number(score, 1 if score % 1 else 0, lang))
            self.evidence[criterion].value = _show(existing["evidence"].get(criterion)) if criterion in existing.index else ""
        self.status.value = _refused(problems, lang) if problems else ""
        self.save_button.disabled = bool(problems)
        self.title.value = (f"<h4>{_esc(label('widgets.grid_title', lang, site=prog.site_name(self.site), round=self.round_box.value))}"
                            "</h4>")
        self.refresh_summary()

    def current_scores(self) -> pd.DataFrame:
        """The programme's scores with this site and round's replaced by the grid as typed (valid scores only)."""
        clean, _ = check_scores(self.entries(), self.criteria, lang=self.lang)
        scores = self.programme.scores
        others = scores[~((scores["site"] == self.site) & (scores["round"] == self.round))]
        mine = pd.DataFrame([{"criterion": c, "site": self.site, "round": self.round, "score": s}
                             for c, (s, _) in clean.items() if s is not None],
                            columns=["criterion", "site", "round", "score"])
        return pd.concat([others[["criterion", "site", "round", "score"]], mine], ignore_index=True)

    def refresh_summary(self) -> None:
        """The weighted score of the site and round (1–5, as in the evaluation notebook), with the grid as typed."""
        from transfo_lab.phases.evaluation import weighted_scores

        lang = self.lang
        if self.criteria.empty or self.round is None or self.site not in self.programme.config.site_ids:
            self.summary.value = ""
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            weighted = weighted_scores(self.criteria, self.current_scores(), sites=[self.site], lang=lang)
        row = weighted[(weighted["site"] == self.site) & (weighted["round"] == self.round)]
        if row.empty or pd.isna(row["score"].iloc[0]):
            text = label("widgets.grid_summary_none", lang)
        else:
            from transfo_lab.reports.display import format_value

            text = label("widgets.grid_summary", lang, score=format_value(float(row["score"].iloc[0]), lang=lang),
                         coverage=format_number(100 * row["coverage"].iloc[0], 0, lang),
                         n=int(row["n_scored"].iloc[0]), total=len(self.criteria))
        self.summary.value = f"<p style='font-size:1.1em'><b>{_esc(text)}</b></p>"

    def entries(self) -> dict[str, tuple[str, str]]:
        return {c: (self.scores[c].value, self.evidence[c].value) for c in self.scores}

    def save(self) -> bool:
        """Write the scores of this site and round; return True if written."""
        problems = _check_site_round(self.site, self.round_box.value, self.programme.config.site_ids, self.lang)[1]
        problems += check_scores(self.entries(), self.criteria, lang=self.lang)[1]
        path = table_path(self.programme_dir, "scores", self.programme.sources)
        entries, base, site, round_ = self.entries(), dict(self.saved), self.site, self.round

        def after():
            self.saved.update({c: (s, e) for c, (s, e) in entries.items()})
            self.programme = _load(self.programme_dir)
            self.refresh_summary()

        return _write(self, lambda: save_scores(path, site, round_, entries, self.criteria, base=base, lang=self.lang),
                      problems, path, after=after)
