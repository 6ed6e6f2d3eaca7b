"""Dot voting on ideas: :class:`DotVotingWidget` and the rules it applies."""
from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pandas as pd

from transfo_lab.contract.editing import TableFile, format_number_cell, table_path
from transfo_lab.base.exceptions import DataError, SaveConflictError
from transfo_lab.base.problems import Problem
from transfo_lab.base.labels import label
from transfo_lab.contract.schemas import VOTER_GROUPS
from transfo_lab.contract.validation import parse_choice, parse_float, parse_int
from transfo_lab.training.widgets.common import DEFAULT_DOTS, _STYLE, _esc, _load, _problem, _refusal, _show, _write


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
