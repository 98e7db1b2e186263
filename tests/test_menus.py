"""Menus for a newcomer: a guide inside the application, a backup on demand, commands only where they apply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.guide_dialog import GuideDialog
from shiraoka_dx_desktop.ui.main_window import (
    GLOSSARY,
    INITIATIVES,
    ORGANISATION,
    POLICY,
    PROGRESS,
    ROADMAP,
    MainWindow,
)
from shiraoka_dx_desktop.ui.menus import MENU_ITEMS, MenuItem


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    window = MainWindow(Document(database, "tester"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def _menu_texts(window: MainWindow, title: str) -> list[str]:
    menu: Any = next(a.menu() for a in window.menuBar().actions() if a.text().startswith(title))
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_help_has_a_guide_naming_this_terminal_s_folders(
    qtbot: QtBot, window: MainWindow, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _menu_texts(window, "ヘルプ")[0] == "使い方(&G)…"
    shown: list[str] = []
    monkeypatch.setattr(GuideDialog, "exec", lambda dialog: shown.append(dialog.browser.toPlainText()) or 0)
    window.show_guide()
    (text,) = shown
    for words in ("各課とのやり取り", "Ctrl+Z", "Ctrl+E", str(db_path), str(db_path.parent / "backups")):
        assert words in text, words


def test_the_file_menu_makes_a_backup(window: MainWindow) -> None:
    assert "バックアップを作成(&B)" in _menu_texts(window, "ファイル")


def test_commands_are_enabled_only_on_the_tab_they_act_on(window: MainWindow) -> None:
    window.tabs.setCurrentIndex(ROADMAP)
    assert not window.add_term_action.isEnabled() and window.fill_action.isEnabled()
    assert window.add_initiative_action.isEnabled()
    window.tabs.setCurrentIndex(GLOSSARY)
    assert window.add_term_action.isEnabled() and not window.fill_action.isEnabled()
    assert not window.add_initiative_action.isEnabled()
    window.tabs.setCurrentIndex(INITIATIVES)
    assert window.add_initiative_action.isEnabled() and not window.clear_action.isEnabled()


def test_menu_items_leave_room_for_their_drawn_text(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QFontMetrics

    from shiraoka_dx_desktop.ui.menu_style import MenuTextStyle

    menus = [menu for menu in window.menuBar().findChildren(QMenu) if menu.title()]  # not the bar's overflow list
    assert len(menus) == 6  # ファイル, 書出し, 編集, 方針, 表示, ヘルプ
    for menu in menus:
        # The style is set as the menu first opens: the menu as opened has it.
        menu.popup(window.mapToGlobal(QPoint(0, 0)))
        qtbot.waitUntil(menu.isVisible)
        assert isinstance(menu.style(), MenuTextStyle), menu.title()
        metrics = QFontMetrics(menu.font())
        labels = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
        shortcuts = [metrics.horizontalAdvance(a.shortcut().toString()) for a in menu.actions()]
        needed = max(metrics.horizontalAdvance(label) for label in labels) + max(shortcuts)
        assert menu.width() >= needed + metrics.horizontalAdvance("漢"), menu.title()
        menu.hide()


# -- the table of actions -----------------------------------------------------------------------

SEPARATOR: tuple[str, list[str]] = ("---", [])


def _standard(key: QKeySequence.StandardKey) -> list[str]:
    """A standard key as the menus show it on this platform (its first binding, none if it has none)."""
    shown = QKeySequence(key).toString()
    return [shown] if shown else []


def _expected_menus() -> dict[str, list[tuple[str, list[str]]]]:
    """Every menu item's text and shortcuts, as the menus had them before they were a table."""
    key = QKeySequence.StandardKey
    return {
        "ファイル(&F)": [
            ("取込(&I)…", ["Ctrl+I"]),
            ("取込の履歴(&H)…", []),
            SEPARATOR,
            ("書出し(&E)", []),
            ("各課への照会(&Q)…", []),
            ("公開用に書き出し(&W)…", []),
            ("印刷（PDF）(&P)…", _standard(key.Print)),
            ("バックアップを作成(&B)", []),
            ("バックアップから復元(&R)…", []),
            SEPARATOR,
            ("利用者名の設定(&U)…", []),
            SEPARATOR,
            ("終了(&X)", _standard(key.Quit)),
        ],
        "書出し(&E)": [("Excel ブック(&X)…", ["Ctrl+E"]), ("工程表の CSV(&C)…", [])],
        "編集(&E)": [
            ("元に戻す(&U)", _standard(key.Undo)),
            ("やり直し(&R)", ["Ctrl+Y", "Ctrl+Shift+Z"]),
            ("変更の履歴(&H)", []),
            SEPARATOR,
            ("検索(&F)", _standard(key.Find)),
            SEPARATOR,
            ("取組項目を追加(&A)…", ["Ctrl+N"]),
            ("取組項目を削除(&D)…", ["Ctrl+Shift+Del"]),
            ("取組項目を上へ", ["Ctrl+Shift+Up"]),
            ("取組項目を下へ", ["Ctrl+Shift+Down"]),
            SEPARATOR,
            ("選択範囲を埋める(&L)…", ["Ctrl+L"]),
            ("選択範囲をクリア", []),
            ("計画期間(&P)…", []),
            SEPARATOR,
            ("指標を追加(&I)…", []),
            ("指標を削除…", []),
            SEPARATOR,
            ("用語を追加…", []),
            ("用語を削除…", []),
            SEPARATOR,
            ("部・課の一覧(&S)…", []),
            ("評価の区分(&G)…", []),
        ],
        "方針(&P)": [("新しい版を作成(&N)…", []), ("保存された版を表示(&V)…", []), ("新旧対照表(&C)…", [])],
        "表示(&V)": [
            ("取組項目", ["Alt+1"]),
            ("工程表", ["Alt+2"]),
            ("進捗", ["Alt+3"]),
            ("推進体制", ["Alt+4"]),
            ("用語集", ["Alt+5"]),
            ("方針", ["Alt+6"]),
            SEPARATOR,
            ("文字を大きく", [*_standard(key.ZoomIn), "Ctrl+="]),
            ("文字を小さく", _standard(key.ZoomOut)),
            ("文字の大きさを戻す", ["Ctrl+0"]),
        ],
        "ヘルプ(&H)": [("使い方(&G)…", _standard(key.HelpContents)), SEPARATOR, ("バージョン情報(&A)", [])],
    }


