"""The 進捗 sheet read back: each row an initiative's evaluation for one fiscal year.

A row's evaluation is the one its ID names when this terminal or the file knows it;
otherwise the initiative of its 取組 and 取組項目 (here, or added in 取組項目 of the same
file) and its 年度 name it (an evaluation's identity is derived from those two).  評価 must
be a code of the scale, 年度 a year of the plan: anything else refuses the file, naming
sheet, row and value.  取組, 取組項目 and 今年度の工程 are for reading: a change there is
said, not taken.  A deleted row deletes nothing (the evaluation is cleared by emptying
its cells).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ...domain.era import EraError, format_fiscal_year, parse_fiscal_year
from ...domain.progress import evaluation_id
from ...domain.roadmap import roadmap_cell_id
from ..exchange import schema
from .overlay_roadmap import phase_text
from .sheet_context import RowResult, SheetContext, area_ids, normal, place_rows, row_id
from .state import Content
from .workbook_reader import SheetRows

__all__ = ["progress_rows"]

_HEADINGS = dict(schema.PROGRESS_COLUMNS)
_TEXTS = ("result", "issues", "next_steps")


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().upper()


class _ProgressRows:
    """The sheet's rows read once; each then read as one evaluation."""

    def __init__(self, context: SheetContext, sheet: SheetRows, new_names: dict[tuple[str, str], str]) -> None:
        self.context, self.sheet, self.new_names = context, sheet, new_names
        self.areas = area_ids(context)
        self.grades = {_folded(str(content["code"])): rid for rid, content in context.of("evaluation_grade")}
        self.codes = {rid: str(content["code"]) for rid, content in context.of("evaluation_grade")}
        self.cells = {
            number: {key: sheet.value(values, heading) for key, heading in _HEADINGS.items()}
            for number, values in sheet.rows
        }
        notes: list[str] = []
        self.ids = {number: row_id(context, sheet, number, cell["id"], notes) for number, cell in self.cells.items()}
        context.notes.extend(notes)
        self.initiatives_seen: set[str] = set()
        self.rows_of: dict[tuple[str, str], int] = {}  # the first row of each evaluation

    def process(self, number: int, record_id: str) -> RowResult:
        context, cell = self.context, self.cells[number]
        row = RowResult()
        key = ("evaluation", record_id)
        base = context.base_of(key, cell["revision"] or "") if record_id else None
        known = base if base is not None else context.as_here(key) if record_id else None
        placed = self._place(number, known, row, record_id)
        if placed is None:
            return row
        initiative_id, year = placed
        self.initiatives_seen.add(initiative_id)
        if known is None or known.get("initiative_id") != initiative_id or known.get("fiscal_year") != year:
            key = ("evaluation", evaluation_id(initiative_id, year))
            base = context.base_of(key)
        first = self.rows_of.setdefault(key, number)
        if first != number and key in context.theirs:  # another row already says this evaluation
            row.notes.append(
                f"{self.sheet.name} {number} 行目: {first} 行目と同じ取組項目・年度の行です。評価は一つの行にしか"
                f"書けないため、この行は取り込みません（{first} 行目の内容を取り込みます）。"
            )
            return row
        content = context.start(key, base) or _empty(initiative_id, year)
        edited = self._values(number, content, base)
        if context.start(key, base) is None and not edited:
            self._lead_section(number, initiative_id, row)
            return row  # nothing entered for an evaluation that does not exist: nothing to make
        row.records[key] = content
        self._reference_columns(number, initiative_id, year, row)
        self._lead_section(number, initiative_id, row)
        return row

    def _place(self, number: int, known: Content | None, row: RowResult, typed_id: str) -> tuple[str, int] | None:
        """The row's initiative and fiscal year (None: it cannot be placed, said in ``row``)."""
        sheet, cell = self.sheet, self.cells[number]
        year = self._year(number)
        if known is not None:
            if year is not None and year != known["fiscal_year"]:
                was = format_fiscal_year(int(known["fiscal_year"]))
                row.notes.append(
                    f"{sheet.name} {number} 行目: 年度は変更できないため、{was}の行として読みました"
                    f"（別の年度の評価は、その年度のブックで入力してください）。"
                )
            return str(known["initiative_id"]), int(known["fiscal_year"])
        name = (cell["name"] or "").strip()
        area_id = self.areas.get(normal(cell["area"] or ""))
        initiative_id = self._initiative(area_id, name, year, typed_id)
        if initiative_id is None or year is None:
            if any((cell[field] or "").strip() for field in ("grade", *_TEXTS)):
                what = f"取組項目「{name[:40]}」が見つからない" if year is not None else "年度が空欄の"
                row.notes.append(f"{sheet.name} {number} 行目: {what}ため、この行は取り込みません。")
            return None
        return initiative_id, year

    def _initiative(self, area_id: str | None, name: str, year: int | None, typed_id: str) -> str | None:
        """The initiative a row names: the one whose evaluation its ID is, else by name (one added in the same
        file first: a row typed for a new initiative)."""
        if not name:
            return None
        if area_id is not None:
            candidates = [
                self.new_names.get((area_id, name)),
                self.context.find("initiative", area_id=area_id, name=name),
            ]
            if typed_id and year is not None:
                for candidate in candidates:
                    if candidate is not None and evaluation_id(candidate, year) == typed_id:
                        return candidate
            return candidates[0] or candidates[1]
        found = [rid for rid, content in self.context.of("initiative") if content.get("name") == name]
        found += [rid for (_area, typed), rid in self.new_names.items() if typed == name and rid not in found]
        return found[0] if len(found) == 1 else None

    def _year(self, number: int) -> int | None:
        text = (self.cells[number]["fiscal_year"] or "").strip()
        if not text:
            return None
        first, last = self.context.plan_years()
        try:
            year = parse_fiscal_year(text)
        except EraError:
            year = None
        if year is None or not first <= year <= last:
            period = f"{format_fiscal_year(first)}〜{format_fiscal_year(last)}"
            raise self.context.refusal(
                self.sheet,
                number,
                _HEADINGS["fiscal_year"],
                f"「{text[:20]}」で、計画期間（{period}）の年度として読めません",
                "「令和7年度」のように計画期間の年度を入力して送り直してもらってください",
            )
        return year

    def _values(self, number: int, content: dict[str, Any], base: Content | None) -> bool:
        """Put the row's values into ``content``; whether the row holds anything."""
        context, sheet, cell = self.context, self.sheet, self.cells[number]
        if (shown := cell["grade"]) is not None:
            grade_id = self._grade(number, shown)
            if base is None or base.get("grade_id") != grade_id:
                content["grade_id"] = grade_id
        for name in _TEXTS:
            if (text := cell[name]) is not None:
                text = context.checked(sheet, number, "evaluation", name, _HEADINGS[name], text.strip())
                context.set_if_edited(content, base, name, text, text)
        return bool(content.get("grade_id")) or any(str(content.get(name) or "").strip() for name in _TEXTS)

    def _grade(self, number: int, shown: str) -> str | None:
        if not shown.strip():
            return None
        grade_id = self.grades.get(_folded(shown))
        if grade_id is None:
            codes = "・".join(self.codes.values())
            raise self.context.refusal(
                self.sheet,
                number,
                _HEADINGS["grade"],
                f"「{shown.strip()[:20]}」で、評価の区分（{codes}）にありません",
                f"{codes} のどれか（未記入なら空欄）にして送り直してもらってください",
            )
        return grade_id

    def _reference_columns(self, number: int, initiative_id: str, year: int, row: RowResult) -> None:
        """A change typed into a column for reading is said: it is made in 取組項目 or 工程表."""
        context, sheet, cell = self.context, self.sheet, self.cells[number]
        initiative = context.contents.get(("initiative", initiative_id)) or {}
        cell_key = ("roadmap_cell", roadmap_cell_id(initiative_id, year))
        record = context.base.get(cell_key)
        phase = phase_text(record.content if record is not None and not record.deleted else None)
        if record is None:
            phase = phase_text(context.local.records.get(cell_key))
        renamed = (context.theirs.get(("initiative", initiative_id)) or {}).get("name")  # in 取組項目, same file
        changed = [
            _HEADINGS[key]
            for key, shown in (("name", initiative.get("name")), ("phase", phase))
            if (typed := cell[key]) is not None
            and shown is not None
            and typed.strip() not in {schema.visible_text(str(shown)), renamed if key == "name" else None}
        ]
        if changed and initiative:
            columns = "・".join(f"「{heading}」" for heading in changed)
            row.notes.append(
                f"{sheet.name} {number} 行目: {columns}は参照用の列のため、変更しません"
                f"（{schema.INITIATIVES_SHEET}・{schema.ROADMAP_SHEET}のシートで変更してください）。"
            )

    def _lead_section(self, number: int, initiative_id: str, row: RowResult) -> None:
        """事業主管課 edits the initiative's lead section, unless 取組項目 changed it to another one."""
        context, sheet = self.context, self.sheet
        typed = (self.cells[number]["lead_section"] or "").strip()
        key = ("initiative", initiative_id)
        record = context.base.get(key)
        base = record.content if record is not None and not record.deleted else context.local.records.get(key)
        if self.cells[number]["lead_section"] is None or base is None or typed == self._section_name(base):
            return
        section_id = context.find("section", name=typed) if typed else None
        theirs = context.theirs.get(key, base)
        if (typed and section_id is None) or theirs is None:
            if typed and section_id is None:
                row.notes.append(
                    f"{sheet.name} {number} 行目: 事業主管課「{typed[:40]}」が部・課の一覧にないため、変更しません。"
                )
            return
        if theirs.get("lead_section_id") not in (base.get("lead_section_id"), section_id):
            row.notes.append(
                f"{sheet.name} {number} 行目: 事業主管課は{schema.INITIATIVES_SHEET}のシートでも別の課に変更されて"
                f"いるため、{schema.INITIATIVES_SHEET}の値を採ります。"
            )
            return
        row.records[key] = {**theirs, "lead_section_id": section_id}

    def _section_name(self, initiative: Content) -> str:
        section_id = initiative.get("lead_section_id")
        section = self.context.contents.get(("section", str(section_id))) if section_id else None
        return str(section.get("name", "")) if section else ""


def _empty(initiative_id: str, year: int) -> dict[str, Any]:
    return {
        "initiative_id": initiative_id,
        "fiscal_year": year,
        "grade_id": None,
        "result": "",
        "issues": "",
        "next_steps": "",
    }


def progress_rows(context: SheetContext, sheet: SheetRows, new_names: dict[tuple[str, str], str]) -> None:
    """Read the 進捗 sheet; initiatives the file held that have no row in it are said (nothing is deleted)."""
    rows = _ProgressRows(context, sheet, new_names)
    place_rows(context, sheet, [(number, rows.ids[number]) for number in rows.cells], rows.process, "評価")
    deleted = {rid for (entity, rid), content in context.theirs.items() if entity == "initiative" and content is None}
    missing = context.listed("initiative") - rows.initiatives_seen - deleted
    if missing:
        context.notes.append(
            f"{sheet.name}のシートに行のない取組項目が {len(missing):,d} 件あります。これらの評価は変更しません"
            "（評価を消すときは、行を残して評価・実績などのセルを空欄にしてください）。"
        )
