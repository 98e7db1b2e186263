"""The policy as a rich-text page (vision, viewpoints, areas and editions), and a saved edition's organisation."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import quote

from PySide6.QtWidgets import QTextBrowser, QWidget

from ..domain.era import format_fiscal_year, format_year_month
from ..services.comparison.texts import body_kind_text
from ..services.snapshot import PolicySnapshot
from .document import Document

__all__ = ["EDITION_LINK", "PolicyPage", "organisation_html", "policy_html"]

# A link in the 方針 tab's list of editions opens that edition: edition:第3版.
EDITION_LINK = "edition"


class PolicyPage(QTextBrowser):
    """The 方針 tab: read-only, rewritten whenever the data is reloaded; a saved edition's 「表示」 opens it."""

    def __init__(
        self, document: Document, show_edition: Callable[[str], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._data = document  # not "document": QTextBrowser.document() is its text
        self.setOpenLinks(False)
        self.anchorClicked.connect(lambda url: url.scheme() == EDITION_LINK and show_edition(url.path()))
        self.refresh()
        document.reloaded.connect(self.refresh)

    def refresh(self) -> None:
        self.setHtml(policy_html(self._data.snapshot, links=True))


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in text.split("\n\n") if paragraph.strip())


def _draft_note(snapshot: PolicySnapshot) -> str:
    """In the main window: what is edited is the draft of the edition after the newest saved one."""
    saved = [edition for edition in snapshot.editions if edition.label in snapshot.saved_editions]
    if not saved:
        return ""
    newest = saved[-1]
    return (
        f"<p><small>ここで編集する内容は、{escape(newest.label)}の次の版の作業中の内容です。"
        "保存された版は、下の附則の［表示］で作成したときのまま見られます。</small></p>"
    )


def policy_html(snapshot: PolicySnapshot, *, links: bool = False) -> str:
    """The policy's vision, viewpoints, areas and editions; with ``links``, the saved ones with one that shows them."""
    period = f"{format_fiscal_year(snapshot.first_year)}〜{format_fiscal_year(snapshot.last_year)}"
    parts = [
        f"<h1>{escape(snapshot.title)}</h1>",
        f"<p>{escape(snapshot.edition_label)}　計画期間: {period}</p>",
        _draft_note(snapshot) if links else "",
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
        link = (
            f' <a href="{EDITION_LINK}:{quote(edition.label)}">［表示］</a>'
            if links and edition.label in snapshot.saved_editions
            else ""
        )
        parts.append(f"<li>{escape(issued)} {escape(edition.action)} {escape(edition.label)}{link}</li>")
    parts.append("</ul>")
    return "".join(parts)


def organisation_html(snapshot: PolicySnapshot) -> str:
    """The 推進体制 as rich text: each body with its kind and status, description, roles, duties and members."""
    parts = ["<h1>推進体制</h1>"]
    for body in snapshot.bodies:
        parts.append(f"<h2>{escape(body.name)}　<small>{escape(body_kind_text(body))}</small></h2>")
        parts.append(_paragraphs(body.description))
        if body.roles:
            parts.append(
                '<table border="1" cellspacing="0" cellpadding="4"><tr><th>役職</th><th>充てる職</th>'
                "<th>課</th><th>備考</th></tr>"
            )
            parts.extend(
                f"<tr><td>{escape(role.title)}</td><td>{escape(role.post)}</td>"
                f"<td>{escape(role.section)}</td><td>{escape(role.note)}</td></tr>"
                for role in body.roles
            )
            parts.append("</table><p></p>")
        if body.duties:
            parts.append("<h3>所掌事務</h3><ol>")
            parts.extend(f"<li>{escape(duty)}</li>" for duty in body.duties)
            parts.append("</ol>")
        if body.members:
            parts.append(f"<h3>構成課</h3><p>{escape('、'.join(body.members))}</p>")
    return "".join(parts)
