"""The livret: the whole approach of a programme in one document, and one dossier per site.

« Le programme se conclut par une documentation globale de la démarche, sous la forme d'un
livret. » The livret is assembled from the same library calls as the phase notebooks (never a
second implementation of the analyses), on the pseudonymised programme:

1. a *synthèse pour les élus* — per site, the recommendation, its strongest and weakest
   criteria and a few key figures, in plain sentences;
2. *Ce qui a changé* since the previous edition found in the output folder;
3. the programme (calendar, protocol departures, budget and financing), the fieldwork, the
   cahier de propositions, the prototypes, the evaluation grid;
4. annexes (long tables, glossary) and a colophon (data fingerprint, kit version, date).

``OUT/livret.html`` (one self-contained file) and ``OUT/livret.pdf``, and for each site
``OUT/sites/<slug>/dossier.html|pdf``. ``OUT/livret.json`` keeps the key figures of the
edition, read back by the next one to say what changed. The same data on the same day gives
a byte-identical ``livret.html``.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from transfo_lab.phases.research import affinity, agreement, coding, comparison, survey
from transfo_lab.protocols import budget, planning
from transfo_lab.phases import evaluation, evidence, ideation, prototypes, vote_stability
from transfo_lab.reports.document import Document, cell_text, write_pdf
from transfo_lab.contract.io import atomic_write
from transfo_lab.base.labels import LABELS, format_date, format_number, format_percent, label, tag_label

STATE_FILE = "livret.json"
#: Longest table kept in a chapter; longer ones go to the annexes.
MAX_ROWS_IN_CHAPTER = 14


# --- words for ids -------------------------------------------------------------------------------------

_CHOICE_PREFIXES = ("prototypes.result", "prototypes.kind", "ideation.status", "ideation.tension", "planning.type",
                    "planning.phase", "planning.role", "coding.method", "evaluation.decision", "planning.kind",
                    "inspiration.kind", "ideation.group")


def humanize(value, lang: str = "fr") -> str:
    """The reader's word for an id of the data: its label when the kit has one, else the id in words.

    >>> humanize("validee"), humanize("espaces_communs"), humanize("test_de_service")
    ('Validée', 'Espaces communs', 'Test de service')
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    text = str(value)
    for prefix in _CHOICE_PREFIXES:
        entry = LABELS.get(f"{prefix}.{text}")
        if entry:
            return entry[lang]
    words = tag_label(text)
    return words[:1].upper() + words[1:]


@dataclass
class _Context:
    """What every chapter needs: the (pseudonymised) programme, the site in focus, the words."""

    full: object
    prog: object
    site: str | None
    lang: str
    site_names: dict
    criteria: pd.DataFrame
    limits: dict

    @property
    def sites(self) -> list[str]:
        return [self.site] if self.site else list(self.full.config.site_ids)

    def site_name(self, site_id) -> str:
        return self.site_names.get(site_id, humanize(site_id, self.lang))

    def t(self, key: str, **values) -> str:
        return label(f"livret.{key}", self.lang, **values)


# --- key figures (also the state compared between editions) ------------------------------------------------

def key_figures(full, *, lang: str = "fr") -> dict:
    """The figures an edition is compared on: recommendations, weighted scores, themes, prototypes, tests."""
    figures: dict = {"recommendations": {}, "scores": {}, "criteria": {}, "themes": {}, "prototypes": {}, "results": {}}
    sites = list(full.config.site_ids)
    if not full.criteria.empty and not full.scores.empty:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            criteria = evaluation.normalise_weights(full.criteria, lang=lang)
            limits = evaluation.thresholds(full.config.settings)
            recos = evaluation.recommend(criteria, full.scores, limits=limits, sites=sites, lang=lang)
            weighted = evaluation.weighted_scores(criteria, full.scores, sites=sites, lang=lang)
        for row in recos.itertuples():
            figures["recommendations"][row.site] = None if pd.isna(row.recommendation) else str(row.recommendation)
        latest = weighted.dropna(subset=["score"]).sort_values("round").groupby("site").tail(1)
        for row in latest.itertuples():
            figures["scores"][row.site] = {"round": int(row.round), "score": round(float(row.score), 2)}
        scores = full.scores.dropna(subset=["score"]).sort_values("round").groupby(["site", "criterion"]).tail(1)
        for row in scores.itertuples():
            figures["criteria"].setdefault(row.site, {})[row.criterion] = {"round": int(row.round),
                                                                           "score": float(row.score)}
    if not full.observations.empty:
        counts = full.observations.explode("tags")["tags"].dropna().value_counts()
        figures["themes"] = {str(k): int(v) for k, v in sorted(counts.items())}
    for row in full.prototypes.itertuples():
        figures["prototypes"][row.id] = str(row.name)
    if not full.tests.empty:
        latest = prototypes.latest_results(full.tests, full.prototypes, sites=sites)
        for proto, values in latest.iterrows():
            for site_id, value in values.items():
                if isinstance(value, str):
                    figures["results"].setdefault(str(proto), {})[str(site_id)] = value
    return figures


