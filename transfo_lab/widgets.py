"""Interactive widgets for JupyterLab: code observations, vote with dots, fill the evaluation grid.

Each widget works on a programme folder and writes into it when its « Enregistrer » button
is pressed: atomically, after copying the previous version of the file into
``<programme>/.backups/`` (see :mod:`transfo_lab.editing`). Entries that break a rule — a
tag outside the codebook, more dots than allowed, a score outside the criterion's scale —
are refused with a message shown in the widget, and nothing is written.

The rules and the writing live in plain functions (:func:`check_tags`, :func:`save_tags`,
:func:`check_dots`, :func:`save_votes`, :func:`vote_totals`, :func:`check_scores`,
:func:`save_scores`); the widget classes only wire them to ipywidgets controls.

>>> from transfo_lab.widgets import TaggingWidget
>>> TaggingWidget("formation/ma-copie")        # doctest: +SKIP
"""
from __future__ import annotations

import datetime as _dt
import warnings
from pathlib import Path

import ipywidgets as w
import pandas as pd

from transfo_lab.editing import TableFile, format_number_cell, table_path
from transfo_lab.exceptions import DataError, SaveConflictError, TransfoLabError, TransfoLabWarning
from transfo_lab.labels import format_number, label
from transfo_lab.schemas import VOTER_GROUPS, normalise_key
from transfo_lab.validation import parse_choice, parse_float, parse_int

#: Dots per voter when programme.yaml has no ``voting: dots_per_participant``.
DEFAULT_DOTS = 5


def _load(programme_dir: Path | str):
    from transfo_lab.programme import load_programme

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TransfoLabWarning)
        return load_programme(programme_dir, strict=False)


def _esc(text: str) -> str:
    """Text made safe inside HTML (a verbatim may hold ``<script>``): :func:`transfo_lab.display.escape_html`."""
    from transfo_lab.display import escape_html

    return escape_html(text)


def _show(value) -> str:
    return "" if value is None or (not isinstance(value, (list, str)) and pd.isna(value)) else str(value)


# --- tagging -----------------------------------------------------------------------------------------

def check_tags(changes: dict[str, list[str]], known: list[str], *, lang: str = "fr") -> list[str]:
    """Problems with new tags (observation id → tags): tags missing from the codebook.

    >>> check_tags({"OBS-1": ["accueil"], "OBS-2": ["cantine", "wifi"]}, ["accueil", "cantine"])
    ['observation OBS-2 : étiquette(s) absente(s) de la grille de codage : wifi']
    """
    problems = []
    for obs_id, tags in changes.items():
        unknown = [t for t in tags if t not in known]
        if unknown:
            problems.append(label("widgets.unknown_tags", lang, id=obs_id, value=", ".join(unknown)))
    return problems


def _tag_list(text: str) -> list[str]:
    return [t.strip() for t in str(text or "").replace(";", ",").split(",") if t.strip()]


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
        raise DataError("; ".join(problems), file=Path(path).name)
    with TableFile.edit(path, "observations", lang=lang) as table:
        for obs_id, tags in changes.items():
            rows = table.find(id=obs_id)
            if not rows:
                raise DataError(f"observation {obs_id} introuvable", file=Path(path).name, value=obs_id)
            for row in rows:
                if base is not None and obs_id in base:
                    table.check_unchanged(row, "tags", ", ".join(base[obs_id]), ", ".join(tags),
                                          what=f"observation {obs_id}", same=_same_tags)
                table.set(row, "tags", ", ".join(tags))
    return table.backup


