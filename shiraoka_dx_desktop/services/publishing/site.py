"""The whole public site from a snapshot, and writing it into a folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...storage.database import Database
from ..printing.summary import render_summary
from ..snapshot import PolicySnapshot, load_snapshot
from .html_parts import STYLESHEET, SUMMARY_PDF, SiteFrame
from .pages import area_file, area_page, file_size_text, glossary_page, index_page, organisation_page
from .site_folder import write_site
from .stylesheet import STYLESHEET_TEXT

__all__ = ["PublicSiteSummary", "build_site", "export_public_site"]


@dataclass(frozen=True, slots=True)
class PublicSiteSummary:
    folder: Path
    pages: int
    areas: int
    initiatives: int
    edition: str  # the latest edition's label (empty if none)
    replaced: bool  # a folder that was not empty was replaced
    summary_bytes: int = 0  # the 概要版 PDF's size

    def describe(self) -> str:
        """One line in Japanese: what was written where."""
        edition = f"{self.edition}、" if self.edition else ""
        replaced = "。前の内容は置き換えました" if self.replaced else ""
        summary = (
            f"、概要版 {SUMMARY_PDF}（PDF 1 ページ、{file_size_text(self.summary_bytes)}）"
            if self.summary_bytes
            else ""
        )
        return (
            f"公開用のページを書き出しました: {self.folder}（{edition}{self.pages} ページ{summary}、"
            f"取組 {self.areas} 件、取組項目 {self.initiatives:,d} 件。最初のページは index.html{replaced}）"
        )


def build_site(snapshot: PolicySnapshot) -> dict[str, bytes]:
    """Every file of the site, by name, in a fixed order: the same snapshot gives the same bytes.

    The pages are UTF-8; the 概要版 (:func:`~..printing.summary.render_summary`) is dated by the
    latest edition, not by today, so that it too is the same for the same data.
    """
    summary = render_summary(snapshot)
    frame = SiteFrame.of(snapshot)
    pages = {"index.html": index_page(snapshot, frame, len(summary))}
    for index, area in enumerate(snapshot.areas):
        pages[area_file(area)] = area_page(snapshot, frame, index)
    pages["organisation.html"] = organisation_page(snapshot, frame)
    pages["glossary.html"] = glossary_page(snapshot, frame)
    pages[STYLESHEET] = STYLESHEET_TEXT
    files = {name: text.encode("utf-8") for name, text in pages.items()}
    files[SUMMARY_PDF] = summary
    return files


def export_public_site(
    database: Database, folder: Path, *, force: bool = False, edition: str | None = None
) -> PublicSiteSummary:
    """Write the public site of the policy as it is now (or as ``edition`` froze it) into ``folder`` (made if
    missing), as a whole.

    A folder that is not empty is refused (:class:`~.site_folder.SiteFolderNotEmptyError`)
    unless ``force``, and a folder holding anything but a site's files is never replaced.
    """
    if edition is not None:
        from ..editions import edition_snapshot

        snapshot = edition_snapshot(database, edition)
    else:
        snapshot = load_snapshot(database)
    files = build_site(snapshot)
    replaced = write_site(folder, files, force=force)
    pages = sum(1 for name in files if name.endswith(".html"))
    edition = snapshot.editions[-1].label if snapshot.editions else ""
    return PublicSiteSummary(
        folder, pages, len(snapshot.areas), len(snapshot.initiatives), edition, replaced, len(files[SUMMARY_PDF])
    )
