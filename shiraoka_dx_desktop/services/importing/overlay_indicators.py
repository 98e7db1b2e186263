"""The 指標 sheet read back: a row per indicator, with one column of actuals per fiscal year.

A row's indicator is the one its ID names; a row without one is a new indicator of the
initiative named in 取組項目 (here, or added in the same file).  Its 版 lists the
indicator's revision and each year's actual's, so every value merges three-way even
without the hidden sheet.  An emptied actual deletes it; a deleted row deletes the
indicator (with its actuals) when the file lists what it held.  A value that is not a
number, a year that cannot be read or lies outside the plan, an actual column for such
a year and a row without 指標名 refuse the file, naming sheet, row and value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...domain.era import format_fiscal_year
from ...domain.progress import indicator_actual_id
from ..edits import EditRefusedError
from ..exchange import schema
from ..progress_commands import parse_number, parse_year
from .guard import ImportRefusedError
from .sheet_context import RowResult, SheetContext, new_id, place_rows, row_id
from .state import Content
from .workbook_reader import SheetRows

__all__ = ["indicator_rows"]

_HEADINGS = dict(schema.INDICATOR_COLUMNS)
_NUMBERS = ("base_value", "target_value")
_YEARS = ("base_year", "target_year")


class _IndicatorRows:
    def __init__(self, context: SheetContext, sheet: SheetRows, new_names: dict[tuple[str, str], str]) -> None:
        self.context, self.sheet = context, sheet
        self.years = self._actual_columns()
        self.names: dict[str, list[str]] = {}  # initiative name → ids, here and added in this file
        for rid, content in context.of("initiative"):
            self.names.setdefault(str(content.get("name", "")), []).append(rid)
        for (_area, name), rid in new_names.items():
            if rid not in self.names.setdefault(name, []):
                self.names[name].append(rid)
        columns = {**_HEADINGS, "id": schema.ID_HEADING, "revision": schema.REVISION_HEADING}
        self.cells = {
            number: {key: sheet.value(values, heading) for key, heading in columns.items()}
            for number, values in sheet.rows
        }
        self.values = dict(sheet.rows)
        notes: list[str] = []
        self.ids = {number: row_id(context, sheet, number, cell["id"], notes) for number, cell in self.cells.items()}
        context.notes.extend(notes)
        self.present = {record_id for record_id in self.ids.values() if record_id}
        self.positions: dict[str, int] = {}

    def _actual_columns(self) -> dict[int, int]:
        """Column → fiscal year of each 実績（…） heading; one the plan does not have refuses the file."""
        first, last = self.context.plan_years()
        years: dict[int, int] = {}
        for heading, column in self.sheet.headings.items():
            if not heading.startswith("実績"):
                continue
            year = schema.actual_year(heading)
            if year is None or not first <= year <= last:
                period = f"{format_fiscal_year(first)}〜{format_fiscal_year(last)}"
                raise self.context.refusal(
                    self.sheet,
                    1,
                    heading,
                    f"計画期間（{period}）の年度の列ではありません",
                    "実績の列は「実績（令和7年度）」のように計画期間の年度だけにして送り直してもらってください",
                )
            years[column] = year
        return years

    def process(self, number: int, record_id: str) -> RowResult:
        context, cell = self.context, self.cells[number]
        row = RowResult()
        key = ("indicator", record_id)
        indicator_revisions, year_revisions = schema.parse_roadmap_revisions(cell["revision"] or "")
        base = context.base_of(key, indicator_revisions) if record_id else None
        start = context.start(key, base) if record_id else None
        initiative_id = self._initiative(number, base if base is not None else start, row)
        if initiative_id is None:
            if start is not None:
                row.records[key] = start  # neither changed nor deleted
            return row
        name = self._name(number)
        if start is None:
            twin = context.find("indicator", initiative_id=initiative_id, name=name)
            record_id = new_id(context, "indicator", self.present, number, initiative_id=initiative_id, name=name)
            key = ("indicator", record_id)
            if (twin is not None and twin in self.present) or key in context.theirs:
                row.notes.append(
                    f"{self.sheet.name} {number} 行目: 取組項目「{cell['initiative'] or ''}」の指標「{name[:40]}」は"
                    "ほかの行にもあります。同じ指標は一つの行にしか書けないため、この行は取り込みません"
                    "（別の指標なら指標名を変えてください）。"
                )
                return row
            base = context.base_of(key)
            start = context.start(key, base)
        content = start if start is not None else self._new(initiative_id, name)
        if base is None or base.get("initiative_id") != initiative_id:
            content["initiative_id"] = initiative_id
        self._values(number, name, content, base)
        row.records[key] = content
        self._actuals(number, record_id, year_revisions, row)
        return row

    def _initiative(self, number: int, known: Content | None, row: RowResult) -> str | None:
        typed = (self.cells[number]["initiative"] or "").strip()
        if known is not None:
            mine = self.context.contents.get(("initiative", str(known["initiative_id"]))) or {}
            if not typed or typed == schema.visible_text(str(mine.get("name", ""))):
                return str(known["initiative_id"])
        found = self.names.get(typed, [])
        if len(found) == 1:
            return found[0]
        what = "が空欄の" if not typed else "が見つからない" if not found else "が複数の取組にある"
        row.notes.append(
            f"{self.sheet.name} {number} 行目: 取組項目「{typed[:40]}」{what}ため、この行は取り込みません"
            "（取組項目の名前を、取組項目シートにあるとおりに入力してください）。"
        )
        return None

    def _name(self, number: int) -> str:
        name = (self.cells[number]["name"] or "").strip()
        if not name:
            raise self.context.refusal(
                self.sheet, number, _HEADINGS["name"], "空欄です", "指標名を入力して送り直してもらってください"
            )
        return self.context.checked(self.sheet, number, "indicator", "name", _HEADINGS["name"], name)

    def _new(self, initiative_id: str, name: str) -> dict[str, Any]:
        if initiative_id not in self.positions:
            taken = [
                int(c["position"]) for _rid, c in self.context.of("indicator") if c["initiative_id"] == initiative_id
            ]
            self.positions[initiative_id] = max(taken, default=-1) + 1
        self.positions[initiative_id] += 1
        return {
            "initiative_id": initiative_id,
            "position": self.positions[initiative_id] - 1,
            "name": name,
            "unit": "",
            "base_value": None,
            "base_year": None,
            "target_value": None,
            "target_year": None,
        }

    def _values(self, number: int, name: str, content: dict[str, Any], base: Content | None) -> None:
        context, sheet, cell = self.context, self.sheet, self.cells[number]
        context.set_if_edited(content, base, "name", name, cell["name"])
        if (unit := cell["unit"]) is not None:
            unit = context.checked(sheet, number, "indicator", "unit", _HEADINGS["unit"], unit.strip())
            context.set_if_edited(content, base, "unit", unit, unit)
        for field in (*_NUMBERS, *_YEARS):
            text = cell[field]
            if text is None:
                continue
            value = self._parsed(number, _HEADINGS[field], text, years=field in _YEARS)
            if base is None or base.get(field) != value:
                content[field] = value

    def _parsed(self, number: int, heading: str, text: str, *, years: bool = False) -> Any:
        try:
            return parse_year(text, heading) if years else parse_number(text, heading)
        except EditRefusedError as error:
            raise ImportRefusedError(
                f"「{self.context.file_name}」を取り込めません: シート「{self.sheet.name}」{number} 行目の"
                f"{error.message}直して送り直してもらってください（データベースは変更していません）。",
                Path(self.context.file_name),
            ) from None

    def _actuals(
        self, number: int, indicator_id: str, revisions: dict[int, schema.YearRevisions], row: RowResult
    ) -> None:
        context, values = self.context, self.values[number]
        for column, year in self.years.items():
            text = values[column] if column < len(values) else ""
            key = ("indicator_actual", indicator_actual_id(indicator_id, year))
            listed = revisions.get(year)
            base = context.base_of(key, listed.revisions if listed is not None else ())
            value = self._parsed(number, schema.actual_heading(year), text)
            if value is None:
                if base is not None:
                    row.records[key] = None  # emptied there
                continue
            if base is not None and base.get("value") == value:
                row.records[key] = dict(base)
                continue
            start = context.start(key, base) or {"indicator_id": indicator_id, "fiscal_year": year}
            row.records[key] = {**start, "value": value}


def indicator_rows(context: SheetContext, sheet: SheetRows, new_names: dict[tuple[str, str], str]) -> None:
    """Read the 指標 sheet; indicators the file held that have no row are deleted there, with their actuals."""
    rows = _IndicatorRows(context, sheet, new_names)
    place_rows(context, sheet, [(number, rows.ids[number]) for number in rows.cells], rows.process, "指標")
    seen = {rid for (entity, rid) in context.theirs if entity == "indicator"}
    for record_id in context.listed("indicator") - seen:
        context.theirs[("indicator", record_id)] = None
