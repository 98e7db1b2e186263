"""The layout of the exchange workbook, shared by the exporter and the importer.

The workbook is both the meeting document and the file colleagues edit and
send back.  Everything the importer relies on lives in cell values, because
Excel, LibreOffice and the sanitisation gateway (ファイル無害化) rewrite styles
and shared strings and drop parts they do not know.  There are no macros,
embedded objects, external links or custom XML parts; the workbook structure
is protected without a password so that sheets are not renamed or deleted by
a slip.

Visible sheets (工程表, 取組項目, 推進体制, 用語集): the column headings are on
row :data:`HEADING_ROW` and identify the columns (the importer finds columns by
heading, so inserted or moved columns do not matter).  The last column,
headed :data:`ID_HEADING`, holds the record UUID of each row; a row without
one is new.  Text is always stored as text (never a formula), passed through
:func:`visible_text`; an empty value is an empty cell.

* 工程表: a second heading row holds the western years (``2023年度``), data
  starts on row 3.  Column A is an area heading (``(1) 自治体の…``, ID of the
  policy area) or an initiative name (ID of the initiative); one column per
  fiscal year, headed ``令和5年度`` (``parse_fiscal_year`` reads it).  A cell
  holds a phase, :data:`SHADED_MARK` for shading without a label, or nothing;
  a merged range holds one value for every year it covers.  A roadmap cell is
  identified by the initiative's ID and the year of its column
  (:func:`~shiraoka_dx_desktop.domain.roadmap.roadmap_cell_id`).
* 取組項目 (:data:`INITIATIVE_COLUMNS`): 取組 is the area as ``(number) title``,
  表示順 is ``position + 1``, 推定 is :data:`INFERRED_MARK` or empty;
  最終更新者 and 最終更新日時 are for reading only.
* 推進体制 (:data:`ORGANISATION_COLUMNS`): a row per body followed by rows for
  its roles, duties and member sections, 区分 telling which
  (:data:`ORGANISATION_ROW_KINDS`); 組織 repeats the body's name on every row.
  種別 is the Japanese label of the body kind (``BodyKind.label``).
* 用語集 (:data:`GLOSSARY_COLUMNS`), in 五十音順 of the reading.
* 進捗 (:data:`PROGRESS_COLUMNS`): a row per initiative and fiscal year (the year the
  workbook was written for; a survey adds the year before, for reference).  年度 is
  ``令和7年度``; 評価 is a code of the scale; the ID is the evaluation's
  (:func:`~shiraoka_dx_desktop.domain.progress.evaluation_id` of the initiative and the
  year, so a row whose evaluation does not exist yet already has it).  取組, 取組項目 and
  今年度の工程 are for reading; 事業主管課 edits the initiative's lead section.
* 指標 (:data:`INDICATOR_COLUMNS`, then one :func:`actual_heading` column per year of the
  plan before the ID and 版): a row per indicator.  基準年度 and 目標年度 are
  ``令和4年度``; values are numbers.  The 版 lists the indicator's revisions, then each
  year's actual's as the 工程表's does its cells' (:func:`roadmap_revisions_text`).

A survey workbook (各課への照会) has the cover's :data:`SURVEY_LABEL` (the year and the
lead section it was written for, :func:`survey_text`) and only that section's
initiatives; its hidden sheet lists only their records (and the areas, sections and 評価
scale they are named by).

The hidden, protected sheet :data:`EXCHANGE_SHEET` is the machine-readable part:

* a header block from row 1: key in column A, value in column B, one pair per
  row (:data:`HEADER_KEYS`, in that order), ended by an empty row;
* then the record table: a heading row whose column A is ``entity``
  (:data:`RECORD_COLUMNS`), and one row per exported record below it, for
  every record of every table in :data:`EXCHANGE_ENTITIES`.

``ancestors`` lists the record's earlier revisions known on the exporting
terminal, newest first, separated by single spaces (at most
:data:`ANCESTORS_LIMIT`; empty if none).  ``content`` is the record's stored
values as canonical JSON (:func:`canonical_json`); its revision is
``content_revision`` of exactly those values, so the importer can check a row
against its revision and use it as the base of a three-way merge.  Text longer
than :data:`CONTENT_PART_LENGTH` characters is split (:func:`split_content`):
the first part in the ``content`` column, the rest in the columns to its right
on the same row (headed ``content_2``, ``content_3`` …); ``parts`` says how many
there are, and the importer joins them in order (:func:`join_content`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from ...domain.era import EraError, format_fiscal_year, parse_fiscal_year
from ...storage import record_kinds
from ...storage.models import RECORD_MODELS
from ..commands import SHADED_MARK

__all__ = [
    "ANCESTORS_LIMIT",
    "CONTENT_PART_LENGTH",
    "COVER_SHEET",
    "EXCHANGE_ENTITIES",
    "EXCHANGE_SHEET",
    "EXPORT_POINT_LABEL",
    "FORMAT_MAGIC",
    "FORMAT_VERSION",
    "GLOSSARY_COLUMNS",
    "GLOSSARY_SHEET",
    "HEADER_KEYS",
    "HEADING_ROW",
    "ID_HEADING",
    "INDICATORS_SHEET",
    "INDICATOR_COLUMNS",
    "INFERRED_MARK",
    "INITIATIVES_SHEET",
    "INITIATIVE_COLUMNS",
    "NO_CELL",
    "ORGANISATION_COLUMNS",
    "ORGANISATION_ROW_KINDS",
    "ORGANISATION_SHEET",
    "PAPER_SIZES",
    "PROGRESS_COLUMNS",
    "PROGRESS_SHEET",
    "RECORD_COLUMNS",
    "REVISION_HEADING",
    "REVISION_PREFIX",
    "ROADMAP_NAME_HEADING",
    "ROADMAP_SHEET",
    "SHADED_MARK",
    "SHEET_ORDER",
    "SURVEY_LABEL",
    "SURVEY_ROUND_KEY",
    "VISIBLE_ANCESTORS",
    "ExportPoint",
    "Paper",
    "Survey",
    "YearRevisions",
    "actual_heading",
    "actual_year",
    "canonical_json",
    "export_point_text",
    "history_digest",
    "join_content",
    "parse_export_point",
    "parse_roadmap_revisions",
    "parse_survey",
    "revision_prefixes",
    "roadmap_revisions_text",
    "split_content",
    "survey_text",
    "visible_revision",
    "visible_revisions",
    "visible_text",
]

FORMAT_MAGIC = "shiraoka-dx-exchange"
# Raised when the layout changes in a way an older importer would misread.
FORMAT_VERSION = 1

COVER_SHEET = "表紙"
# The sheets that show records are named by the record kinds (storage/record_kinds.py).
ROADMAP_SHEET = record_kinds.ROADMAP_SHEET
INITIATIVES_SHEET = record_kinds.INITIATIVES_SHEET
ORGANISATION_SHEET = record_kinds.ORGANISATION_SHEET
GLOSSARY_SHEET = record_kinds.GLOSSARY_SHEET
PROGRESS_SHEET = record_kinds.PROGRESS_SHEET
INDICATORS_SHEET = record_kinds.INDICATORS_SHEET
EXCHANGE_SHEET = "_exchange"
SHEET_ORDER = (
    COVER_SHEET,
    ROADMAP_SHEET,
    INITIATIVES_SHEET,
    PROGRESS_SHEET,
    INDICATORS_SHEET,
    ORGANISATION_SHEET,
    GLOSSARY_SHEET,
    EXCHANGE_SHEET,
)

Paper = Literal["A3", "A4"]
# OOXML paperSize codes.
PAPER_SIZES: dict[str, int] = {"A3": 8, "A4": 9}

# Every data sheet: headings on row 1 (工程表 has a second heading row with the western years).
HEADING_ROW = 1
ID_HEADING = "ID"
# The revision each row was exported at, shortened (see visible_revision); the roadmap's also lists its cells'.
REVISION_HEADING = "版"
REVISION_PREFIX = 12
# On the cover: which database wrote the file and how far its history went (see export_point_text).
EXPORT_POINT_LABEL = "書出し番号"
ROADMAP_NAME_HEADING = "取組項目"
# How a true ``inferred`` flag reads on the visible sheets; false is an empty cell.
INFERRED_MARK = "推定"

# (key, heading): the key names the record field or what the column shows.
INITIATIVE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("area", "取組"),
    ("position", "表示順"),  # position + 1
    ("name", "取組項目"),
    ("lead_section", "事業主管課"),
    ("description", "説明"),
    ("inferred", "推定"),
    ("note", "備考"),
    ("updated_by", "最終更新者"),
    ("updated_at", "最終更新日時"),
    ("id", ID_HEADING),
    ("revision", REVISION_HEADING),
)
# One row per body, followed by rows for its roles, duties and member sections.
ORGANISATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("body", "組織"),
    ("row_kind", "区分"),
    ("kind_or_title", "種別・役職"),
    ("post", "職"),
    ("section", "課"),
    ("status", "状態"),
    ("text", "内容・備考"),
    ("id", ID_HEADING),
    ("revision", REVISION_HEADING),
)
# 区分 of a row of 推進体制, by the entity of its record.
ORGANISATION_ROW_KINDS: dict[str, str] = {"body": "組織", "role": "役職", "duty": "所掌事務", "body_member": "構成課"}
GLOSSARY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("term", "用語"),
    ("reading", "読み"),
    ("explanation", "解説"),
    ("id", ID_HEADING),
    ("revision", REVISION_HEADING),
)

PROGRESS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("area", "取組"),
    ("name", "取組項目"),
    ("lead_section", "事業主管課"),
    ("fiscal_year", "年度"),
    ("phase", "今年度の工程"),
    ("grade", "評価"),
    ("result", "実績"),
    ("issues", "課題"),
    ("next_steps", "次年度の取組"),
    ("id", ID_HEADING),
    ("revision", REVISION_HEADING),
)
# Then one actual_heading(year) column per year of the plan, then the ID and 版.
INDICATOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("initiative", "取組項目"),
    ("name", "指標名"),
    ("unit", "単位"),
    ("base_value", "基準値"),
    ("base_year", "基準年度"),
    ("target_value", "目標値"),
    ("target_year", "目標年度"),
)
_ACTUAL = re.compile(r"^実績[（(](?P<year>[^）)]+)[）)]$")


def actual_heading(fiscal_year: int) -> str:
    """``実績（令和7年度）``: the 指標 sheet's column of one year's actuals."""
    return f"実績（{format_fiscal_year(fiscal_year)}）"


def actual_year(heading: str) -> int | None:
    """The fiscal year an :func:`actual_heading` names (None: not such a heading, or no year in it)."""
    match = _ACTUAL.match(heading.strip())
    if match is None:
        return None
    try:
        return parse_fiscal_year(match["year"].strip())
    except EraError:
        return None


# On a survey's cover: the fiscal year and the lead section's id (see survey_text).
SURVEY_LABEL = "照会番号"
# The database's meta entry for the last round of surveys written from it (survey_writer), JSON:
# {"fiscal_year": 2025, "exported_at": "…Z", "sections": {section id: file name}}.
SURVEY_ROUND_KEY = "survey_round"


class Survey(NamedTuple):
    """What a survey workbook was written for: one lead section's entries for one fiscal year."""

    fiscal_year: int
    section_id: str