def changes(previous: dict | None, current: dict, ctx: _Context) -> list[str]:
    """Sentences saying what changed between two editions' key figures (empty list: nothing changed)."""
    t, lang = ctx.t, ctx.lang
    lines: list[str] = []
    crit_names = dict(zip(ctx.criteria["id"], ctx.criteria["criterion"])) if not ctx.criteria.empty else {}
    for site_id in ctx.sites:
        name = ctx.site_name(site_id)
        old, new = previous.get("recommendations", {}).get(site_id), current["recommendations"].get(site_id)
        if old != new and new is not None:
            lines.append(t("change_reco", site=name, old=humanize_decision(old, lang), new=humanize_decision(new, lang)))
        old_s, new_s = previous.get("scores", {}).get(site_id), current["scores"].get(site_id)
        if new_s and (not old_s or abs(old_s["score"] - new_s["score"]) >= 0.005 or old_s["round"] != new_s["round"]):
            before = f"{cell_text(old_s['score'], lang)} (tour {old_s['round']})" if old_s else "—"
            lines.append(t("change_score", site=name, old=before, new=cell_text(new_s["score"], lang),
                           round=new_s["round"]))
        old_c = previous.get("criteria", {}).get(site_id, {})
        for crit, value in sorted(current["criteria"].get(site_id, {}).items()):
            before = old_c.get(crit)
            if before is None or before["score"] != value["score"] or before["round"] != value["round"]:
                lines.append(t("change_criterion", site=name, criterion=crit_names.get(crit, crit),
                               old=cell_text(before["score"], lang) if before else "—",
                               new=cell_text(value["score"], lang), round=value["round"]))
    for tag in sorted(set(current["themes"]) | set(previous.get("themes", {}))):
        old, new = previous.get("themes", {}).get(tag, 0), current["themes"].get(tag, 0)
        if old != new:
            lines.append(t("change_theme", tag=humanize(tag, lang), old=old, new=new))
    for proto, name in sorted(current["prototypes"].items()):
        if proto not in previous.get("prototypes", {}):
            lines.append(t("change_new_prototype", name=name))
    for proto, per_site in sorted(current["results"].items()):
        for site_id, result in sorted(per_site.items()):
            if site_id not in ctx.sites:
                continue
            old = previous.get("results", {}).get(proto, {}).get(site_id)
            if old != result:
                lines.append(t("change_result", name=current["prototypes"].get(proto, proto),
                               site=ctx.site_name(site_id), old=humanize(old, lang) if old else "—",
                               new=humanize(result, lang)))
    return lines


def humanize_decision(value, lang: str) -> str:
    return label(f"evaluation.decision.{value}", lang) if value else "—"


# --- building the document -------------------------------------------------------------------------------------

