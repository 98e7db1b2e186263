"""What the cover of a workbook says beyond the policy: who wrote it, when, for which year, and for whom."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .schema import Survey

if TYPE_CHECKING:
    from .xlsx_pages import PageText  # openpyxl: only when a workbook is written

__all__ = ["CoverFacts", "SurveyCover"]


class SurveyCover(NamedTuple):
    """A lead section's survey: what it is for, as the cover and the file name say it."""

    survey: Survey
    section_name: str
    initiatives: int


class CoverFacts(NamedTuple):
    paper: str
    page: PageText
    exported_on: str  # 令和7年6月2日
    user: str
    app: str
    exported_at: str  # ISO 8601 UTC to the second
    fiscal_year: int  # the 進捗 sheet's
    survey: SurveyCover | None = None
