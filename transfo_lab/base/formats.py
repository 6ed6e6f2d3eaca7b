"""The one formatting path for numbers, percentages, money, dates and months, by Babel.

Every figure a reader sees — in a table, a chart, a report, a livret — is written here, for
the locale of the programme's language (``fr`` → ``fr_FR``, ``en`` → ``en_GB``):

* numbers: ``76 900`` and ``2,5`` in French (thin no-break space between thousands), ``76,900`` and
  ``2.5`` in English;
* percentages: ``67 %`` (no-break space) in French, ``67%`` in English;
* euros: ``166 200 €`` in French, ``€166,200`` in English;
* dates: ``12/03/2016`` (short) or ``12 mars 2016`` (long, no-break spaces, « 1er » for the first
  day of a month in French), ``12/03/2016`` and ``12 March 2016`` in English;
* months: ``janv.`` (abbreviated, for chart ticks) or ``janvier``.

This module imports nothing from the kit but the error family (Babel and pandas only), so that any module may
use it.

Examples
--------
>>> format_number(166200), format_euros(166200), format_percent(2 / 3)
('166\u202f200', '166\u202f200\xa0€', '67\xa0%')
>>> format_euros(166200, lang="en"), format_percent(2 / 3, 1, lang="en")
('€166,200', '66.7%')
>>> import datetime as dt
>>> format_date(dt.date(2016, 3, 12)), format_date(dt.date(2016, 3, 1), length="long").replace("\xa0", " ")
('12/03/2016', '1er mars 2016')
>>> format_month(dt.date(2016, 2, 1)), format_month(9, lang="en", width="wide")
('févr.', 'September')
"""
from __future__ import annotations

import datetime as _dt
import math
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import get_month_names
from babel.numbers import NumberPattern, get_decimal_symbol, parse_pattern
import pandas as pd

#: The Babel locale of each language of the kit.
LOCALES: dict[str, str] = {"fr": "fr_FR", "en": "en_GB"}
#: non-breaking space, between the parts of a long date
NBSP = "\xa0"
#: How the first day of a month is written in a long date, where it is not « 1 ».
FIRST_OF_MONTH: dict[str, str] = {"fr": "1er"}
#: What a missing value reads as.
MISSING = "—"


@lru_cache(maxsize=None)
def locale_for(lang: str = "fr") -> Locale:
    """The Babel locale of a language of the kit (``fr`` → ``fr_FR``); a ParameterError for another one.

    >>> str(locale_for("fr")), str(locale_for("en"))
    ('fr_FR', 'en_GB')
    """
    if lang not in LOCALES:
        from transfo_lab.base.exceptions import ParameterError

        raise ParameterError(f"`lang` is expected to be one of {tuple(LOCALES)}. Got {lang!r} instead.")
    return Locale.parse(LOCALES[lang])


@lru_cache(maxsize=None)
def _pattern(kind: str, decimals: int, lang: str) -> tuple[NumberPattern, Locale]:
    locale = locale_for(lang)
    source = {"number": locale.decimal_formats[None], "percent": locale.percent_formats[None],
              "currency": locale.currency_formats["standard"]}[kind]
    pattern = parse_pattern(source.pattern)
    pattern.frac_prec = (decimals, decimals)
    return pattern, locale


def _special(value: float) -> str | None:
    """NaN and infinities, which Babel would write as ``NaN,00``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return None


def _exact(value) -> Decimal:
    """The exact value of a float, so that Babel rounds like Python does (0,0245 → 0,025, as stored)."""
    return value if isinstance(value, Decimal) else Decimal(float(value))



def _apply(kind: str, value, decimals: int, lang: str, **options) -> str:
    """``value`` through Babel's ``kind`` pattern for ``lang`` (« — » for a missing value)."""
    special = _special(value)
    if special is not None:
        return special
    pattern, locale = _pattern(kind, decimals, lang)
    return pattern.apply(_exact(value), locale, **options)