def build(programme, *, site: str | None = None, previous: dict | None = None, today: _dt.date | None = None,
          fingerprint: str = "", lang: str | None = None) -> tuple[Document, dict]:
    """The livret (``site=None``) or one site's dossier, and the key figures of this edition.

    ``programme`` is the pseudonymised programme (see :func:`transfo_lab.contract.privacy.pseudonymise_programme`).
    """
    from transfo_lab import __version__

    lang = lang or programme.lang
    today = today or _dt.date.today()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        criteria = (evaluation.normalise_weights(programme.criteria, lang=lang) if not programme.criteria.empty
                    else programme.criteria)
    ctx = _Context(programme, programme.for_site(site), site, lang, dict(zip(programme.sites["id"], programme.sites["name"])),
                   criteria, evaluation.thresholds(programme.config.settings))
    t = ctx.t
    config = programme.config
    period = t("period", start=format_date(config.start, lang, "long"), end=format_date(config.end, lang, "long")) if config.end is not None \
        else t("period_from", start=format_date(config.start, lang, "long"))
    doc = Document(title=t("title") if site is None else t("dossier_title", site=ctx.site_name(site)),
                   programme=programme.name, kicker=label(f"planning.kind.{programme.kind}", lang),
                   subtitle=period, lang=lang,
                   cover_lines=[t("cover_sites", sites=", ".join(ctx.site_name(s) for s in ctx.sites)),
                                t("cover_edition", date=format_date(today, lang, "long"))])
    figures = key_figures(programme, lang=lang)
    _synthesis(doc, ctx, figures)
    _changes(doc, ctx, previous, figures)
    annexes: list = []
    _programme_chapter(doc, ctx, annexes)
    _fieldwork_chapter(doc, ctx, annexes)
    _ideation_chapter(doc, ctx, annexes)
    _prototypes_chapter(doc, ctx, annexes)
    _evaluation_chapter(doc, ctx, annexes)
    _annexes(doc, ctx, annexes)
    doc.colophon = [t("colophon_data", fingerprint=fingerprint or "—"), t("colophon_kit", version=__version__),
                    t("colophon_date", date=format_date(today, lang, "long")), t("colophon_privacy")]
    return doc, figures


def _table_or_annex(doc: Document, ctx: _Context, annexes: list, data: pd.DataFrame, caption: str, **options) -> None:
    """A short table in place; a long one in the annexes, with its first rows and a sentence here."""
    if len(data) <= MAX_ROWS_IN_CHAPTER:
        doc.table(data, caption=caption, **options)
        return
    annexes.append((caption, data, options))
    doc.para(ctx.t("in_annex", caption=caption, n=len(data), annex=f"A{len(annexes)}"), kind="note")


# -- synthèse pour les élus
def _synthesis(doc: Document, ctx: _Context, figures: dict) -> None:
    t, lang = ctx.t, ctx.lang
    doc.chapter(t("synthesis"))
    prog = ctx.full
    doc.para(t("synthesis_intro", n=_n_sites(ctx), kind=label(f"planning.kind.{prog.kind}", lang)), kind="lead")
    crit_names = dict(zip(ctx.criteria["id"], ctx.criteria["criterion"])) if not ctx.criteria.empty else {}
    flips = _flip_sentences(ctx)
    for site_id in ctx.sites:
        name = ctx.site_name(site_id)
        lines: list[list[tuple[str, str]]] = []
        reco = figures["recommendations"].get(site_id)
        score = figures["scores"].get(site_id)
        tone = reco or ""
        if reco and score:
            lines.append([("", t("reco_is")), ("b", humanize_decision(reco, lang)), ("", t("reco_score", score=format_number(
                score["score"], 2, lang), round=score["round"]))])
        else:
            lines.append([("", t("no_reco"))])
        latest = figures["criteria"].get(site_id, {})
        if latest and crit_names:
            scale = ctx.criteria.set_index("id")
            normalised = {c: _on_five(v["score"], scale.loc[c]) for c, v in latest.items() if c in scale.index}
            if normalised:
                ordered = sorted(normalised.items(), key=lambda kv: (-kv[1], kv[0]))
                best, worst = ordered[0], ordered[-1]
                lines.append([("", t("strongest")), ("b", crit_names.get(best[0], best[0])),
                              ("", t("on_five", score=cell_text(round(best[1], 1), lang)))])
                lines.append([("", t("weakest")), ("b", crit_names.get(worst[0], worst[0])),
                              ("", t("on_five", score=cell_text(round(worst[1], 1), lang)))])
        obs = prog.observations[prog.observations["site"] == site_id] if not prog.observations.empty else prog.observations
        protos = prog.prototypes[prog.prototypes["sites"].map(lambda s, x=site_id: x in (s or []))] \
            if not prog.prototypes.empty else prog.prototypes
        tests = prog.tests[prog.tests["site"] == site_id] if not prog.tests.empty else prog.tests
        validated = int((tests.sort_values("date").groupby("prototype").tail(1)["result"] == "validee").sum()) \
            if not tests.empty else 0
        lines.append([("", t("key_figures", obs=len(obs), protos=len(protos), tests=len(tests), validated=validated))])
        if flips.get(site_id):
            lines.append([("", flips[site_id])])
        doc.box(name, lines, tone=tone)
    if ctx.limits:
        doc.para(t("thresholds_reading", deploy=cell_text(ctx.limits.get("deploy"), lang),
                   adapt=cell_text(ctx.limits.get("adapt"), lang)), kind="note")


