"""概要版: the policy on one A4 page (portrait), for the city's website and the counter.

What a reader of the website downloads first: the title, the edition and its 和暦 date, the
plan period, the vision and the first sentences of its text, the viewpoints, every area (its
number, its title, its first sentence) with its initiatives' names in two columns, and the
推進体制 in a small box.  It is one page whatever the data: an area's list is cut short with
「ほか N 件」 (and, with very many areas, the areas themselves), never by making the text smaller
than 7 pt.  Only what the policy document publishes is read, field by field: no identifiers,
notes, marks of inference or who changed what.  Everything is black on white or light grey.

The date printed and the PDF's creation date are the latest edition's, never today's: the same
data gives the same bytes (the public site is compared byte for byte).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

from ...domain.era import format_fiscal_year, format_year_month
from ...domain.organisation import BodyKind
from ..snapshot import AreaView, BodyView, PolicySnapshot
from .display import Box, Line, Page, PrintDocument, Rect, Shape
from .fonts import load_fonts
from .pdf_renderer import render_document
from .sheet import MM
from .text import TextStyle, Typesetter
from .writer import PdfSummary, save_pdf

__all__ = [
    "SMALLEST_SIZE",
    "SUMMARY_TITLE",
    "allocate_rows",
    "layout_summary",
    "render_summary",
    "write_summary_pdf",
]

SUMMARY_TITLE = "概要版"
SMALLEST_SIZE = 7.0  # no text on the page is smaller than this
_WIDTH, _HEIGHT = 210 * MM, 297 * MM  # A4 portrait
_MARGIN = 15 * MM
_GAP = 7.0
_COLUMNS = 2  # initiatives' names per row
_VISION_LINES = 4
_VIEWPOINT_ROWS = 2
_ORGANISATION_LINES = 5
_TEAMS = (BodyKind.PROJECT_TEAM.value, BodyKind.WORKING_GROUP.value)
_SEPARATOR = "　／　"  # between the bodies; not left at the end of a line
_FOOTNOTE = "取組項目ごとの工程表と説明、推進体制の詳細、用語集は本編に掲載しています。"


class _Styles:
    """The sizes of the page's text: none below :data:`SMALLEST_SIZE`."""

    tag = TextStyle(10, bold=True, leading=1.3)
    title = TextStyle(19, bold=True, leading=1.3)
    edition = TextStyle(10, leading=1.4)
    section = TextStyle(11, bold=True, leading=1.4)
    vision = TextStyle(13, bold=True, leading=1.45)
    text = TextStyle(8.5, leading=1.55)
    viewpoint = TextStyle(9.5, bold=True, leading=1.35)
    area = TextStyle(9.5, bold=True, leading=1.35)
    count = TextStyle(8, leading=1.45)
    lead = TextStyle(8, grey=0.2, leading=1.45)
    item = TextStyle(8, leading=1.4)
    small = TextStyle(7.5, grey=0.2, leading=1.4)


def allocate_rows(needs: Sequence[int], available: int) -> list[int]:
    """Rows for each area's list: all it needs if they fit, else at least one each and the rest shared.

    The rows left over after one each are handed out one round at a time, a row to every area
    still short, so that a small area is shown whole before a large one gets more.
    """
    if sum(needs) <= available:
        return list(needs)
    given = [min(1, need) for need in needs]
    left = available - sum(given)
    while left > 0:
        short = [index for index, need in enumerate(needs) if given[index] < need]
        if not short:
            break
        for index in short[:left]:
            given[index] += 1
        left -= min(left, len(short))
    return given


def _sentences(text: str) -> list[str]:
    flowing = "".join(line.strip() for line in text.replace("\r\n", "\n").splitlines())
    pieces = [piece + "。" for piece in flowing.split("。") if piece.strip()]
    if pieces and not flowing.endswith("。"):
        pieces[-1] = pieces[-1][:-1]
    return pieces


