"""ヘルプ → 使い方: a short guide inside the application, for a newcomer without the README at hand."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from .screen_fit import fit_dialog
from .window_tabs import TAB_TITLES

__all__ = ["GuideDialog", "guide_html"]

_SHORTCUTS = (
    ("Ctrl+Z / Ctrl+Y", "元に戻す / やり直し（すべてのタブで共通の履歴）"),
    ("Ctrl+F", "取組項目・進捗・用語集の検索"),
    ("Ctrl+N", "取組項目を追加"),
    ("Ctrl+Shift+Delete", "取組項目を削除（確認あり）"),
    ("Ctrl+Shift+↑ / ↓", "取組項目の並べ替え"),
    ("F2・ダブルクリック・文字入力", "セルの編集"),
    ("Delete", "工程表のセルを消去"),
    ("Ctrl+L", "工程表の選択範囲を同じ工程で埋める"),
    ("Ctrl+C / Ctrl+V", "工程表を Excel とタブ区切りでコピー・貼り付け"),
    ("Alt+Enter", "進捗の表の実績・課題・次年度の取組で改行（Enter で確定）"),
    ("Ctrl+E", "Excel ブックの書出し"),
    ("Ctrl+I", "ブックの取込（ウィンドウへのドロップでも可）"),
    ("Ctrl+P", "印刷（PDF）"),
    (f"Alt+1 〜 Alt+{len(TAB_TITLES)}", "タブの切り替え"),
    ("Ctrl+＋ / Ctrl+− / Ctrl+0", "文字の大きさ"),
    ("F1", "この使い方"),
)


def guide_html(database: Path) -> str:
    """The guide's text, naming this terminal's own folders."""
    folder = database.parent
    rows = "".join(f"<tr><td><b>{escape(key)}</b></td><td>{escape(what)}</td></tr>" for key, what in _SHORTCUTS)
    return f"""
<h2>白岡市DX推進 デスクトップ版の使い方</h2>
<p>取組項目・工程表・進捗・推進体制・用語集を、この端末の中のデータベースで管理します。
<b>保存ボタンはありません。</b>入力した内容はその場で保存され、ウィンドウを閉じても失われません。
間違えたときは［編集］→［元に戻す］（Ctrl+Z）で一手ずつ戻せます。</p>

<h3>各課とのやり取り</h3>
<ol>
<li><b>事務局</b>が［ファイル］→［書出し］→［Excel ブック］（Ctrl+E）でブックを書き出し、各課の DX推進委員に送ります。</li>
<li><b>各課</b>は Excel で「工程表」「取組項目」「推進体制」「用語集」のシートを直接直して保存し、送り返します。
行を足せば追加、行を消せば削除になります。右端の「ID」列は変えないでください。</li>
<li><b>事務局</b>は［ファイル］→［取込］（Ctrl+I）で戻ったブックを取り込みます（ウィンドウへのドロップでも可）。
取り込む前に、追加・変更・削除・競合（両方で違う値に直した項目）を一覧で確かめ、項目ごとに取り込むかどうか、
競合は「こちらを維持」「相手を採用」「値を入力」で決めます。取込は「元に戻す」一回で取り消せます。</li>
</ol>
<p>同じブックをもう一度取り込んでも何も変わりません。古いブックが新しい内容を巻き戻すこともありません。</p>

<h3>進捗（評価）の入力</h3>
<p>［進捗］タブで年度を選び、取組項目ごとに評価（A〜D）・実績・課題・次年度の取組を入力します。
表のセルに直接入力するか、表の下の欄に書きます（自動で保存）。「目安」は指標の実績から計算した参考で、評価は変わりません。
指標は表の下で追加し、年度ごとの実績を入力します。右側の集計で、未記入の課や目標より遅れている指標を確かめられます。</p>

<h3>主なキー操作</h3>
<table cellpadding="3">{rows}</table>

<h3>データとバックアップの場所</h3>
<ul>
<li>データベース: {escape(str(database))}</li>
<li>バックアップ: {escape(str(folder / "backups"))}（毎日の最初の起動時と取込の前に自動で作ります。
［ファイル］→［バックアップを作成］でいつでも作れます）</li>
<li>ログ: {escape(str(folder / "logs"))}</li>
</ul>
<p>バックアップから戻すときは［ファイル］→［バックアップから復元］を使います。置き換える前のデータも残します。</p>
<p>困ったときは事務局（DX推進課）に連絡してください。</p>
"""


class GuideDialog(QDialog):
    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使い方")
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(guide_html(database))
        buttons = QDialogButtonBox()
        buttons.addButton("閉じる", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        fit_dialog(self, 760, 680)
