"""The 進捗 and 指標 sheets: written for a year, read back by the import, bad values refused by sheet, row and value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.domain.progress import evaluation_id, grade_id
from shiraoka_dx_desktop.services.progress import load_progress
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database

from .progress_seed import APPLICATIONS, CONVENIENCE, KIOSK, ONE_STOP, enter_progress, initiative_id


@pytest.fixture
def entered(db_path: Path) -> Path:
    database = open_database(db_path)
    enter_progress(database)
    database.close()
    return db_path


def _export(db: Path, path: Path, *extra: str) -> Path:
    assert main(["--db", str(db), "export", "xlsx", str(path), *extra]) == 0
    return path


def _rows(path: Path, sheet: str) -> list[dict[str, Any]]:
    workbook = openpyxl.load_workbook(path)
    rows = list(workbook[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _edit(path: Path, target: Path, sheet: str, find: dict[str, Any], values: dict[str, Any]) -> Path:
    """Type ``values`` into the row of ``sheet`` matching ``find``, as a person would in Excel."""
    workbook = openpyxl.load_workbook(path)
    worksheet = workbook[sheet]
    headings = [cell.value for cell in worksheet[1]]
    for row in worksheet.iter_rows(min_row=2):
        if all(row[headings.index(key)].value == value for key, value in find.items()):
            for key, value in values.items():
                row[headings.index(key)].value = value
            break
    else:
        raise AssertionError(f"no row {find} in {sheet}")
    workbook.save(target)
    return target


def _initiative(db: Path, name: str) -> str:
    database = Database(db)
    try:
        return initiative_id(database, name)
    finally:
        database.close()


def _progress(db: Path, year: int) -> Any:
    database = Database(db)
    try:
        return load_progress(database, year)
    finally:
        database.close()


def test_the_workbook_has_the_years_evaluations_and_every_indicator(entered: Path, tmp_path: Path) -> None:
    path = _export(entered, tmp_path / "all.xlsx", "--year", "R7")
    progress = {row["取組項目"]: row for row in _rows(path, "進捗")}
    assert list(_rows(path, "進捗")[0])[:9] == [
        "取組", "取組項目", "事業主管課", "年度", "今年度の工程", "評価", "実績", "課題", "次年度の取組",
    ]  # fmt: skip
    one_stop = progress[ONE_STOP]
    assert (one_stop["年度"], one_stop["評価"], one_stop["実績"]) == ("令和7年度", "C", "調達が遅れた")
    assert (one_stop["課題"], one_stop["次年度の取組"], one_stop["事業主管課"]) == (
        "仕様の確定\n人員",
        "外部支援",
        "総務課",
    )
    assert progress[KIOSK]["評価"] is None and progress[KIOSK]["実績"] == "設置場所を調整した"
    indicators = {row["指標名"]: row for row in _rows(path, "指標")}
    waiting = indicators["窓口の平均待ち時間"]
    assert (waiting["取組項目"], waiting["単位"], waiting["基準値"], waiting["基準年度"]) == (
        KIOSK,
        "分",
        30,
        "令和4年度",
    )
    assert (waiting["目標値"], waiting["目標年度"], waiting["実績（令和7年度）"]) == (10, "令和9年度", 12)
    assert [key for key in waiting if str(key).startswith("実績")] == [
        f"実績（令和{n}年度）" for n in range(5, 10)
    ]  # one column per year of the plan
    # Another year: the row says it, and that year's entry.
    earlier = {row["取組項目"]: row for row in _rows(_export(entered, tmp_path / "r6.xlsx", "--year", "2024"), "進捗")}
    assert (earlier[CONVENIENCE]["年度"], earlier[CONVENIENCE]["評価"]) == ("令和6年度", "B")


def test_the_grade_column_offers_the_scale(entered: Path, tmp_path: Path) -> None:
    worksheet = openpyxl.load_workbook(_export(entered, tmp_path / "all.xlsx"))["進捗"]
    (validation,) = [rule for rule in worksheet.data_validations.dataValidation if rule.type == "list"]
    assert validation.formula1 == '"A,B,C,D"' and validation.showErrorMessage
    assert str(validation.sqref).startswith("F2:")


def test_evaluations_and_actuals_typed_in_the_workbook_are_imported(
    entered: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(entered, tmp_path / "all.xlsx", "--year", "R7")
    path = _edit(path, tmp_path / "e1.xlsx", "進捗", {"取組項目": KIOSK}, {"評価": "ｂ", "課題": "予算の確保"})
    path = _edit(path, tmp_path / "e2.xlsx", "進捗", {"取組項目": ONE_STOP}, {"評価": None})
    path = _edit(path, tmp_path / "e3.xlsx", "指標", {"指標名": "窓口の平均待ち時間"}, {"実績（令和7年度）": 11.5})
    path = _edit(path, tmp_path / "e4.xlsx", "指標", {"指標名": "オンライン申請の件数"}, {"実績（令和7年度）": None})
    workbook = openpyxl.load_workbook(path)
    workbook["指標"].append([CONVENIENCE, "コンビニ交付の件数", "件", 0, "R4", "1,200", "2027", None, None, "300"])
    workbook.save(tmp_path / "e5.xlsx")
    capsys.readouterr()
    assert main(["--db", str(entered), "import", str(tmp_path / "e5.xlsx")]) == 0
    printed = capsys.readouterr().out
    assert "評価 令和7年度" in printed and "指標「コンビニ交付の件数」" in printed
    progress = _progress(entered, 2025)
    kiosk = progress.evaluations[_initiative(entered, KIOSK)]
    one_stop = progress.evaluations[_initiative(entered, ONE_STOP)]
    assert (kiosk.grade_id, kiosk.issues, kiosk.result) == (grade_id("B"), "予算の確保", "設置場所を調整した")
    assert one_stop.grade_id is None and one_stop.result == "調達が遅れた"
    indicators = {view.name: view for views in progress.indicators.values() for view in views}
    assert indicators["窓口の平均待ち時間"].actuals == {2025: 11.5}
    assert indicators["オンライン申請の件数"].actuals == {}
    added = indicators["コンビニ交付の件数"]
    assert (added.base_value, added.base_year, added.target_value, added.target_year) == (0, 2022, 1200, 2027)
    assert added.actuals == {2025: 300}
    # The same file again brings nothing.
    assert main(["--db", str(entered), "import", str(tmp_path / "e5.xlsx")]) == 0
    assert "取り込む変更はありません" in capsys.readouterr().out


def test_a_deleted_indicator_row_deletes_it_with_its_actuals_and_a_deleted_progress_row_deletes_nothing(
    entered: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(entered, tmp_path / "all.xlsx", "--year", "R7")
    workbook = openpyxl.load_workbook(path)
    for sheet, column, value in (("指標", 2, "オンライン申請の件数"), ("進捗", 2, ONE_STOP)):
        worksheet = workbook[sheet]
        number = next(row[0].row for row in worksheet.iter_rows(min_row=2) if row[column - 1].value == value)
        worksheet.delete_rows(number)
    workbook.save(tmp_path / "deleted.xlsx")
    capsys.readouterr()
    assert main(["--db", str(entered), "import", str(tmp_path / "deleted.xlsx")]) == 0
    printed = capsys.readouterr().out
    assert "削除" in printed and "指標「オンライン申請の件数」" in printed
    assert "進捗のシートに行のない取組項目が 1 件あります。これらの評価は変更しません" in printed
    progress = _progress(entered, 2025)
    names = {view.name for views in progress.indicators.values() for view in views}
    assert names == {"窓口の平均待ち時間"}
    assert progress.evaluations[_initiative(entered, ONE_STOP)].grade_id == grade_id("C")  # kept
    database = Database(entered)
    try:
        with database.reader() as connection:
            left = connection.execute("SELECT count(*) FROM indicator_actual WHERE indicator_id = ?", (APPLICATIONS,))
            assert left.fetchone() == (0,)
    finally:
        database.close()


@pytest.mark.parametrize(
    ("sheet", "find", "values", "phrases"),
    [
        ("進捗", {"取組項目": KIOSK}, {"評価": "E"}, ("シート「進捗」", "「評価」が「E」", "A・B・C・D")),
        (
            "指標",
            {"指標名": "窓口の平均待ち時間"},
            {"実績（令和7年度）": "十二"},
            ("シート「指標」", "「十二」", "数値"),
        ),
        ("指標", {"指標名": "窓口の平均待ち時間"}, {"基準年度": "昔"}, ("「昔」", "年度として読めません")),
        ("進捗", {"取組項目": KIOSK}, {"年度": "令和12年度"}, ("「年度」が「令和12年度」", "計画期間")),
        ("指標", {"指標名": "窓口の平均待ち時間"}, {"指標名": None}, ("「指標名」が空欄",)),
        ("指標", {"指標名": "窓口の平均待ち時間"}, {"実績（令和7年度）": "12", "実績（令和9年度）": None}, ()),
    ],
)
def test_a_bad_value_refuses_the_file_naming_sheet_row_and_value(
    entered: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sheet: str,
    find: dict[str, Any],
    values: dict[str, Any],
    phrases: tuple[str, ...],
) -> None:
    path = _export(entered, tmp_path / "all.xlsx", "--year", "R7")
    before = _progress(entered, 2025)
    bad = _edit(path, tmp_path / "bad.xlsx", sheet, find, values)
    capsys.readouterr()
    status = main(["--db", str(entered), "import", str(bad)])
    message = capsys.readouterr().err
    if not phrases:  # the control: the same edit with valid values is taken
        assert status == 0
        return
    assert status == 2
    assert all(phrase in message for phrase in phrases), message
    assert "行目" in message and "データベースは変更していません" in message
    assert _progress(entered, 2025) == before


def test_an_actual_column_for_a_year_outside_the_plan_is_refused(
    entered: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(entered, tmp_path / "all.xlsx")
    workbook = openpyxl.load_workbook(path)
    worksheet = workbook["指標"]
    headings = [cell.value for cell in worksheet[1]]
    worksheet.cell(1, headings.index("実績（令和9年度）") + 1).value = "実績（令和10年度）"
    workbook.save(tmp_path / "later.xlsx")
    capsys.readouterr()
    assert main(["--db", str(entered), "import", str(tmp_path / "later.xlsx")]) == 2
    message = capsys.readouterr().err
    assert "「実績（令和10年度）」" in message and "計画期間" in message


def test_a_new_evaluation_for_an_initiative_without_one_gets_its_derived_identity(
    entered: Path, tmp_path: Path
) -> None:
    path = _export(entered, tmp_path / "all.xlsx", "--year", "R8")
    edited = _edit(path, tmp_path / "r8.xlsx", "進捗", {"取組項目": KIOSK}, {"評価": "A", "実績": "全庁に設置"})
    assert main(["--db", str(entered), "import", str(edited)]) == 0
    kiosk = _initiative(entered, KIOSK)
    evaluation = _progress(entered, 2026).evaluations[kiosk]
    assert (evaluation.id, evaluation.grade_id, evaluation.result) == (
        evaluation_id(kiosk, 2026),
        grade_id("A"),
        "全庁に設置",
    )


def test_copied_rows_say_which_row_is_taken(entered: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _export(entered, tmp_path / "all.xlsx", "--year", "R7")
    workbook = openpyxl.load_workbook(path)
    for sheet, column, value, changes in (
        ("進捗", "取組項目", ONE_STOP, {"実績": "コピーした行の実績"}),
        ("指標", "指標名", "窓口の平均待ち時間", {"単位": "秒"}),
        (
            "取組項目",
            "取組項目",
            "マイナポータルを活用したオンライン申請",
            {"説明": "コピーした行の説明"},
        ),  # no evaluation
    ):
        worksheet = workbook[sheet]
        headings = [cell.value for cell in worksheet[1]]
        original = next(r for r in worksheet.iter_rows(min_row=2) if r[headings.index(column)].value == value)
        copy = [cell.value for cell in original]
        for heading, text in changes.items():
            copy[headings.index(heading)] = text
        worksheet.append(copy)
    workbook.save(tmp_path / "copied.xlsx")
    capsys.readouterr()
    main(["--db", str(entered), "import", str(tmp_path / "copied.xlsx"), "--dry-run"])
    printed = capsys.readouterr().out
    # 進捗: the evaluation is written once; the copy is named, not taken over the original.
    assert "と同じ取組項目・年度の行です。評価は一つの行にしか書けないため、この行は取り込みません" in printed
    assert "コピーした行の実績" not in printed
    # 指標: the same indicator twice is named, and makes no conflict of its own.
    assert "の指標「窓口の平均待ち時間」はほかの行にもあります" in printed and "秒" not in printed
    assert "こちらで削除しましたが" not in printed
    # 取組項目: a copy with the same name is a conflict to decide; the original's 進捗 row stays its own.
    assert "同じ名前の別の記録がこちらにあります" in printed
    assert "進捗のシートに行のない取組項目" not in printed