def format_number(value: float, decimals: int = 0, lang: str = "fr") -> str:
    """A number with exactly ``decimals`` decimals: ``76 900``, ``2,5`` (French), ``76,900.5`` (English).

    >>> format_number(76900)
    '76\u202f900'
    >>> format_number(2.5, 1)
    '2,5'
    >>> format_number(76900.5, 1, lang="en")
    '76,900.5'
    >>> format_number(float("nan"))
    '—'
    """
    return _apply("number", value, decimals, lang)


def decimal_symbol(lang: str = "fr") -> str:
    """The decimal separator of ``lang``: ``,`` in French, ``.`` in English.

    >>> decimal_symbol("fr"), decimal_symbol("en")
    (',', '.')
    """
    return get_decimal_symbol(locale_for(lang))


def format_percent(value: float, decimals: int = 0, lang: str = "fr") -> str:
    """A share (0–1) as a percentage: ``67 %`` in French (no-break space), ``67%`` in English.

    >>> format_percent(2 / 3)
    '67\xa0%'
    >>> format_percent(0.125, 1, lang="en")
    '12.5%'
    """
    return _apply("percent", value, decimals, lang)


def format_euros(value: float, decimals: int = 0, lang: str = "fr") -> str:
    """An amount in euros: ``166 200 €`` in French, ``€166,200`` in English.

    >>> format_euros(1234.5, 2)
    '1\u202f234,50\xa0€'
    """
    return _apply("currency", value, decimals, lang, currency="EUR", currency_digits=False)


def _as_date(day) -> _dt.date | None:
    """A date, datetime, Timestamp or numpy datetime64 as a plain date; None when missing."""
    if day is None or day is pd.NaT or (isinstance(day, float) and math.isnan(day)):
        return None
    if not isinstance(day, _dt.date) or isinstance(day, pd.Timestamp):
        day = pd.Timestamp(day)
        if pd.isna(day):
            return None
        return day.date()
    return day.date() if isinstance(day, _dt.datetime) else day


def format_date(day, lang: str = "fr", length: Literal["short", "long"] = "short") -> str:
    """A date as a reader expects it: ``12/03/2016`` (short) or ``12 mars 2016`` (long); « — » when missing.

    The long form joins its parts with no-break spaces and writes « 1er » for the first day of a
    month in French. ``day`` may be a date, a datetime, a pandas Timestamp or a numpy datetime64
    (a text is read by :func:`transfo_lab.contract.validation.parse_date` first, never here).

    >>> import datetime as dt
    >>> format_date(dt.date(2016, 3, 12)), format_date(dt.date(2016, 3, 12), "en")
    ('12/03/2016', '12/03/2016')
    >>> format_date(dt.date(2016, 3, 12), "en", "long").replace("\xa0", " ")
    '12 March 2016'
    >>> format_date(None)
    '—'
    """
    value = _as_date(day)
    if value is None:
        locale_for(lang)
        return MISSING
    locale = locale_for(lang)
    if length == "short":
        return _babel_date(value, "dd/MM/y", locale=locale)
    text = _babel_date(value, "d MMMM y", locale=locale)
    if value.day == 1 and lang in FIRST_OF_MONTH:
        text = FIRST_OF_MONTH[lang] + text[1:]
    return text.replace(" ", NBSP)


def date_cell(day) -> str:
    """A date as the kit writes it *into a data file* (a CSV or spreadsheet cell), whatever the language:
    ``12/10/2016``, read back by :func:`transfo_lab.contract.validation.parse_date`; ``""`` when missing.

    This is the data format of the programme folder, not a text for a reader (that is :func:`format_date`).

    >>> import datetime as dt
    >>> date_cell(dt.date(2016, 10, 12)), date_cell(None)
    ('12/10/2016', '')
    """
    value = _as_date(day)
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_month(month, lang: str = "fr", width: Literal["abbreviated", "wide"] = "abbreviated") -> str:
    """The name of a month (a number 1–12 or a date): ``janv.``/``janvier`` in French, ``Jan``/``January``.

    >>> format_month(1), format_month(8, width="wide"), format_month(1, lang="en")
    ('janv.', 'août', 'Jan')
    """
    number = month if isinstance(month, int) else _as_date(month).month
    return get_month_names(width, context="stand-alone", locale=locale_for(lang))[number]
