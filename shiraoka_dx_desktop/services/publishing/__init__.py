"""The public version of the policy for the city's website: a static site written into a folder.

Pages are built from the snapshot as plain text (:mod:`.pages`, :mod:`.roadmap_table`), with the
one-page 概要版 as a PDF beside them (:mod:`..printing.summary`, linked from the top page),
with nothing internal in them (no identifiers, notes, who changed what, or marks of
inference), and written into the folder as a whole or not at all (:mod:`.site_folder`).
"""

from __future__ import annotations

from .html_parts import SUMMARY_PDF
from .site import PublicSiteSummary, build_site, export_public_site
from .site_folder import SiteFolderError, SiteFolderNotEmptyError, check_site_folder

__all__ = [
    "SUMMARY_PDF",
    "PublicSiteSummary",
    "SiteFolderError",
    "SiteFolderNotEmptyError",
    "build_site",
    "check_site_folder",
    "export_public_site",
]
