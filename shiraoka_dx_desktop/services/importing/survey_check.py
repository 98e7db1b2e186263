"""A returned survey workbook checked against the round this database sent out."""

from __future__ import annotations

import json
from pathlib import Path

from ...domain.era import format_fiscal_year
from ...storage.database import Database
from ..exchange.schema import SURVEY_ROUND_KEY, Survey
from .guard import ImportRefusedError

__all__ = ["check_survey_year", "current_round_year"]


def current_round_year(database: Database) -> int | None:
    """The fiscal year of the last round of surveys written from this database (None: none was)."""
    text = database.meta().get(SURVEY_ROUND_KEY)
    if not text:
        return None
    try:
        year = json.loads(text).get("fiscal_year")
    except (ValueError, AttributeError):
        return None
    return year if isinstance(year, int) else None


def check_survey_year(database: Database, survey: Survey | None, path: Path, section_name: str) -> None:
    """Refuse a section's workbook written for another year than the round now being collected."""
    if survey is None:
        return
    year = current_round_year(database)
    if year is None or year == survey.fiscal_year:
        return
    whose = f"（{section_name}あて）" if section_name else ""
    raise ImportRefusedError(
        f"「{path.name}」を取り込めません: このブックは{format_fiscal_year(survey.fiscal_year)}の照会{whose}ですが、"
        f"いま照会しているのは{format_fiscal_year(year)}です。{format_fiscal_year(year)}の照会用ブックに記入して"
        "送り直してもらってください（データベースは変更していません）",
        path,
    )
