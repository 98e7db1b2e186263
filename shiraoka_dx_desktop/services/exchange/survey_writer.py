"""The collection round (各課への照会): one workbook per lead section, and the round remembered.

Each workbook holds only the section's initiatives in 工程表, 取組項目, 進捗 and 指標,
last year's entries beside this year's for reference, guidance on its cover and the
exchange identity of those records only (see :mod:`.survey_data`).  Each returns
through the same import as any workbook.  The round (its year, when, and which file
went to which section) is kept in the database's ``meta``, so that a workbook
returned from another year's round is recognised.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ...domain.era import format_fiscal_year
from ...logs import log
from ...storage.database import Database
from ..atomic_file import FileWriteError
from .schema import SURVEY_ROUND_KEY, Paper
from .survey_files import make_folder, survey_file_name
from .survey_workers import Options, SecondProcess, plan_round

__all__ = ["SurveySummary", "export_survey", "survey_file_name"]


@dataclass(frozen=True)
class SurveySummary:
    folder: Path
    fiscal_year: int
    files: list[tuple[str, Path, int]]  # section name, file, initiatives
    without_lead: int  # initiatives with no lead section: in no workbook
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = [
            f"{format_fiscal_year(self.fiscal_year)}の照会用ブックを {len(self.files)} 課分書き出しました: {self.folder}"
        ]
        lines += [f"  {name}: {path.name}（取組項目 {count:,d} 件）" for name, path, count in self.files]
        if self.without_lead:
            lines.append(
                f"  事業主管課が未設定の取組項目 {self.without_lead:,d} 件は、どのブックにも入っていません"
                "（取組項目の事業主管課を設定してから書き出してください）。"
            )
        lines += [f"  注: {note}" for note in self.notes]
        return "\n".join(lines)


def export_survey(
    database: Database,
    folder: Path,
    *,
    fiscal_year: int | None = None,
    paper: Paper = "A3",
    user: str = "",
    now: dt.datetime | None = None,
) -> SurveySummary:
    """Write one workbook per lead section into ``folder`` (made if missing); each file atomically."""
    options = Options(folder, fiscal_year, paper, user, now or dt.datetime.now(dt.UTC))
    with SecondProcess(database, options, _initiatives(database)) as helper:
        planned = plan_round(database, options)
        if not planned.jobs:
            raise FileWriteError(
                "照会用ブックを書き出せません: 事業主管課が設定された取組項目がありません。"
                "取組項目の「事業主管課」を設定してから、もう一度書き出してください。",
                folder,
            )
        make_folder(folder)
        helper.write_jobs(planned.jobs, options, planned.fiscal_year)
    jobs = planned.jobs
    files = [(job.scope.section_name, job.path, len(job.scope.data.snapshot.initiatives)) for job in jobs]
    surveyed = sum(count for _name, _path, count in files)
    summary = SurveySummary(folder, planned.fiscal_year, files, len(planned.data.snapshot.initiatives) - surveyed)
    _remember_round(database, summary, scopes_ids=[job.scope.section_id for job in jobs], moment=options.moment)
    return summary


def _initiatives(database: Database) -> int:
    with database.reader() as connection:
        return int(connection.execute("SELECT count(*) FROM initiative").fetchone()[0])


def _remember_round(database: Database, summary: SurveySummary, *, scopes_ids: list[str], moment: dt.datetime) -> None:
    value = {
        "fiscal_year": summary.fiscal_year,
        "exported_at": moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sections": {
            section_id: path.name for section_id, (_n, path, _c) in zip(scopes_ids, summary.files, strict=True)
        },
    }
    try:
        database.set_meta(SURVEY_ROUND_KEY, json.dumps(value, ensure_ascii=False))
    except sqlite3.Error as error:
        log.warning("survey round not recorded: %s", error)
        summary.notes.append(
            "データベースに書き込めないため、この照会を記録できませんでした（ブックは書き出してあります）。"
            "返送されたブックの年度の確認と「返送日時」の表示は、照会を記録した端末で行ってください。"
        )