def _menus(window: MainWindow) -> dict[str, list[tuple[str, list[str]]]]:
    return {
        menu.title(): [
            SEPARATOR if action.isSeparator() else (action.text(), [s.toString() for s in action.shortcuts()])
            for action in menu.actions()
        ]
        for menu in window.menuBar().findChildren(QMenu)
        if menu.title()
    }


def _action(window: MainWindow, text: str) -> QAction:
    found = [a for menu in window.menuBar().findChildren(QMenu) for a in menu.actions() if a.text() == text]
    assert len(found) == 1, text
    return found[0]


def test_every_menu_item_has_the_text_and_shortcuts_it_had(window: MainWindow) -> None:
    assert [a.text() for a in window.menuBar().actions()] == [
        "ファイル(&F)",
        "編集(&E)",
        "方針(&P)",
        "表示(&V)",
        "ヘルプ(&H)",
    ]
    assert _menus(window) == _expected_menus()


def test_menu_items_explain_themselves_in_the_status_bar(window: MainWindow) -> None:
    tips = {
        "取込(&I)…": "各課から戻ったExcelブックを取り込みます（ウィンドウへのドロップでも取り込めます）",
        "取込の履歴(&H)…": "これまでの取込と、その結果",
        "Excel ブック(&X)…": "会議資料であり、各課とやり取りするファイルでもある Excel ブックを書き出します",
        "工程表の CSV(&C)…": "工程表を CSV（UTF-8、BOM 付き）で書き出します",
        "評価の区分(&G)…": "各課が進捗の評価に使う区分（A〜D など）の記号・内容・説明と順序を編集します",
        "新しい版を作成(&N)…": "今のデータ全体を新しい版（例: 第4版）として保存します。保存した版は後から変わりません",
        "保存された版を表示(&V)…": "保存された版（例: 第3版）を、作成したときの内容のまま別のウィンドウで表示・印刷します",
        "新旧対照表(&C)…": "二つの版（または作業中の内容）の違いだけを改正前・改正後の二段で確かめ、PDF・Excel に保存します",
        "各課への照会(&Q)…": (
            "事業主管課ごとに、その課の取組項目だけの照会用 Excel ブックを書き出します（進捗の記入をお願いするとき）"
        ),
        "公開用に書き出し(&W)…": (
            "市のウェブサイトに載せる公開用のページ（ビジョン・取組・工程表・推進体制・用語集）をフォルダに書き出します"
        ),
        "印刷（PDF）(&P)…": "工程表・取組項目一覧・推進体制図を、印刷プレビューで確かめてから PDF に保存します",
        "バックアップを作成(&B)": "今のデータの写しを、データベースの隣の backups フォルダに作ります",
        "バックアップから復元(&R)…": "毎日・取込の前などに自動で作るバックアップから、データを復元します",
        "利用者名の設定(&U)…": "変更の記録に残す利用者名",
        "指標を追加(&I)…": "進捗タブで選んだ取組項目に指標（KPI）を追加します",
        "使い方(&G)…": "各課とのやり取り、キー操作、データの場所",
    }
    every = [a for menu in window.menuBar().findChildren(QMenu) if menu.title() for a in menu.actions()]
    shown = {a.text(): (a.statusTip(), a.toolTip()) for a in every if a.statusTip()}
    assert shown == {text: (tip, tip) for text, tip in tips.items()}


