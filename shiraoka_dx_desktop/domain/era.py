"""Japanese eras (和暦) and fiscal years (年度).

A fiscal year is identified by the western year in which it starts: fiscal
year 2023 runs from 1 April 2023 to 31 March 2024 and reads 令和5年度.

Era boundaries are exact to the day.  A fiscal year is named in the era in
force at the end of the calendar year it starts in, which is how fiscal
2019 became 令和元年度 although it opened on 1 April 平成31年.  Dates before
昭和 are outside what this application needs and are refused.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import NamedTuple

__all__ = [
    "ERAS",
    "Era",
    "EraError",
    "era_of",
    "fiscal_year_end",
    "fiscal_year_of",
    "fiscal_year_start",
    "format_date",
    "format_era_year",
    "format_fiscal_year",
    "format_fiscal_year_western",
    "format_year_month",
    "parse_fiscal_year",
    "parse_year_month",
]


class EraError(ValueError):
    """A year or date that cannot be read or shown in 和暦; the message is Japanese."""


class Era(NamedTuple):
    name: str
    letter: str
    first_day: dt.date

    def year_of(self, western_year: int) -> int:
        """The era year (1 for 元年) of a western year inside this era."""
        return western_year - self.first_day.year + 1


# Newest first, so the first era whose first day is not after a date is its era.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", dt.date(2019, 5, 1)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
)
_OLDEST = ERAS[-1].first_day
_ERA_BY_NAME = {era.name: era for era in ERAS} | {era.letter: era for era in ERAS}


def era_of(day: dt.date) -> Era:
    """The era in force on ``day``."""
    for era in ERAS:
        if day >= era.first_day:
            return era
    raise EraError(f"{day.isoformat()} は昭和より前の日付のため、和暦で扱えません。")


def _era_year_text(era_year: int) -> str:
    return "元" if era_year == 1 else str(era_year)


def format_era_year(day: dt.date) -> str:
    """``2019-05-01`` → ``令和元年``."""
    era = era_of(day)
    return f"{era.name}{_era_year_text(era.year_of(day.year))}年"


def format_year_month(year: int, month: int, day: int = 1) -> str:
    """A month as documents write it: ``(2023, 11)`` → ``令和5年11月``.

    ``day`` matters only in a month where an era began (April/May 2019 are
    平成31年4月 and 令和元年5月; 8 January 1989 opened 平成).
    """
    if not 1 <= month <= 12:
        raise EraError(f"{month} は月として正しくありません（1〜12）。")
    return f"{format_era_year(dt.date(year, month, day))}{month}月"


def format_date(day: dt.date) -> str:
    """``2023-11-05`` → ``令和5年11月5日``."""
    return f"{format_era_year(day)}{day.month}月{day.day}日"


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year a date falls in (April to March)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_start(fiscal_year: int) -> dt.date:
    return dt.date(fiscal_year, 4, 1)


def fiscal_year_end(fiscal_year: int) -> dt.date:
    return dt.date(fiscal_year + 1, 3, 31)


def _fiscal_era(fiscal_year: int) -> Era:
    # Named after the era in force at the end of its first calendar year.
    if fiscal_year < _OLDEST.year + 1:
        raise EraError(f"{fiscal_year}年度は昭和2年度より前のため、和暦で扱えません。")
    return era_of(dt.date(fiscal_year, 12, 31))


def format_fiscal_year(fiscal_year: int) -> str:
    """``2023`` → ``令和5年度``; ``2019`` → ``令和元年度``."""
    era = _fiscal_era(fiscal_year)
    return f"{era.name}{_era_year_text(era.year_of(fiscal_year))}年度"


def format_fiscal_year_western(fiscal_year: int) -> str:
    """``2023`` → ``令和5年度（2023年度）``, where space allows the western year."""
    return f"{format_fiscal_year(fiscal_year)}（{fiscal_year}年度）"


_ERA_PATTERN = "|".join(sorted(_ERA_BY_NAME, key=len, reverse=True))
_FISCAL_RE = re.compile(rf"^(?:(?P<era>{_ERA_PATTERN})(?P<ey>元|\d+)(?:年度?)?|(?P<wy>\d{{4}})(?:年度)?)$")
_YEAR_MONTH_RE = re.compile(rf"^(?P<era>{_ERA_PATTERN})(?P<ey>元|\d+)年(?P<m>\d{{1,2}})月$")


def _normalise(text: str) -> str:
    # NFKC folds full-width digits and letters; extracted PDFs also put
    # spaces between every character (令和 5 年 1 1 月).
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def _era_western_year(era_name: str, era_year_text: str, original: str) -> int:
    era = _ERA_BY_NAME[era_name]
    era_year = 1 if era_year_text == "元" else int(era_year_text)
    if era_year < 1:
        raise EraError(f"「{original}」の年が正しくありません。")
    western = era.first_day.year + era_year - 1
    index = ERAS.index(era)
    if index > 0 and western > ERAS[index - 1].first_day.year:
        successor = ERAS[index - 1]
        raise EraError(
            f"「{original}」は存在しない年です（{era.name}は{successor.first_day.year}年"
            f"{successor.first_day.month}月に{successor.name}へ改元されました）。"
        )
    return western


def parse_fiscal_year(text: str) -> int:
    """Read a fiscal year written as ``令和5年度``, ``R5``, ``2023年度`` or ``2023``.

    ``平成31年度`` and ``令和元年度`` are both fiscal 2019.
    """
    normalised = _normalise(text)
    match = _FISCAL_RE.match(normalised)
    if match is None:
        raise EraError(f"「{text}」は年度として読めません。「令和5年度」や「2023」のように入力してください。")
    year = int(match["wy"]) if match["wy"] else _era_western_year(match["era"], match["ey"], text)
    _fiscal_era(year)  # range check
    return year


def parse_year_month(text: str) -> tuple[int, int]:
    """``令和5年11月`` → ``(2023, 11)``."""
    match = _YEAR_MONTH_RE.match(_normalise(text))
    if match is None:
        raise EraError(f"「{text}」は和暦の年月として読めません。「令和5年11月」のように入力してください。")
    month = int(match["m"])
    if not 1 <= month <= 12:
        raise EraError(f"「{text}」の月が正しくありません（1〜12）。")
    year = _era_western_year(match["era"], match["ey"], text)
    era = _ERA_BY_NAME[match["era"]]
    # The month must overlap the era: 令和元年4月 and 平成31年5月 never existed.
    last_day = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    index = ERAS.index(era)
    successor_start = ERAS[index - 1].first_day if index > 0 else None
    if last_day < era.first_day or (successor_start and dt.date(year, month, 1) >= successor_start):
        raise EraError(f"「{text}」は存在しない年月です。")
    return year, month
