"""The user name changes and exports are recorded under, as configured in the window.

The window asks for it once (課名と氏名) and keeps it in the user's settings file,
an INI file written by Qt.  The command line reads the same file with the standard
library, so that an export from either names the same person, not the login name.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["USER_NAME_KEY", "configured_user_name", "settings_file"]

USER_NAME_KEY = "user/name"
_ORGANISATION = "ShiraokaCity"
_FILE_NAME = "shiraoka-dx.ini"


def settings_file() -> Path:
    """Where Qt keeps the user's INI settings (QSettings, IniFormat, UserScope)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / _ORGANISATION / _FILE_NAME


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unescape(value: str) -> str:
    """A value as Qt writes it to an INI file: "…" quoting and backslash escapes (\\" \\\\ \\xNNNN …)."""
    out: list[str] = []
    index = 0
    while index < len(value):
        character = value[index]
        index += 1
        if character == '"':
            continue  # quotes only protect commas and spaces
        if character != "\\" or index >= len(value):
            out.append(character)
            continue
        escaped = value[index]
        index += 1
        if escaped == "x":
            digits = ""
            while index < len(value) and len(digits) < 4 and value[index] in "0123456789abcdefABCDEF":
                digits += value[index]
                index += 1
            out.append(chr(int(digits, 16)) if digits else "x")
        else:
            out.append(_ESCAPES.get(escaped, escaped))
    return "".join(out)


def configured_user_name(path: Path | None = None) -> str | None:
    """The name set in the window (［ファイル］→［利用者名の設定］), or ``None`` if none is set."""
    import configparser  # only the command line reads the file this way

    parser = configparser.ConfigParser(interpolation=None)
    try:
        with (path or settings_file()).open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    section, _slash, key = USER_NAME_KEY.partition("/")
    value = parser.get(section, key, fallback="")
    name = _unescape(value.strip()).strip()
    return name or None
