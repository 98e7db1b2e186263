"""Where things live: the user's database, and the files shipped with the application."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "APP_AUTHOR",
    "APP_NAME",
    "BOLD_FONT_FILE",
    "DB_ENV_VAR",
    "REGULAR_FONT_FILE",
    "default_database_path",
    "fonts_dir",
    "migrations_dir",
    "resolve_database_path",
    "resources_dir",
    "seed_file",
    "shipped_dir",
]

APP_NAME = "shiraoka-dx"
APP_AUTHOR = "ShiraokaCity"
DB_ENV_VAR = "SHIRAOKA_DX_DB"
DATABASE_FILE_NAME = "shiraoka-dx.sqlite"


def shipped_dir() -> Path:
    """The folder holding ``db/`` and ``resources/``.

    A frozen build unpacks them into its `_internal` contents folder (`sys._MEIPASS`); a wheel carries them in
    the package as ``_shipped``; a source checkout has them at its root.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    package = Path(__file__).resolve().parent
    bundled = package / "_shipped"
    if bundled.is_dir():
        return bundled
    return package.parent


def migrations_dir() -> Path:
    return shipped_dir() / "db" / "migrations"


def seed_file() -> Path:
    return shipped_dir() / "db" / "seed" / "shiraoka-dx-policy.toml"


def resources_dir() -> Path:
    return shipped_dir() / "resources"


# The bundled BIZ UDPGothic: the window's font and the printouts' alike.
REGULAR_FONT_FILE = "BIZUDPGothic-Regular.ttf"
BOLD_FONT_FILE = "BIZUDPGothic-Bold.ttf"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def default_database_path() -> Path:
    """The database in the user's data folder (``%LOCALAPPDATA%`` on Windows)."""
    import platformdirs  # not needed when the database is named (--db, SHIRAOKA_DX_DB)

    data_dir = platformdirs.user_data_path(APP_NAME, APP_AUTHOR, roaming=False)
    return data_dir / DATABASE_FILE_NAME


def resolve_database_path(option: str | None, environ: Mapping[str, str] = os.environ) -> tuple[Path, bool]:
    """The database to open and whether the user chose it.

    ``--db`` wins over ``SHIRAOKA_DX_DB``, which wins over the default.  A
    path the user chose must be in a folder that exists; the default folder
    is created when missing.
    """
    chosen = option or environ.get(DB_ENV_VAR) or None
    if chosen:
        return Path(chosen).expanduser(), True
    return default_database_path(), False
