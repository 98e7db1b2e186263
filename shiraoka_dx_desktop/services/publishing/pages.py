"""The public pages' bodies: the top page, one page per area, the 推進体制 and the 用語集.

Only what the policy document itself says is published: no identifiers, notes, marks of
inference, evaluations or who changed what.  Headings go h1 → h2 → h3 on every page.
"""

from __future__ import annotations

from ...domain.era import format_fiscal_year, format_year_month
from ...domain.organisation import BodyKind
from ...domain.reading import reading_key
from ..snapshot import AreaView, BodyView, InitiativeView, PolicySnapshot
from .html_parts import GLOSSARY, INDEX, ORGANISATION, SUMMARY_PDF, SiteFrame, esc, page, paragraphs
from .roadmap_table import LEGEND_TEXT, roadmap_table, schedule_text

__all__ = [
    "area_file",
    "area_heading",
    "area_page",
    "file_size_text",
    "glossary_page",
    "index_page",
    "organisation_page",
]


def area_file(area: AreaView) -> str:
    return f"area-{area.number}.html"


def area_heading(area: AreaView) -> str:
    return f"（{area.number}）{area.title}"


def _period(snapshot: PolicySnapshot) -> str:
    return f"{format_fiscal_year(snapshot.first_year)}〜{format_fiscal_year(snapshot.last_year)}"


def file_size_text(size: int) -> str:
    """A download's size as a link says it: ``120KB``, ``1.2MB``."""
    if size < 1000 * 1024:
        return f"{max(1, round(size / 1024))}KB"
    return f"{size / (1024 * 1024):.1f}MB"


def _summary_link(summary_size: int) -> list[str]:
    """The 概要版 to download, its format and size in the link's own text (so a screen reader says them)."""
    return [
        '<h2 id="summary">概要版</h2>',
        "<p>方針の要点（ビジョン、DX推進の視点、取組と取組項目、推進体制）を1ページにまとめた概要版です。</p>",
        f'<ul class="downloads">\n<li><a href="{SUMMARY_PDF}" type="application/pdf">'
        f"概要版（PDF、{esc(file_size_text(summary_size))}）</a></li>\n</ul>",
    ]


def index_page(snapshot: PolicySnapshot, frame: SiteFrame, summary_size: int | None = None) -> str:
    """The top page: the 概要版 (if its size is given), the vision, the viewpoints, the areas with links, the
    other pages and the editions."""
    body = _summary_link(summary_size) if summary_size is not None else []
    body += ['<h2 id="vision">ビジョン</h2>', f'<p class="vision">{esc(snapshot.vision)}</p>']
    body.append(paragraphs(snapshot.vision_text))
    if snapshot.viewpoints:
        body.append('<h2 id="viewpoints">DX推進の視点</h2>')
        body.append("<ul>\n" + "\n".join(f"<li>{esc(name)}</li>" for name in snapshot.viewpoints) + "\n</ul>")
    body.append('<h2 id="areas">取組</h2>')
    body.append(
        f"<p>計画期間は{esc(_period(snapshot))}です。取組ごとのページに、取組項目と工程表を掲載しています。</p>"
    )
    items = []
    for area in snapshot.areas:
        count = len(snapshot.initiatives_of(area.id))
        items.append(
            f'<li><a href="{esc(area_file(area))}">{esc(area_heading(area))}</a>'
            f'<span class="count">（取組項目 {count} 件）</span></li>'
        )
    body.append('<ul class="areas">\n' + "\n".join(items) + "\n</ul>")
    body.append('<h2 id="more">推進体制と用語集</h2>')
    body.append(
        f'<ul>\n<li><a href="{ORGANISATION}">推進体制</a>（組織ごとの役職・所掌事務・構成課）</li>\n'
        f'<li><a href="{GLOSSARY}">用語集</a>（方針に出てくる用語の説明）</li>\n</ul>'
    )
    if snapshot.editions:
        body.append('<h2 id="editions">版の履歴</h2>')
        rows = [
            f"<li>{esc(edition.label)}　{esc(format_year_month(edition.issued_year, edition.issued_month))}"
            f"{esc(edition.action)}</li>"
            for edition in snapshot.editions
        ]
        body.append("<ul>\n" + "\n".join(rows) + "\n</ul>")
    return page(frame, INDEX, snapshot.title, body)


def _initiative_section(initiative: InitiativeView, anchor: str, years: range) -> str:
    facts = [f"<dt>工程</dt><dd>{esc(schedule_text(initiative, years))}</dd>"]
    if initiative.lead_section:
        facts.insert(0, f"<dt>事業主管課</dt><dd>{esc(initiative.lead_section)}</dd>")
    parts = [f'<h3 id="{esc(anchor)}">{esc(initiative.name)}</h3>', f'<dl class="facts">{"".join(facts)}</dl>']
    if initiative.description.strip():
        parts.append(paragraphs(initiative.description))
    return '<section class="initiative">\n' + "\n".join(parts) + "\n</section>"