class TaggingWidget(w.VBox):
    """Code observations one at a time with the tags of the codebook.

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
        self.codebook = prog.codebook.dropna(subset=["tag"])
        self.known = self.codebook["tag"].tolist()
        self.saved = {r.id: list(r.tags) for r in self.observations.itertuples()}
        self.tags = {k: list(v) for k, v in self.saved.items()}
        self.index, self._shown = 0, False
        self.header, self.text, self.status = w.HTML(), w.HTML(), w.HTML()
        self.tag_boxes = {tag: w.Checkbox(value=False, description=tag, indent=False, tooltip=_show(d),
                                          layout=w.Layout(width="auto"))
                          for tag, d in zip(self.codebook["tag"], self.codebook["definition"])}
        self.previous_button = w.Button(description=label("widgets.previous", self.lang))
        self.next_button = w.Button(description=label("widgets.next", self.lang))
        self.save_button = w.Button(description=label("widgets.save", self.lang), button_style="primary", icon="save")
        self.previous_button.on_click(lambda _: self.go(self.index - 1))
        self.next_button.on_click(lambda _: self.go(self.index + 1))
        self.save_button.on_click(lambda _: self.save())
        if self.observations.empty:
            super().__init__([w.HTML(f"<p><em>{label('widgets.no_observations', self.lang)}</em></p>")])
        else:
            super().__init__([self.header, self.text, self._tag_panel(),
                              w.HBox([self.previous_button, self.next_button, self.save_button]), self.status])
            self.go(0)
        self.add_class("transfo-tagging")

    def _tag_panel(self) -> w.Widget:
        families = []
        for family, rows in self.codebook.groupby("family", sort=False):
            lines = [w.HBox([self.tag_boxes[r.tag],
                             w.HTML(f"<span style='color:#555'>{_esc(_show(r.definition))}</span>")])
                     for r in rows.itertuples()]
            families.append(w.VBox([w.HTML(f"<b>{_esc(str(family))}</b>"), *lines]))
        return w.VBox([w.HTML(f"<b>{label('widgets.tags', self.lang)}</b>"), *families])

    @property
    def current(self) -> str | None:
        """Id of the observation shown."""
        return None if self.observations.empty else self.observations["id"].iloc[self.index]

    def _store(self) -> None:
        if self._shown and self.current is not None:
            self.tags[self.current] = [t for t, box in self.tag_boxes.items() if box.value]

    def go(self, index: int) -> None:
        """Show observation number ``index`` (0-based, kept within bounds), keeping the ticks made so far."""
        if self.observations.empty:
            return
        self._store()
        self.index = max(0, min(index, len(self.observations) - 1))
        obs = self.observations.iloc[self.index]
        lang = self.lang
        date = obs["date"].strftime("%d/%m/%Y") if pd.notna(obs["date"]) else ""
        who = ", ".join(v for v in (_show(obs["participant"]), _show(obs["role"])) if v)
        context = [(label("widgets.site", lang), self.programme.site_name(obs["site"])), (label("widgets.date", lang), date),
                   (label("widgets.method", lang), _show(obs["method"])), (label("widgets.participant", lang), who),
                   (label("widgets.author", lang), _show(obs["author"]))]
        self.header.value = (f"<h4>{label('widgets.counter', lang, n=self.index + 1, total=len(self.observations))}"
                             f" — {_esc(str(obs['id']))}</h4><p>" +
                             " · ".join(f"<b>{k}</b> : {_esc(v)}" for k, v in context if v) + "</p>")
        self.text.value = f"<blockquote style='font-size:1.1em'>{_esc(_show(obs['text']))}</blockquote>"
        chosen = set(self.tags[self.current])
        for tag, box in self.tag_boxes.items():
            box.value = tag in chosen
        self._shown = True
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index == len(self.observations) - 1

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


def _refused(problems: list[str], lang: str) -> str:
    items = "".join(f"<li>{_esc(p)}</li>" for p in problems)
    return f"<div style='color:#b71c1c'>✘ {label('widgets.refused', lang)}<ul>{items}</ul></div>"


def _write(widget, save, problems: list[str], path: Path, after=None) -> bool:
    """Run ``save`` unless there are problems; show the outcome in ``widget.status``."""
    if problems:
        widget.status.value = _refused(problems, widget.lang)
        return False
    try:
        backup = save()
    except TransfoLabError as exc:  # refused entry, conflict, locked file, folder that cannot be written
        widget.status.value = _refused([str(exc)], widget.lang)
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
               lang: str = "fr") -> tuple[dict[str, int], list[str]]:
    """Read a voter's dots (idea id → number, as typed) and list what breaks the rules.

    Returns the dots as whole numbers (ideas with 0 dots left out) and the problems.

    >>> check_dots({"ID-01": 3, "ID-02": "2", "ID-03": 0}, 5)
    ({'ID-01': 3, 'ID-02': 2}, [])
    >>> check_dots({"ID-01": 4, "ID-02": 2}, 5)[1]
    ['6 gommettes posées, 5 au plus']
    >>> check_dots({"ID-01": -1}, 5)[1]
    ['idée ID-01 : nombre entier positif ou nul attendu, trouvé « -1 »']
    """
    dots, problems = {}, []
    for idea, value in allocation.items():
        if ideas is not None and idea not in ideas:
            problems.append(label("widgets.unknown_idea", lang, idea=idea))
            continue
        if value is None or str(value).strip() == "":
            continue
        try:
            number = parse_int(value)
        except ValueError:
            number = -1
        if number < 0:
            problems.append(label("widgets.bad_dots", lang, idea=idea, value=value))
        elif number:
            dots[idea] = number
    used = sum(dots.values())
    if used > total:
        problems.append(label("widgets.too_many_dots", lang, used=used, total=total))
    return dots, problems


def _check_voter(voter: str, group: str, lang: str) -> tuple[str, list[str]]:
    problems = [] if str(voter or "").strip() else [label("widgets.no_voter", lang)]
    canonical = parse_choice(group, VOTER_GROUPS)
    if canonical not in VOTER_GROUPS:
        problems.append(label("widgets.bad_group", lang, value=group, expected=", ".join(VOTER_GROUPS)))
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
        raise DataError("; ".join(voter_problems + problems), file=Path(path).name)
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


class DotVotingWidget(w.VBox):
    """One voter spreads a fixed number of dots over the ideas; the running result updates.

    Parameters
    ----------
    programme_dir : Path or str
    voter : str
        The voter's name (their earlier votes, if any, are shown and replaced on save).
    group : str
        The voter's group: agents, usagers, elus, partenaires, residents, autre.
    session : str, optional
        The calendar event of the vote (written in the ``Séance`` column).
    dots : int, optional
        Dots per voter; by default ``voting: dots_per_participant`` of programme.yaml (else 5).
    lang : {"fr", "en"}, optional

    Attributes
    ----------
    inputs : dict
        Idea id → its ``IntText``.
    """

    def __init__(self, programme_dir: Path | str, voter: str, group: str, *, session: str | None = None,
                 dots: int | None = None, lang: str | None = None):
        self.programme_dir = Path(programme_dir)
        prog = _load(self.programme_dir)
        self.programme, self.lang = prog, lang or prog.lang
        self.voter, self.group, self.session = str(voter), str(group), session
        voting = prog.config.settings.get("voting") or {}
        self.total = int(dots if dots is not None else voting.get("dots_per_participant", DEFAULT_DOTS))
        self.ideas = prog.ideas.dropna(subset=["id"])
        mine = prog.votes[prog.votes["voter"].astype(str).str.strip() == self.voter.strip()]
        if session and "session" in mine.columns:
            mine = mine[mine["session"].astype(str) == str(session)]
        mine_dots = mine.groupby("idea", observed=True)["dots"].sum().to_dict()
        #: this voter's dots as loaded (what a save compares the file with, to detect a conflict)
        self.saved_dots = {str(k): int(v) for k, v in mine_dots.items() if pd.notna(v) and v}
        self.inputs = {r.id: w.IntText(value=int(mine_dots.get(r.id, 0)), layout=w.Layout(width="5em"))
                       for r in self.ideas.itertuples()}
        self.counter, self.results, self.status = w.HTML(), w.HTML(), w.HTML()
        self.save_button = w.Button(description=label("widgets.save", self.lang), button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        title = w.HTML(f"<h4>{_esc(label('widgets.vote_title', self.lang, voter=self.voter, group=self.group))}</h4>")
        if self.ideas.empty:
            super().__init__([title, w.HTML(f"<p><em>{label('widgets.no_ideas', self.lang)}</em></p>")])
        else:
            rows = [w.HBox([self.inputs[r.id], w.HTML(f"<b>{_esc(r.id)}</b> {_esc(_show(r.title))}")])
                    for r in self.ideas.itertuples()]
            super().__init__([title, *rows, self.counter, self.save_button, self.status, self.results])
        for box in self.inputs.values():
            box.observe(lambda _: self.refresh(), names="value")
        self.refresh()
        self.add_class("transfo-dot-voting")

    def allocation(self) -> dict[str, int]:
        return {idea: box.value for idea, box in self.inputs.items()}

    def refresh(self) -> None:
        """Update the count of dots and the running result."""
        used = sum(v for v in self.allocation().values() if v and v > 0)
        self.counter.value = label("widgets.dots_left", self.lang, used=used, total=self.total, left=self.total - used)
        self.counter.value = (f"<b style='color:{'#b71c1c' if used > self.total else '#1b5e20'}'>"
                              f"{self.counter.value}</b>")
        dots = {k: v for k, v in self.allocation().items() if v and v > 0}
        totals = vote_totals(self.programme.votes, self.ideas, voter=self.voter, allocation=dots)
        self.results.value = _bars(totals, self.lang)

    def save(self) -> bool:
        """Replace this voter's votes in the votes file; return True if written."""
        dots, problems = check_dots(self.allocation(), self.total, ideas=list(self.inputs), lang=self.lang)
        problems = _check_voter(self.voter, self.group, self.lang)[1] + problems
        path = table_path(self.programme_dir, "votes", self.programme.sources)
        base = dict(self.saved_dots)
        return _write(self, lambda: save_votes(path, self.voter, self.group, dots, self.total, session=self.session,
                                               ideas=list(self.inputs), base=base, lang=self.lang), problems, path,
                      after=lambda: self._reload(dots))

    def _reload(self, saved: dict[str, int] | None = None) -> None:
        if saved is not None:
            self.saved_dots = dict(saved)
        self.programme = _load(self.programme_dir)
        self.refresh()


