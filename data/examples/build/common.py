"""Shared helpers of the example generators: deterministic writing of the programme tables."""
from __future__ import annotations

import csv
import random
from pathlib import Path

import pandas as pd

from transfo_lab.planning import is_working_day
from transfo_lab.schemas import get_table


def fr_date(day) -> str:
    return pd.Timestamp(day).strftime("%d/%m/%Y")


def write_table(folder: Path, table: str, rows: list[dict], *, fmt: str = "csv") -> None:
    """Write rows (English column names) with the French headers of the templates."""
    spec = get_table(table)
    used = [c for c in spec.columns if c.required or any(r.get(c.name) not in (None, "", []) for r in rows)]
    header = [c.fr for c in used]
    body = [[_cell(r.get(c.name)) for c in used] for r in rows]
    if fmt == "csv":
        with open(folder / f"{spec.file}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=";", lineterminator="\n")
            writer.writerow(header)
            writer.writerows(body)
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = spec.file
        ws.append(header)
        for row in body:
            ws.append([int(v) if isinstance(v, str) and v.isdigit() and len(v) == 1 else v for v in row])
        wb.save(folder / f"{spec.file}.xlsx")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, pd.Timestamp):
        return fr_date(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}".replace(".", ",")
    return str(value)


def working_days_between(start, end) -> list[pd.Timestamp]:
    return [d for d in pd.date_range(start, end) if is_working_day(d)]


def calendar_rows(plan: pd.DataFrame) -> list[dict]:
    rows = []
    for r in plan.itertuples():
        rows.append({"id": r.id, "phase": r.phase, "type": r.type, "event": r.event, "start": r.start, "end": r.end,
                     "site": None if pd.isna(r.site) else r.site, "week": None if pd.isna(r.week) else int(r.week),
                     "description": r.description})
    return rows


def compose(rng: random.Random, main: list[str], extra: list[str] | None = None, p_extra: float = 0.6) -> str:
    text = rng.choice(main)
    if extra and rng.random() < p_extra:
        second = rng.choice(extra)
        if second != text:
            text = f"{text} {second}"
    return text
