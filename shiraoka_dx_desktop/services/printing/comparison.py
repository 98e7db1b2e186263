"""新旧対照表 as a PDF: 項目 / 改正前 / 改正後, only what changed, the changed words bold and underlined.

A paper for the DX推進本部 or the 議会: landscape A3 or A4, one table under headings for the parts of
the policy (全体方針, each area, 推進体制, 用語集; （続き） where one runs over a page), the column
headings on every page, the page header with the policy's title and both editions' names
(「白岡市DX推進全体方針　新旧対照表（第3版 → 第4版）」), the footer with the date and page n / m.
Changes are marked in bold with an underline, never by colour alone, so they survive a
black-and-white printer; a passage added or removed is marked whole and its other side reads
（新設） or （削除） in grey.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..comparison import Comparison, ComparisonItem, compare
from ..snapshot import PolicySnapshot
from .display import Box, OutlineEntry, Page, Paper, PrintDocument
from .fonts import load_fonts
from .marked import Span, wrap_marked
from .sheet import Furniture, Sheet, furnish, sheet_for
from .table import Cell, Column, Row, Table, layout_table
from .text import Typesetter
from .writer import PdfSummary, save_pdf

__all__ = ["comparison_title", "layout_comparison", "write_comparison_pdf"]

_SHARES = (0.19, 0.405, 0.405)  # 項目, 改正前, 改正後
_LEGEND = "下線付きの太字は改正箇所（新設・削除した項目は全文）"


def comparison_title(old_name: str, new_name: str) -> str:
    """新旧対照表（第3版 → 第4版）."""
    return f"新旧対照表（{old_name} → {new_name}）"


class _ComparisonLayout:
    def __init__(self, comparison: Comparison, sheet: Sheet, typesetter: Typesetter) -> None:
        self.comparison = comparison
        self.sheet = sheet
        self.typesetter = typesetter
        self.padding = sheet.size(5)
        self.text = sheet.style(10.5, leading=1.5)
        self.placeholder = sheet.style(10.5, grey=0.4, leading=1.5)
        self.label = sheet.style(10, leading=1.45)
        self.aspect = sheet.style(10, grey=0.3, leading=1.45)
        self.heading = sheet.style(12.5, bold=True, leading=1.5)
        self.column = sheet.style(11, bold=True, leading=1.35)
        self.lead = sheet.style(10.5, leading=1.4)
        self.widths = [sheet.body.width * share for share in _SHARES]

    def _inner(self, column: int) -> float:
        return self.widths[column] - 2 * self.padding

    def _label_cell(self, item: ComparisonItem) -> Cell:
        lines = self.typesetter.wrap(item.subject, self._inner(0), self.label)
        if item.aspect:
            # The aspect on its own lines, so the record's name is not broken by it.
            lines += self.typesetter.wrap(item.aspect, self._inner(0), self.label)
        return Cell(tuple(lines), self.label)

    def _text_cell(self, text: str, shown: str, marks: tuple[Span, ...], column: int) -> Cell:
        if not text:  # （新設）, （削除）, （空欄）: said in grey, nothing to mark
            return Cell(tuple(self.typesetter.wrap(shown, self._inner(column), self.placeholder)), self.placeholder)
        lines, line_marks = wrap_marked(self.typesetter, text, marks, self._inner(column), self.text)
        return Cell(lines, self.text, marks=line_marks)

    def row(self, item: ComparisonItem) -> Row:
        cells = (
            self._label_cell(item),
            self._text_cell(item.old, item.old_shown, item.old_marks, 1),
            self._text_cell(item.new, item.new_shown, item.new_marks, 2),
        )
        return Row(cells, group=item.section)

    def heading_row(self, section: str, continued: bool) -> Row:
        text = section + ("（続き）" if continued else "")
        cell = Cell((self.typesetter.fit(text, self.sheet.body.width - 2 * self.padding, self.heading),), self.heading)
        return Row(heading=cell, group=section, outline="" if continued else section)

    def rows(self) -> list[Row]:
        rows: list[Row] = []
        for section, items in self.comparison.sections():
            rows.append(self.heading_row(section, continued=False))
            rows.extend(self.row(item) for item in items)
        if not rows:
            rows.append(Row((Cell(("改正箇所はありません。",), self.placeholder), Cell(), Cell())))
        return rows

    def pages(self, old_name: str, new_name: str) -> list[Page]:
        titles = ("項目", f"改正前（{old_name}）", f"改正後（{new_name}）")
        columns = [
            Column(width, (Cell((self.typesetter.fit(title, width - 2 * self.padding, self.column),), self.column),))
            for width, title in zip(self.widths, titles, strict=True)
        ]
        table = Table(
            columns=columns,
            rows=self.rows(),
            padding=self.padding,
            continued=lambda section: self.heading_row(section, continued=True),
            valign="top",
        )
        body = self.sheet.body
        lead_height = self.lead.line_height + self.sheet.size(6)
        area = Box(body.x, body.y + lead_height, body.width, body.height - lead_height)
        lead = self.typesetter.fit(f"{self.comparison.summary().rstrip('。')}。{_LEGEND}。", body.width, self.lead)
        pages = []
        for number, table_page in enumerate(layout_table(table, area, self.typesetter)):
            page = self.sheet.new_page("comparison")
            page.shapes.extend(self.typesetter.place([lead], Box(body.x, body.y, body.width, lead_height), self.lead))
            page.shapes.extend(table_page.shapes)
            if number == 0:
                page.outline.append(OutlineEntry("新旧対照表"))
            page.outline.extend(OutlineEntry(title, 1) for title in table_page.outline)
            pages.append(page)
        return pages


def layout_comparison(
    comparison: Comparison,
    *,
    policy_title: str,
    old_name: str,
    new_name: str,
    paper: Paper = "A3",
    exported_on: dt.date,
    user: str = "",
) -> PrintDocument:
    """The 新旧対照表 of ``comparison`` on ``paper`` (landscape), every page with its header and footer."""
    sheet = sheet_for(paper)  # an unknown paper is a ValueError
    typesetter = Typesetter(load_fonts())
    pages = _ComparisonLayout(comparison, sheet, typesetter).pages(old_name, new_name)
    title = comparison_title(old_name, new_name)
    furniture = Furniture(policy_title, "", exported_on, user)
    for number, page in enumerate(pages, start=1):
        furnish(page, sheet, typesetter, furniture, title, number, len(pages))
    return PrintDocument(
        title=f"{policy_title} {title}",
        subject=title,
        author=user,
        paper=sheet.paper,
        report="comparison",
        pages=pages,
        exported_on=exported_on,
    )


def write_comparison_pdf(
    old: PolicySnapshot,
    new: PolicySnapshot,
    path: Path,
    *,
    old_name: str,
    new_name: str,
    paper: Paper = "A3",
    user: str = "",
    today: dt.date | None = None,
) -> PdfSummary:
    """Compare ``old`` (改正前, named ``old_name``) with ``new`` and write the 新旧対照表 to ``path``, atomically.

    Raises :class:`~..atomic_file.FileWriteError` (a Japanese message) when the file cannot be
    written; an existing file of that name is then left as it was.
    """
    document = layout_comparison(
        compare(old, new),
        policy_title=new.title,
        old_name=old_name,
        new_name=new_name,
        paper=paper,
        exported_on=today or dt.date.today(),
        user=user,
    )
    return save_pdf(document, path)
