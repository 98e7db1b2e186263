"""The main window shows the default data on every tab, read-only for now."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.domain.roadmap import CellKind
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import GLOSSARY, ORGANISATION, ROADMAP, TAB_TITLES, MainWindow
from shiraoka_dx_desktop.ui.models import BAR_ROLE, BodyListModel, GlossaryModel, InitiativeTableModel, RoadmapModel
from shiraoka_dx_desktop.ui.roadmap_delegate import PHASE_FILL


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, database: Database, settings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(Document(database, "tester"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def type_japanese(widget: QWidget, text: str) -> None:
    """Type as a Japanese input method does: the converted text is committed in one event."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _roadmap_row(model: RoadmapModel, name: str) -> int:
    matches = [row for row in range(model.rowCount()) if model.index(row, 0).data() == name]
    assert len(matches) == 1, name
    return matches[0]


def test_tabs_are_in_the_documented_order(window: MainWindow) -> None:
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == list(TAB_TITLES)
    assert "白岡市DX推進全体方針" in window.windowTitle() and "第3版" in window.windowTitle()


def test_every_model_passes_the_model_tester(qtmodeltester, database: Database) -> None:  # type: ignore[no-untyped-def]
    document = Document(database, "tester")
    for model in (
        InitiativeTableModel(document),
        RoadmapModel(document),
        GlossaryModel(document),
        BodyListModel(document),
    ):
        qtmodeltester.check(model)


def test_initiative_tab_lists_all_28_with_their_area(window: MainWindow) -> None:
    table = window.initiative_table
    model = table.model()
    assert model.rowCount() == 28
    names = {model.index(row, InitiativeTableModel.NAME).data() for row in range(28)}
    assert "転出転入手続きのワンストップ化" in names
    row = next(r for r in range(28) if model.index(r, InitiativeTableModel.NAME).data() == "LGWAN無線化")
    assert model.index(row, InitiativeTableModel.AREA).data() == "(7) その他"
    assert model.index(row, InitiativeTableModel.UPDATED_BY).data() == "初期データ"
    assert model.index(row, InitiativeTableModel.UPDATED_AT).data().startswith("令和")


def test_typing_in_the_search_box_filters_initiatives(window: MainWindow) -> None:
    window.initiative_search.setFocus()
    type_japanese(window.initiative_search, "マイナンバーカード")
    assert window.initiative_search.text() == "マイナンバーカード"
    model = window.initiative_table.model()
    names = sorted(model.index(row, InitiativeTableModel.NAME).data() for row in range(model.rowCount()))
    assert "マイナンバーカード交付申請管理システム" in names
    assert "LGWAN無線化" not in names