def _bars(totals: pd.DataFrame, lang: str) -> str:
    top = max(int(totals["dots"].max()) if len(totals) else 0, 1)
    rows = "".join(
        f"<tr><td>{_esc(r.idea)}</td><td>{_esc(_show(r.title))}</td><td style='text-align:right'>{r.dots}</td>"
        f"<td><div style='background:#3f6ea6;height:0.9em;width:{12 * r.dots / top:.2f}em'></div></td></tr>"
        for r in totals.itertuples())
    return (f"<h5>{label('widgets.results', lang)}</h5><table><tr><th></th><th>{label('widgets.col_idea', lang)}</th>"
            f"<th>{label('widgets.col_dots', lang)}</th><th></th></tr>{rows}</table>")


# --- evaluation grid ---------------------------------------------------------------------------------

def _scale(criteria: pd.DataFrame) -> pd.DataFrame:
    data = criteria.dropna(subset=["id"]).set_index("id")
    return pd.DataFrame({"low": data["scale_min"].fillna(1).astype(float), "high": data["scale_max"].fillna(5).astype(float)})


def check_scores(entries: dict[str, tuple[object, str]], criteria: pd.DataFrame, *,
                 lang: str = "fr") -> tuple[dict[str, tuple[float | None, str]], list[str]]:
    """Read scores as typed (criterion id → (score, evidence)) and list what breaks the rules.

    A score must be a number within its criterion's scale (``scale_min``–``scale_max``, by
    default 1–5); an empty score is a missing one.

    >>> criteria = pd.DataFrame({"id": ["C1", "C2"], "scale_min": [1, 0], "scale_max": [5, 3]})
    >>> check_scores({"C1": ("4", "compte rendu"), "C2": ("2,5", "")}, criteria)
    ({'C1': (4.0, 'compte rendu'), 'C2': (2.5, '')}, [])
    >>> check_scores({"C2": ("4", "")}, criteria)[1]
    ["critère C2 : note 4 hors de l'échelle 0–3"]
    """
    scales = _scale(criteria)
    clean, problems = {}, []
    for criterion, (score, evidence) in entries.items():
        evidence = str(evidence or "").strip()
        if criterion not in scales.index:
            problems.append(label("widgets.unknown_criterion", lang, criterion=criterion))
            continue
        if score is None or str(score).strip() == "":
            clean[criterion] = (None, evidence)
            continue
        try:
            number = parse_float(score)
        except ValueError:
            problems.append(label("widgets.bad_score", lang, criterion=criterion, value=score))
            continue
        low, high = scales.loc[criterion, ["low", "high"]]
        if not low <= number <= high:
            problems.append(label("widgets.score_out_of_scale", lang, criterion=criterion, value=format_number_cell(number, ";"),
                                  min=format_number_cell(low, ";"), max=format_number_cell(high, ";")))
            continue
        clean[criterion] = (number, evidence)
    return clean, problems


