"""The menu bar, declared as a table of actions, and what builds it for the main window.

Each item says which menu it is in, its text with the mnemonic, the command it runs, its
shortcuts, the tip the status bar shows, the tabs where it can be chosen and, for the
actions that commands and tests reach for, the window's attribute that holds it.  Menus
come in the order of their first item, a submenu where its first item is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from .settings import DEFAULT_FONT_SIZE
from .window_tabs import GLOSSARY, INITIATIVES, PROGRESS, ROADMAP, TAB_TITLES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar

    from .main_window import MainWindow

__all__ = ["MENU_ITEMS", "MenuItem", "Separator", "build_menus"]

Command = Callable[["MainWindow"], object]
Shortcut = str | QKeySequence.StandardKey


class MenuItem(NamedTuple):
    """One item of the menu bar."""

    menu: tuple[str, ...]  # the menu's title (and a submenu's, under it)
    text: str  # with its mnemonic
    command: Command | None = None  # what choosing it runs (None: the action ``make`` returns acts itself)
    shortcuts: tuple[Shortcut, ...] = ()
    tip: str = ""  # in the status bar, and as the tool tip
    tabs: tuple[int, ...] | None = None  # where it can be chosen (None: on every tab)
    name: str = ""  # the window's attribute holding the action
    make: Callable[[MainWindow, str], QAction] | None = None  # makes an action that is not a plain command


class Separator(NamedTuple):
    """A line between groups of items."""

    menu: tuple[str, ...]


def _undo(window: MainWindow, text: str) -> QAction:
    return window.document.undo_stack.createUndoAction(window, text)


def _redo(window: MainWindow, text: str) -> QAction:
    return window.document.undo_stack.createRedoAction(window, text)


def _history(window: MainWindow, text: str) -> QAction:
    # The history of changes is built when first shown (most sessions never open it).
    action = QAction(text, window)
    action.setCheckable(True)
    action.toggled.connect(window.show_history)
    return action


def _show_tab(number: int) -> Command:
    return lambda window: window.tabs.setCurrentIndex(number)


_FILE = ("ファイル(&F)",)
_EXPORT = (*_FILE, "書出し(&E)")
_EDIT = ("編集(&E)",)
_POLICY = ("方針(&P)",)
_VIEW = ("表示(&V)",)
_HELP = ("ヘルプ(&H)",)
_INITIATIVE_TABS = (INITIATIVES, ROADMAP)  # the roadmap lists the initiatives too
_KEY = QKeySequence.StandardKey

MENU_ITEMS: tuple[MenuItem | Separator, ...] = (
    MenuItem(
        _FILE,
        "取込(&I)…",
        lambda window: window.import_workbook(),
        ("Ctrl+I",),
        "各課から戻ったExcelブックを取り込みます（ウィンドウへのドロップでも取り込めます）",
        name="import_action",
    ),
    MenuItem(_FILE, "取込の履歴(&H)…", lambda window: window.show_import_log(), tip="これまでの取込と、その結果"),
    Separator(_FILE),
    MenuItem(
        _EXPORT,
        "Excel ブック(&X)…",
        lambda window: window.export_workbook(),
        ("Ctrl+E",),
        "会議資料であり、各課とやり取りするファイルでもある Excel ブックを書き出します",
        name="export_xlsx_action",
    ),
    MenuItem(
        _FILE,
        "各課への照会(&Q)…",
        lambda window: window.export_survey(),
        tip="事業主管課ごとに、その課の取組項目だけの照会用 Excel ブックを書き出します（進捗の記入をお願いするとき）",
        name="survey_action",
    ),
    MenuItem(
        _FILE,
        "公開用に書き出し(&W)…",
        lambda window: window.export_public_site(),
        tip="市のウェブサイトに載せる公開用のページ（ビジョン・取組・工程表・推進体制・用語集）をフォルダに書き出します",
        name="public_site_action",
    ),
    MenuItem(
        _EXPORT,
        "工程表の CSV(&C)…",
        lambda window: window.export_csv(),
        tip="工程表を CSV（UTF-8、BOM 付き）で書き出します",
    ),
    MenuItem(
        _FILE,
        "印刷（PDF）(&P)…",
        lambda window: window.print_pdf(),
        (_KEY.Print,),
        "工程表・取組項目一覧・推進体制図を、印刷プレビューで確かめてから PDF に保存します",
        name="print_action",
    ),
    MenuItem(
        _FILE,
        "バックアップを作成(&B)",
        lambda window: window.make_backup_now(),
        tip="今のデータの写しを、データベースの隣の backups フォルダに作ります",
    ),
    MenuItem(
        _FILE,
        "バックアップから復元(&R)…",
        lambda window: window.restore_backup(),
        tip="毎日・取込の前などに自動で作るバックアップから、データを復元します",
    ),
    Separator(_FILE),
    MenuItem(_FILE, "利用者名の設定(&U)…", lambda window: window.ask_user_name(), tip="変更の記録に残す利用者名"),
    Separator(_FILE),
    MenuItem(_FILE, "終了(&X)", lambda window: window.close(), (_KEY.Quit,)),
    MenuItem(_EDIT, "元に戻す(&U)", shortcuts=(_KEY.Undo,), name="undo_action", make=_undo),
    MenuItem(_EDIT, "やり直し(&R)", shortcuts=("Ctrl+Y", "Ctrl+Shift+Z"), name="redo_action", make=_redo),
    MenuItem(_EDIT, "変更の履歴(&H)", name="history_action", make=_history),
    Separator(_EDIT),
    MenuItem(_EDIT, "検索(&F)", lambda window: window.focus_search(), (_KEY.Find,)),
    Separator(_EDIT),
    MenuItem(
        _EDIT,
        "取組項目を追加(&A)…",
        lambda window: window.add_initiative(),
        ("Ctrl+N",),
        tabs=_INITIATIVE_TABS,
        name="add_initiative_action",
    ),
    MenuItem(
        _EDIT,
        "取組項目を削除(&D)…",
        lambda window: window.delete_initiative(),
        ("Ctrl+Shift+Delete",),
        tabs=_INITIATIVE_TABS,
        name="delete_initiative_action",
    ),
    MenuItem(
        _EDIT,
        "取組項目を上へ",
        lambda window: window.move_initiative(-1),
        ("Ctrl+Shift+Up",),
        tabs=_INITIATIVE_TABS,
        name="move_up_action",
    ),
    MenuItem(
        _EDIT,
        "取組項目を下へ",
        lambda window: window.move_initiative(1),
        ("Ctrl+Shift+Down",),
        tabs=_INITIATIVE_TABS,
        name="move_down_action",
    ),
    Separator(_EDIT),
    MenuItem(
        _EDIT,
        "選択範囲を埋める(&L)…",
        lambda window: window.fill_selection(),
        ("Ctrl+L",),
        tabs=(ROADMAP,),
        name="fill_action",
    ),
    MenuItem(
        _EDIT, "選択範囲をクリア", lambda window: window.roadmap_view.fill(None), tabs=(ROADMAP,), name="clear_action"
    ),
    MenuItem(_EDIT, "計画期間(&P)…", lambda window: window.change_plan_period(), name="period_action"),
    Separator(_EDIT),
    MenuItem(
        _EDIT,
        "指標を追加(&I)…",
        lambda window: window.add_indicator(),
        tip="進捗タブで選んだ取組項目に指標（KPI）を追加します",
        tabs=(PROGRESS,),
        name="add_indicator_action",
    ),
    MenuItem(
        _EDIT,
        "指標を削除…",
        lambda window: window.progress_page.indicators.delete_indicator(),
        tabs=(PROGRESS,),
        name="delete_indicator_action",
    ),
    Separator(_EDIT),
    MenuItem(_EDIT, "用語を追加…", lambda window: window.add_term(), tabs=(GLOSSARY,), name="add_term_action"),
    MenuItem(
        _EDIT,
        "用語を削除…",
        lambda window: window.glossary_page.delete_term(),
        tabs=(GLOSSARY,),
        name="delete_term_action",
    ),
    Separator(_EDIT),
    MenuItem(_EDIT, "部・課の一覧(&S)…", lambda window: window.organisation_page.edit_sections()),
    MenuItem(
        _EDIT,
        "評価の区分(&G)…",
        lambda window: window.edit_grade_scale(),
        tip="各課が進捗の評価に使う区分（A〜D など）の記号・内容・説明と順序を編集します",
    ),
    MenuItem(
        _POLICY,
        "新しい版を作成(&N)…",
        lambda window: window.create_edition(),
        tip="今のデータ全体を新しい版（例: 第4版）として保存します。保存した版は後から変わりません",
        name="new_edition_action",
    ),
    MenuItem(
        _POLICY,
        "保存された版を表示(&V)…",
        lambda window: window.show_edition(),
        tip="保存された版（例: 第3版）を、作成したときの内容のまま別のウィンドウで表示・印刷します",
        name="show_edition_action",
    ),
    MenuItem(
        _POLICY,
        "新旧対照表(&C)…",
        lambda window: window.compare_editions(),
        tip="二つの版（または作業中の内容）の違いだけを改正前・改正後の二段で確かめ、PDF・Excel に保存します",
        name="comparison_action",
    ),
    *(MenuItem(_VIEW, title, _show_tab(number), (f"Alt+{number + 1}",)) for number, title in enumerate(TAB_TITLES)),
    Separator(_VIEW),
    MenuItem(_VIEW, "文字を大きく", lambda window: window.step_font(1), (_KEY.ZoomIn, "Ctrl+=")),
    MenuItem(_VIEW, "文字を小さく", lambda window: window.step_font(-1), (_KEY.ZoomOut,)),
    MenuItem(_VIEW, "文字の大きさを戻す", lambda window: window.set_font_size(DEFAULT_FONT_SIZE), ("Ctrl+0",)),
    MenuItem(
        _HELP,
        "使い方(&G)…",
        lambda window: window.show_guide(),
        (_KEY.HelpContents,),
        "各課とのやり取り、キー操作、データの場所",
    ),
    Separator(_HELP),
    MenuItem(_HELP, "バージョン情報(&A)", lambda window: window.show_about()),
)


def build_menus(
    window: MainWindow, items: tuple[MenuItem | Separator, ...] = MENU_ITEMS
) -> dict[QAction, tuple[int, ...]]:
    """Fill the window's menu bar from ``items``; the actions that can be chosen on some tabs only, with those tabs."""
    menus: dict[tuple[str, ...], QMenu] = {}
    tab_actions: dict[QAction, tuple[int, ...]] = {}
    for item in items:
        menu = _menu(window.menuBar(), menus, item.menu)
        if isinstance(item, Separator):
            menu.addSeparator()
            continue
        action = _action(window, item)
        menu.addAction(action)
        if item.name:
            setattr(window, item.name, action)
        if item.tabs is not None:
            tab_actions[action] = item.tabs
    # Each menu gets its widening style as it first opens (loading QProxyStyle and QStyle's
    # enums takes 15 ms, which the first paint need not wait for).
    for each in window.menuBar().findChildren(QMenu):
        each.aboutToShow.connect(partial(_widen_menu, each, window))
    return tab_actions


def _menu(bar: QMenuBar, menus: dict[tuple[str, ...], QMenu], path: tuple[str, ...]) -> QMenu:
    found = menus.get(path)
    if found is None:
        parent = bar if len(path) == 1 else _menu(bar, menus, path[:-1])
        found = menus[path] = parent.addMenu(path[-1])
    return found


def _action(window: MainWindow, item: MenuItem) -> QAction:
    action = item.make(window, item.text) if item.make is not None else QAction(item.text, window)
    if len(item.shortcuts) == 1:
        action.setShortcut(QKeySequence(item.shortcuts[0]))  # a standard key this platform lacks: none
    elif item.shortcuts:
        action.setShortcuts([QKeySequence(key) for key in item.shortcuts])
    if item.tip:
        action.setStatusTip(item.tip)
        action.setToolTip(item.tip)
    command = item.command
    if command is not None:
        action.triggered.connect(lambda checked=False: command(window))
    return action


def _widen_menu(menu: QMenu, window: MainWindow) -> None:
    from .menu_style import widen_menu

    widen_menu(menu, window)