def _flip_sentences(ctx: _Context) -> dict[str, str]:
    """For each site in focus, what would change its recommendation (« … tient tant que … »)."""
    if ctx.criteria.empty or ctx.full.scores.empty:
        return {}
    # only the sites in focus: a dossier does not pay for the programme's other sites
    flips = evidence.flip_margin(ctx.criteria, ctx.full.scores, limits=ctx.limits, sites=list(ctx.sites))
    return dict(zip(flips["site"], evidence.flip_sentences(flips, site_names=ctx.site_names, lang=ctx.lang)))


def _n_sites(ctx: _Context) -> str:
    return ctx.t("n_sites", n=len(ctx.sites)) if len(ctx.sites) > 1 else ctx.t("one_site")


def _on_five(score: float, criterion) -> float:
    low, high = float(criterion["scale_min"]), float(criterion["scale_max"])
    return 1 + 4 * (score - low) / (high - low) if high > low else score


# -- ce qui a changé
def _changes(doc: Document, ctx: _Context, previous: dict | None, figures: dict) -> None:
    t = ctx.t
    doc.chapter(t("changes"))
    if not previous:
        doc.para(t("first_edition"), kind="lead")
        return
    doc.para(t("changes_since", date=previous.get("date_label", "—")), kind="lead")
    lines = changes(previous.get("figures", {}), figures, ctx)
    if lines:
        doc.bullets(lines)
    else:
        doc.para(t("no_change"))


# -- le programme
def _programme_chapter(doc: Document, ctx: _Context, annexes: list) -> None:
    t, lang, prog = ctx.t, ctx.lang, ctx.full
    doc.chapter(t("ch_programme"))
    description = prog.config.settings.get("description")
    if description:
        doc.para(str(description), kind="lead")
    if not prog.team.empty:
        doc.section(t("team"))
        doc.table(planning.team_table(prog, lang=lang), caption=t("team_caption"))
    doc.section(t("sites"))
    sites = pd.DataFrame({t("col_site"): [ctx.site_name(s) for s in ctx.sites],
                          t("col_description"): [_site_description(prog, s) for s in ctx.sites]})
    doc.table(sites, caption=t("sites_caption"))
    doc.section(t("calendar"))
    calendar, generated = planning.programme_calendar(prog, lang=lang)
    if generated:
        doc.para(t("calendar_generated"), kind="note")
    if not calendar.empty:
        fig = planning.plot_gantt(calendar, lang=lang).figure
        doc.figure(fig, caption=t("gantt_caption"))
        table = pd.DataFrame({
            t("col_event"): calendar["event"], t("col_kind"): calendar["type"].map(lambda v: humanize(v, lang)),
            t("col_from"): calendar["start"], t("col_to"): calendar["end"],
            t("col_site"): calendar["site"].map(lambda s: ctx.site_name(s) if isinstance(s, str) else "—")})
        _table_or_annex(doc, ctx, annexes, table, t("calendar_caption"))
        findings = planning.check(calendar, prog.kind, file=None if generated else prog.source_name("calendar"),
                                  lang=lang)
        doc.subsection(t("departures"))
        if not findings:
            doc.para(t("no_departure"))
        else:
            doc.bullets([p.format(lang) for p in findings])
    doc.section(t("budget"))
    if prog.budget.empty:
        doc.para(label("common.no_data", lang))
    else:
        summary = budget.summarise_budget(prog.budget)
        doc.table(budget.format_budget_table(summary, lang=lang), caption=t("budget_caption"))
        shares = budget.financing_shares(prog.config.settings, prog.kind)
        if shares:
            split = budget.financing_split(summary["amount"].iloc[-1], shares)
            doc.table(budget.format_budget_table(split, lang=lang), caption=t("financing_caption"))


def _site_description(prog, site_id) -> str:
    row = prog.sites[prog.sites["id"] == site_id]
    return str(row["description"].iloc[0]) if len(row) and isinstance(row["description"].iloc[0], str) else "—"


