"""The public version for the city's website: complete, nothing internal, nothing from outside, accessible, atomic."""

from __future__ import annotations

import errno
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.domain.era import format_fiscal_year, format_year_month
from shiraoka_dx_desktop.domain.roadmap import LEGEND_SHADED, CellKind
from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import set_initiative, set_role
from shiraoka_dx_desktop.services.publishing import SUMMARY_PDF, SiteFolderError, export_public_site, site_folder
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.ui.document import Document
from shiraoka_dx_desktop.ui.main_window import MainWindow

from .progress_entries import EVALUATIONS, INDICATORS, enter_progress
from .test_public_summary import pdf_text

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
VOID = {"meta", "link", "br", "img", "input", "hr"}


class Page(HTMLParser):
    """What a reader and a screen reader meet on a page: its text, headings, tables, links and ids."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.headings: list[tuple[int, str]] = []
        self.header_cells: list[dict[str, str | None]] = []
        self.tables: list[dict[str, object]] = []
        self.links: list[str] = []  # href and src values, in order
        self.ids: set[str] = set()
        self.regions: list[dict[str, str | None]] = []
        self.rows: list[list[str]] = []  # every table row's cells' text
        self.text_parts: list[str] = []
        self._stack: list[str] = []
        self._heading: list[str] | None = None
        self._cell: list[str] | None = None
        self._hidden_depth = 0
        self.feed(source)
        self.close()
        self.text = "".join(self.text_parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.links.append(str(attributes[name]))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        if tag == "th":
            self.header_cells.append(attributes)
        if tag == "table":
            self.tables.append({"caption": False, "first": None, "id": attributes.get("id")})
        elif self.tables and self.tables[-1]["first"] is None:
            self.tables[-1]["first"] = tag
        if tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        if tag == "div" and attributes.get("role") == "region":
            self.regions.append(attributes)
        if tag == "tr":
            self.rows.append([])
        if tag in ("th", "td"):
            self._cell = []
        if attributes.get("aria-hidden") == "true":
            self._hidden_depth += 1
        if tag not in VOID:
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((int(tag[1]), "".join(self._heading)))
            self._heading = None
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        if tag == "span" and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if "style" in self._stack or "title" in self._stack:
            return
        self.text_parts.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._cell is not None and not self._hidden_depth:  # what a screen reader reads in the cell
            self._cell.append(data)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _export(db_path: Path, out: Path, *extra: str) -> int:
    return main(["--db", str(db_path), "export", "html", str(out), *extra])


def _pages(folder: Path) -> dict[str, Page]:
    return {path.name: Page(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.html"))}


def _area_page(snapshot: PolicySnapshot, pages: dict[str, Page], area_title: str) -> Page:
    """The page the top page links to for an area, found by following the link as a reader would."""
    (area,) = [a for a in snapshot.areas if a.title == area_title]
    for href in pages["index.html"].links:
        if href in pages and pages[href].headings[0] == (1, f"（{area.number}）{area.title}"):
            return pages[href]
    raise AssertionError(f"no page linked for {area_title}")


@pytest.fixture
def site(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "公開用"
    assert _export(db_path, out) == 0
    summary = capsys.readouterr().out
    assert "公開用のページを書き出しました" in summary and str(out) in summary and "第3版" in summary
    return out


def test_every_area_initiative_phase_body_and_term_is_published(site: Path, database: Database) -> None:
    snapshot = load_snapshot(database)
    pages = _pages(site)
    assert len(pages) == 1 + len(snapshot.areas) + 2  # top, one per area, 推進体制, 用語集
    index = pages["index.html"]
    assert _flat(snapshot.vision) in _flat(index.text)
    assert _flat(snapshot.vision_text) in _flat(index.text)
    for viewpoint in snapshot.viewpoints:
        assert viewpoint in index.text
    latest = snapshot.editions[-1]
    edition = f"{latest.label}（{format_year_month(latest.issued_year, latest.issued_month)}{latest.action}）"
    assert edition == "第3版（令和5年11月改訂）"
    for name, page in pages.items():
        assert edition in page.text, name
    years = [format_fiscal_year(year) for year in snapshot.years]
    for area in snapshot.areas:
        page = _area_page(snapshot, pages, area.title)
        assert _flat(area.description) in _flat(page.text)
        rows = {row[0]: row[1:] for row in page.rows}
        assert [_flat(cell) for cell in page.rows[0]] == [
            "取組項目",
            *(f"{y}（{w}年度）" for y, w in zip(years, snapshot.years, strict=True)),
        ]
        for initiative in snapshot.initiatives_of(area.id):
            assert (3, initiative.name) in page.headings
            assert _flat(initiative.description) in _flat(page.text)
            expected = []
            for year in snapshot.years:
                cell = initiative.cells.get(year)
                if cell is None:
                    expected.append("なし")
                elif cell.value.kind == CellKind.SHADED:
                    expected.append(LEGEND_SHADED)
                else:
                    expected.append(cell.value.label)
            assert rows[initiative.name] == expected, initiative.name
    shaded = sum(row.count(LEGEND_SHADED) for page in pages.values() for row in page.rows)
    assert shaded == sum(c.value.kind == CellKind.SHADED for i in snapshot.initiatives for c in i.cells.values()) > 0
    organisation = pages["organisation.html"]
    for body in snapshot.bodies:
        assert (2, body.name) in organisation.headings
        assert _flat(body.description) in _flat(organisation.text)
        for duty in body.duties:
            assert duty in organisation.text
        for role in body.roles:
            assert any(row[0] == role.title and row[1].startswith(role.post) for row in organisation.rows)
        for member in body.members:
            assert member in organisation.text
    glossary = pages["glossary.html"]
    for term in snapshot.glossary:
        assert term.term in glossary.text
        assert _flat(term.explanation) in _flat(glossary.text)


def test_a_lead_section_set_is_published_with_its_initiative(database: Database, tmp_path: Path) -> None:
    snapshot = load_snapshot(database)
    initiative = snapshot.initiatives[0]
    section = next(s for s in snapshot.sections if s.name == "市民課")
    Editor(database, "事務局 テスト").apply([set_initiative(initiative.id, lead_section_id=section.id)])
    export_public_site(database, tmp_path / "site")
    text = _flat(Page((tmp_path / "site" / "area-1.html").read_text(encoding="utf-8")).text)
    assert _flat(f"{initiative.name}事業主管課市民課") in text


def test_nothing_internal_is_published(database: Database, tmp_path: Path) -> None:
    snapshot = load_snapshot(database)
    initiative = snapshot.initiatives[0]
    role = snapshot.bodies[0].roles[1]
    Editor(database, "市民課 内部太郎").apply(
        [set_initiative(initiative.id, note="内部メモ"), set_role(role.id, note="役職の内部メモ")]
    )
    enter_progress(database)  # a year's evaluations and indicators: internal until the 本部 publishes them
    snapshot = load_snapshot(database)
    notes = {"内部メモ", "役職の内部メモ"}
    notes |= {text for entry in EVALUATIONS for text in (entry.result, entry.issues, entry.next_steps) if text}
    notes |= {indicator.name for indicator in INDICATORS}
    notes |= {cell.note for i in snapshot.initiatives for cell in i.cells.values() if cell.note}
    notes |= {role.note for body in snapshot.bodies for role in body.roles if role.note}
    assert len(notes) > 10  # the default data's notes on inferred cells, and the CIO's
    export_public_site(database, tmp_path / "site")
    for path in sorted((tmp_path / "site").iterdir()):
        if path.suffix == ".pdf":  # the 概要版: what a reader can see or copy out of it
            source = text = pdf_text(path.read_bytes())
        else:
            source = path.read_text(encoding="utf-8")
            text = Page(source).text if path.suffix == ".html" else source
        assert not UUID.search(source), path.name
        for word in ("最終更新", "更新日時", "更新者", "内部太郎", "初期データ", "推定", "進捗", "実績"):
            assert word not in text, (path.name, word)
        for note in notes:
            assert note not in source, (path.name, note)


def test_nothing_is_loaded_from_outside_and_every_link_leads_somewhere(site: Path) -> None:
    pages = _pages(site)
    stylesheet = (site / "style.css").read_text(encoding="utf-8")
    assert "url(" not in stylesheet and "@import" not in stylesheet and "@font-face" not in stylesheet
    assert sorted(path.name for path in site.iterdir()) == sorted([*pages, "style.css", SUMMARY_PDF])
    assert b"/URI" not in (site / SUMMARY_PDF).read_bytes() and b"/Launch" not in (site / SUMMARY_PDF).read_bytes()
    for name, page in pages.items():
        source = (site / name).read_text(encoding="utf-8")
        assert "<script" not in source and "<iframe" not in source and "<img" not in source, name
        assert "http://" not in source and "https://" not in source, name
        assert "style.css" in page.links, name
        for link in page.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc and not link.startswith("//"), (name, link)
            target = pages.get(parts.path, page) if parts.path not in ("style.css", SUMMARY_PDF) else None
            assert parts.path in ("", "style.css", SUMMARY_PDF) or parts.path in pages, (name, link)
            if parts.fragment and target is not None:
                assert parts.fragment in target.ids, (name, link)


def test_every_page_is_structured_for_assistive_technology(site: Path, database: Database) -> None:
    snapshot = load_snapshot(database)
    for name, page in _pages(site).items():
        assert page.lang == "ja", name
        levels = [level for level, _text in page.headings]
        assert levels[0] == 1 and levels.count(1) == 1, name
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (name, page.headings)
        assert all(text.strip() for _level, text in page.headings), name
        assert page.links[1] == "#main" and "main" in page.ids, name  # the first link after the stylesheet
        for cell in page.header_cells:
            assert cell.get("scope") in ("col", "row"), (name, cell)
        for table in page.tables:
            assert table["caption"] and table["first"] == "caption", (name, table)
    for area in snapshot.areas:
        page = _pages(site)[f"area-{area.number}.html"]
        (region,) = page.regions
        assert region.get("tabindex") == "0" and region.get("aria-labelledby") in page.ids
        scopes = [cell.get("scope") for cell in page.header_cells]
        assert scopes.count("col") == 1 + len(snapshot.years)
        assert scopes.count("row") == len(snapshot.initiatives_of(area.id))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_contrast_at_least_4_5_to_1(site: Path) -> None:
    css = (site / "style.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", css))
    backgrounds = re.findall(r"#[0-9a-f]{6}", " ".join(re.findall(r"background: ([^;]+);", css)))
    white = "#ffffff"
    pairs = [(colours[name], white) for name in ("text", "muted", "link", "link-visited")]
    pairs += [(white, colours["band"]), (colours["text"], colours["phase"]), (colours["text"], colours["focus"])]
    pairs += [(colours["muted"], background) for background in backgrounds if background != colours["band"]]
    assert len(pairs) > 8
    for text, background in pairs:
        assert _contrast(text, background) >= 4.5, (text, background)


def test_the_same_data_gives_the_same_bytes(database: Database, tmp_path: Path) -> None:
    export_public_site(database, tmp_path / "one")
    export_public_site(database, tmp_path / "two")
    one = {path.name: path.read_bytes() for path in (tmp_path / "one").iterdir()}
    assert one == {path.name: path.read_bytes() for path in (tmp_path / "two").iterdir()}


def test_a_folder_that_is_not_empty_is_replaced_only_with_force(
    site: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (site / SUMMARY_PDF).exists()  # a site with its 概要版 is a site, replaced as a whole
    (site / "area-99.html").write_text("古いページ", encoding="utf-8")
    before = {path.name: path.read_bytes() for path in site.iterdir()}
    assert _export(db_path, site) == 2
    message = capsys.readouterr().err
    assert str(site) in message and "空ではありません" in message and "--force" in message
    assert {path.name: path.read_bytes() for path in site.iterdir()} == before
    assert _export(db_path, site, "--force") == 0
    assert "置き換えました" in capsys.readouterr().out
    assert not (site / "area-99.html").exists() and (site / "index.html").exists() and (site / SUMMARY_PDF).exists()
    assert [path.name for path in site.parent.iterdir() if path.name.startswith(".")] == []  # nothing left beside it


@pytest.mark.parametrize("own_file", ["予算要求.xlsx", "予算要求.pdf"])
def test_a_folder_holding_other_files_is_never_replaced(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], own_file: str
) -> None:
    documents = tmp_path / "ドキュメント"
    assert _export(db_path, documents) == 0  # a site, then someone's own file (a PDF too) put beside it
    capsys.readouterr()
    (documents / own_file).write_bytes(b"keep")
    before = {path.name: path.read_bytes() for path in documents.iterdir()}
    for extra in ((), ("--force",)):
        assert _export(db_path, documents, *extra) == 2
        message = capsys.readouterr().err
        assert str(documents) in message and own_file in message
        assert {path.name: path.read_bytes() for path in documents.iterdir()} == before


def test_a_failure_midway_leaves_the_old_site_as_it_was(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "site"
    export_public_site(database, folder)
    (folder / "index.html").write_text("前の版のページ", encoding="utf-8")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    written: list[str] = []
    real_write = site_folder.write_page

    def fail_on_the_fourth(path: Path, content: bytes) -> None:
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path.name)
        real_write(path, content)

    monkeypatch.setattr(site_folder, "write_page", fail_on_the_fourth)
    with pytest.raises(SiteFolderError) as raised:
        export_public_site(database, folder, force=True)
    assert str(folder) in raised.value.message and "空き容量" in raised.value.message
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    assert [
        path.name for path in tmp_path.iterdir() if path.name.startswith(".")
    ] == []  # the half-written copy is gone


@pytest.fixture
def window(qtbot: QtBot, database: Database, tmp_path: Path) -> MainWindow:
    window = MainWindow(Document(database, "tester"), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_the_window_asks_before_replacing_a_folder(
    window: MainWindow, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: object
) -> None:
    folder = tmp_path / "公開"
    export_public_site(database, folder)
    (folder / "index.html").write_text("前の版のページ", encoding="utf-8")
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(folder))
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *rest: asked.append(text) or answer)
    window.export_public_site()
    (question,) = asked
    assert str(folder) in question and "置き換え" in question
    page = (folder / "index.html").read_text(encoding="utf-8")
    if answer == QMessageBox.StandardButton.Yes:
        assert 'lang="ja"' in page
        assert str(folder) in window.statusBar().currentMessage()
    else:
        assert page == "前の版のページ"
        assert window.statusBar().currentMessage() == ""


def test_the_window_writes_into_an_empty_folder_without_asking(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "空"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(folder))
    window.export_public_site()
    assert (folder / "index.html").exists() and (folder / "style.css").exists() and (folder / SUMMARY_PDF).exists()
    message = window.statusBar().currentMessage()
    assert str(folder) in message and "概要版" in message and SUMMARY_PDF in message
