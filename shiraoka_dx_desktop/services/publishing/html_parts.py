"""The pieces every public page is made of: escaped text, paragraphs and the page around a body."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import NamedTuple

from ...domain.era import format_year_month
from ..snapshot import EditionView, PolicySnapshot

__all__ = ["NavLink", "SiteFrame", "edition_text", "esc", "page", "paragraphs"]

STYLESHEET = "style.css"
INDEX = "index.html"
ORGANISATION = "organisation.html"
GLOSSARY = "glossary.html"
SUMMARY_PDF = "gaiyou.pdf"  # the 概要版, one A4 page


def esc(text: object) -> str:
    """Text for an element or an attribute value (quotes included)."""
    return html.escape(str(text), quote=True)


def paragraphs(text: str, css_class: str = "") -> str:
    """Text as stored (blank lines between paragraphs, single newlines inside one) as ``<p>`` elements."""
    attribute = f' class="{esc(css_class)}"' if css_class else ""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return "\n".join(
        f"<p{attribute}>{'<br>'.join(esc(line.strip()) for line in block.splitlines())}</p>"
        for block in blocks
        if block
    )


def edition_text(edition: EditionView) -> str:
    """``第3版（令和5年11月改訂）``."""
    return f"{edition.label}（{format_year_month(edition.issued_year, edition.issued_month)}{edition.action}）"


class NavLink(NamedTuple):
    href: str
    text: str


class SiteFrame(NamedTuple):
    """What every page shares: the policy's title, its edition and the site's navigation."""

    title: str
    edition: str  # empty when the policy has no edition recorded
    links: tuple[NavLink, ...]

    @classmethod
    def of(cls, snapshot: PolicySnapshot) -> SiteFrame:
        latest = snapshot.editions[-1] if snapshot.editions else None
        links = (
            NavLink(INDEX, "トップ"),
            NavLink(f"{INDEX}#areas", "取組の一覧"),
            NavLink(ORGANISATION, "推進体制"),
            NavLink(GLOSSARY, "用語集"),
        )
        return cls(snapshot.title, edition_text(latest) if latest else "", links)


def _navigation(frame: SiteFrame, current: str) -> str:
    items = []
    for link in frame.links:
        here = ' aria-current="page"' if link.href == current else ""
        items.append(f'<li><a href="{esc(link.href)}"{here}>{esc(link.text)}</a></li>')
    return f'<nav class="site-nav" aria-label="サイト内の案内">\n<ul>\n{chr(10).join(items)}\n</ul>\n</nav>'


def page(frame: SiteFrame, file_name: str, heading: str, body: Iterable[str]) -> str:
    """A whole page: ``heading`` is its ``<h1>`` (and its title), ``body`` what follows it in ``<main>``."""
    title = heading if file_name == INDEX else f"{heading}｜{frame.title}"
    edition = f'<p class="edition">{esc(frame.edition)}</p>' if frame.edition else ""
    footer = f"{esc(frame.title)} {esc(frame.edition)}".strip()
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="ja">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title>",
            f'<link rel="stylesheet" href="{STYLESHEET}">',
            "</head>",
            "<body>",
            '<a class="skip-link" href="#main">本文へ移動</a>',
            '<header class="site-header">',
            '<div class="frame">',
            f'<p class="site-title"><a href="{INDEX}">{esc(frame.title)}</a></p>',
            edition,
            _navigation(frame, file_name),
            "</div>",
            "</header>",
            '<main id="main" class="frame" tabindex="-1">',
            f"<h1>{esc(heading)}</h1>",
            *body,
            "</main>",
            '<footer class="site-footer">',
            f'<div class="frame"><p>{footer}</p></div>',
            "</footer>",
            "</body>",
            "</html>",
            "",
        ]
    )
