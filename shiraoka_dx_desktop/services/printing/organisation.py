"""推進体制: the organisation chart, laid out from the bodies so that it stays right as teams come and go.

Three tiers joined by lines: the DX推進本部 at the top with the CIO on its
left and the committee whose members sit on it on its right; the secretariat,
the DX推進委員 and the 事業主管課 beneath; then every project team and working
group in a frame, as many to a row as fit.  When the chart is too tall for
the page the text shrinks; when it is still too tall, the teams continue on
the next page.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ...domain.organisation import BodyKind
from ..snapshot import PolicySnapshot
from .display import Box, Line, OutlineEntry, Page, Rect, Shape
from .org_boxes import BodyBox, OrgStyles, measure_body
from .sheet import Sheet
from .text import TextStyle, Typesetter

__all__ = ["TEAMS_TITLE", "layout_organisation"]

TEAMS_TITLE = "プロジェクトチーム・ワーキンググループ"
_LEGEND_SOLID = "実線の枠：設置済"
_LEGEND_DASHED = "破線の枠：想定（今後の設置を想定）"
# Largest first: the chart fills an A3 sheet when it can, and shrinks when teams are many.
_SCALES = (1.3, 1.2, 1.1, 1.0, 0.92, 0.84, 0.76, 0.68)
_BASE_SIZE = 10.5
_SMALLEST_SIZE = 7.5  # below this the chart continues on another page rather than shrink further
_TEAM_KINDS = {BodyKind.PROJECT_TEAM, BodyKind.WORKING_GROUP}
_SIDE_KINDS = {BodyKind.OFFICER, BodyKind.COMMITTEE}
_LINE_GREY = 0.2
_LINE_WIDTH = 1.0


@dataclass
class _Chart:
    shapes: list[Shape] = field(default_factory=list)
    bottom: float = 0.0


class _OrganisationLayout:
    def __init__(self, snapshot: PolicySnapshot, sheet: Sheet, typesetter: Typesetter) -> None:
        self.sheet = sheet
        self.typesetter = typesetter
        bodies = snapshot.bodies
        self.headquarters = [body for body in bodies if body.kind == BodyKind.HEADQUARTERS]
        self.officers = [body for body in bodies if body.kind == BodyKind.OFFICER]
        self.committees = [body for body in bodies if body.kind == BodyKind.COMMITTEE]
        self.teams = [body for body in bodies if body.kind in _TEAM_KINDS]
        placed = {BodyKind.HEADQUARTERS, *_SIDE_KINDS, *_TEAM_KINDS}
        self.middle = [body for body in bodies if body.kind not in placed]
        self.legend_style = sheet.style(10, leading=1.3)
        body = sheet.body
        self.area = Box(body.x, body.y, body.width, body.height - self.legend_height())

    # -- geometry --------------------------------------------------------------------

    def gap(self, styles: OrgStyles) -> float:
        return styles.text.size * 2.6

    def top_tier(self, styles: OrgStyles, top: float) -> tuple[list[BodyBox], BodyBox | None, float]:
        """The 本部 in the centre, officers stacked on its left, committees on its right."""
        width = self.area.width
        gap = self.gap(styles)
        centre_width = width * 0.34
        side_width = (width - centre_width) / 2 - gap
        boxes: list[BodyBox] = []
        hq = measure_body(self.headquarters[0], centre_width, styles, self.typesetter) if self.headquarters else None
        if hq is not None:
            hq.place(self.area.centre_x - centre_width / 2, top)
            boxes.append(hq)
        bottom = hq.box.bottom if hq else top
        for bodies, x in (
            (self.officers, self.area.x),
            (self.committees, self.area.right - side_width),
        ):
            y = top
            for body in bodies:
                side = measure_body(body, side_width, styles, self.typesetter)
                side.place(x, y)
                boxes.append(side)
                y = side.box.bottom + gap / 2
                bottom = max(bottom, side.box.bottom)
        return boxes, hq, bottom

    def middle_tier(self, styles: OrgStyles, top: float) -> tuple[list[BodyBox], float]:
        count = len(self.middle)
        if not count:
            return [], top
        gap = self.gap(styles)
        width = min(self.area.width * 0.27, (self.area.width - (count - 1) * gap) / count)
        boxes = [measure_body(body, width, styles, self.typesetter) for body in self.middle]
        height = max(box.height for box in boxes)
        row_width = count * width + (count - 1) * gap
        x = self.area.centre_x - row_width / 2
        for box in boxes:
            box.place(x, top, height)
            x += width + gap
        return boxes, top + height

    def team_rows(self, styles: OrgStyles, inner_width: float) -> list[list[BodyBox]]:
        gap = self.gap(styles) / 2
        smallest = styles.text.size * 15
        columns = max(1, min(len(self.teams), int((inner_width + gap) / (smallest + gap))))
        width = (inner_width - (columns - 1) * gap) / columns
        boxes = [measure_body(body, width, styles, self.typesetter) for body in self.teams]
        return [boxes[start : start + columns] for start in range(0, len(boxes), columns)]

    # -- drawing ---------------------------------------------------------------------

    def _frame_title(self, styles: OrgStyles) -> TextStyle:
        return TextStyle(styles.title.size * 0.92, bold=True, leading=1.4)

    def teams_frame(
        self, styles: OrgStyles, rows: list[list[BodyBox]], top: float, continued: bool
    ) -> tuple[list[Shape], Box]:
        gap = self.gap(styles) / 2
        title_style = self._frame_title(styles)
        title_height = title_style.line_height + styles.padding
        y = top + styles.padding + title_height
        x0 = self.area.x + styles.padding
        shapes: list[Shape] = []
        for row in rows:
            height = max(box.height for box in row)
            x = x0
            for box in row:
                box.place(x, y, height)
                x += box.width + gap
            y += height + gap
        bottom = y - gap + styles.padding
        frame = Box(self.area.x, top, self.area.width, bottom - top)
        shapes.append(Rect(frame, fill=0.975, stroke=0.35, line_width=0.7, tag="teams"))
        title = TEAMS_TITLE + ("（続き）" if continued else "")
        shapes.extend(
            self.typesetter.place([title], frame, title_style, top=top + styles.padding, inset=styles.padding)
        )
        for row in rows:
            for box in row:
                shapes.extend(box.shapes(self.typesetter))
        return shapes, frame

    @staticmethod
    def _connect_down(source: Box, drops: list[tuple[float, float]], bus_y: float) -> list[Shape]:
        """A trunk from ``source`` down to a bus, and from the bus a drop to each (x, top)."""
        trunk = source.centre_x
        xs = [trunk, *(x for x, _top in drops)]
        lines: list[Shape] = [
            Line((trunk, source.bottom), (trunk, bus_y), _LINE_GREY, _LINE_WIDTH),
            Line((min(xs), bus_y), (max(xs), bus_y), _LINE_GREY, _LINE_WIDTH),
        ]
        lines.extend(Line((x, bus_y), (x, top), _LINE_GREY, _LINE_WIDTH) for x, top in drops)
        return lines

    def chart(self, styles: OrgStyles, *, teams_on_page: int | None = None) -> tuple[_Chart, int]:
        """The whole chart at ``styles``; how many team rows it holds."""
        chart = _Chart()
        gap = self.gap(styles)
        top_boxes, hq, top_bottom = self.top_tier(styles, self.area.y)
        for box in top_boxes:
            if hq is not None and box is not hq:
                y = min(max(box.box.centre_y, hq.box.y + hq.band_height / 2), hq.box.bottom - 4)
                edge = hq.box.x if box.box.right <= hq.box.x else hq.box.right
                near = box.box.right if box.box.right <= hq.box.x else box.box.x
                chart.shapes.append(Line((near, y), (edge, y), _LINE_GREY, _LINE_WIDTH))
        middle_top = top_bottom + gap
        middle_boxes, middle_bottom = self.middle_tier(styles, middle_top)
        rows = self.team_rows(styles, self.area.width - 2 * styles.padding)
        teams_top = (middle_bottom if middle_boxes else top_bottom) + gap
        shown = len(rows) if teams_on_page is None else teams_on_page
        frame_shapes: list[Shape] = []
        frame: Box | None = None
        if rows and shown:
            frame_shapes, frame = self.teams_frame(styles, rows[:shown], teams_top, continued=False)
        if hq is not None:
            drops = [(box.box.centre_x, middle_top) for box in middle_boxes]
            if frame is not None:
                drops.append((self._gap_x(middle_boxes, hq.box.centre_x, gap), frame.y))
            if drops:
                chart.shapes.extend(self._connect_down(hq.box, drops, top_bottom + gap / 2))
        for box in [*top_boxes, *middle_boxes]:
            chart.shapes.extend(box.shapes(self.typesetter))
        chart.shapes.extend(frame_shapes)
        chart.bottom = frame.bottom if frame is not None else (middle_bottom if middle_boxes else top_bottom)
        return chart, shown

    @staticmethod
    def _gap_x(boxes: list[BodyBox], trunk: float, gap: float) -> float:
        """Where the line to the teams passes the middle tier: the gap nearest the trunk."""
        if not boxes:
            return trunk
        candidates = [boxes[0].box.x - gap / 2, boxes[-1].box.right + gap / 2]
        candidates.extend((left.box.right + right.box.x) / 2 for left, right in itertools.pairwise(boxes))
        return min(candidates, key=lambda x: (abs(x - trunk), x))

    def continuation(self, styles: OrgStyles, rows: list[list[BodyBox]]) -> tuple[list[Shape], int]:
        """A page holding as many further rows of teams as fit."""
        fitted = 0
        for count in range(1, len(rows) + 1):
            _shapes, frame = self.teams_frame(styles, rows[:count], self.area.y, continued=True)
            if frame.bottom > self.area.bottom and count > 1:
                break
            fitted = count
        shapes, _frame = self.teams_frame(styles, rows[:fitted], self.area.y, continued=True)
        return shapes, fitted

    # -- the legend and pages --------------------------------------------------------

    def legend_height(self) -> float:
        return self.legend_style.line_height + 2 * self.sheet.size(6)

    def legend(self, top: float) -> list[Shape]:
        style = self.legend_style
        frame = Box(self.sheet.body.x, top, self.sheet.body.width, self.legend_height())
        line_top = frame.centre_y - style.line_height / 2
        sample = Box(0, frame.centre_y - style.size * 0.6, style.size * 2.4, style.size * 1.2)
        x = frame.x
        shapes: list[Shape] = [self.typesetter.line("凡例", x, line_top, style, frame)]
        x += self.typesetter.width("凡例", style) + 12
        for dashed, text in ((False, _LEGEND_SOLID), (True, _LEGEND_DASHED)):
            shapes.append(Rect(Box(x, sample.y, sample.width, sample.height), fill=1.0, stroke=0.15, dashed=dashed))
            x += sample.width + 6
            shapes.append(self.typesetter.line(text, x, line_top, style, frame))
            x += self.typesetter.width(text, style) + 22
        return shapes

    def pages(self) -> list[Page]:
        base = self.sheet.size(_BASE_SIZE)
        scales = [scale for scale in _SCALES if base * scale >= _SMALLEST_SIZE] or [1.0]
        for scale in scales:
            styles = OrgStyles.at(base * scale)
            chart, _shown = self.chart(styles)
            if chart.bottom <= self.area.bottom:
                break
        pages: list[Page] = []
        rows = self.team_rows(styles, self.area.width - 2 * styles.padding)
        shown = len(rows)
        if chart.bottom > self.area.bottom:
            # Still too tall at the smallest text: the teams continue overleaf.
            shown = 0
            for count in range(len(rows), -1, -1):
                chart, shown = self.chart(styles, teams_on_page=count)
                if chart.bottom <= self.area.bottom:
                    break
        first = self.sheet.new_page("organisation")
        first.outline.append(OutlineEntry("推進体制"))
        first.shapes.extend(chart.shapes)
        first.shapes.extend(self.legend(min(chart.bottom, self.area.bottom)))
        pages.append(first)
        remaining = rows[shown:]
        while remaining:
            shapes, fitted = self.continuation(styles, remaining)
            page = self.sheet.new_page("organisation")
            page.shapes.extend(shapes)
            page.shapes.extend(self.legend(self.area.bottom))
            pages.append(page)
            remaining = remaining[max(1, fitted) :]
        return pages


def layout_organisation(snapshot: PolicySnapshot, sheet: Sheet, typesetter: Typesetter) -> list[Page]:
    """The 推進体制 page (more when many teams), without header and footer."""
    return _OrganisationLayout(snapshot, sheet, typesetter).pages()
