"""The public version of the policy for the city's website: a static site written into a folder.

Pages are built from the snapshot as plain text (:mod:`.pages`, :mod:`.roadmap_table`),
with nothing internal in them (no identifiers, notes, who changed what, or marks of
inference), and written into the folder as a whole or not at all (:mod:`.site_folder`).
"""

from __future__ import annotations

from .site import PublicSiteSummary, build_site, export_public_site
from .site_folder import SiteFolderError, SiteFolderNotEmptyError, check_site_folder

__all__ = [
    "PublicSiteSummary",
    "SiteFolderError",
    "SiteFolderNotEmptyError",
    "build_site",
    "check_site_folder",
    "export_public_site",
]
