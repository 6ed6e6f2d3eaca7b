"""The Inter-Transfo report: several collectivités in one printable document.

Assembled from the analyses of :mod:`transfo_lab.phases.portfolio` (never a second implementation) with
:class:`transfo_lab.reports.document.Document`, like the livret: every text from the data is escaped there,
every programme is pseudonymised before it is read. ``OUT/inter-transfo.html`` (one self-contained
file), ``OUT/inter-transfo.pdf`` and ``OUT/inter-transfo.json`` (the key figures: days held, situation
and shared themes per collectivité). The same data on the same day gives a byte-identical HTML.
"""
from __future__ import annotations

import datetime as _dt
import json
import warnings
from pathlib import Path

import pandas as pd

from transfo_lab.phases import portfolio as pf
from transfo_lab.reports.document import Document, cell_text, write_pdf
from transfo_lab.contract.io import atomic_write
from transfo_lab.base.labels import format_date, format_euros, format_number, format_percent, label
from transfo_lab.protocols.facts import TRANSFO
from transfo_lab.contract.schemas import ASSESSMENT_ROUNDS

STEM = "inter-transfo"
MAX_ROWS = 16
_TONES = {"late": "rework", "ahead": "adapt", "on_track": "deploy", "finished": "deploy", "not_started": ""}


def _t(key: str, lang: str, **values) -> str:
    return label(f"portfolio.{key}", lang, **values)


def _words(value, lang: str) -> str:
    from transfo_lab.reports.livret import humanize

    return humanize(value, lang)


def key_figures(portfolio: pf.Portfolio, progress: pd.DataFrame, themes: pf.Themes) -> dict:
    """What the report says in numbers, for the JSON beside it (and the tests)."""
    return {
        "as_of": portfolio.as_of.date().isoformat(),
        "members": {r.member: {"name": r.name, "days_held": int(r.days_held), "days_planned": int(r.days_planned),
                               "sessions_held": int(r.sessions_held), "status": r.status, "switched": bool(r.switched)}
                    for r in progress.itertuples()},
        "late": [r.member for r in progress.itertuples() if r.status == "late"],
        "shared_themes": list(themes.shared.index),
        "excluded": [str(e.path.name) for e in portfolio.excluded],
        "next_inter_transfo": None if pf.next_inter_transfo(portfolio) is None
        else pf.next_inter_transfo(portfolio).date().isoformat(),
    }


def build(portfolio: pf.Portfolio, *, today: _dt.date | None = None) -> tuple[Document, dict]:
    """The Inter-Transfo document of a (pseudonymised) portfolio, and its key figures."""
    from transfo_lab import __version__

    lang = portfolio.lang
    today = today or _dt.date.today()
    progress = pf.protocol_progress(portfolio)
    themes = pf.themes(portfolio)
    outcomes = pf.prototype_outcomes(portfolio)
    reused = pf.reuses(portfolio, outcomes)
    doc = Document(title=_t("title", lang), programme=portfolio.name,
                   kicker=label(f"planning.kind.{portfolio.kind}", lang),
                   subtitle=_t("subtitle", lang, date=format_date(portfolio.as_of, lang, "long")), lang=lang,
                   cover_lines=[_t("cover_members", lang, names=", ".join(m.name for m in portfolio.members) or "—"),
                                _t("cover_edition", lang, date=format_date(today, lang, "long"))])
    figures = key_figures(portfolio, progress, themes)
    _synthesis(doc, portfolio, progress, outcomes)
    _progress_chapter(doc, portfolio, progress)
    _themes_chapter(doc, portfolio, themes)
    annexes: list = []
    _outcomes_chapter(doc, portfolio, outcomes, reused, annexes)
    _budget_chapter(doc, portfolio)
    if portfolio.kind == "transfo":  # the ambassadeurs are La Transfo's
        _capacity_chapter(doc, portfolio, annexes)
    _annexes(doc, portfolio, themes, annexes)
    doc.colophon = [_t("colophon_members", lang, n=len(portfolio.members), excluded=len(portfolio.excluded)),
                    label("livret.colophon_kit", lang, version=__version__),
                    label("livret.colophon_date", lang, date=format_date(today, lang, "long")),
                    label("livret.colophon_privacy", lang)]
    return doc, figures