def test_initiatives_start_in_policy_order_and_sort_by_a_clicked_heading(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    table = window.initiative_table
    model = table.model()

    def column(number: int) -> list[str]:
        return [model.index(row, number).data() for row in range(model.rowCount())]

    names = column(InitiativeTableModel.NAME)
    assert names[0] == "転出転入手続きのワンストップ化" and names[-1] == "チャットツール（LoGoチャット）の有効活用"
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(InitiativeTableModel.NAME) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert column(InitiativeTableModel.NAME) == sorted(names)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert column(InitiativeTableModel.NAME) == sorted(names, reverse=True)
    x = header.sectionViewportPosition(InitiativeTableModel.AREA) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert column(InitiativeTableModel.NAME) == names  # by area, then the policy's order within it


def test_roadmap_shows_areas_as_headings_and_years_as_columns(window: MainWindow) -> None:
    model = window.roadmap_model
    assert model.headerData(1, Qt.Orientation.Horizontal) == "令和5年度\n2023"
    assert model.headerData(5, Qt.Orientation.Horizontal) == "令和9年度\n2027"
    assert model.rowCount() == 7 + 28
    assert model.index(0, 0).data() == "(1) 自治体の行政手続のオンライン化"
    assert window.roadmap_view.columnSpan(0, 0) == model.columnCount()


def test_roadmap_cells_form_bars_like_the_printed_policy(window: MainWindow) -> None:
    model = window.roadmap_model
    row = _roadmap_row(model, "コンビニ交付")
    labels = [model.index(row, column).data() for column in range(1, 6)]
    assert labels == ["継続実施", "継続実施", "継続実施", "拡大の検討", "拡大の検討"]
    first_bar = model.index(row, 1).data(BAR_ROLE).bar
    assert (first_bar.first_year, first_bar.last_year) == (2023, 2025)
    second_bar = model.index(row, 5).data(BAR_ROLE).bar
    assert (second_bar.first_year, second_bar.last_year, second_bar.value.label) == (2026, 2027, "拡大の検討")

    shaded_row = _roadmap_row(model, "推進体制の立ち上げ")
    part = model.index(shaded_row, 1).data(BAR_ROLE)
    assert part.bar.value.kind == CellKind.SHADED and part.cell.inferred
    assert "推定" in model.index(shaded_row, 1).data(Qt.ItemDataRole.ToolTipRole)


def test_roadmap_bars_are_painted(window: MainWindow) -> None:
    window.tabs.setCurrentIndex(ROADMAP)
    view = window.roadmap_view
    model = window.roadmap_model
    row = _roadmap_row(model, "チャットツール（LoGoチャット）の有効活用")
    view.scrollTo(model.index(row, 2))
    image = view.viewport().grab().toImage()
    x = view.columnViewportPosition(2) + 8
    y = view.rowViewportPosition(row) + view.rowHeight(row) // 2
    assert QColor(image.pixel(QPoint(x, y))) == PHASE_FILL
    empty_row = _roadmap_row(model, "条例改正")  # nothing in 令和5年度
    view.scrollTo(model.index(empty_row, 1))
    image = view.viewport().grab().toImage()
    y_empty = view.rowViewportPosition(empty_row) + view.rowHeight(empty_row) // 2
    assert 0 < y_empty < view.viewport().height()  # on screen: the check below is made, not skipped
    assert QColor(image.pixel(QPoint(view.columnViewportPosition(1) + 8, y_empty))) != PHASE_FILL


def test_organisation_tab_shows_roles_and_members(window: MainWindow) -> None:
    window.tabs.setCurrentIndex(ORGANISATION)
    page = window.organisation_page
    model = window.body_model
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names[0] == "DX推進本部"
    assert "電子申請推進チーム（想定）" in names
    window.body_list.setCurrentIndex(model.index(0, 0))
    assert page.name.text() == "DX推進本部" and page.status.currentText() == "設置済"
    roles = page.roles_model
    assert [(roles.index(r, 0).data(), roles.index(r, 1).data()) for r in range(roles.rowCount())][:2] == [
        ("本部長", "副市長"),
        ("副本部長", "経営企画部長"),
    ]
    assert page.duties_model.index(0, 0).data() == "DX推進に係る横断的な連絡調整"
    committee = next(row for row, name in enumerate(names) if "管理運営委員会" in name)
    window.body_list.setCurrentIndex(model.index(committee, 0))
    assert roles.rowCount() == 14 and roles.index(13, 1).data() == "教育部教育指導課長"
    team = names.index("電子申請推進チーム（想定）")
    window.body_list.setCurrentIndex(model.index(team, 0))
    members = page.members_model
    checked = [
        members.index(r, 0).data()
        for r in range(members.rowCount())
        if members.index(r, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    ]
    assert len(checked) == 19 and "生涯学習課" in checked and "DX推進課" not in checked


def test_glossary_search(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentIndex(GLOSSARY)
    assert window.glossary_table.model().rowCount() == 30
    qtbot.keyClicks(window.glossary_search, "LGWAN")
    model = window.glossary_table.model()
    terms = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert "LGWAN" in terms and "AI" not in terms


def test_glossary_is_in_gojuon_order_and_unread_terms_follow(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.tabs.setCurrentIndex(GLOSSARY)
    model = window.glossary_table.model()

    def terms() -> list[str]:
        return [model.index(row, GlossaryModel.TERM).data() for row in range(model.rowCount())]

    # あーるえふあい reads ああるえふあい: RFI, RFP and RPA come before ICT (あいしーてぃー).
    assert terms()[:4] == ["RFI", "RFP", "RPA", "ICT"]
    assert terms().index("AI") < terms().index("AI-OCR") < terms().index("オンライン化")
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("ノーコード", True))
    window.add_term()
    assert terms()[-1] == "ノーコード"
    row = terms().index("ノーコード")
    assert model.setData(model.index(row, GlossaryModel.READING), "のーこーど")
    assert terms().index("ネットワークの三層の対策") < terms().index("ノーコード") < terms().index("ベンダー")


def test_policy_tab_reads_in_wareki(window: MainWindow) -> None:
    text = window.policy_browser.toPlainText()
    assert "一人ひとりのニーズに合ったサービスが選択できる、人に優しいデジタル化" in text
    assert "令和4年11月 策定 第1版" in text and "令和5年11月 改訂 第3版" in text
    assert "計画期間: 令和5年度〜令和9年度" in text
    assert "(7) その他" in text


def test_about_names_version_and_database(window: MainWindow, db_path: Path) -> None:
    assert str(db_path) in window.about_text()


def test_a_database_that_cannot_be_opened_is_explained_in_a_dialog(qapp, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from shiraoka_dx_desktop.ui import app as app_module

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    path = tmp_path / "資料.sqlite"
    path.write_text("これはデータベースではありません", encoding="utf-8")
    assert app_module.run_application(path, create_folder=False, user="tester") == 2
    assert shown and shown[0][0] == "データベースを開けません"
    assert "SQLite形式" in shown[0][1] and str(path) in shown[0][1]
    assert path.read_text(encoding="utf-8") == "これはデータベースではありません"


def test_qt_standard_buttons_speak_japanese(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from shiraoka_dx_desktop.ui.qt_translation import install_japanese_translation

    app = QApplication.instance()
    assert isinstance(app, QApplication) and install_japanese_translation(app)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert {button.text() for button in buttons.buttons()} == {"はい(&Y)", "キャンセル"}


def test_the_history_of_changes_opens_from_the_menu_lists_the_edits_and_comes_back_at_the_next_start(
    qtbot: QtBot, window: MainWindow, database: Database, settings: QSettings
) -> None:
    from PySide6.QtWidgets import QUndoView

    window.initiative_model.setData(window.initiative_model.index(0, InitiativeTableModel.NAME), "履歴の確認")
    window.history_action.trigger()
    dock = window.history_dock
    assert dock.isVisible() and window.history_action.isChecked()
    view = dock.widget()
    assert isinstance(view, QUndoView)
    texts = [view.model().index(row, 0).data() for row in range(view.model().rowCount())]
    assert texts == ["（開いた時点）", "取組項目名の変更"]
    window.close()

    again = MainWindow(Document(database, "tester"), settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.history_action.isChecked() and again.history_dock.isVisible()
    again.history_dock.close()  # its own close button
    assert not again.history_action.isChecked()
