"""和暦 and fiscal years, at the boundaries people actually meet."""

import datetime as dt

import pytest

from shiraoka_dx_desktop.domain.era import (
    EraError,
    era_of,
    fiscal_year_end,
    fiscal_year_of,
    fiscal_year_start,
    format_date,
    format_era_year,
    format_fiscal_year,
    format_fiscal_year_western,
    format_year_month,
    parse_fiscal_year,
    parse_year_month,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2019, 4, 30), "平成31年"),
        (dt.date(2019, 5, 1), "令和元年"),
        (dt.date(2020, 1, 1), "令和2年"),
        (dt.date(2023, 11, 1), "令和5年"),
        (dt.date(1989, 1, 7), "昭和64年"),
        (dt.date(1989, 1, 8), "平成元年"),
    ],
)
def test_era_year_changes_on_the_exact_day(day: dt.date, expected: str) -> None:
    assert format_era_year(day) == expected


def test_month_dates_read_as_documents_write_them() -> None:
    assert format_year_month(2023, 11) == "令和5年11月"
    assert format_year_month(2022, 11) == "令和4年11月"
    assert format_year_month(2019, 4) == "平成31年4月"
    assert format_year_month(2019, 5) == "令和元年5月"
    assert format_date(dt.date(2019, 5, 1)) == "令和元年5月1日"


@pytest.mark.parametrize(
    ("fiscal_year", "expected"),
    [(2023, "令和5年度"), (2019, "令和元年度"), (2018, "平成30年度"), (2020, "令和2年度"), (1989, "平成元年度")],
)
def test_fiscal_year_names(fiscal_year: int, expected: str) -> None:
    assert format_fiscal_year(fiscal_year) == expected


def test_fiscal_year_with_western_year() -> None:
    assert format_fiscal_year_western(2023) == "令和5年度（2023年度）"


def test_fiscal_year_runs_from_april_to_march() -> None:
    assert fiscal_year_of(dt.date(2024, 3, 31)) == 2023
    assert fiscal_year_of(dt.date(2024, 4, 1)) == 2024
    assert fiscal_year_start(2023) == dt.date(2023, 4, 1)
    assert fiscal_year_end(2023) == dt.date(2024, 3, 31)
    # 令和N年度 starts in April of 2018 + N.
    for n in range(1, 12):
        assert parse_fiscal_year(f"令和{n}年度") == 2018 + n


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和5年度", 2023),
        ("令和元年度", 2019),
        ("平成31年度", 2019),
        ("R5", 2023),
        ("r 5", 2023),
        ("Ｒ５", 2023),
        ("令和 5 年度", 2023),
        ("2023年度", 2023),
        ("2023", 2023),
        ("令和５年", 2023),
    ],
)
def test_parse_fiscal_year_accepts_what_people_type(text: str, expected: int) -> None:
    assert parse_fiscal_year(text) == expected


@pytest.mark.parametrize("text", ["平成32年度", "昭和65年度", "令和0年度", "来年度", "", "令和5年度度"])
def test_parse_fiscal_year_refuses_years_that_never_existed(text: str) -> None:
    with pytest.raises(EraError) as raised:
        parse_fiscal_year(text)
    assert "年度" in str(raised.value) or "存在しない" in str(raised.value)


def test_parse_year_month_round_trips_the_editions() -> None:
    assert parse_year_month("令和4年11月") == (2022, 11)
    assert parse_year_month("令和 5 年 1 1 月") == (2023, 11)
    assert parse_year_month("令和元年5月") == (2019, 5)
    assert parse_year_month("平成31年4月") == (2019, 4)
    for year, month in [(2022, 11), (2023, 4), (2019, 5), (2019, 4), (1989, 2)]:
        assert parse_year_month(format_year_month(year, month)) == (year, month)


@pytest.mark.parametrize("text", ["令和元年4月", "平成31年5月", "令和5年13月", "令和5年0月", "5年11月"])
def test_parse_year_month_refuses_impossible_months(text: str) -> None:
    with pytest.raises(EraError):
        parse_year_month(text)


def test_dates_before_showa_are_refused_with_a_japanese_message() -> None:
    with pytest.raises(EraError, match="昭和より前"):
        era_of(dt.date(1900, 1, 1))
    with pytest.raises(EraError):
        format_fiscal_year(1926)
