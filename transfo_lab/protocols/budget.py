"""The budget of a programme: sections, subtotals, total, costs per site and per month, financing.

The team types the budget *lines* (``budget`` table: section, line, amount, site…); the kit
computes the subtotals and the total, so that they can never disagree with the lines.
Amounts are shown the French way — ``166 200 €``, with a thin non-breaking space — by
:func:`format_budget_table`.

Examples
--------
>>> lines = reference_budget()
>>> summary = summarise_budget(lines)
>>> summary.loc[summary["level"] == "section", "amount"].tolist()
[105400.0, 37300.0, 23500.0]
>>> print(format_budget_table(summary).iloc[-1].tolist())
['Total général', '166\u202f200\xa0€']
"""
from __future__ import annotations

import math
import warnings

import pandas as pd

from transfo_lab.base.exceptions import ParameterError, ProtocolWarning
from transfo_lab.base.labels import check_lang, format_euros, format_number, format_percent, label
from transfo_lab.protocols.facts import PRET_A_DEPLOYER, default_financing
from transfo_lab.contract.validation import parse_float

SUMMARY_COLUMNS = ["level", "section", "item", "amount"]
_MONEY = ("amount", "direct", "shared", "total", "per_month")


def reference_budget() -> pd.DataFrame:
    """The budget lines of the Prêt à déployer note (January 2016), as a budget table.

    >>> reference_budget()["amount"].sum()
    np.float64(166200.0)
    """
    data = pd.DataFrame(PRET_A_DEPLOYER.budget, columns=["section", "line", "amount"])
    data["amount"] = data["amount"].astype(float)
    for column in ("site", "funder", "note"):
        data[column] = None
    return data


def _costed(budget: pd.DataFrame) -> pd.DataFrame:
    """The lines that have a section and an amount; a section's lump sum (no line) is its own line."""
    data = budget[budget["section"].notna() & budget["amount"].notna()].copy()
    data["line"] = data["line"].where(data["line"].notna(), data["section"])
    data["amount"] = data["amount"].astype(float)
    return data


def summarise_budget(budget: pd.DataFrame) -> pd.DataFrame:
    """Group the budget lines into sections with their subtotals, then the total.

    Lines with the same section and the same label (for instance one per site) are added
    up. Sections and lines keep the order in which they first appear. Rows without an
    amount (section headers typed by the team) are left out.

    Parameters
    ----------
    budget : DataFrame
        The budget table (``prog.budget``): section, line, amount…

    Returns
    -------
    DataFrame
        Columns ``level`` (``"section"``, ``"line"`` or ``"total"``), ``section``, ``item``
        and ``amount``: each section row (its subtotal) is followed by its lines; the last
        row is the total. An empty budget gives a total of 0.

    Examples
    --------
    >>> budget = pd.DataFrame({"section": ["Résidence", "Résidence", "Ateliers"], "line": ["Équipe", "Frais", None],
    ...                        "amount": [1000.0, 250.0, 400.0]})
    >>> summarise_budget(budget)
         level    section       item  amount
    0  section  Résidence  Résidence  1250.0
    1     line  Résidence     Équipe  1000.0
    2     line  Résidence      Frais   250.0
    3  section   Ateliers   Ateliers   400.0
    4     line   Ateliers   Ateliers   400.0
    5    total        NaN        NaN  1650.0
    """
    data = _costed(budget)
    lines = data.groupby(["section", "line"], sort=False)["amount"].sum()
    rows = []
    for section in dict.fromkeys(lines.index.get_level_values(0)):
        rows.append({"level": "section", "section": section, "item": section, "amount": lines[section].sum()})
        rows += [{"level": "line", "section": section, "item": line, "amount": amount}
                 for line, amount in lines[section].items()]
    rows.append({"level": "total", "section": None, "item": None, "amount": float(lines.sum())})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def cost_per_site(budget: pd.DataFrame, sites=None) -> pd.DataFrame:
    """The cost of each site: its own lines plus an equal share of the common lines.

    Parameters
    ----------
    budget : DataFrame
        The budget table; a line with no ``site`` is common to all sites.
    sites : sequence of str, optional
        The site ids (``prog.config.site_ids``); by default the sites named in the budget.

    Returns
    -------
    DataFrame
        Columns ``site``, ``direct`` (the site's own lines), ``shared`` (its share of the
        common lines) and ``total``.

    Raises
    ------
    ParameterError
        If there is no site to share the costs between.

    Examples
    --------
    >>> budget = pd.DataFrame({"section": ["A", "A", "B"], "line": ["x", "y", "z"], "amount": [900.0, 100.0, 60.0],
    ...                        "site": [None, "s1", None]})
    >>> cost_per_site(budget, ["s1", "s2", "s3"])
      site  direct  shared   total
    0   s1   100.0   320.0   420.0
    1   s2     0.0   320.0   320.0
    2   s3     0.0   320.0   320.0
    """
    data = _costed(budget)
    site = data["site"] if "site" in data.columns else pd.Series(None, index=data.index, dtype=object)
    sites = list(sites) if sites is not None else list(dict.fromkeys(site.dropna()))
    if not sites:
        raise ParameterError("`sites` is expected to name at least one site. Got none instead.")
    common = data.loc[site.isna(), "amount"].sum()
    direct = data[site.notna()].groupby(site[site.notna()])["amount"].sum()
    result = pd.DataFrame({"site": sites, "direct": [float(direct.get(s, 0.0)) for s in sites],
                           "shared": float(common) / len(sites)})
    result["total"] = result["direct"] + result["shared"]
    return result


