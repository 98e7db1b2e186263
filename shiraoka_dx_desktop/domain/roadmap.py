"""Roadmap (工程表) cells and bars.

A cell of the roadmap is an initiative in one fiscal year.  It holds a phase
label, is shaded without a label, or is empty (no record).  Adjacent cells of
one initiative that hold the same phase form one bar, drawn as one arrow.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from .identity import derived_id

__all__ = [
    "LEGEND_INFERRED",
    "LEGEND_PHASE",
    "LEGEND_SHADED",
    "PHASE_VOCABULARY",
    "Bar",
    "CellKind",
    "CellValue",
    "bars",
    "roadmap_cell_id",
]

# The legend's words, the same on the printed roadmap and on screen.
LEGEND_PHASE = "工程（矢印の範囲の年度に実施）"
LEGEND_SHADED = "網掛け（工程名なし）"
LEGEND_INFERRED = "方針の表から読み取れず、本文から推定した年度"

# Phases the policy itself uses; offered as suggestions, never enforced.
PHASE_VOCABULARY: tuple[str, ...] = (
    "検討",
    "調査",
    "調査・検討",
    "調査・契約",
    "契約",
    "契約・導入",
    "導入",
    "導入・実施",
    "実施",
    "継続実施",
    "随時拡大",
    "拡大の検討",
    "毎年度実施",
    "正式稼働",
    "実施に向け検討",
    "検討・実施",
)


class CellKind(enum.StrEnum):
    PHASE = "phase"
    SHADED = "shaded"


class CellValue(NamedTuple):
    """What a filled cell shows: a phase, or shading without a label."""

    kind: CellKind
    phase: str | None = None

    @classmethod
    def labelled(cls, phase: str) -> CellValue:
        return cls(CellKind.PHASE, phase)

    @classmethod
    def shaded(cls) -> CellValue:
        return cls(CellKind.SHADED, None)

    @property
    def label(self) -> str:
        return self.phase or ""


class Bar(NamedTuple):
    """A run of adjacent fiscal years holding the same value."""

    first_year: int
    last_year: int
    value: CellValue

    @property
    def span(self) -> int:
        return self.last_year - self.first_year + 1


def roadmap_cell_id(initiative_id: str, fiscal_year: int) -> str:
    """The identifier of the cell of an initiative in a fiscal year, the same on every terminal."""
    return derived_id("roadmap-cell", initiative_id, fiscal_year)


def bars(cells: Mapping[int, CellValue], years: Iterable[int]) -> list[Bar]:
    """Group the filled cells of one initiative into bars, over ``years`` in order."""
    result: list[Bar] = []
    for year in years:
        value = cells.get(year)
        if value is None:
            continue
        last = result[-1] if result else None
        if last is not None and last.value == value and last.last_year == year - 1:
            result[-1] = Bar(last.first_year, year, value)
        else:
            result.append(Bar(year, year, value))
    return result
