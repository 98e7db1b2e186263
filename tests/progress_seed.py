"""Progress entered as a section would, through the services, for the 進捗 tab's tests."""

from __future__ import annotations

from shiraoka_dx_desktop.domain.progress import grade_id, indicator_actual_id
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import Edit, set_indicator, set_indicator_actual, set_initiative
from shiraoka_dx_desktop.services.progress_commands import evaluation_edit
from shiraoka_dx_desktop.services.snapshot import load_snapshot
from shiraoka_dx_desktop.storage.database import Database

KIOSK = "キオスク端末の導入"
CONVENIENCE = "コンビニ交付"
ONE_STOP = "転出転入手続きのワンストップ化"
APPLICATIONS = "00000000-0000-4000-8000-0000000b0001"  # an indicator of ONE_STOP, behind in 令和7年度
WAITING = "00000000-0000-4000-8000-0000000b0002"  # an indicator of KIOSK, ahead in 令和7年度


def initiative_id(database: Database, name: str) -> str:
    return next(item.id for item in load_snapshot(database).initiatives if item.name == name)


def enter_progress(database: Database) -> None:
    """令和7年度: A for コンビニ交付, C with texts for the one-stop move, 実績 only for the kiosks;
    令和6年度: B for コンビニ交付.  The three lead sections are 市民課, 市民課 and 総務課.
    Two indicators: the applications behind their pro-rated target, the waiting time ahead."""
    snapshot = load_snapshot(database)
    sections = {section.name: section.id for section in snapshot.sections}
    kiosk, convenience, one_stop = (initiative_id(database, name) for name in (KIOSK, CONVENIENCE, ONE_STOP))
    edits: list[Edit] = [
        set_initiative(kiosk, lead_section_id=sections["市民課"]),
        set_initiative(convenience, lead_section_id=sections["市民課"]),
        set_initiative(one_stop, lead_section_id=sections["総務課"]),
        evaluation_edit(convenience, 2025, {"grade_id": grade_id("A"), "result": "交付を開始した"}),
        evaluation_edit(convenience, 2024, {"grade_id": grade_id("B"), "result": "準備を終えた"}),
        evaluation_edit(
            one_stop,
            2025,
            {
                "grade_id": grade_id("C"),
                "result": "調達が遅れた",
                "issues": "仕様の確定\n人員",
                "next_steps": "外部支援",
            },
        ),
        evaluation_edit(kiosk, 2025, {"result": "設置場所を調整した"}),
        set_indicator(
            APPLICATIONS,
            initiative_id=one_stop,
            position=0,
            name="オンライン申請の件数",
            unit="件",
            base_value=100,
            base_year=2022,
            target_value=600,
            target_year=2027,
        ),
        set_indicator_actual(
            indicator_actual_id(APPLICATIONS, 2025), indicator_id=APPLICATIONS, fiscal_year=2025, value=250
        ),
        set_indicator(
            WAITING,
            initiative_id=kiosk,
            position=0,
            name="窓口の平均待ち時間",
            unit="分",
            base_value=30,
            base_year=2022,
            target_value=10,
            target_year=2027,
        ),
        set_indicator_actual(indicator_actual_id(WAITING, 2025), indicator_id=WAITING, fiscal_year=2025, value=12),
    ]
    Editor(database, "市民課 白岡").apply(edits)