def cost_per_month(budget: pd.DataFrame, months: float) -> pd.DataFrame:
    """The cost of each section and of the whole programme per month of programme.

    Parameters
    ----------
    budget : DataFrame
        The budget table.
    months : float
        The programme's length in months (18 for the Prêt à déployer plan; see
        :func:`transfo_lab.protocols.planning.programme_months` for a calendar's).

    Returns
    -------
    DataFrame
        Columns ``level`` (``"section"`` or ``"total"``), ``section``, ``amount`` and
        ``per_month``.

    Examples
    --------
    >>> cost_per_month(reference_budget(), 18)[["amount", "per_month"]].round(2).iloc[-1].tolist()
    [166200.0, 9233.33]
    """
    if not isinstance(months, (int, float)) or not months > 0:
        raise ParameterError(f"`months` is expected to be a positive number. Got {months!r} instead.")
    summary = summarise_budget(budget)
    result = summary[summary["level"] != "line"].drop(columns="item").reset_index(drop=True)
    result["per_month"] = result["amount"] / months
    return result


def financing_shares(settings: dict | None, kind: str) -> dict[str, float] | None:
    """The financing shares of a programme: ``financing`` of programme.yaml, else the protocol's.

    >>> financing_shares({"financing": {"collectivites": "0,75", "partenaires": 0.25}}, "transfo")
    {'collectivites': 0.75, 'partenaires': 0.25}
    >>> financing_shares({}, "transfo")["partenaires"]
    0.3333333333333333
    """
    shares = (settings or {}).get("financing") or default_financing(kind)
    if not shares:
        return None
    return {str(k): parse_float(v) for k, v in shares.items()}


def financing_split(total: float, shares: dict[str, float]) -> pd.DataFrame:
    """Split ``total`` between funders, in whole euros that add up exactly to the total.

    Shares that do not add up to 1 are scaled to 1 (with a :class:`ProtocolWarning` when
    they are more than 1 % off).

    Parameters
    ----------
    total : float
        The amount to split (the budget's total).
    shares : dict
        Funder → share between 0 and 1, e.g. ``{"collectivites": 2/3, "partenaires": 1/3}``.

    Returns
    -------
    DataFrame
        Columns ``funder``, ``share`` and ``amount``.

    Examples
    --------
    >>> financing_split(166200, {"collectivites": 2 / 3, "partenaires": 1 / 3})
              funder     share   amount
    0  collectivites  0.666667  110800.0
    1    partenaires  0.333333   55400.0
    """
    if not shares:
        raise ParameterError("`shares` is expected to name at least one funder. Got none instead.")
    values = {k: float(v) for k, v in shares.items()}
    if any(v < 0 or math.isnan(v) for v in values.values()):
        raise ParameterError(f"`shares` are expected to be between 0 and 1. Got {shares!r} instead.")
    whole = sum(values.values())
    if whole <= 0:
        raise ParameterError(f"`shares` are expected to add up to 1. Got {shares!r} instead.")
    if abs(whole - 1) > 0.01:
        warnings.warn(label("budget.shares_sum", value=format_number(whole, 2)), ProtocolWarning, stacklevel=2)
    exact = {k: total * v / whole for k, v in values.items()}
    amounts = {k: math.floor(v) for k, v in exact.items()}
    left = round(total) - sum(amounts.values())
    for k in sorted(exact, key=lambda k: exact[k] - amounts[k], reverse=True)[:max(left, 0)]:
        amounts[k] += 1
    return pd.DataFrame({"funder": list(values), "share": [v / whole for v in values.values()],
                         "amount": [float(amounts[k]) for k in values]})


def format_budget_table(table: pd.DataFrame, *, site_names: dict[str, str] | None = None,
                        lang: str = "fr") -> pd.DataFrame:
    """A budget frame as text to show or print: French amounts (``166 200 €``), translated headers.

    Works on the result of :func:`summarise_budget` (a line is shown as ``· line`` under
    its section, the total as « Total général »), :func:`cost_per_site`,
    :func:`cost_per_month` and :func:`financing_split`.

    Examples
    --------
    >>> table = format_budget_table(financing_split(166200, {"collectivites": 2 / 3, "partenaires": 1 / 3}))
    >>> table.columns.tolist()
    ['Financeur', 'Part', 'Montant']
    >>> table.iloc[0].tolist()
    ['Collectivités', '67\xa0%', '110\u202f800\xa0€']
    """
    check_lang(lang)
    data = table.copy()
    if "level" in data.columns:
        items = data["item"] if "item" in data.columns else data["section"]
        items = [label("budget.total", lang) if level == "total" else f"· {item}" if level == "line" else item
                 for level, item in zip(data["level"], items)]
        data = data.drop(columns=[c for c in ("level", "section", "item") if c in data.columns])
        data.insert(0, "item", items)
    for column in _MONEY:
        if column in data.columns:
            data[column] = data[column].map(lambda v: format_euros(v, lang=lang))
    if "share" in data.columns:
        data["share"] = data["share"].map(lambda v: format_percent(v, lang=lang))
    if "funder" in data.columns:
        data["funder"] = data["funder"].map(lambda f: _funder(f, lang))
    if site_names and "site" in data.columns:
        data["site"] = data["site"].map(lambda s: site_names.get(s, s) if isinstance(s, str) else s)
    headers = {"item": "budget.col_item", "amount": "budget.col_amount", "site": "common.site",
               "direct": "budget.col_direct", "shared": "budget.col_shared", "total": "common.total",
               "per_month": "budget.col_per_month", "funder": "budget.col_funder", "share": "common.share"}
    return data.rename(columns={c: label(k, lang) for c, k in headers.items() if c in data.columns})


def _funder(funder: str, lang: str) -> str:
    try:
        return label(f"budget.funder.{funder}", lang)
    except KeyError:
        return funder