class _SummaryLayout:
    def __init__(self, snapshot: PolicySnapshot, typesetter: Typesetter) -> None:
        self.snapshot = snapshot
        self.typesetter = typesetter
        self.styles = _Styles()
        self.page = Page(_WIDTH, _HEIGHT, Box(_MARGIN, _MARGIN, _WIDTH - 2 * _MARGIN, _HEIGHT - 2 * _MARGIN), [])
        self.body = self.page.printable
        self.shapes: list[Shape] = self.page.shapes
        self.y = self.body.y

    # Pieces of text --------------------------------------------------------------------------------

    def _text(self, lines: Sequence[str], frame: Box, style: TextStyle, **options: object) -> None:
        self.shapes.extend(self.typesetter.place(lines, frame, style, **options))  # type: ignore[arg-type]

    def _lines(self, text: str, width: float, style: TextStyle, most: int) -> list[str]:
        """``text`` wrapped into at most ``most`` lines, the last cut with an ellipsis if it must be."""
        lines = self.typesetter.wrap(text, width, style)
        if len(lines) <= most:
            return lines
        return [*lines[: most - 1], self.typesetter.fit(lines[most - 1] + "……", width, style)]

    def _section_heading(self, text: str) -> None:
        style = self.styles.section
        box = Box(self.body.x, self.y, self.body.width, style.line_height + 2)
        self.shapes.append(Rect(Box(box.x, box.y + 2.5, 3.5, style.line_height - 3.5), fill=0.0, tag="mark"))
        fitted = self.typesetter.fit(text, box.width - 8, style)
        self.shapes.append(self.typesetter.line(fitted, box.x + 8, box.y, style, box))
        self.shapes.append(Line((box.x, box.bottom), (box.right, box.bottom), grey=0.35, line_width=0.6))
        self.y = box.bottom + 4

    # The blocks, top to bottom --------------------------------------------------------------------

    def header(self) -> None:
        styles, body = self.styles, self.body
        tag_width = self.typesetter.width(SUMMARY_TITLE, styles.tag) + 12
        tag = Box(body.right - tag_width, self.y, tag_width, styles.tag.line_height + 4)
        self.shapes.append(Rect(tag, stroke=0.0, line_width=1.0, tag="tag"))
        self._text([SUMMARY_TITLE], tag, styles.tag, top=tag.y + 2, align="centre")
        title_width = body.width - tag_width - 10
        lines, style = self.typesetter.shrink_to_fit(self.snapshot.title, title_width, styles.title, smallest=0.7)
        lines = lines[:2]
        frame = Box(body.x, self.y, title_width, style.line_height * len(lines))
        self._text(lines, frame, style)
        self.y = frame.bottom + 2
        facts = self._edition_line()
        frame = Box(body.x, self.y, body.width, styles.edition.line_height)
        self._text([self.typesetter.fit(facts, body.width, styles.edition)], frame, styles.edition)
        self.y = frame.bottom + 3
        self.shapes.append(Line((body.x, self.y), (body.right, self.y), grey=0.0, line_width=1.6))
        self.y += _GAP

    def _edition_line(self) -> str:
        snapshot = self.snapshot
        first, last = snapshot.first_year, snapshot.last_year
        period = f"計画期間　{format_fiscal_year(first)}〜{format_fiscal_year(last)}（{first}〜{last}年度）"
        if not snapshot.editions:
            return period
        edition = snapshot.editions[-1]
        issued = f"{format_year_month(edition.issued_year, edition.issued_month)}{edition.action}"
        return f"{edition.label}　{issued}　　{period}"

    def vision(self) -> None:
        styles, body, snapshot = self.styles, self.body, self.snapshot
        if not snapshot.vision.strip() and not snapshot.vision_text.strip():
            return
        self._section_heading("ビジョン")
        if snapshot.vision.strip():
            lines = self._lines(snapshot.vision.strip(), body.width - 24, styles.vision, 3)
            box = Box(body.x, self.y, body.width, len(lines) * styles.vision.line_height + 12)
            self.shapes.append(Rect(box, fill=0.93, stroke=0.0, line_width=0.8, tag="vision"))
            self._text(lines, box, styles.vision, top=box.y + 6, align="centre")
            self.y = box.bottom + 5
        lines = self._short_text(snapshot.vision_text, body.width, styles.text)
        frame = Box(body.x, self.y, body.width, len(lines) * styles.text.line_height)
        self._text(lines, frame, styles.text)
        self.y = frame.bottom + _GAP

    def _short_text(self, text: str, width: float, style: TextStyle) -> list[str]:
        """The text's first whole sentences that fit in a few lines (the first alone, cut, if it is longer)."""
        kept: list[str] = []
        for sentence in _sentences(text):
            trial = self.typesetter.wrap("".join([*kept, sentence]), width, style)
            if len(trial) > _VISION_LINES:
                break
            kept.append(sentence)
        if kept:
            return self.typesetter.wrap("".join(kept), width, style)
        return self._lines("".join(_sentences(text)), width, style, _VISION_LINES) if text.strip() else []

    def viewpoints(self) -> None:
        names = [name for name in self.snapshot.viewpoints if name.strip()]
        if not names:
            return
        styles, body = self.styles, self.body
        self._section_heading("DX推進の視点")
        per_row = min(len(names), 3)
        rows = math.ceil(len(names) / per_row)
        if rows > _VIEWPOINT_ROWS:
            rows = _VIEWPOINT_ROWS
            names = [*names[: rows * per_row - 1], f"ほか {len(names) - rows * per_row + 1} 件"]
        gap = 6.0
        width = (body.width - gap * (per_row - 1)) / per_row
        wrapped = [self._lines(name, width - 10, styles.viewpoint, 2) for name in names]
        height = max(len(lines) for lines in wrapped) * styles.viewpoint.line_height + 8
        for number, lines in enumerate(wrapped):
            row, column = divmod(number, per_row)
            box = Box(body.x + column * (width + gap), self.y + row * (height + gap), width, height)
            self.shapes.append(Rect(box, stroke=0.0, line_width=0.8, tag="viewpoint"))
            top = box.y + (box.height - len(lines) * styles.viewpoint.line_height) / 2
            self._text(lines, box, styles.viewpoint, top=top, align="centre")
        self.y += rows * height + (rows - 1) * gap + _GAP

    def _leads(self, most: int) -> list[list[str]]:
        """Each area's first sentence in at most ``most`` lines (none for ``most`` 0)."""
        width = self.body.width - 8
        return [
            self._lines(first, width, self.styles.lead, most) if most and first else []
            for first in ((_sentences(area.description) or [""])[0] for area in self.snapshot.areas)
        ]

    def _area_plan(self, bottom: float) -> tuple[int, list[list[str]], list[int]]:
        """How many areas fit above ``bottom``, their first sentences, and each list's rows.

        The first sentences get two lines if every list then fits whole, else one; they are left
        out before any area is.
        """
        styles = self.styles
        counts = [len(self.snapshot.initiatives_of(area.id)) for area in self.snapshot.areas]
        needs = [max(1, math.ceil(count / _COLUMNS)) for count in counts]
        room = bottom - self.y
        heading, lead, row = styles.area.line_height + 4, styles.lead.line_height, styles.item.line_height
        for most in (2, 1, 0):
            leads = self._leads(most)
            for shown in range(len(needs), 0, -1):
                fixed = sum(heading + 4 + lead * len(lines) for lines in leads[:shown])
                fixed += row if shown < len(needs) else 0.0  # 「ほか N の取組」
                available = int((room - fixed) / row + 1e-6)
                whole = available >= sum(needs[:shown]) and shown == len(needs)
                if available >= shown and (whole or most < 2):
                    return shown, leads[:shown], allocate_rows(needs[:shown], available)
                if most:
                    break  # shorter first sentences before fewer areas
        return 0, [], []

    def areas(self, bottom: float) -> None:
        """Every area that fits above ``bottom``: its heading, its first sentence, its initiatives' names."""
        styles, snapshot, body = self.styles, self.snapshot, self.body
        if not snapshot.areas:
            return
        self._section_heading(f"取組（取組項目 {len(snapshot.initiatives):,d} 件）")
        shown, leads, rows = self._area_plan(bottom)
        for area, lead, area_rows in zip(snapshot.areas[:shown], leads, rows, strict=True):
            self._area(area, lead, area_rows)
        if shown < len(snapshot.areas):
            rest = snapshot.areas[shown:]
            hidden = sum(len(snapshot.initiatives_of(area.id)) for area in rest)
            frame = Box(body.x, self.y, body.width, styles.item.line_height)
            self._text([f"ほか {len(rest):,d} の取組（取組項目 {hidden:,d} 件）"], frame, styles.item, inset=0)
            self.y = frame.bottom

    def _area(self, area: AreaView, lead: list[str], rows: int) -> None:
        styles, body, typesetter = self.styles, self.body, self.typesetter
        names = [" ".join(initiative.name.split()) for initiative in self.snapshot.initiatives_of(area.id)]
        heading = Box(body.x, self.y, body.width, styles.area.line_height + 3)
        self.shapes.append(Rect(heading, fill=0.88, tag="area"))
        count = f"取組項目 {len(names):,d} 件"
        room = heading.width - typesetter.width(count, styles.count) - 20
        title = typesetter.fit(f"({area.number}) {area.title}", room, styles.area)
        self._text([title], heading, styles.area, top=heading.y + 1.5, inset=4)
        self._text([count], heading, styles.count, top=heading.y + 1.5, align="right", inset=4)
        self.y = heading.bottom + 1
        if lead:
            frame = Box(body.x, self.y, body.width, styles.lead.line_height * len(lead))
            self._text(lead, frame, styles.lead, top=self.y, inset=4)
            self.y = frame.bottom
        self._names(names, rows)
        self.y += 4

    def _names(self, names: list[str], rows: int) -> None:
        """The names in columns, read down each column; with too many, the last place says how many more."""
        styles, body, typesetter = self.styles, self.body, self.typesetter
        slots = rows * _COLUMNS
        if not names:
            items = ["（取組項目はありません）"]
        elif len(names) <= slots:
            items = [f"・{name}" for name in names]
        else:
            items = [*(f"・{name}" for name in names[: slots - 1]), f"ほか {len(names) - slots + 1:,d} 件"]
        rows = math.ceil(len(items) / _COLUMNS)
        width = (body.width - 8) / _COLUMNS
        style = styles.item
        for index, item in enumerate(items):
            column, row = divmod(index, rows)
            frame = Box(body.x + 4 + column * width, self.y + row * style.line_height, width, style.line_height)
            fitted = typesetter.fit(item, width - 6, style)
            self.shapes.append(typesetter.line(fitted, frame.x, frame.y, style, frame))
        self.y += rows * style.line_height

    def organisation_lines(self, width: float) -> list[str]:
        """The 推進体制 in a few lines: each body with its first roles, then the teams (想定 said)."""
        items = [_body_item(body) for body in self.snapshot.bodies if body.kind not in _TEAMS]
        teams = [_team_item(body) for body in self.snapshot.bodies if body.kind in _TEAMS]
        items += teams
        style = self.styles.text
        shown = len(items)
        while shown > 0:
            kept = items[:shown] + ([f"ほか {len(items) - shown:,d} 件"] if shown < len(items) else [])
            lines = self.typesetter.wrap_items(kept, _SEPARATOR, width, style)
            if len(lines) <= _ORGANISATION_LINES:
                return [line.removesuffix(_SEPARATOR.rstrip()).rstrip() for line in lines]
            shown -= 1
        return []

    def organisation(self, lines: list[str]) -> None:
        styles, body = self.styles, self.body
        if not lines:
            return
        label = "推進体制"
        label_width = self.typesetter.width(label, styles.section) + 20
        box = Box(body.x, self.y, body.width, len(lines) * styles.text.line_height + 10)
        self.shapes.append(Rect(Box(box.x, box.y, label_width, box.height), fill=0.88, tag="organisation-label"))
        self.shapes.append(Rect(box, stroke=0.0, line_width=0.8, tag="organisation"))
        top = box.y + (box.height - styles.section.line_height) / 2
        self._text([label], Box(box.x, box.y, label_width, box.height), styles.section, top=top, align="centre")
        text_box = Box(box.x + label_width, box.y, box.width - label_width, box.height)
        self._text(lines, text_box, styles.text, top=box.y + 5, inset=8)
        self.y = box.bottom + _GAP

    def footer(self) -> float:
        """The note at the foot of the page; where it starts."""
        styles, body = self.styles, self.body
        style = styles.small
        top = body.bottom - style.line_height
        frame = Box(body.x, top, body.width, style.line_height)
        edition = self._footer_edition()
        note = self.typesetter.fit(_FOOTNOTE, body.width - self.typesetter.width(edition, style) - 16, style)
        self._text([note], frame, style, top=top)
        self._text([edition], frame, style, top=top, align="right")
        self.shapes.append(Line((body.x, top - 2), (body.right, top - 2), grey=0.35, line_width=0.6))
        return top - 2

    def _footer_edition(self) -> str:
        if not self.snapshot.editions:
            return SUMMARY_TITLE
        edition = self.snapshot.editions[-1]
        issued = format_year_month(edition.issued_year, edition.issued_month)
        return f"{SUMMARY_TITLE}（{edition.label}　{issued}{edition.action}）"

    def lay_out(self) -> Page:
        self.header()
        self.vision()
        self.viewpoints()
        footer_top = self.footer()
        lines = self.organisation_lines(self.body.width - self.typesetter.width("推進体制", self.styles.section) - 36)
        organisation_height = len(lines) * self.styles.text.line_height + 10 + _GAP if lines else 0.0
        self.areas(footer_top - _GAP - organisation_height)
        self.y += _GAP - 4
        self.organisation(lines)
        return self.page


