"""A year's progress entered the way a section would: evaluations for a few initiatives and some indicators.

令和7年度 (2025), on the default policy (plan 令和5〜9年度):

* (1) 自治体の行政手続のオンライン化: the first initiative B with all three texts, the second A, the third nothing;
* (2) マイナンバーカードの普及促進: the first C (a long 課題), the second D, the third texts but no grade;
* every other initiative: nothing entered;
* indicators: two on the first initiative (one behind, one ahead), one on the second (on target), one on
  the fourth with no actual for the year, one on the fifth with no target.
"""

from __future__ import annotations

from typing import NamedTuple

from shiraoka_dx_desktop.domain.progress import evaluation_id, grade_id, indicator_actual_id
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import Upsert, set_evaluation, set_indicator, set_indicator_actual
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database

YEAR = 2025
LONG_ISSUE = (
    "コンビニ交付の認知度が低く、窓口での交付が依然として多い。マイナンバーカードの保有率は上がっているが、"
    "証明書の取得方法として定着していない。広報紙・ホームページ・窓口での案内を組み合わせた周知が必要。"
)


class Evaluated(NamedTuple):
    position: int  # among the default initiatives, in the policy's order
    grade: str | None
    result: str
    issues: str
    next_steps: str


class Measured(NamedTuple):
    position: int
    name: str
    unit: str
    base: tuple[float, int] | None
    target: tuple[float, int] | None
    actuals: dict[int, float]


EVALUATIONS = (
    Evaluated(0, "B", "転出・転入予約サービスの利用412件", "周知が不十分", "広報紙で案内する"),
    Evaluated(1, "A", "子育て・介護の26手続をオンライン化", "申請後の処理が紙のまま", "電子決裁と連携する"),
    Evaluated(3, "C", "出張申請受付を14回実施", LONG_ISSUE, "商業施設での出張受付を月1回に増やす"),
    Evaluated(4, "D", "利用率の集計方法を見直し中", "", ""),
    Evaluated(5, None, "本庁舎にキオスク端末1台を設置", "", "支所への設置を検討"),
)
NOT_ENTERED_POSITION = 2  # (1)'s third initiative: nothing at all

INDICATORS = (
    # 100 → 600 over 2022–2027: 60 % of the way by 2025, so 400; 350 is 50 %: behind.
    Measured(0, "転出・転入予約の利用件数", "件", (100, 2022), (600, 2027), {2024: 300, 2025: 350}),
    # 30 → 10 minutes: 18 by 2025; 16 is 70 % of the way: ahead.
    Measured(0, "窓口の平均待ち時間", "分", (30, 2022), (10, 2027), {2025: 16}),
    # 0 → 100 over 2023–2027: half way by 2025; 50 is on target.
    Measured(1, "オンライン申請できる手続の割合", "%", (0, 2023), (100, 2027), {2023: 20, 2025: 50}),
    # No actual for 2025: cannot be judged; the pro-rated target is still 24.2.
    Measured(3, "出張申請の受付件数", "件", (8, 2022), (35, 2027), {2024: 14}),
    # No target at all.
    Measured(4, "コンビニ交付の利用率", "%", (8, 2022), None, {2025: 18}),
)


def indicator_id(number: int) -> str:
    return f"00000000-0000-4000-8000-0000000a{number:04d}"


def enter_progress(database: Database) -> None:
    """Enter :data:`EVALUATIONS` and :data:`INDICATORS` for 令和7年度 through the editor, as a section would."""
    initiatives = load_snapshot(database).initiatives
    edits: list[Upsert] = []
    for entry in EVALUATIONS:
        initiative = initiatives[entry.position].id
        edits.append(
            set_evaluation(
                evaluation_id(initiative, YEAR),
                initiative_id=initiative,
                fiscal_year=YEAR,
                grade_id=grade_id(entry.grade) if entry.grade else None,
                result=entry.result,
                issues=entry.issues,
                next_steps=entry.next_steps,
            )
        )
    for number, measured in enumerate(INDICATORS):
        record = indicator_id(number)
        edits.append(
            set_indicator(
                record,
                initiative_id=initiatives[measured.position].id,
                position=number,
                name=measured.name,
                unit=measured.unit,
                base_value=measured.base[0] if measured.base else None,
                base_year=measured.base[1] if measured.base else None,
                target_value=measured.target[0] if measured.target else None,
                target_year=measured.target[1] if measured.target else None,
            )
        )
        edits.extend(
            set_indicator_actual(indicator_actual_id(record, year), indicator_id=record, fiscal_year=year, value=value)
            for year, value in measured.actuals.items()
        )
    Editor(database, "市民課 白岡").apply(edits)
