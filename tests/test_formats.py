"""The one formatting path (transfo_lab.base.formats): what a reader sees, in French and in English."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from transfo_lab.base.exceptions import ParameterError
from transfo_lab.base.formats import (date_cell, decimal_symbol, format_date, format_euros, format_month, format_number,
                                      format_percent)

NNBSP, NBSP = "\u202f", "\xa0"


@pytest.mark.parametrize(("value", "decimals", "lang", "expected"), [
    (76900, 0, "fr", f"76{NNBSP}900"),
    (1234567.891, 2, "fr", f"1{NNBSP}234{NNBSP}567,89"),
    (2.5, 1, "fr", "2,5"),
    (-1234.5, 1, "fr", f"-1{NNBSP}234,5"),
    (76900.5, 1, "en", "76,900.5"),
    (0.0245, 3, "fr", "0,025"),  # rounded as the float is stored, like Python's own formatting
    (float("nan"), 0, "fr", "—"),
    (float("inf"), 0, "fr", "∞"),
])
def test_format_number(value, decimals, lang, expected):
    assert format_number(value, decimals, lang) == expected


def test_format_number_takes_numpy_numbers():
    assert format_number(np.int64(12345)) == f"12{NNBSP}345"
    assert format_number(np.float64(0.5), 2, "en") == "0.50"


def test_percent_and_euros():
    assert format_percent(2 / 3) == f"67{NBSP}%"
    assert format_percent(2 / 3, 1, "en") == "66.7%"
    assert format_euros(166200) == f"166{NNBSP}200{NBSP}€"
    assert format_euros(166200, lang="en") == "€166,200"
    assert format_euros(1234.5, 2) == f"1{NNBSP}234,50{NBSP}€"


def test_dates_short_and_long():
    day = dt.date(2016, 3, 12)
    assert format_date(day) == "12/03/2016"
    assert format_date(pd.Timestamp("2016-03-12 17:45")) == "12/03/2016"
    assert format_date(np.datetime64("2016-03-12")) == "12/03/2016"
    assert format_date(day, "fr", "long") == f"12{NBSP}mars{NBSP}2016"
    assert format_date(day, "en", "long") == f"12{NBSP}March{NBSP}2016"
    assert format_date(dt.date(2016, 9, 1), "fr", "long") == f"1er{NBSP}septembre{NBSP}2016"
    assert format_date(dt.date(2016, 9, 1), "en", "long") == f"1{NBSP}September{NBSP}2016"


@pytest.mark.parametrize("missing", [None, pd.NaT, float("nan")])
def test_a_missing_date_is_a_dash(missing):
    assert format_date(missing) == "—"
    assert format_date(missing, "en", "long") == "—"
    assert date_cell(missing) == ""


def test_months():
    assert [format_month(m) for m in (1, 2, 7, 12)] == ["janv.", "févr.", "juil.", "déc."]
    assert format_month(dt.date(2016, 8, 3), width="wide") == "août"
    assert format_month(1, "en") == "Jan"


def test_date_cell_is_the_data_format_whatever_the_language():
    assert date_cell(dt.datetime(2016, 10, 12, 9, 30)) == "12/10/2016"
    assert date_cell(pd.Timestamp("2016-01-02")) == "02/01/2016"


def test_decimal_symbol():
    assert (decimal_symbol("fr"), decimal_symbol("en")) == (",", ".")


def test_unknown_language_is_one_clear_message():
    with pytest.raises(ParameterError, match=r"`lang` is expected to be one of \('fr', 'en'\)\. Got 'de' instead\."):
        format_number(1, lang="de")
