"""Coding observations with the codebook's tags: :class:`TaggingWidget` and the rules it applies."""
from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pandas as pd

from transfo_lab.contract.editing import TableFile, table_path
from transfo_lab.base.exceptions import DataError, SaveConflictError
from transfo_lab.base.problems import Problem
from transfo_lab.base.labels import format_date, label, tag_label
from transfo_lab.contract.schemas import normalise_key
from transfo_lab.contract.validation import format_list, parse_list
from transfo_lab.training.widgets.common import (ALL, _STYLE, _esc, _load, _ok, _problem, _refusal, _refused, _show,
                                                 _write)


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