def _check_site_round(site: str, round_: object, site_ids: list[str], lang: str) -> tuple[int | None, list[str]]:
    problems = [] if site in site_ids else [label("widgets.unknown_site", lang, value=site, expected=", ".join(site_ids))]
    try:
        number = parse_int(round_)
    except ValueError:
        number = 0
    if number < 1:
        problems.append(label("widgets.bad_round", lang, value=round_))
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
        raise DataError("; ".join(problems), file=Path(path).name)
    today = _dt.date.today().strftime("%d/%m/%Y")
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
    """Score each criterion of the evaluation grid, with its evidence, for one site and round.

    Parameters
    ----------
    programme_dir : Path or str
    site : str
        A site id of programme.yaml.
    round : int
        The evaluation round (1, 2, 3…).
    lang : {"fr", "en"}, optional

    Attributes
    ----------
    scores, evidence : dict
        Criterion id → its ``Text`` (score as typed) / ``Textarea`` (evidence).
    """

    def __init__(self, programme_dir: Path | str, site: str, round: int = 1, *, lang: str | None = None):
        self.programme_dir = Path(programme_dir)
        prog = _load(self.programme_dir)
        self.programme, self.lang = prog, lang or prog.lang
        self.site = site
        self.round, problems = _check_site_round(site, round, prog.config.site_ids, self.lang)
        self.criteria = prog.criteria.dropna(subset=["id"])
        scales = _scale(self.criteria)
        existing = prog.scores[(prog.scores["site"] == site) & (prog.scores["round"] == self.round)]
        existing = existing.drop_duplicates("criterion", keep="last").set_index("criterion")
        #: criterion → (score, evidence) as loaded (what a save compares the file with, to detect a conflict)
        self.saved = {str(c): (existing["score"].get(c), _show(existing["evidence"].get(c))) for c in existing.index}
        self.scores, self.evidence, rows = {}, {}, []
        for r in self.criteria.itertuples():
            low, high = scales.loc[r.id, ["low", "high"]]
            score = existing["score"].get(r.id) if r.id in existing.index else None
            self.scores[r.id] = w.Text(value="" if score is None or pd.isna(score) else format_number(score, 1 if score % 1 else 0, self.lang),
                                       placeholder=label("widgets.score_placeholder", self.lang,
                                                         min=format_number(low), max=format_number(high)),
                                       layout=w.Layout(width="8em"))
            self.evidence[r.id] = w.Textarea(value=_show(existing["evidence"].get(r.id)) if r.id in existing.index else "",
                                             placeholder=label("widgets.evidence_placeholder", self.lang),
                                             layout=w.Layout(width="32em", height="3.5em"))
            weight = format_number(r.weight, 2, self.lang) if pd.notna(r.weight) else "—"
            expected = label("widgets.expected", self.lang, value=r.evidence) if _show(r.evidence) else ""
            rows.append(w.VBox([
                w.HTML(f"<b>{_esc(r.id)} — {_esc(_show(r.criterion))}</b> ({_esc(_show(r.dimension))}, "
                       f"{label('widgets.scale', self.lang, min=format_number(low), max=format_number(high), weight=weight)})"
                       + (f"<br><small>{_esc(expected)}</small>" if expected else "")),
                w.HBox([self.scores[r.id], self.evidence[r.id]])]))
        self.status = w.HTML(_refused(problems, self.lang) if problems else "")
        self.save_button = w.Button(description=label("widgets.save", self.lang), button_style="primary", icon="save",
                                    disabled=bool(problems))
        self.save_button.on_click(lambda _: self.save())
        title = w.HTML(f"<h4>{_esc(label('widgets.grid_title', self.lang, site=prog.site_name(site), round=round))}</h4>")
        if self.criteria.empty:
            super().__init__([title, w.HTML(f"<p><em>{label('widgets.no_criteria', self.lang)}</em></p>")])
        else:
            super().__init__([title, *rows, self.save_button, self.status])
        self.add_class("transfo-evaluation-grid")

    def entries(self) -> dict[str, tuple[str, str]]:
        return {c: (self.scores[c].value, self.evidence[c].value) for c in self.scores}

    def save(self) -> bool:
        """Write the scores of this site and round; return True if written."""
        problems = _check_site_round(self.site, self.round or 0, self.programme.config.site_ids, self.lang)[1]
        problems += check_scores(self.entries(), self.criteria, lang=self.lang)[1]
        path = table_path(self.programme_dir, "scores", self.programme.sources)
        entries, base = self.entries(), dict(self.saved)
        return _write(self, lambda: save_scores(path, self.site, self.round, entries, self.criteria, base=base,
                                                lang=self.lang),
                      problems, path, after=lambda: self.saved.update({c: (s, e) for c, (s, e) in entries.items()}))