# -- le terrain
def _fieldwork_chapter(doc: Document, ctx: _Context, annexes: list) -> None:
    t, lang, full, prog = ctx.t, ctx.lang, ctx.full, ctx.prog
    doc.chapter(t("ch_fieldwork"))
    obs = prog.observations
    if obs.empty:
        doc.para(t("no_observations"))
        return
    doc.para(t("fieldwork_intro", n=len(obs), sites=_n_sites(ctx),
               verbatims=int((obs["kind"] == "verbatim").sum())), kind="lead")
    doc.section(t("common_specific"))
    compared = comparison.compare_sites(full.observations, sites=list(full.config.site_ids), codebook=full.codebook)
    shared = comparison.shared_tags(full.observations, codebook=full.codebook)
    if not shared.empty:
        doc.para(t("shared_reading", tags=", ".join(humanize(x, lang) for x in list(shared.index)[:6])))
    if compared.empty:
        doc.para(t("too_few_sites"))
    else:
        specific = comparison.specific_tags(compared, ctx.site)
        if specific.empty:
            doc.para(t("none_specific"))
        else:
            rows = []
            for r in specific.itertuples():
                rows.append({t("col_site"): ctx.site_name(r.site), t("col_theme"): humanize(r.tag, lang),
                             t("col_here"): f"{format_percent(r.share_site, 0, lang)} ({r.n_site}/{r.total_site})",
                             t("col_elsewhere"): f"{format_percent(r.share_others, 0, lang)} ({r.n_others}/{r.total_others})",
                             t("col_reading"): comparison.plain_reading(r._asdict(), lang),
                             label("comparison.p_adjusted", lang): comparison.format_p_value(r.p_adjusted, lang)})
            doc.table(pd.DataFrame(rows), caption=t("specific_caption"),
                      note=t("specific_note"))
    shares = coding.tag_shares(obs, by="site", codebook=prog.codebook, groups=ctx.sites)
    if not shares.empty:
        fig = coding.plot_tag_shares(shares.rename(index=tag_label), by="site", site_names=ctx.site_names,
                                     lang=lang).figure
        doc.figure(fig, caption=t("tag_shares_caption"))
    doc.section(t("themes"))
    amap = affinity.affinity_map(obs, sites=ctx.sites, random_state=0)
    if amap.empty:
        doc.para(t("themes_too_few"))
    else:
        doc.para(affinity.plain_reading(amap, lang), kind="reading")
        themes = affinity.format_themes(amap, site_names=ctx.site_names, lang=lang).reset_index()
        _table_or_annex(doc, ctx, annexes, themes, t("themes_caption"), widths={themes.columns[1]: "38%"})
    doc.section(t("reliability"))
    if full.double_coding.empty:
        doc.para(label("rigour.no_double_coding", lang))
    else:
        agreed = agreement.agreement_table(full.double_coding, full.observations)
        doc.para(agreement.agreement_sentence(agreed, site_names=ctx.site_names, lang=lang), kind="reading")
        doc.table(agreement.format_agreement(agreed, site_names=ctx.site_names, tags=False, lang=lang),
                  caption=t("reliability_caption"))
    doc.section(t("verbatims"))
    key = coding.key_verbatims(obs, n=1 if ctx.site is None else 2)
    if key.empty:
        doc.para(label("common.no_data", lang))
    else:
        key = key.drop_duplicates("id").head(12)
        doc.table(pd.DataFrame({t("col_theme"): key["tag"].map(lambda v: humanize(v, lang)),
                                t("col_site"): key["site"].map(ctx.site_name),
                                t("col_verbatim"): key["text"].map(lambda v: _quoted(v, lang))}),
                  caption=t("verbatims_caption"), widths={t("col_verbatim"): "62%"})
    if not prog.survey.empty:
        doc.section(t("surveys"))
        summary = survey.likert_summary(prog.survey, sites=ctx.sites)
        if not summary.empty:
            rows = [{t("col_question"): r.question, t("col_site"): ctx.site_name(r.site),
                     t("col_answers"): int(r.n_answers),
                     t("col_agree"): format_percent(r.share_agree, 0, lang) if pd.notna(r.share_agree) else "—"}
                    for r in summary.itertuples()]
            _table_or_annex(doc, ctx, annexes, pd.DataFrame(rows), t("survey_caption"))
        scales = survey.declared_scales(prog.config.settings)
        if scales:
            reliability = survey.scale_reliability(prog.survey, scales)
            doc.para(survey.reliability_sentence(reliability, site_names=ctx.site_names, lang=lang), kind="reading")
            _table_or_annex(doc, ctx, annexes, survey.format_reliability(reliability, site_names=ctx.site_names,
                                                                         lang=lang), t("scales_caption"))
    if not prog.journeys.empty:
        doc.section(t("journeys"))
        from transfo_lab.phases.research import journeys

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            steps = journeys.journey_steps(prog.journeys, lang=lang)
        marked = steps[steps["has_pain"]] if "has_pain" in steps else steps.iloc[0:0]
        doc.para(t("journeys_reading", n=len(journeys.journey_names(prog.journeys)), pains=len(marked)))


