"""The default dataset against the policy document (../shared/seed/shiraoka-dx-policy.txt)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from shiraoka_dx_desktop import paths
from shiraoka_dx_desktop.domain.roadmap import CellKind
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.models import RECORD_MODELS
from shiraoka_dx_desktop.storage.opening import open_database
from shiraoka_dx_desktop.storage.seed import read_seed

YEARS = ("令和5年度", "令和6年度", "令和7年度", "令和8年度", "令和9年度")


@pytest.fixture(scope="module")
def snapshot(pristine_database: Path) -> PolicySnapshot:
    database = open_database(pristine_database)
    try:
        return load_snapshot(database)
    finally:
        database.close()


def _row(snapshot: PolicySnapshot, name: str) -> list[str]:
    """The roadmap row of an initiative as printed: phase, '■' for shaded, '' for empty."""
    initiative = next(item for item in snapshot.initiatives if item.name == name)
    cells = []
    for year in snapshot.years:
        cell = initiative.cells.get(year)
        if cell is None:
            cells.append("")
        elif cell.value.kind == CellKind.SHADED:
            cells.append("■")
        else:
            cells.append(cell.value.label)
    return cells


def _inferred_years(snapshot: PolicySnapshot, name: str) -> list[int]:
    initiative = next(item for item in snapshot.initiatives if item.name == name)
    return sorted(year for year, cell in initiative.cells.items() if cell.inferred)


def test_policy_vision_and_period(snapshot: PolicySnapshot) -> None:
    assert snapshot.title == "白岡市DX推進全体方針"
    assert snapshot.vision == "一人ひとりのニーズに合ったサービスが選択できる、人に優しいデジタル化"
    assert (snapshot.first_year, snapshot.last_year) == (2023, 2027)
    assert snapshot.viewpoints == [
        "サービスユーザー（市民）の視点",
        "システムユーザー（職員）の視点",
        "業務効率化の視点",
    ]


def test_three_editions(snapshot: PolicySnapshot) -> None:
    assert [(e.label, e.action, e.issued_year, e.issued_month) for e in snapshot.editions] == [
        ("第1版", "策定", 2022, 11),
        ("第2版", "改訂", 2023, 4),
        ("第3版", "改訂", 2023, 11),
    ]


def test_seven_areas_with_their_text(snapshot: PolicySnapshot) -> None:
    assert [area.title for area in snapshot.areas] == [
        "自治体の行政手続のオンライン化",
        "マイナンバーカードの普及促進",
        "自治体情報システムの標準化・共通化",
        "自治体AI・RPAの利用促進",
        "テレワークの推進",
        "セキュリティ対策の徹底",
        "その他",
    ]
    assert "非来庁型の行政サービス" in snapshot.areas[0].description
    assert "基幹系20業務" in snapshot.areas[2].description
    assert all(area.description for area in snapshot.areas)


def test_twenty_eight_initiatives_in_document_order(snapshot: PolicySnapshot) -> None:
    per_area = [len(snapshot.initiatives_of(area.id)) for area in snapshot.areas]
    assert per_area == [3, 3, 10, 2, 4, 2, 4]
    standardisation = [item.name for item in snapshot.initiatives_of(snapshot.areas[2].id)]
    assert standardisation == [
        "推進体制の立ち上げ",
        "現行システムの概要調査",
        "RFI資料作成",
        "ベンダー提案依頼（RFP）～決定",
        "基幹系システムの統一化",
        "標準仕様との比較分析",
        "文字情報基盤文字対応",
        "移行計画",
        "条例改正",
        "標準準拠システムへの移行",
    ]


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("転出転入手続きのワンストップ化", ["継続実施"] * 5),
        ("マイナンバーカード交付申請管理システム", ["随時拡大"] * 5),
        ("コンビニ交付", ["継続実施"] * 3 + ["拡大の検討"] * 2),
        ("推進体制の立ち上げ", ["■", "", "", "", ""]),
        ("基幹系システムの統一化", ["", "■", "", "", ""]),
        ("移行計画", ["", "実施", "継続実施", "", ""]),
        ("条例改正", ["", "", "実施", "", ""]),
        ("標準準拠システムへの移行", ["", "", "実施", "正式稼働", ""]),
        ("自治体テレワークシステム", ["実施に向け検討"] * 5),
        ("庶務事務システムの導入", ["契約・導入"] + ["継続実施"] * 4),
        ("文書管理・電子決裁システムの導入", ["調査・契約", "導入・実施", "継続実施", "継続実施", "継続実施"]),
        ("情報セキュリティ監査", ["実施"] + ["毎年度実施"] * 4),
        ("職員研修の実施", ["実施"] + ["毎年度実施"] * 4),
        ("チャットツール（LoGoチャット）の有効活用", ["契約"] + ["継続実施"] * 4),
    ],
)
def test_roadmap_rows(snapshot: PolicySnapshot, name: str, row: list[str]) -> None:
    assert _row(snapshot, name) == row


def test_cells_the_extraction_lost_are_marked_inferred(snapshot: PolicySnapshot) -> None:
    # Letters of 「継続実施」 survived in 令和6・7年度 only.
    assert _inferred_years(snapshot, "転出転入手続きのワンストップ化") == [2023, 2026, 2027]
    # The whole first 標準化 table lost its shading.
    assert _inferred_years(snapshot, "推進体制の立ち上げ") == [2023]
    # Extracted cells are facts, not inferences.
    assert _inferred_years(snapshot, "標準準拠システムへの移行") == []
    assert _inferred_years(snapshot, "自治体テレワークシステム") == []
    initiative = next(item for item in snapshot.initiatives if item.name == "推進体制の立ち上げ")
    assert initiative.cells[2023].note, "an inferred cell says on what basis"


def test_organisation(snapshot: PolicySnapshot) -> None:
    bodies = {body.name: body for body in snapshot.bodies}
    headquarters = bodies["DX推進本部"]
    assert [(role.title, role.post) for role in headquarters.roles][:2] == [
        ("本部長", "副市長"),
        ("副本部長", "経営企画部長"),
    ]
    assert headquarters.duties == ("DX推進に係る横断的な連絡調整", "DX推進に係る進行管理、事業評価など")
    committee = next(body for body in snapshot.bodies if body.kind == "committee")
    titles = [role.title for role in committee.roles]
    assert titles[:2] == ["委員長", "副委員長"] and titles.count("委員") == 12
    assert committee.roles[1].post == "経営企画部DX推進課長" and committee.roles[1].section == "DX推進課"
    assert committee.roles[-1].post == "教育部教育指導課長"
    secretariat = next(body for body in snapshot.bodies if body.kind == "secretariat")
    assert len(secretariat.duties) == 4 and secretariat.members == ("DX推進課",)
    lead = next(body for body in snapshot.bodies if body.kind == "lead_sections")
    assert lead.duties == ("事業化、業務の見直し", "予算確保", "システムの構築、運用", "事務局への事業報告")
    teams = {body.name: body for body in snapshot.bodies if body.kind == "project_team"}
    assert len(teams) == 3
    standard = next(body for name, body in teams.items() if "標準化" in name)
    assert standard.status == "設置済" and len(standard.members) == 10
    assert bodies["公開・統合型GIS推進チーム"].status == "想定"
    assert bodies["公開・統合型GIS推進チーム"].members[0] == "安心安全課"
    assert len(bodies["公開・統合型GIS推進チーム"].members) == 8
    application_team = bodies["電子申請推進チーム"]
    assert application_team.status == "想定" and len(application_team.members) == 19
    assert application_team.members[-1] == "生涯学習課"


def test_glossary(snapshot: PolicySnapshot) -> None:
    terms = {term.term: term for term in snapshot.glossary}
    assert len(snapshot.glossary) == 30
    for expected in (
        "AI",
        "AI-OCR",
        "LGWAN",
        "J-LIS",
        "Wi-Fi",
        "基幹系20業務",
        "ネットワークの三層の対策",
        "ワンストップ",
    ):
        assert expected in terms
    assert "つながずに" in terms["Wi-Fi"].explanation
    assert "④法人市民税" in terms["基幹系20業務"].explanation
    assert all(term.reading for term in snapshot.glossary)


SPACED_LETTERS = re.compile(r"\b[A-Za-z] [A-Za-z] ")
SPACE_IN_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff] [\u3040-\u30ff\u4e00-\u9fff]")


def test_no_extraction_artefacts_remain(database: Database) -> None:
    texts: list[str] = []
    with database.session("tester") as session:
        for model in RECORD_MODELS:
            for record in session.scalars(select(model)):
                texts.extend(value for value in record.content().values() if isinstance(value, str))
    offenders = [text[:60] for text in texts if SPACED_LETTERS.search(text) or SPACE_IN_JAPANESE.search(text)]
    assert offenders == []


def test_every_record_has_a_fixed_unique_uuid() -> None:
    data = read_seed(paths.seed_file())
    ids: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if "id" in node:
                ids.append(node["id"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(data)
    assert len(ids) == len(set(ids)) > 130
    assert all(str(uuid.UUID(value)) == value for value in ids)


def test_two_terminals_initialised_apart_hold_identical_records(tmp_path: Path) -> None:
    def records(path: Path) -> dict[str, str]:
        database = open_database(path)
        result: dict[str, str] = {}
        with database.session("x") as session:
            for model in RECORD_MODELS:
                for record in session.scalars(select(model)):
                    result[record.id] = record.revision
        database.close()
        return result

    first, second = records(tmp_path / "terminal-a.sqlite"), records(tmp_path / "terminal-b.sqlite")
    assert first == second
    assert len(first) > 200
