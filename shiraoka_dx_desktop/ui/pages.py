"""Rich-text pages for the read-only views: the policy itself and one body of the organisation."""

from __future__ import annotations

from html import escape

from ..domain.era import format_fiscal_year, format_year_month
from ..domain.organisation import BodyKind
from ..services.snapshot import BodyView, PolicySnapshot

__all__ = ["body_html", "policy_html"]


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


def body_html(body: BodyView) -> str:
    """One body of the organisation: kind, status, duties, roles and member sections."""
    parts = [
        f"<h2>{escape(body.name)}</h2>",
        f"<p>種別: {escape(BodyKind(body.kind).label)}　状態: <b>{escape(body.status)}</b></p>",
        _paragraphs(body.description),
    ]
    if body.roles:
        parts.append("<h3>役職</h3><table border='1' cellspacing='0' cellpadding='4'>")
        parts.append("<tr><th>役職</th><th>充てる職</th><th>所属</th><th>備考</th></tr>")
        for role in body.roles:
            cells = (role.title, role.post, role.section, role.note)
            parts.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>")
        parts.append("</table>")
    if body.duties:
        parts.append("<h3>所掌事務</h3><ul>")
        parts.extend(f"<li>{escape(duty)}</li>" for duty in body.duties)
        parts.append("</ul>")
    if body.members:
        parts.append(f"<h3>構成課（{len(body.members)}）</h3><p>{escape('・'.join(body.members))}</p>")
    return "".join(parts)