def _pager(snapshot: PolicySnapshot, index: int) -> str:
    links = []
    if index > 0:
        before = snapshot.areas[index - 1]
        links.append(
            f'<li><a href="{esc(area_file(before))}" rel="prev">前の取組: {esc(area_heading(before))}</a></li>'
        )
    links.append(f'<li><a href="{INDEX}#areas">取組の一覧</a></li>')
    if index + 1 < len(snapshot.areas):
        after = snapshot.areas[index + 1]
        links.append(f'<li><a href="{esc(area_file(after))}" rel="next">次の取組: {esc(area_heading(after))}</a></li>')
    return '<nav class="pager" aria-label="ほかの取組">\n<ul>\n' + "\n".join(links) + "\n</ul>\n</nav>"


def area_page(snapshot: PolicySnapshot, frame: SiteFrame, index: int) -> str:
    """One area: its text, its roadmap as a table, then each initiative with its lead section and description."""
    area = snapshot.areas[index]
    heading = area_heading(area)
    initiatives = snapshot.initiatives_of(area.id)
    rows = [(initiative, f"item-{number}") for number, initiative in enumerate(initiatives, start=1)]
    body = [paragraphs(area.description)] if area.description.strip() else []
    if not rows:
        body.append("<p>この取組には、工程表に載せる取組項目がありません。</p>")
    else:
        caption = f"{heading}の工程表（{_period(snapshot)}）"
        body += ['<h2 id="roadmap">工程表</h2>', f'<p class="legend">{esc(LEGEND_TEXT)}</p>']
        body.append(roadmap_table(caption, rows, snapshot.years, "roadmap-table"))
        body.append('<h2 id="initiatives">取組項目</h2>')
        body += [_initiative_section(initiative, anchor, snapshot.years) for initiative, anchor in rows]
    body.append(_pager(snapshot, index))
    return page(frame, area_file(area), heading, body)


def _kind_label(kind: str) -> str:
    try:
        return BodyKind(kind).label
    except ValueError:  # a kind this version does not know: shown as stored
        return kind


def _roles_table(body: BodyView) -> str:
    rows = []
    for role in body.roles:  # a role's note is internal and never published
        post = role.post if not role.section or role.section in role.post else f"{role.post}（{role.section}）"
        rows.append(f'<tr><th scope="row">{esc(role.title)}</th><td>{esc(post)}</td></tr>')
    return "\n".join(
        [
            '<table class="roles">',
            f'<caption class="visually-hidden">{esc(body.name)}の役職</caption>',
            '<thead>\n<tr><th scope="col">役職</th><th scope="col">充てる職</th></tr>\n</thead>',
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>",
            "</table>",
        ]
    )


def _body_section(body: BodyView, number: int) -> str:
    anchor = f"body-{number}"
    facts = f"<dt>種別</dt><dd>{esc(_kind_label(body.kind))}</dd><dt>状態</dt><dd>{esc(body.status)}</dd>"
    parts = [f'<h2 id="{anchor}">{esc(body.name)}</h2>', f'<dl class="facts">{facts}</dl>']
    if body.description.strip():
        parts.append(paragraphs(body.description))
    if body.roles:
        parts += ["<h3>役職</h3>", _roles_table(body)]
    if body.duties:
        parts += ["<h3>所掌事務</h3>", "<ul>\n" + "\n".join(f"<li>{esc(d)}</li>" for d in body.duties) + "\n</ul>"]
    members = [name for name in body.members if name]
    if members:
        parts += ["<h3>構成課</h3>", "<ul>\n" + "\n".join(f"<li>{esc(m)}</li>" for m in members) + "\n</ul>"]
    return f'<section class="body" aria-labelledby="{anchor}">\n' + "\n".join(parts) + "\n</section>"


def organisation_page(snapshot: PolicySnapshot, frame: SiteFrame) -> str:
    """The 推進体制: each body with its kind, status, description, roles, duties and member sections."""
    body = ["<p>本市のDX推進の体制です。組織ごとに、役職と充てる職、所掌事務、構成課を示します。</p>"]
    if snapshot.bodies:
        contents = [
            f'<li><a href="#body-{number}">{esc(item.name)}</a></li>'
            for number, item in enumerate(snapshot.bodies, start=1)
        ]
        body.append(
            '<nav class="contents" aria-label="このページの目次">\n<ul>\n' + "\n".join(contents) + "\n</ul>\n</nav>"
        )
    body += [_body_section(item, number) for number, item in enumerate(snapshot.bodies, start=1)]
    return page(frame, ORGANISATION, "推進体制", body)


def glossary_page(snapshot: PolicySnapshot, frame: SiteFrame) -> str:
    """The 用語集 in the order of the readings (五十音順), terms without a reading last."""
    terms = sorted(
        enumerate(snapshot.glossary),
        key=lambda pair: reading_key(pair[1].reading) if pair[1].reading else f"\uffff{pair[0]:06d}",
    )
    entries = []
    for number, (_position, term) in enumerate(terms, start=1):
        reading = f'<span class="reading">（{esc(term.reading)}）</span>' if term.reading else ""
        entries.append(
            f'<dt id="term-{number}">{esc(term.term)}{reading}</dt>\n<dd>{paragraphs(term.explanation)}</dd>'
        )
    body = ["<p>方針に出てくる用語の説明です（読みの五十音順）。</p>"]
    body.append('<dl class="glossary">\n' + "\n".join(entries) + "\n</dl>" if entries else "<p>用語はありません。</p>")
    return page(frame, GLOSSARY, "用語集", body)