def test_each_tab_enables_the_commands_that_act_on_it(window: MainWindow) -> None:
    initiatives = ["取組項目を追加(&A)…", "取組項目を削除(&D)…", "取組項目を上へ", "取組項目を下へ"]
    roadmap = ["選択範囲を埋める(&L)…", "選択範囲をクリア"]
    progress = ["指標を追加(&I)…", "指標を削除…"]
    glossary = ["用語を追加…", "用語を削除…"]
    expected_disabled = {
        INITIATIVES: roadmap + progress + glossary,
        ROADMAP: progress + glossary,  # the roadmap lists the initiatives too
        PROGRESS: initiatives + roadmap + glossary,
        ORGANISATION: initiatives + roadmap + progress + glossary,
        GLOSSARY: initiatives + roadmap + progress,
        POLICY: initiatives + roadmap + progress + glossary,
    }
    edit: Any = next(a.menu() for a in window.menuBar().actions() if a.text() == "編集(&E)")
    for tab, disabled in expected_disabled.items():
        window.tabs.setCurrentIndex(tab)
        off = [a.text() for a in edit.actions() if not a.isSeparator() and not a.isEnabled()]
        assert off == ["元に戻す(&U)", "やり直し(&R)", *disabled], tab  # nothing to undo yet


def test_the_actions_commands_reach_for_are_the_menu_items(window: MainWindow) -> None:
    named = [item for item in MENU_ITEMS if isinstance(item, MenuItem) and item.name]
    assert {item.name for item in named} >= {"undo_action", "add_initiative_action", "history_action"}
    for item in named:
        assert getattr(window, item.name) is _action(window, item.text), item.name


def test_each_menu_item_runs_its_command(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = {
        "取込(&I)…": "import_workbook",
        "取込の履歴(&H)…": "show_import_log",
        "Excel ブック(&X)…": "export_workbook",
        "工程表の CSV(&C)…": "export_csv",
        "評価の区分(&G)…": "edit_grade_scale",
        "新しい版を作成(&N)…": "create_edition",
        "保存された版を表示(&V)…": "show_edition",
        "新旧対照表(&C)…": "compare_editions",
        "各課への照会(&Q)…": "export_survey",
        "公開用に書き出し(&W)…": "export_public_site",
        "印刷（PDF）(&P)…": "print_pdf",
        "バックアップを作成(&B)": "make_backup_now",
        "バックアップから復元(&R)…": "restore_backup",
        "利用者名の設定(&U)…": "ask_user_name",
        "終了(&X)": "close",
        "検索(&F)": "focus_search",
        "取組項目を追加(&A)…": "add_initiative",
        "取組項目を削除(&D)…": "delete_initiative",
        "選択範囲を埋める(&L)…": "fill_selection",
        "計画期間(&P)…": "change_plan_period",
        "使い方(&G)…": "show_guide",
        "バージョン情報(&A)": "show_about",
    }
    ran: list[tuple[str, tuple[object, ...]]] = []
    for name in {*commands.values(), "move_initiative", "step_font", "set_font_size", "add_term", "add_indicator"}:
        monkeypatch.setattr(window, name, lambda *args, name=name: ran.append((name, args)))
    window.tabs.setCurrentIndex(ROADMAP)  # 工程表, where every initiative and roadmap command can be chosen
    for text, name in commands.items():
        _action(window, text).trigger()
        assert ran.pop() == (name, ()), text
    for text, call in {
        "取組項目を上へ": ("move_initiative", (-1,)),
        "取組項目を下へ": ("move_initiative", (1,)),
        "文字を大きく": ("step_font", (1,)),
        "文字を小さく": ("step_font", (-1,)),
        "文字の大きさを戻す": ("set_font_size", (11,)),
    }.items():
        _action(window, text).trigger()
        assert ran.pop() == call, text
    window.tabs.setCurrentIndex(GLOSSARY)
    _action(window, "用語を追加…").trigger()
    assert ran.pop() == ("add_term", ())
    window.tabs.setCurrentIndex(PROGRESS)
    _action(window, "指標を追加(&I)…").trigger()
    assert ran.pop() == ("add_indicator", ())
    for number, title in enumerate(("取組項目", "工程表", "進捗", "推進体制", "用語集", "方針")):
        _action(window, title).trigger()
        assert window.tabs.currentIndex() == number, title
