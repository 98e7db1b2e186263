"""The 表紙 sheet (what this workbook is and how to return it) and the hidden exchange sheet.

Imported only when a workbook is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl.utils import get_column_letter

from ...domain.era import format_fiscal_year, format_year_month
from ..snapshot import PolicySnapshot
from .cover_facts import CoverFacts, SurveyCover
from .records import ExportData
from .schema import (
    EXCHANGE_SHEET,
    EXPORT_POINT_LABEL,
    GLOSSARY_SHEET,
    HEADER_KEYS,
    ID_HEADING,
    INDICATORS_SHEET,
    INITIATIVES_SHEET,
    ORGANISATION_SHEET,
    PROGRESS_SHEET,
    RECORD_COLUMNS,
    REVISION_HEADING,
    ROADMAP_SHEET,
    SHADED_MARK,
    SURVEY_LABEL,
    ExportPoint,
    canonical_json,
    export_point_text,
    split_content,
    survey_text,
)
from .xlsx_pages import setup_page
from .xlsx_styles import SheetRows, Stylist, lines_needed, row_height

__all__ = ["edition_text", "write_cover_sheet", "write_exchange_sheet"]

_LABEL_WIDTH = 18.0
_VALUE_WIDTH = 90.0


def edition_text(snapshot: PolicySnapshot) -> str:
    """``第3版（令和5年11月改訂）``."""
    if not snapshot.editions:
        return ""
    edition = snapshot.editions[-1]
    return f"{edition.label}（{format_year_month(edition.issued_year, edition.issued_month)}{edition.action}）"


def _instructions(paper: str) -> list[str]:
    return [
        f"「{ROADMAP_SHEET}」「{INITIATIVES_SHEET}」「{PROGRESS_SHEET}」「{INDICATORS_SHEET}」「{ORGANISATION_SHEET}」"
        f"「{GLOSSARY_SHEET}」の各シートは、セルを直接書き換えて構いません。"
        "返送されたブックは事務局が取り込み、変更点を確認して反映します。",
        f"{ROADMAP_SHEET}のセルには工程（例: 検討、導入、実施）を入力します。ラベルのない網掛けは「{SHADED_MARK}」、"
        "空欄はその年度に取組がないことを表します。結合されたセルは、その全年度が同じ工程であることを表します。"
        "年度ごとに変えるときは、結合を解除して各年度のセルに入力してください。",
        *_progress_instructions(),
        f"行を追加するときは、行をコピーして書き換えるか、右端の「{ID_HEADING}」「{REVISION_HEADING}」列を空欄にした行を"
        f"入力してください。{ROADMAP_SHEET}だけに追加した行も、その上の取組の取組項目として追加します。"
        f"行を削除すると、取込のときに削除として扱います（{PROGRESS_SHEET}の行を削除しても評価は削除しません。"
        "消すときはセルを空欄にしてください）。",
        *_closing_instructions(paper),
    ]


def _progress_instructions() -> list[str]:
    return [
        f"{PROGRESS_SHEET}の「評価」は一覧から選びます（空欄は未記入）。実績・課題・次年度の取組は文章で入力します。"
        f"取組・取組項目・今年度の工程は参照用で、変更は{INITIATIVES_SHEET}・{ROADMAP_SHEET}で行います。",
        f"{INDICATORS_SHEET}の基準値・目標値・実績は数値で、基準年度・目標年度は「令和4年度」「R4」「2022」のように"
        "入力します。指標を追加するときは、取組項目の名前と指標名を入力した行を加えてください。",
    ]


def _closing_instructions(paper: str) -> list[str]:
    return [
        f"右端の灰色の「{ID_HEADING}」「{REVISION_HEADING}」列（印刷されません）と、この表紙の「{EXPORT_POINT_LABEL}」は"
        "変更しないでください。取込のときに、どの項目がどう変わったかを判断するために使います"
        f"（非表示のシート「{EXCHANGE_SHEET}」が無害化などで失われても、これらから判断できます）。"
        "シートの名前は変えないでください。",
        "保存はExcelブック（.xlsx）形式のままにしてください（ファイル名は変えて構いません）。"
        "CSVやマクロ有効ブック（.xlsm）で保存すると取り込めません。",
        "編集が終わったら、事務局（DX推進課）へメールやLoGoチャットなどで返送してください。",
        f"各シートはこのまま印刷できます（{paper}横、幅1ページ。見出しは各ページに繰り返されます）。",
    ]


def _survey_instructions(data: ExportData, facts: CoverFacts, survey: SurveyCover) -> list[str]:
    year = format_fiscal_year(facts.fiscal_year)
    before = facts.fiscal_year - 1
    reference = (
        f"灰色の{format_fiscal_year(before)}の行は前年度に記入された内容で、参考のために載せています。"
        if before in data.snapshot.years
        else ""
    )
    grades = "、".join(
        f"{g.content['code']} {g.content['label']}"
        for g in sorted(data.records.get("evaluation_grade", ()), key=lambda g: g.content["position"])
    )
    return [
        f"このブックは、{survey.section_name}が事業主管課である取組項目 {survey.initiatives:,d} 件の、{year}の"
        "進捗状況の照会です。他の課の取組項目は載せていません。",
        f"「{PROGRESS_SHEET}」シートの{year}の行に、評価・実績・課題・次年度の取組を入力してください。{reference}",
        f"評価は一覧から選びます: {grades}。",
        f"「{INDICATORS_SHEET}」シートの「実績（{year}）」の列に、各指標の{year}の実績を数値で入力してください"
        "（例: 1200、3.5）。基準値・目標値も変更できます。指標を追加するときは、取組項目の名前と指標名を入力した行を"
        "加えてください。",
        f"取組項目の説明や{ROADMAP_SHEET}の工程も、変更があればこのブックで直してください。"
        "他の課の取組項目は追加しないでください（追加しても、事務局の確認なしには取り込まれません）。",
        *_closing_instructions(facts.paper),
    ]


def write_cover_sheet(worksheet: Any, data: ExportData, facts: CoverFacts) -> None:
    snapshot = data.snapshot
    stylist = Stylist(worksheet)
    worksheet.column_dimensions["A"].width = 3.0
    worksheet.column_dimensions["B"].width = _LABEL_WIDTH
    worksheet.column_dimensions["C"].width = _VALUE_WIDTH
    survey = facts.survey
    rows_of_facts = _facts(data, facts)
    instructions = _instructions(facts.paper) if survey is None else _survey_instructions(data, facts, survey)
    section_row = 5 + len(rows_of_facts) + 1  # after one empty row
    last_row = section_row + len(instructions)
    setup_page(worksheet, paper=facts.paper, page=facts.page, print_area=f"A1:C{last_row}", title_rows=None)

    rows = SheetRows(worksheet, f"B2:C{last_row}")
    title = snapshot.title if survey is None else f"{format_fiscal_year(facts.fiscal_year)} 進捗状況の照会"
    rows.append(2, [None, stylist.cell(title, "title")], row_height(1, 20))
    subtitle = "取組項目・工程表・進捗・指標・推進体制（会議資料・照会用ブック）"
    if survey is not None:
        subtitle = f"{survey.section_name}　{snapshot.title}"
    rows.append(3, [None, stylist.cell(subtitle, "subtitle")], row_height(1, 13))
    for row, (label, value) in enumerate(rows_of_facts, 5):
        cells = [None, stylist.cell(label, "label"), stylist.cell(value, "value")]
        rows.append(row, cells, row_height(lines_needed(value, _VALUE_WIDTH, 11), 11))

    heading = "このブックの編集と返送のしかた" if survey is None else "記入のしかたと返送のしかた"
    rows.append(section_row, [None, stylist.cell(heading, "section")], row_height(1, 12))
    for row, (number, text) in enumerate(enumerate(instructions, 1), section_row + 1):
        line = f"{number}. {text}"
        rows.merge(row, 2, 3)
        cells = [None, stylist.cell(line, "note"), stylist.cell(None, "note")]
        rows.append(row, cells, row_height(lines_needed(line, _LABEL_WIDTH + _VALUE_WIDTH, 11), 11))


def _facts(data: ExportData, facts: CoverFacts) -> list[tuple[str, str]]:
    snapshot = data.snapshot
    first, last = snapshot.first_year, snapshot.last_year
    point = ExportPoint(data.database_id, data.history_seq, data.history_digest, facts.exported_at)
    survey = facts.survey
    contents = (
        f"取組 {len(snapshot.areas)} 件、取組項目 {len(snapshot.initiatives)} 件、"
        f"推進体制の組織 {len(snapshot.bodies)} 件、用語 {len(snapshot.glossary)} 件"
    )
    if survey is not None:
        contents = f"取組項目 {len(snapshot.initiatives)} 件、指標 {data.count('indicator')} 件"
    rows = [
        *([("照会先", survey.section_name)] if survey is not None else []),
        ("版", edition_text(snapshot)),
        ("計画期間", f"{format_fiscal_year(first)}〜{format_fiscal_year(last)}（{first}年度〜{last}年度）"),
        ("進捗の年度", f"{format_fiscal_year(facts.fiscal_year)}（{facts.fiscal_year}年度）"),
        *([("ビジョン", snapshot.vision)] if survey is None else []),
        ("書出し日", facts.exported_on),
        ("書出した人", facts.user or "（不明）"),
        ("収録内容", contents),
        ("作成", facts.app),
        (EXPORT_POINT_LABEL, export_point_text(point)),
    ]
    if survey is not None:
        rows.append((SURVEY_LABEL, survey_text(survey.survey)))
    return rows


def write_exchange_sheet(worksheet: Any, data: ExportData, header: Mapping[str, object]) -> int:
    """The machine-readable part (see :mod:`.schema`); returns the number of records listed."""
    listed = [(record, "") for records in data.records.values() for record in records]
    listed.extend((record, "1") for record in data.deleted)
    # Every record's content, in the order listed: all are needed before the first row, for the widest.
    contents = [canonical_json(record.content) for record, _deleted in listed]
    widest = len(split_content(max(contents, key=len, default="")))
    headings = [*RECORD_COLUMNS, *(f"content_{number}" for number in range(2, widest + 1))]
    heading_row = len(HEADER_KEYS) + 2  # after one empty row

    for letter, width in (("A", 16.0), ("B", 38.0), ("C", 34.0), ("D", 40.0), ("E", 6.0), ("F", 6.0), ("G", 80.0)):
        worksheet.column_dimensions[letter].width = width
    worksheet.sheet_state = "hidden"
    worksheet.protection.sheet = True  # no password: a guard against slips, not a lock

    rows = SheetRows(worksheet, f"A1:{get_column_letter(len(headings))}{heading_row + len(listed)}")
    values = {**header, "record_count": len(listed)}
    for row, key in enumerate(HEADER_KEYS, 1):
        rows.append_values(row, [key, values.get(key, "")])
    rows.append_values(heading_row, headings)
    for row, ((record, deleted), content) in enumerate(zip(listed, contents, strict=True), heading_row + 1):
        # As text: a continuation part may well start with "=".
        parts = split_content(content)
        line = (record.entity, record.id, record.revision, " ".join(record.ancestors), deleted, len(parts), *parts)
        rows.append_values(row, line)
    return len(listed)