def _quoted(text, lang: str = "fr") -> str:
    text = str(text).strip()
    return text if text[:1] in "«\"“" else label("common.quoted", lang, text=text)


# -- le cahier de propositions
def _ideation_chapter(doc: Document, ctx: _Context, annexes: list) -> None:
    t, lang, prog = ctx.t, ctx.lang, ctx.prog
    doc.chapter(t("ch_ideation"))
    ideas = prog.ideas
    if ideas.empty:
        doc.para(t("no_ideas"))
        return
    statuses = ideas["status"].value_counts()
    doc.para(t("ideation_intro", n=len(ideas), kept=int(statuses.get("retenue", 0)),
               deeper=int(statuses.get("a_approfondir", 0))), kind="lead")
    votes = prog.votes[prog.votes["idea"].isin(ideas["id"])] if not prog.votes.empty else prog.votes
    tally = ideation.tally_votes(votes, ideas, lang=lang) if not votes.empty else None
    if tally is not None and len(tally):
        doc.section(t("votes"))
        stability = vote_stability.top_stability(votes, ideas)
        shown = vote_stability.format_stability(stability, lang=lang, limit=10)
        doc.para(vote_stability.stability_sentence(stability, lang=lang), kind="reading")
        doc.table(shown, caption=t("votes_caption", n=len(shown)))
    if not ideas[["impact", "effort"]].dropna().empty:
        doc.section(t("impact_effort"))
        fig = ideation.plot_impact_effort(ideas, tally=tally, lang=lang).figure
        doc.figure(fig, caption=t("impact_effort_caption"))
    tensions = ideation.tension_counts(ideas)
    if not tensions.empty and tensions["total"].sum():
        doc.section(t("tensions"))
        totals = {humanize(c, lang): int(tensions[c].sum()) for c in tensions.columns
                  if c not in ("idea", "title", "total") and pd.api.types.is_numeric_dtype(tensions[c])}
        ordered = sorted(((k, v) for k, v in totals.items() if v), key=lambda kv: (-kv[1], kv[0]))
        doc.table(pd.DataFrame({t("col_tension"): [k for k, _ in ordered], t("col_ideas"): [v for _, v in ordered]}),
                  caption=t("tensions_caption"))
    doc.section(t("cahier"))
    shown = ideas[ideas["status"] == "retenue"] if (ideas["status"] == "retenue").any() else ideas
    data = pd.DataFrame({t("col_idea"): shown["title"], t("col_description"): shown["description"],
                         t("col_impact"): shown["impact"], t("col_effort"): shown["effort"]})
    _table_or_annex(doc, ctx, annexes, data, t("cahier_caption"), widths={t("col_description"): "55%"})


# -- les prototypes
def _prototypes_chapter(doc: Document, ctx: _Context, annexes: list) -> None:
    t, lang, prog = ctx.t, ctx.lang, ctx.prog
    doc.chapter(t("ch_prototypes"))
    protos, tests = prog.prototypes, prog.tests
    if protos.empty:
        doc.para(t("no_prototypes"))
        return
    doc.para(t("prototypes_intro", n=len(protos), tests=len(tests)), kind="lead")
    doc.table(pd.DataFrame({t("col_prototype"): protos["name"], t("col_kind"): protos["kind"].map(lambda v: humanize(v, lang)),
                            t("col_hypothesis"): protos["hypothesis"]}),
              caption=t("prototypes_caption"), widths={t("col_hypothesis"): "60%"})
    if not tests.empty:
        doc.section(t("results"))
        matrix = prototypes.latest_results(tests, protos, sites=ctx.sites)
        names = dict(zip(protos["id"], protos["name"]))
        table = pd.DataFrame({t("col_prototype"): [names.get(p, p) for p in matrix.index]})
        for site_id in matrix.columns:
            table[ctx.site_name(site_id)] = [humanize(v, lang) if isinstance(v, str) else t("not_tested")
                                             for v in matrix[site_id]]
        doc.table(table, caption=t("results_caption"))
        fig = prototypes.plot_timeline(tests, protos, lang=lang).figure
        doc.figure(fig, caption=t("timeline_caption"))
        doc.section(t("learnings"))
        log = prototypes.learning_log(tests, protos)
        latest = log.sort_values("date").groupby("prototype").tail(1).sort_values("date")
        doc.table(pd.DataFrame({t("col_prototype"): latest["prototype"].map(lambda p: names.get(p, p)),
                                t("col_site"): latest["site"].map(ctx.site_name),
                                t("col_learning"): latest["learning"]}),
                  caption=t("learnings_caption"), widths={t("col_learning"): "60%"})
        full_log = pd.DataFrame({t("col_date"): log["date"], t("col_prototype"): log["prototype"].map(lambda p: names.get(p, p)),
                                 t("col_site"): log["site"].map(ctx.site_name),
                                 t("col_result"): log["result"].map(lambda v: humanize(v, lang)),
                                 t("col_learning"): log["learning"]})
        annexes.append((t("log_caption"), full_log, {"widths": {t("col_learning"): "50%"}}))
        doc.para(t("in_annex", caption=t("log_caption"), n=len(full_log), annex=f"A{len(annexes)}"), kind="note")