# --- tables in words (the report's and the notebook's) -------------------------------------------------

def _opt(value, lang: str, decimals: int = 1) -> str:
    return format_number(value, decimals, lang) if value is not None and pd.notna(value) else "—"


def days_table(progress: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """Sessions held and planned per collectivité, months elapsed, the protocol's pace, the situation."""
    return pd.DataFrame({
        _t("col_member", lang): progress["name"],
        _t("col_held", lang): [f"{r.days_held} / {r.days_planned}" for r in progress.itertuples()],
        _t("col_sessions", lang): [f"{r.sessions_held} / {r.sessions_planned}" for r in progress.itertuples()],
        _t("col_months", lang): [_opt(v, lang) for v in progress["months_elapsed"]],
        _t("col_pace", lang): [f"{_opt(a, lang)} – {_opt(b, lang)}"
                               for a, b in zip(progress["expected_low"], progress["expected_high"])],
        _t("col_status", lang): [label(f"portfolio.status.{s}", lang) for s in progress["status"]]})


def milestones_table(progress: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """Sequences of 2 to 3 days, switch to the prefiguration, preparation days, next Inter-Transfo."""
    def day(d):
        return cell_text(d, lang) if d is not None and pd.notna(d) else "—"

    return pd.DataFrame({
        _t("col_member", lang): progress["name"],
        _t("col_sequences", lang): [f"{r.sessions_planned - r.sequences_off} / {r.sessions_planned}"
                                    for r in progress.itertuples()],
        _t("col_switch", lang): [day(d) if done or d is None or pd.isna(d) else _t("planned_on", lang, date=day(d))
                                 for d, done in zip(progress["switch_date"], progress["switched"])],
        _t("col_switch_months", lang): [_opt(v, lang) for v in progress["switch_months"]],
        _t("col_preparation", lang): [_opt(v, lang) for v in progress["preparation_days"]],
        _t("col_next_it", lang): [day(d) for d in progress["next_inter_transfo"]]})


def shared_table(themes: pf.Themes, p: pf.Portfolio) -> pd.DataFrame:
    """The themes present in every collectivité, with their family and share of each one's observations."""
    lang, shared = p.lang, themes.shared
    families = themes.codebook.set_index("tag")["family_key"]
    table = pd.DataFrame({_t("col_theme", lang): [pf.theme_label(themes, k) for k in shared.index],
                          _t("col_family", lang): [pf.theme_label(themes, families.get(k, "autre"))
                                                   for k in shared.index]})
    for m in [m for m in p.ids if m in shared.columns]:
        table[p.names[m]] = [format_percent(v, 0, lang) for v in shared[m]]
    return table


def counts_table(counts: pd.DataFrame, p: pf.Portfolio) -> pd.DataFrame:
    """:func:`transfo_lab.phases.portfolio.outcome_counts` in words."""
    lang = p.lang
    table = pd.DataFrame({_t("col_member", lang): [p.names[m] for m in counts.index]})
    for key in ("validee", "mitigee", "invalidee"):
        table[_words(key, lang)] = counts[key].to_numpy()
    table[_t("col_untested", lang)] = counts["untested"].to_numpy()
    table[label("common.total", lang)] = counts["total"].to_numpy()
    return table


def budget_table(table: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """:func:`transfo_lab.phases.portfolio.budget_overview` in words (euros, shares)."""
    def euros(v):
        return format_euros(v, lang=lang) if v is not None and pd.notna(v) else "—"

    return pd.DataFrame({
        _t("col_member", lang): table["name"], _t("col_total", lang): table["total"].map(euros),
        _t("col_expected_own", lang): table["expected_own"].map(euros),
        _t("col_own", lang): table["own"].map(euros), _t("col_partners", lang): table["partners"].map(euros),
        _t("col_own_share", lang): table["own_share"].map(
            lambda v: format_percent(v, 0, lang) if v is not None and pd.notna(v) else "—")})


def reuses_table(reused: pd.DataFrame, p: pf.Portfolio) -> pd.DataFrame:
    """:func:`transfo_lab.phases.portfolio.reuses` in words: who took what from whom, both results."""
    lang = p.lang

    def result(v):
        return _words(v, lang) if isinstance(v, str) else _t("untested", lang)

    return pd.DataFrame({_t("col_member", lang): reused["member"].map(p.names),
                         _t("col_prototype", lang): reused["name"], _t("col_result", lang): reused["result"].map(result),
                         _t("col_origin", lang): [f"{n} ({p.names[m]})" for n, m in
                                                  zip(reused["from_name"], reused["from_member"])],
                         _t("col_origin_result", lang): reused["from_result"].map(result)})


def recommendations_table(recos: pd.DataFrame, p: pf.Portfolio) -> pd.DataFrame:
    """:func:`transfo_lab.phases.portfolio.evaluation_outcomes` (recommendations) in words."""
    lang = p.lang
    return pd.DataFrame({
        _t("col_member", lang): recos["member"].map(p.names), _t("col_site", lang): recos["site_name"],
        _t("col_decision", lang): recos["recommendation"].map(
            lambda v: label(f"evaluation.decision.{v}", lang) if isinstance(v, str) else "—"),
        _t("col_score", lang): recos["score"].map(lambda v: format_number(v, 2, lang) if pd.notna(v) else "—"),
        _t("col_reasons", lang): recos["reasons"]})


def attendance_table(attendance: pd.DataFrame, p: pf.Portfolio) -> pd.DataFrame:
    """:func:`transfo_lab.phases.portfolio.attendance_summary` in words."""
    lang = p.lang
    return pd.DataFrame({
        _t("col_member", lang): attendance["member"].map(p.names),
        _t("col_ambassadeurs", lang): attendance["ambassadeurs"],
        _t("col_days_held", lang): attendance["days_held"],
        _t("col_mean_days", lang): attendance["mean_days"].map(lambda v: format_number(v, 1, lang)),
        _t("col_min_days", lang): attendance["min_days"].map(lambda v: format_number(v, 1, lang)),
        _t("col_rate", lang): attendance["rate"].map(lambda v: format_percent(v, 0, lang) if pd.notna(v) else "—")})


# -- synthèse
def _synthesis(doc: Document, p: pf.Portfolio, progress: pd.DataFrame, outcomes: pd.DataFrame) -> None:
    lang = p.lang
    doc.chapter(_t("ch_synthesis", lang))
    following = pf.next_inter_transfo(p)
    doc.para(_t("synthesis_lead", lang, n=len(p.members), date=format_date(p.as_of, lang, "long"),
                next=format_date(following, lang, "long") if following is not None else "—"), kind="lead")
    counts = pf.outcome_counts(outcomes, p)
    for row in progress.itertuples():
        member = p.member(row.member)
        title = row.name + (f" — {label(f'portfolio.type.{row.type}', lang)}" if isinstance(row.type, str) else "")
        lines = [[("", _t("card_status", lang)), ("b", label(f"portfolio.status.{row.status}", lang)),
                  ("", " — " + (row.reasons[0] if row.reasons else ""))]]
        if member.kind == "transfo":
            phase = _t("phase_prefiguration", lang) if row.switched else _t("phase_cas_pratiques", lang)
            lines.append([("", _t("card_days", lang, held=row.days_held, planned=row.days_planned,
                                  total=TRANSFO.session_days, months=format_number(row.months_elapsed, 1, lang),
                                  phase=phase))])
        c = counts.loc[row.member]
        lines.append([("", _t("card_prototypes", lang, total=int(c["total"]), validated=int(c["validee"]),
                              mixed=int(c["mitigee"]), failed=int(c["invalidee"])))])
        doc.box(title, lines, tone=_TONES.get(row.status, ""))
    if p.excluded or p.notices:
        doc.section(_t("left_out", lang))
        if p.excluded:
            doc.para(_t("left_out_lead", lang, n=len(p.excluded)))
            doc.bullets([f"{e.path.name} ({e.name}){label('common.colon', lang)} {e.reason}" for e in p.excluded])
            doc.para(_t("left_out_annex", lang), kind="note")
        if p.notices:
            doc.bullets(p.notices)


# -- avancement
def _progress_chapter(doc: Document, p: pf.Portfolio, progress: pd.DataFrame) -> None:
    lang = p.lang
    doc.chapter(_t("ch_progress", lang))
    transfo = progress[progress["kind"] == "transfo"]
    if len(transfo):
        low, high = TRANSFO.duration_months
        doc.para(_t("progress_lead", lang, total=TRANSFO.session_days, low=low, high=high,
                    date=format_date(p.as_of, lang, "long")), kind="lead")
        doc.figure(pf.plot_progress(transfo, lang=lang).figure, caption=_t("progress_caption", lang))
        doc.table(days_table(transfo, lang=lang), caption=_t("days_caption", lang), numeric=())
        low_p, high_p = TRANSFO.ambassadeur_preparation_days
        doc.table(milestones_table(transfo, lang=lang), caption=_t("milestones_caption", lang, switch=TRANSFO.cas_pratiques_months),
                  numeric=(), note=_t("milestones_note", lang, low=low_p, high=high_p))
    other = progress[progress["kind"] != "transfo"]
    if len(other):
        doc.para(_t("progress_pad_lead", lang), kind="lead")
    doc.section(_t("why", lang))
    for row in progress.itertuples():
        doc.subsection(f"{row.name} — {label(f'portfolio.status.{row.status}', lang)}")
        doc.bullets(list(row.reasons))
        if row.findings:
            doc.para(_t("findings", lang, n=len(row.findings)), kind="note")
            doc.bullets(list(row.findings))
    days = pf.inter_transfo_days(p)
    if not days.empty:
        doc.section(_t("inter_transfo", lang))
        grouped = days.groupby("date", sort=True)["member"].apply(list)
        table = pd.DataFrame({_t("col_date", lang): list(grouped.index),
                              _t("col_state", lang): [_t("held" if d <= p.as_of else "to_come", lang)
                                                      for d in grouped.index],
                              _t("col_members_it", lang): [", ".join(p.names[m] for m in dict.fromkeys(ms))
                                                           for ms in grouped]})
        low, high = TRANSFO.inter_transfo_months
        doc.table(table, caption=_t("inter_transfo_caption", lang, low=low, high=high),
                  widths={_t("col_members_it", lang): "55%"})


# -- thèmes
def _themes_chapter(doc: Document, p: pf.Portfolio, themes: pf.Themes) -> None:
    from transfo_lab.phases.research import comparison

    lang = p.lang
    doc.chapter(_t("ch_themes", lang))
    obs = themes.observations
    doc.para(_t("themes_lead", lang, n=len(obs), members=len(set(obs["site"])) if len(obs) else 0,
                themes=len(themes.codebook)), kind="lead")
    mapped = themes.matched[themes.matched["how"] == "mapping"]
    if len(mapped):
        doc.para(_t("mapping_used", lang, n=len(mapped)))
        doc.table(pd.DataFrame({_t("col_member", lang): mapped["member"].map(p.names),
                                _t("col_own_tag", lang): mapped["tag"].map(lambda v: _words(v, lang)),
                                _t("col_common", lang): mapped["common"].map(lambda k: pf.theme_label(themes, k))}),
                  caption=_t("mapping_caption", lang))
    doc.section(_t("shared", lang))
    if themes.shared.empty:
        doc.para(_t("none_shared", lang))
    else:
        doc.table(shared_table(themes, p), caption=_t("shared_caption", lang, n=len(themes.shared)), numeric=(),
                  note=_t("shared_note", lang))
    doc.section(_t("specific", lang))
    compared = themes.comparison
    if compared.empty:
        doc.para(_t("too_few", lang))
    else:
        specific = comparison.specific_tags(compared)
        if specific.empty:
            doc.para(_t("none_specific", lang))
        else:
            rows = [{_t("col_member", lang): p.names[r.site], _t("col_theme", lang): pf.theme_label(themes, r.tag),
                     _t("col_here", lang): f"{format_percent(r.share_site, 0, lang)} ({r.n_site}/{r.total_site})",
                     _t("col_elsewhere", lang): f"{format_percent(r.share_others, 0, lang)} ({r.n_others}/{r.total_others})",
                     _t("col_reading", lang): comparison.plain_reading(r._asdict(), lang)}
                    for r in specific.itertuples()]
            doc.table(pd.DataFrame(rows), caption=_t("specific_caption", lang), note=_t("specific_note", lang))
        labelled = compared.assign(tag=compared["tag"].map(lambda k: pf.theme_label(themes, k)))
        ax = comparison.plot_specificity(labelled, site_names=p.names, lang=lang)
        ax.set_title(_t("heatmap_title", lang))
        fig = ax.figure
        doc.figure(fig, caption=_t("heatmap_caption", lang))
    if not themes.family_shared.empty or not themes.family_comparison.empty:
        doc.section(_t("families", lang))
        fam = themes.family_comparison
        specific = comparison.specific_tags(fam) if not fam.empty else fam
        shared_f = [pf.theme_label(themes, f) for f in themes.family_shared.index]
        doc.para(_t("families_shared", lang, families=", ".join(shared_f) or "—"))
        if len(specific):
            doc.bullets([_t("family_specific", lang, member=p.names[r.site], family=pf.theme_label(themes, r.tag),
                            here=format_percent(r.share_site, 0, lang), elsewhere=format_percent(r.share_others, 0, lang))
                         for r in specific.itertuples()])


# -- succès et échecs
def _table_or_annex(doc: Document, p: pf.Portfolio, annexes: list, data: pd.DataFrame, caption: str, **options) -> None:
    """A short table in place; a long one in the annexes, with a sentence here."""
    if len(data) <= MAX_ROWS:
        doc.table(data, caption=caption, **options)
        return
    annexes.append((caption, data, options))
    doc.para(label("livret.in_annex", p.lang, caption=caption, n=len(data), annex=f"A{len(annexes)}"), kind="note")


def _outcomes_chapter(doc: Document, p: pf.Portfolio, outcomes: pd.DataFrame, reused: pd.DataFrame,
                      annexes: list) -> None:
    lang = p.lang
    doc.chapter(_t("ch_outcomes", lang))
    counts = pf.outcome_counts(outcomes, p)
    doc.para(_t("outcomes_lead", lang, n=len(outcomes), validated=int(counts["validee"].sum()),
                failed=int(counts["invalidee"].sum())), kind="lead")
    doc.table(counts_table(counts, p), caption=_t("counts_caption", lang))
    doc.section(_t("prototypes", lang))
    rows = pd.DataFrame({_t("col_member", lang): outcomes["member"].map(p.names),
                         _t("col_prototype", lang): outcomes["name"],
                         _t("col_kind", lang): outcomes["kind"].map(lambda v: _words(v, lang)),
                         _t("col_tests", lang): outcomes["tests"],
                         _t("col_result", lang): outcomes["result"].map(
                             lambda v: _words(v, lang) if isinstance(v, str) else _t("untested", lang))})
    doc.table(rows, caption=_t("prototypes_caption", lang))
    if len(reused):
        doc.section(_t("reuses", lang))
        doc.para(_t("reuses_lead", lang))
        for r in reused.itertuples():
            doc.subsection(_t("reuse_title", lang, name=r.name, member=p.names[r.member], origin=r.from_name,
                              from_member=p.names[r.from_member]))
            doc.table(pd.DataFrame({
                _t("col_member", lang): [p.names[r.from_member], p.names[r.member]],
                _t("col_prototype", lang): [r.from_name, r.name],
                _t("col_result", lang): [_words(v, lang) if isinstance(v, str) else _t("untested", lang)
                                         for v in (r.from_result, r.result)],
                _t("col_learning", lang): [r.from_learning or "—", r.learning or "—"]}),
                caption=_t("reuse_caption", lang, name=r.name), widths={_t("col_learning", lang): "50%"})
    learned = outcomes[outcomes["learning"].notna()]
    if len(learned):
        doc.section(_t("learnings", lang))
        doc.table(pd.DataFrame({_t("col_member", lang): learned["member"].map(p.names),
                                _t("col_prototype", lang): learned["name"],
                                _t("col_result", lang): learned["result"].map(lambda v: _words(v, lang)),
                                _t("col_learning", lang): learned["learning"]}),
                  caption=_t("learnings_caption", lang), widths={_t("col_learning", lang): "52%"})
    recos, evidence = pf.evaluation_outcomes(p)
    doc.section(_t("evaluation", lang))
    if recos.empty:
        doc.para(_t("no_evaluation", lang))
        return
    decided = recos["recommendation"].value_counts()
    doc.para(_t("evaluation_lead", lang, deploy=int(decided.get("deploy", 0)), adapt=int(decided.get("adapt", 0)),
                rework=int(decided.get("rework", 0))))
    doc.table(recommendations_table(recos, p), caption=_t("evaluation_caption", lang), numeric=(_t("col_score", lang),),
              widths={_t("col_reasons", lang): "45%"})
    triggers = evidence[evidence["trigger"]] if "trigger" in evidence else evidence
    if len(triggers):
        _table_or_annex(doc, p, annexes, pd.DataFrame({
            _t("col_member", lang): triggers["member"].map(p.names), _t("col_site", lang): triggers["site_name"],
            _t("col_criterion", lang): triggers["criterion_label"],
            _t("col_score", lang): triggers["score"].map(lambda v: cell_text(v, lang)),
            _t("col_evidence", lang): triggers["evidence"]}),
            _t("evidence_caption", lang), widths={_t("col_evidence", lang): "40%"})


# -- budget
def _budget_chapter(doc: Document, p: pf.Portfolio) -> None:
    lang = p.lang
    doc.chapter(_t("ch_budget", lang))
    table = pf.budget_overview(p)
    if table.empty:
        doc.para(label("common.no_data", lang))
        return
    total = table.iloc[-1]
    doc.para(_t("budget_lead", lang, total=format_euros(total["total"], lang=lang),
                own=format_percent(total["own_share"], 0, lang) if pd.notna(total["own_share"]) else "—"), kind="lead")
    doc.table(budget_table(table, lang=lang), caption=_t("budget_caption", lang), numeric=(), note=_t("budget_note", lang))


# -- mise en capacité
def _capacity_chapter(doc: Document, p: pf.Portfolio, annexes: list) -> None:
    lang = p.lang
    doc.chapter(_t("ch_capacity", lang))
    doc.para(_t("capacity_lead", lang, bricks=len(TRANSFO.method_bricks), values=len(TRANSFO.values)), kind="lead")
    change = pf.capacity_change(p, families=(None, "brique", "valeur"))
    if change.empty:
        doc.para(_t("no_assessment", lang))
    else:
        doc.figure(pf.plot_capacity(p, lang=lang).figure, caption=_t("capacity_caption", lang))
        overall = change[change["family"].isna()]
        doc.table(change_table(overall, p, lang), caption=_t("change_caption", lang),
                  note=_t("change_note", lang))
        portfolio_rows = change[change["member"].isna() & change["family"].notna()]
        if len(portfolio_rows):
            doc.table(change_table(portfolio_rows, p, lang, by_family=True), caption=_t("change_family_caption", lang))
    people = pf.ambassadeurs(p)
    if len(people):
        def number(v):
            return format_number(v, 1, lang) if v is not None and pd.notna(v) else "—"

        table = pd.DataFrame({_t("col_member", lang): people["member"].map(p.names),
                              _t("col_ambassadeur", lang): people["ambassadeur"]})
        for r in ASSESSMENT_ROUNDS:
            table[label(f"portfolio.round.{r}", lang)] = people[r].map(lambda v: format_number(v, 2, lang)
                                                                        if v is not None and pd.notna(v) else "—")
        table[_t("col_change", lang)] = people["change"].map(lambda v: _signed(v, lang))
        table[_t("col_days_present_total", lang)] = people["days_present"].map(number)
        table[_t("col_preparation_short", lang)] = people["preparation_days"].map(number)
        _table_or_annex(doc, p, annexes, table, _t("people_caption", lang), numeric=())
    doc.section(_t("attendance", lang))
    attendance = pf.attendance_summary(p)
    if attendance.empty:
        doc.para(_t("no_attendance", lang))
    else:
        doc.table(attendance_table(attendance, p), caption=_t("attendance_caption", lang, total=TRANSFO.session_days), numeric=())
        sessions = []
        for m in p.members:
            table = pf.session_attendance(m, p.as_of)
            for r in table.itertuples():
                sessions.append({_t("col_member", lang): m.name, _t("col_session", lang): r.session,
                                 _t("col_date", lang): r.start, _t("col_length", lang): int(r.days),
                                 _t("col_present", lang): "—" if pd.isna(r.present) else f"{int(r.present)} / {r.ambassadeurs}",
                                 _t("col_days_present", lang): "—" if pd.isna(r.days_present) else
                                 format_number(r.days_present, 1, lang).replace(",0", "")})
        if sessions:
            _table_or_annex(doc, p, annexes, pd.DataFrame(sessions), _t("sessions_caption", lang), numeric=())
    low, high = TRANSFO.ambassadeur_preparation_days
    rows = []
    for m in p.members:
        prep = pf.preparation_summary(m)
        if prep.empty:
            continue
        rows.append({_t("col_member", lang): m.name, _t("col_ambassadeurs", lang): len(prep),
                     _t("col_prep_mean", lang): format_number(prep["preparation_days"].mean(), 1, lang),
                     _t("col_prep_within", lang): int(prep["within"].sum()),
                     _t("col_prep_below", lang): int((prep["preparation_days"] < low).sum()),
                     _t("col_prep_above", lang): int((prep["preparation_days"] > high).sum())})
    if rows:
        doc.section(_t("preparation", lang))
        doc.para(_t("preparation_lead", lang, low=low, high=high))
        doc.table(pd.DataFrame(rows), caption=_t("preparation_caption", lang, low=low, high=high))


def change_table(rows: pd.DataFrame, p: pf.Portfolio, lang: str = "fr", by_family: bool = False) -> pd.DataFrame:
    """Rows of :func:`transfo_lab.phases.portfolio.capacity_change` in words (collectivité or family, rounds, test)."""
    first = [label(f"portfolio.family.{f}", lang) for f in rows["family"]] if by_family else \
        [p.names.get(m, _t("whole_portfolio", lang)) if isinstance(m, str) else _t("whole_portfolio", lang)
         for m in rows["member"]]
    return pd.DataFrame({
        (_t("col_family", lang) if by_family else _t("col_member", lang)): first,
        _t("col_rounds", lang): [f"{label(f'portfolio.round.{a}', lang)} → {label(f'portfolio.round.{b}', lang)}"
                                 for a, b in zip(rows["before"], rows["after"])],
        _t("col_pairs", lang): rows["n_pairs"].astype(int).to_numpy(),
        _t("col_before", lang): rows["mean_before"].map(lambda v: format_number(v, 2, lang)),
        _t("col_after", lang): rows["mean_after"].map(lambda v: format_number(v, 2, lang)),
        _t("col_median", lang): rows["median_change"].map(lambda v: _signed(v, lang)),
        _t("col_p", lang): rows["p_value"].map(lambda v: _p(v, lang)),
        _t("col_r", lang): rows["r"].map(lambda v: _signed(v, lang)),
        _t("col_reading", lang): [_reading(r, lang) for r in rows.itertuples()]})


def _signed(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    text = format_number(value, 2, lang)
    return f"+{text}" if value > 0 else text


def _p(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"<\xa0{format_number(0.001, 3, lang)}" if value < 0.001 else format_number(value, 3, lang)


def _reading(row, lang: str) -> str:
    if row.p_value is None or pd.isna(row.p_value):
        return _t("reading_too_few", lang)
    if row.p_value >= 0.05:
        return _t("reading_none", lang)
    size = abs(row.r)
    strength = "strong" if size >= 0.5 else "medium" if size >= 0.3 else "weak"
    return _t(f"reading_{'up' if row.r > 0 else 'down'}_{strength}", lang)


# -- annexes
def _annexes(doc: Document, p: pf.Portfolio, themes: pf.Themes, annexes: list) -> None:
    lang = p.lang
    doc.chapter(label("livret.annexes", lang), annex=True)
    for number, (caption, data, options) in enumerate(annexes, start=1):
        doc.section(f"A{number}. {caption}")
        doc.table(data, caption=caption, **options)
    if p.excluded:
        doc.section(_t("annex_excluded", lang))
        for e in p.excluded:
            doc.subsection(f"{e.path.name} — {e.reason}")
            shown = e.problems[:40]
            doc.bullets(shown + ([_t("more_problems", lang, n=len(e.problems) - len(shown))]
                                 if len(e.problems) > len(shown) else []))
    doc.section(_t("annex_themes", lang))
    codebook = themes.codebook
    used = themes.matched.groupby("common")["member"].apply(lambda ms: ", ".join(p.names[m] for m in dict.fromkeys(ms)))
    doc.table(pd.DataFrame({_t("col_theme", lang): [pf.theme_label(themes, k) for k in codebook["tag"]],
                            _t("col_family", lang): codebook["family"].map(lambda f: f if isinstance(f, str) else "—"),
                            _t("col_members_it", lang): codebook["tag"].map(lambda k: used.get(k, "—"))}),
              caption=_t("annex_themes_caption", lang), widths={_t("col_members_it", lang): "50%"})
    doc.section(label("livret.glossary", lang))
    for term in ("pace", "switch", "shared", "specific", "wilcoxon", "rank_biserial", "reuse", "pseudonymisation"):
        doc.rich([("b", _t(f"gloss_{term}", lang) + " — "), ("", _t(f"gloss_{term}_def", lang))])


# --- writing -------------------------------------------------------------------------------------------

def write_portfolio_report(paths, out: Path | str, *, formats=("html", "pdf"), mapping=None, as_of=None,
                           kind: str | None = None, name: str | None = None, pseudonymise: bool = True,
                           today: _dt.date | None = None, lang: str = "fr") -> tuple[dict[str, Path], pf.Portfolio]:
    """Read the portfolio, then write ``OUT/inter-transfo.html|pdf|json``.

    Returns what was written and the portfolio read (its ``excluded`` folders and ``notices`` are also in
    the report).
    """
    bad = [f for f in formats if f not in ("html", "pdf")]
    if bad:
        from transfo_lab.base.exceptions import ParameterError

        raise ParameterError(label("portfolio.bad_format", lang, value=bad[0]))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        portfolio = pf.load_portfolio(paths, kind=kind, mapping=mapping, as_of=as_of, name=name,
                                      pseudonymise=pseudonymise, reports_dir=out, lang=lang)
        if not portfolio.members:
            from transfo_lab.base.exceptions import DataError

            reasons = "; ".join(f"{e.path.name}{label('common.colon', lang)} {e.reason}" for e in portfolio.excluded) or "—"
            raise DataError(label("portfolio.no_member", lang, reasons=reasons))
        doc, figures = build(portfolio, today=today)
    page = doc.to_html()
    written: dict[str, Path] = {}
    if "html" in formats:
        written["html"] = atomic_write(out / f"{STEM}.html", page)
    if "pdf" in formats:
        written["pdf"] = write_pdf(page, out / f"{STEM}.pdf", lang=doc.lang)
    written["json"] = atomic_write(out / f"{STEM}.json", json.dumps(figures, indent=1, ensure_ascii=False,
                                                                    sort_keys=True))
    return written, portfolio