def survey_text(survey: Survey) -> str:
    return f"{survey.fiscal_year}/{survey.section_id}"


def parse_survey(text: str) -> Survey | None:
    year, _, section_id = text.strip().partition("/")
    if not year.isdigit() or not section_id:
        return None
    return Survey(int(year), section_id)


# The header block of the exchange sheet, in row order.
HEADER_KEYS = (
    "magic",  # FORMAT_MAGIC
    "format_version",  # FORMAT_VERSION, an integer
    "app_version",  # shiraoka_dx_desktop.__version__ of the exporter
    "exported_at",  # ISO 8601 UTC, e.g. 2025-06-02T05:03:00Z
    "exported_by",  # the terminal user who exported
    "database_id",  # meta.database_id of the exporting database ("" if unknown)
    "policy_id",
    "edition",  # label of the newest edition, e.g. 第3版
    "record_count",  # rows in the record table
    "fiscal_year",  # the year of the 進捗 sheet, e.g. 2025
    "survey",  # survey_text of a survey workbook; empty for the whole workbook
    "note",  # a Japanese warning for whoever unhides the sheet
)
# ``deleted`` is "1" for a record deleted on the exporting terminal (its values as they were before).
RECORD_COLUMNS = ("entity", "id", "revision", "ancestors", "deleted", "parts", "content")
EXCHANGE_ENTITIES: tuple[str, ...] = tuple(model.__tablename__ for model in RECORD_MODELS)
# Earlier revisions listed per record, newest first, separated by single spaces.
ANCESTORS_LIMIT = 20
# Excel holds at most 32,767 characters (UTF-16 code units) in a cell; a code point is at most two.
CONTENT_PART_LENGTH = 16_000
_CELL_LIMIT = 32_767