# -- la grille d'évaluation
def _evaluation_chapter(doc: Document, ctx: _Context, annexes: list) -> None:
    t, lang, full = ctx.t, ctx.lang, ctx.full
    doc.chapter(t("ch_evaluation"))
    criteria = ctx.criteria
    if criteria.empty or full.scores.empty:
        doc.para(t("no_grid"))
        return
    doc.para(t("evaluation_intro", n=len(criteria)), kind="lead")
    doc.section(t("criteria"))
    doc.table(pd.DataFrame({t("col_criterion"): criteria["criterion"],
                            t("col_dimension"): criteria["dimension"].map(lambda v: humanize(v, lang)),
                            t("col_weight"): criteria["weight"].map(lambda w: format_percent(w, 0, lang)),
                            t("col_adaptable"): criteria["adaptable"].map(
                                lambda v: label("document.yes" if v else "document.no", lang) if pd.notna(v) else "—")}),
              caption=t("criteria_caption"))
    doc.section(t("scores"))
    weighted = evaluation.weighted_scores(criteria, full.scores, sites=ctx.sites, lang=lang)
    pivot = weighted.pivot_table(index="site", columns="round", values="score", sort=False)
    table = pd.DataFrame({t("col_site"): [ctx.site_name(s) for s in pivot.index]})
    for round_ in pivot.columns:
        table[t("col_round", round=int(round_))] = [format_number(v, 2, lang) if pd.notna(v) else "—"
                                                     for v in pivot[round_]]
    doc.table(table, caption=t("scores_caption"), numeric=tuple(table.columns[1:]))
    fig = evaluation.plot_trends(weighted, limits=ctx.limits, site_names=ctx.site_names, lang=lang).figure
    doc.figure(fig, caption=t("trends_caption"))
    all_sites = list(full.config.site_ids)
    fig = evaluation.plot_heatmap(criteria, full.scores, sites=all_sites, site_names=ctx.site_names, focus=ctx.site,
                                  lang=lang).figure
    doc.figure(fig, caption=t("heatmap_caption_focus", n=len(all_sites) - 1)
               if evaluation.heatmap_summarises(all_sites, ctx.site) else t("heatmap_caption"))
    doc.section(t("recommendations"))
    coverage = evidence.evidence_coverage(criteria, full.scores, sites=list(ctx.sites))
    doc.para(evidence.coverage_sentence(coverage, lang=lang), kind="reading")
    doc.table(evidence.format_coverage(coverage, site_names=ctx.site_names, lang=lang), caption=t("coverage_caption"))
    flips = _flip_sentences(ctx)
    recos = evaluation.recommend(criteria, full.scores, limits=ctx.limits, sites=ctx.sites, lang=lang)
    supports = evaluation.recommendation_evidence(criteria, full.scores, limits=ctx.limits, sites=ctx.sites, lang=lang)
    for reco in recos.itertuples():
        doc.subsection(f"{ctx.site_name(reco.site)} — {humanize_decision(reco.recommendation, lang) if isinstance(reco.recommendation, str) else '—'}")
        doc.para(str(reco.reasons))
        if flips.get(reco.site):
            doc.para(flips[reco.site], kind="reading")
        part = supports[(supports["site"] == reco.site) & supports["trigger"]]
        if len(part):
            doc.table(pd.DataFrame({t("col_criterion"): part["criterion_label"],
                                    t("col_score"): [f"{cell_text(s, lang)} / {cell_text(m, lang)}" for s, m in zip(
                                        part["score"], part["criterion"].map(criteria.set_index("id")["scale_max"]))],
                                    t("col_evidence"): part["evidence"]}),
                      caption=t("evidence_caption", site=ctx.site_name(reco.site)),
                      widths={t("col_evidence"): "55%"})
    doc.section(t("next_round"))
    doc.para(t("next_round_text"))


