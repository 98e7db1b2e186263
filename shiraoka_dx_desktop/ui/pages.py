"""The policy as a rich-text page: vision, viewpoints, areas and editions."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from ..domain.era import format_fiscal_year, format_year_month
from ..services.snapshot import PolicySnapshot
from .document import Document

__all__ = ["PolicyPage", "policy_html"]


class PolicyPage(QTextBrowser):
    """The 方針 tab: read-only, rewritten whenever the data is reloaded."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data = document  # not "document": QTextBrowser.document() is its text
        self.refresh()
        document.reloaded.connect(self.refresh)

    def refresh(self) -> None:
        self.setHtml(policy_html(self._data.snapshot))


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in text.split("\n\n") if paragraph.strip())


def policy_html(snapshot: PolicySnapshot) -> str:
    """The policy's vision, viewpoints, areas and editions."""
    period = f"{format_fiscal_year(snapshot.first_year)}〜{format_fiscal_year(snapshot.last_year)}"
    parts = [
        f"<h1>{escape(snapshot.title)}</h1>",
        f"<p>{escape(snapshot.edition_label)}　計画期間: {period}</p>",
        "<h2>ビジョン</h2>",
        f"<p><b>「{escape(snapshot.vision)}」</b></p>",
        _paragraphs(snapshot.vision_text),
        "<h2>視点</h2><ul>",
        *(f"<li>{escape(name)}</li>" for name in snapshot.viewpoints),
        "</ul><h2>取組</h2>",
    ]
    for area in snapshot.areas:
        count = len(snapshot.initiatives_of(area.id))
        parts.append(f"<h3>({area.number}) {escape(area.title)}　<small>取組項目 {count} 件</small></h3>")
        parts.append(_paragraphs(area.description))
    parts.append("<h2>附則（版の履歴）</h2><ul>")
    for edition in snapshot.editions:
        issued = format_year_month(edition.issued_year, edition.issued_month)
        parts.append(f"<li>{escape(issued)} {escape(edition.action)} {escape(edition.label)}</li>")
    parts.append("</ul>")
    return "".join(parts)