def _role_text(body: BodyView) -> str:
    parts = []
    for role in body.roles[:2]:  # the heads; the members are on the 推進体制 page
        post = role.post if not role.section or role.section in role.post else f"{role.post}（{role.section}）"
        if post.strip():
            parts.append(post if role.title in body.name else f"{role.title} {post}")
    return "、".join(parts)


def _body_item(body: BodyView) -> str:
    roles = _role_text(body)
    return f"{body.name}：{roles}" if roles else body.name


def _team_item(body: BodyView) -> str:
    return f"{body.name}（{body.status}）" if body.status == "想定" else body.name


def _issued_on(snapshot: PolicySnapshot) -> dt.date | None:
    """The latest edition's month (its first day): the date the page and the PDF carry."""
    if not snapshot.editions:
        return None
    edition = snapshot.editions[-1]
    return dt.date(edition.issued_year, edition.issued_month, 1)


def layout_summary(snapshot: PolicySnapshot) -> PrintDocument:
    """The 概要版 of ``snapshot``: always exactly one A4 portrait page."""
    page = _SummaryLayout(snapshot, Typesetter(load_fonts())).lay_out()
    page.report = "summary"
    edition = f" {snapshot.edition_label}" if snapshot.edition_label else ""
    return PrintDocument(
        title=f"{snapshot.title} {SUMMARY_TITLE}{edition}",
        subject=f"{SUMMARY_TITLE}{edition}",
        author="",
        paper="A4",
        report="summary",
        pages=[page],
        exported_on=_issued_on(snapshot),
    )


def render_summary(snapshot: PolicySnapshot) -> bytes:
    """The 概要版 as PDF bytes (for the public site): the same snapshot gives the same bytes."""
    return render_document(layout_summary(snapshot), load_fonts())


def write_summary_pdf(snapshot: PolicySnapshot, path: Path) -> PdfSummary:
    """Write the 概要版 to ``path``, atomically (:class:`~..atomic_file.FileWriteError` if it cannot be)."""
    return save_pdf(layout_summary(snapshot), path)
