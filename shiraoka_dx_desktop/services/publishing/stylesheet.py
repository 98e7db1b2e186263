"""The one stylesheet of the public site.

Only fonts the terminal or the reader's computer has (no web fonts), relative units
throughout so that the text reflows at 200 % zoom, text and its background at a contrast
of 4.5:1 or more (the lightest pair, the muted grey #4a4a4a on white, is 8.9:1), a focus
indicator that shows on light and dark backgrounds, and a print layout without the
navigation.  The roadmap table alone may be wider than the page: it scrolls in its own
labelled region.
"""

from __future__ import annotations

__all__ = ["STYLESHEET_TEXT"]

STYLESHEET_TEXT = """\
@charset "utf-8";

:root {
  --text: #1a1a1a;
  --muted: #4a4a4a;
  --link: #0b4f9c;
  --link-visited: #5a2d82;
  --band: #0b3d6e;
  --rule: #767676;
  --phase: #dcebfa;
  --phase-edge: #0b4f9c;
  --focus: #ffd600;
}

*, *::before, *::after { box-sizing: border-box; }

html { font-size: 100%; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }

body {
  margin: 0;
  color: var(--text);
  background: #ffffff;
  font-family: "BIZ UDPGothic", "BIZ UDPゴシック", "Yu Gothic", "游ゴシック", YuGothic, Meiryo, "メイリオ",
    "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", sans-serif;
  line-height: 1.8;
  overflow-wrap: anywhere;
}

.frame { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }

h1, h2, h3 { line-height: 1.4; margin: 1.6em 0 0.6em; }
h1 { font-size: 1.75rem; margin-top: 1em; }
h2 { font-size: 1.4rem; border-bottom: 0.125rem solid var(--band); padding-bottom: 0.2em; }
h3 { font-size: 1.15rem; border-left: 0.35rem solid var(--band); padding-left: 0.5em; }
p, ul, ol, dl { margin: 0 0 1em; }

a { color: var(--link); text-decoration: underline; text-underline-offset: 0.15em; }
a:visited { color: var(--link-visited); }
a:hover { text-decoration-thickness: 0.15em; }

a:focus-visible, [tabindex]:focus-visible {
  outline: 0.2rem solid var(--text);
  outline-offset: 0.1rem;
  box-shadow: 0 0 0 0.45rem var(--focus);
}
a:focus-visible { background: var(--focus); color: var(--text); text-decoration: none; }
main:focus { outline: none; }
main:focus-visible { outline: none; box-shadow: none; }

.skip-link {
  position: absolute;
  left: 0.5rem;
  top: -10rem;
  z-index: 10;
  padding: 0.5em 1em;
  background: var(--focus);
  color: var(--text);
  font-weight: bold;
}
.skip-link:focus, .skip-link:focus-visible { top: 0.5rem; }

.visually-hidden {
  position: absolute !important;
  width: 1px; height: 1px;
  margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%);
  white-space: nowrap;
}

.site-header { background: var(--band); color: #ffffff; padding: 0.75rem 0; }
.site-header a, .site-header a:visited { color: #ffffff; }
.site-header a:focus-visible { color: var(--text); }
.site-title { margin: 0; font-size: 1.25rem; font-weight: bold; }
.site-title a { text-decoration: none; }
.edition { margin: 0.25em 0 0.5em; }
.site-nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
.site-nav a[aria-current="page"] { font-weight: bold; text-decoration-thickness: 0.2em; }

.site-footer { margin-top: 3rem; border-top: 0.0625rem solid var(--rule); color: var(--muted); padding: 1rem 0; }

.vision { font-size: 1.2rem; font-weight: bold; border-left: 0.35rem solid var(--band); padding: 0.5em 0.75em; background: #f2f6fa; }
.areas li { margin-bottom: 0.4em; }
.count, .reading { color: var(--muted); font-size: 0.9em; margin-left: 0.25em; }
.legend { color: var(--muted); }

.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2em 1em; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }

.glossary dt { font-weight: bold; margin-top: 1em; }
.glossary dd { margin: 0 0 0 1.5em; }

.pager ul, .contents ul { padding-left: 1.25em; }
.pager { margin-top: 2.5rem; border-top: 0.0625rem solid var(--rule); padding-top: 1rem; }

table { border-collapse: collapse; margin: 0 0 1.5em; }
caption { text-align: left; font-weight: bold; padding: 0.4em 0; }
th, td { border: 0.0625rem solid var(--rule); padding: 0.4em 0.6em; vertical-align: top; text-align: left; }
thead th { background: #eef1f4; }
.roles { width: 100%; }
.roles th[scope="row"] { width: 30%; font-weight: bold; }

.table-scroll { position: relative; max-width: 100%; overflow-x: auto; margin: 0 0 1.5em; }
.table-scroll:focus-visible { outline-offset: 0.25rem; }
.table-scroll table { margin: 0; min-width: 36rem; width: 100%; }
.roadmap th[scope="row"] { min-width: 6em; font-weight: normal; }
.roadmap thead th { text-align: center; white-space: nowrap; }
.western { display: block; font-weight: normal; font-size: 0.85em; color: var(--muted); }
.roadmap td { text-align: center; vertical-align: middle; font-size: 0.95em; padding: 0.4em 0.3em; }
.roadmap thead th { padding: 0.4em 0.3em; }
.nowrap { white-space: nowrap; }
.roadmap td.phase { background: var(--phase); }
.roadmap td.shaded { font-size: 0.85em; background: repeating-linear-gradient(135deg, #d4d4d4 0 0.3rem, #ececec 0.3rem 0.6rem); }
/* One bar: no solid line between its years, and its last year closed by a thick edge (the arrow's head). */
.roadmap td.bar-start, .roadmap td.bar-middle { border-right: 0.0625rem dashed var(--muted); }
.roadmap td.bar-middle, .roadmap td.bar-end { border-left: 0.0625rem dashed var(--muted); }
.roadmap td.bar-end, .roadmap td.bar-single { border-right: 0.3rem solid var(--phase-edge); }
.roadmap td.shaded.bar-end, .roadmap td.shaded.bar-single { border-right-color: var(--muted); }
.roadmap td.none { color: var(--muted); }

@media print {
  @page { size: A4; margin: 15mm; }
  body { font-size: 10.5pt; line-height: 1.6; color: #000000; }
  .skip-link, .site-nav, .pager, .contents { display: none; }
  .site-header { background: none; color: #000000; border-bottom: 1pt solid #000000; padding: 0 0 4pt; }
  .site-header a, a, a:visited { color: #000000; text-decoration: none; }
  .frame { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .table-scroll { overflow: visible; }
  .table-scroll table { min-width: 0; }
  tr, .facts, dt { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .roadmap td.phase, .roadmap td.shaded, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
