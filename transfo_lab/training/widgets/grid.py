"""The agile evaluation grid: :class:`EvaluationGridWidget` and the rules it applies."""
from __future__ import annotations

import datetime as _dt
import warnings
from pathlib import Path

import ipywidgets as w
import pandas as pd

from transfo_lab.contract.editing import TableFile, format_number_cell, table_path
from transfo_lab.base.exceptions import DataError
from transfo_lab.base.problems import Problem
from transfo_lab.base.labels import date_cell, format_number, label
from transfo_lab.contract.validation import parse_float, parse_int
from transfo_lab.training.widgets.common import _STYLE, _esc, _load, _problem, _refusal, _refused, _show, _write


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
