"""What an export wrote, for the one line the command line and the window report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...domain.era import format_fiscal_year

__all__ = ["ExportSummary"]


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: Path
    kind: str  # "xlsx" or "csv"
    initiatives: int
    roadmap_cells: int
    records: int  # rows of the exchange sheet (xlsx) or data rows (csv)
    paper: str | None = None
    fiscal_year: int | None = None  # the 進捗 sheet's (xlsx)

    def describe(self) -> str:
        """One line in Japanese: what was written where."""
        if self.kind == "csv":
            return f"工程表をCSVに書き出しました: {self.path}（取組項目 {self.initiatives:,d} 件）"
        year = f"、進捗は{format_fiscal_year(self.fiscal_year)}" if self.fiscal_year is not None else ""
        return (
            f"Excelブックを書き出しました: {self.path}（取組項目 {self.initiatives:,d} 件、"
            f"工程表のセル {self.roadmap_cells:,d} 件{year}、{self.paper}横）"
        )