# Characters XML 1.0 cannot carry; openpyxl refuses them and Excel would call the file damaged.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# What json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")) uses, made once:
# json.dumps makes a new encoder for every call with options.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(content: Mapping[str, Any]) -> str:
    """The stored values of a record as one line of JSON, the same on every terminal.

    JSON escapes control characters itself; the two non-characters XML cannot
    carry are escaped here, so the text always fits in a cell and decodes to
    the stored values.
    """
    text = _CANONICAL.encode(content)
    return text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def split_content(text: str) -> list[str]:
    """``text`` in parts that each fit in a cell (one part for all but huge records)."""
    if not text:
        return [""]
    return [text[start : start + CONTENT_PART_LENGTH] for start in range(0, len(text), CONTENT_PART_LENGTH)]


def join_content(parts: Sequence[str]) -> str:
    return "".join(parts)


def visible_text(text: str) -> str:
    """Text as a visible cell holds it: without XML-illegal control characters, within Excel's cell limit.

    The importer compares a visible cell with ``visible_text`` of the base
    value, so that neither difference reads as an edit.
    """
    cleaned = text if text.isprintable() else _ILLEGAL.sub("", text)  # most text has no control character
    # A code point is one or two UTF-16 code units: short text need not be measured.
    if len(cleaned) <= _CELL_LIMIT // 2 or len(cleaned.encode("utf-16-le")) // 2 <= _CELL_LIMIT:
        return cleaned
    return cleaned[: _CELL_LIMIT // 2]


def visible_revision(revision: str) -> str:
    """A revision as the 版 column shows it: long enough to tell a record's revisions apart."""
    return revision[:REVISION_PREFIX]


# Earlier revisions a 版 cell lists after the current one, newest first: a terminal that never saw
# the current one (a colleague edited in the application) may know one of these, and merge three-way.
VISIBLE_ANCESTORS = 3
# A roadmap year whose cell is gone: ``2024:-``, followed by the revisions it had when it was deleted here.
NO_CELL = "-"


def visible_revisions(revisions: Sequence[str], separator: str = " ") -> str:
    """The 版 of a record: its revision, then up to :data:`VISIBLE_ANCESTORS` earlier ones."""
    return separator.join(visible_revision(revision) for revision in revisions[: 1 + VISIBLE_ANCESTORS])


def revision_prefixes(text: str) -> list[str]:
    """The revisions a 版 cell lists, newest first (a leading ``-`` is not one)."""
    return [token for token in text.replace(",", " ").split() if token != NO_CELL]


class YearRevisions(NamedTuple):
    """What a 工程表 row's 版 says of one year: whether a cell existed, and its revisions (newest first)."""

    present: bool
    revisions: tuple[str, ...] = ()


def roadmap_revisions_text(initiative: Sequence[str], cells: Mapping[int, tuple[bool, Sequence[str]]]) -> str:
    """The 版 of a 工程表 row: the initiative's revisions, then each year's (``2024:…``; ``2024:-`` for no cell,
    ``2024:-,…`` for a cell deleted here, with the revisions it had)."""
    years = []
    for year, (present, revisions) in sorted(cells.items()):
        listed = visible_revisions(revisions, ",")
        years.append(f"{year}:{listed}" if present else f"{year}:{NO_CELL}{',' + listed if listed else ''}")
    return f"{visible_revisions(initiative, ',')} {' '.join(years)}".strip()


def parse_roadmap_revisions(text: str) -> tuple[str, dict[int, YearRevisions]]:
    """The initiative's revisions (as :func:`revision_prefixes` reads them) and what the row says of each year."""
    tokens = text.split()
    if not tokens or ":" in tokens[0]:
        return "", {}
    cells: dict[int, YearRevisions] = {}
    for token in tokens[1:]:
        year, _, listed = token.partition(":")
        if year.isdigit() and listed:
            cells[int(year)] = YearRevisions(not listed.startswith(NO_CELL), tuple(revision_prefixes(listed)))
    return tokens[0], cells


@dataclass(frozen=True)
class ExportPoint:
    """Which database exported a file, and the last entry of its history then.

    With it the exporting terminal can tell, from its own history, every record
    the file held and its revision: what a deleted row was, even when the
    hidden sheet did not survive the journey.
    """

    database_id: str
    history_seq: int
    # A digest of the whole history up to that entry (history_digest): a copy of the database taken
    # to another terminal has the same id but, after the first edit there, another history.
    check: str = ""
    # When the file was written, ISO 8601 UTC to the second (also in the hidden sheet's header).
    exported_at: str = ""


def history_digest(entries: Iterable[tuple[int, str, str]]) -> str:
    """16 hex digits over every (seq, record id, revision) of a history, in order."""
    import hashlib

    digest = hashlib.sha256()
    for seq, record_id, revision in entries:
        digest.update(f"{seq}:{record_id}:{revision}\n".encode())
    return digest.hexdigest()[:16]


def export_point_text(point: ExportPoint) -> str:
    return f"{point.database_id}/{point.history_seq}/{point.check}/{point.exported_at}"


def parse_export_point(text: str) -> ExportPoint | None:
    parts = text.strip().split("/")
    if len(parts) not in (3, 4) or not parts[0] or not parts[1].isdigit() or not parts[2]:
        return None
    return ExportPoint(parts[0], int(parts[1]), parts[2], parts[3] if len(parts) == 4 else "")
