"""An area's roadmap (工程表) as an accessible table: every phase in words, not by colour or arrows alone.

Each fiscal year is a column headed in 和暦 (``<th scope="col">``), each initiative a row
headed by its name (``<th scope="row">``).  Every cell says its phase in text; a cell
shaded without a label says so (the printed legend's words), and a year without a phase
says なし to a screen reader.  Adjacent years of one phase are drawn joined, as the bar of
the printed roadmap, by classes the stylesheet paints.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...domain.era import format_fiscal_year
from ...domain.roadmap import LEGEND_SHADED, Bar, CellKind, CellValue, bars
from ..snapshot import InitiativeView
from .html_parts import esc

__all__ = ["LEGEND_TEXT", "cell_text", "roadmap_table", "schedule_text"]

NO_PHASE = "なし"
LEGEND_TEXT = (
    "各年度の欄に、その年度の工程を文字で示しています。同じ工程が続く年度は、一続きの帯で示しています。"
    f"「{LEGEND_SHADED}」は、方針の工程表で工程名のない網掛けの年度です。"
    f"工程のない年度は「－」（読み上げでは「{NO_PHASE}」）です。"
)


def cell_text(value: CellValue) -> str:
    """What a filled cell says: its phase, or that it is shaded without one."""
    return value.label if value.kind == CellKind.PHASE and value.label else LEGEND_SHADED


def _cell_html(value: CellValue) -> str:
    """The cell's words, broken only between its phrases (``網掛け`` / ``（工程名なし）``) when the column is narrow."""
    phrases = cell_text(value).replace("（", "\n（").split("\n")
    return "".join(
        f'<span class="nowrap">{esc(phrase)}</span>' if len(phrases) > 1 else esc(phrase) for phrase in phrases
    )


def _bar_position(bar: Bar, year: int) -> str:
    if bar.span == 1:
        return "bar-single"
    if year == bar.first_year:
        return "bar-start"
    return "bar-end" if year == bar.last_year else "bar-middle"


def _row(initiative: InitiativeView, anchor: str, years: range) -> str:
    runs = bars(initiative.cell_values(), years)
    bar_of = {year: bar for bar in runs for year in range(bar.first_year, bar.last_year + 1)}
    cells = [f'<th scope="row"><a href="#{esc(anchor)}">{esc(initiative.name)}</a></th>']
    for year in years:
        bar = bar_of.get(year)
        if bar is None:
            cells.append(
                f'<td class="none"><span aria-hidden="true">－</span><span class="visually-hidden">{NO_PHASE}</span></td>'
            )
            continue
        kind = "phase" if bar.value.kind == CellKind.PHASE and bar.value.label else "shaded"
        cells.append(f'<td class="{kind} {_bar_position(bar, year)}">{_cell_html(bar.value)}</td>')
    return f"<tr>{''.join(cells)}</tr>"


def roadmap_table(caption: str, rows: Sequence[tuple[InitiativeView, str]], years: range, table_id: str) -> str:
    """The table in a labelled region that scrolls sideways on its own when the page is narrow."""
    caption_id = f"{table_id}-caption"
    heads = "".join(
        f'<th scope="col">{esc(format_fiscal_year(year))}<span class="western">（{year}年度）</span></th>'
        for year in years
    )
    body = "\n".join(_row(initiative, anchor, years) for initiative, anchor in rows)
    return "\n".join(
        [
            f'<div class="table-scroll" role="region" aria-labelledby="{caption_id}" tabindex="0">',
            f'<table class="roadmap" id="{esc(table_id)}">',
            f'<caption id="{caption_id}">{esc(caption)}</caption>',
            f'<thead>\n<tr><th scope="col">取組項目</th>{heads}</tr>\n</thead>',
            f"<tbody>\n{body}\n</tbody>",
            "</table>",
            "</div>",
        ]
    )


def schedule_text(initiative: InitiativeView, years: range) -> str:
    """The roadmap of one initiative in a sentence: ``令和5年度〜令和6年度 検討、令和7年度 導入``."""
    parts = []
    for bar in bars(initiative.cell_values(), years):
        span = format_fiscal_year(bar.first_year)
        if bar.span > 1:
            span += f"〜{format_fiscal_year(bar.last_year)}"
        parts.append(f"{span} {cell_text(bar.value)}")
    return "、".join(parts) if parts else "工程表に記載のある年度はありません"