# -- annexes
def _annexes(doc: Document, ctx: _Context, annexes: list) -> None:
    t = ctx.t
    doc.chapter(t("annexes"), annex=True)
    for number, (caption, data, options) in enumerate(annexes, start=1):
        doc.section(f"A{number}. {caption}")
        doc.table(data, caption=caption, **options)
    doc.section(t("glossary"))
    for term in ("weighted", "threshold", "floor", "adaptable", "specific", "significance", "pseudonymisation"):
        doc.rich([("b", t(f"gloss_{term}") + " — "), ("", t(f"gloss_{term}_def"))])


# --- writing the livret and the dossiers -----------------------------------------------------------------------

def data_fingerprint(programme_dir: Path | str, out: Path | str | None = None) -> str:
    """A short SHA-256 of the programme's data files (names and bytes), the files the batch's cache hashes.

    Hidden files and folders and the output folder ``out`` (when it lies inside the programme folder) are
    left out, so that writing an edition never changes the next one's fingerprint.
    """
    from transfo_lab.reports.outputs import input_files

    folder = Path(programme_dir)
    digest = hashlib.sha256()
    for path in input_files(folder, str(out) if out is not None else None):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write_livret(programme_dir: Path | str, out: Path | str, *, formats=("html", "pdf"), sites: list[str] | None = None,
                 pseudonymise: bool = True, key_file: Path | str | None = None, today: _dt.date | None = None,
                 programme=None) -> dict[str, Path]:
    """Write ``OUT/livret.html|pdf`` and ``OUT/sites/<slug>/dossier.html|pdf``; returns what was written.

    The previous edition's key figures (``OUT/livret.json``) are read first, for « Ce qui a changé ».
    """
    from transfo_lab.reports.outputs import site_folder
    from transfo_lab.contract.privacy import pseudonymise_programme
    from transfo_lab.contract.programme import load_programme

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    today = today or _dt.date.today()
    raw = programme if programme is not None else load_programme(programme_dir)
    prog = pseudonymise_programme(raw, enabled=pseudonymise, key_file=key_file, reports_dir=out)
    fingerprint = data_fingerprint(programme_dir, out)
    check_sites(prog, sites, programme_dir, prog.lang)
    previous = _read_state(out)
    written: dict[str, Path] = {}
    doc, figures = build(prog, previous=previous.get("livret") if previous else None, today=today,
                         fingerprint=fingerprint)
    written.update(_write(doc, out / "livret", formats, "livret"))
    state = {"livret": {"date": today.isoformat(), "date_label": format_date(today, prog.lang, "long").replace("\xa0", " "),
                        "fingerprint": fingerprint, "figures": figures}}
    for site_id in sites if sites is not None else prog.config.site_ids:
        before = previous.get("livret") if previous else None
        site_doc, _ = build(prog, site=site_id, previous=before, today=today, fingerprint=fingerprint)
        written.update(_write(site_doc, site_folder(out, site_id) / "dossier", formats, f"dossier:{site_id}"))
    atomic_write(out / STATE_FILE, json.dumps(state, indent=1, ensure_ascii=False, sort_keys=True))
    return written


def check_sites(programme, sites: list[str] | None, programme_dir: Path | str, lang: str = "fr") -> None:
    """Raise a ParameterError naming the first of ``sites`` that the programme does not have."""
    from transfo_lab.base.exceptions import ParameterError

    unknown = [s for s in (sites or []) if s not in programme.config.site_ids]
    if unknown:
        raise ParameterError(label("livret.unknown_site", lang, site=unknown[0], folder=Path(programme_dir).name,
                                   sites=", ".join(programme.config.site_ids)))


def _read_state(out: Path) -> dict:
    try:
        return json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _write(doc: Document, stem: Path, formats, key: str) -> dict[str, Path]:
    page = doc.to_html()
    written = {}
    if "html" in formats:
        written[f"{key}:html"] = atomic_write(stem.with_suffix(".html"), page)
    if "pdf" in formats:
        written[f"{key}:pdf"] = write_pdf(page, stem.with_suffix(".pdf"), lang=doc.lang)
    return written
