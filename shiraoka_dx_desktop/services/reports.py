"""The reports that can be printed, declared once: their key, title, choice in the window and parts.

Plain data outside the printing package, so that the command line can list them without
loading the layout code; :mod:`.printing.compose` lays each part out.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from ..domain.era import format_fiscal_year_western

__all__ = ["PARTS", "REPORTS", "REPORT_KEYS", "Report", "ReportSpec", "report"]

Report = Literal["roadmap", "initiatives", "organisation", "all", "progress"]

# The policy's reports, one part each, in the order "all" prints them.  The progress report is not
# among them: it is a paper of its own for one fiscal year.
PARTS: tuple[Report, ...] = ("roadmap", "initiatives", "organisation")


class ReportSpec(NamedTuple):
    key: Report
    title: str  # in the page header, the PDF's subject and its file name
    choice: str  # in the print preview's list
    help: str  # in the command line's help
    parts: tuple[Report, ...]
    yearly: bool = False  # reports one fiscal year: the command line's --year, the preview's 年度 choice

    def heading(self, fiscal_year: int | None = None) -> str:
        """The title as printed; a yearly report's with its year: 進捗状況報告　令和7年度（2025年度）."""
        if not self.yearly or fiscal_year is None:
            return self.title
        return f"{self.title}　{format_fiscal_year_western(fiscal_year)}"


REPORTS: tuple[ReportSpec, ...] = (
    ReportSpec("roadmap", "工程表", "工程表", "工程表（既定）", ("roadmap",)),
    ReportSpec("initiatives", "取組項目一覧", "取組項目一覧", "取組項目一覧", ("initiatives",)),
    ReportSpec("organisation", "推進体制", "推進体制", "推進体制図", ("organisation",)),
    ReportSpec(
        "all",
        "工程表・取組項目一覧・推進体制",
        "すべて（工程表・取組項目一覧・推進体制）",
        "すべて",
        PARTS,
    ),
    ReportSpec(
        "progress",
        "進捗状況報告",
        "進捗状況報告（年度ごとの評価・指標）",
        "進捗状況報告（--year で年度を指定）",
        ("progress",),
        yearly=True,
    ),
)
REPORT_KEYS: tuple[Report, ...] = tuple(spec.key for spec in REPORTS)


def report(key: str) -> ReportSpec:
    """The report named ``key``; an unknown name is a ValueError."""
    for spec in REPORTS:
        if spec.key == key:
            return spec
    raise ValueError(f"unknown report {key!r}")
