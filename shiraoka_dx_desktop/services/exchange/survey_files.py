"""Where a round's workbooks go: the folder, made when first needed, and each section's file name."""

from __future__ import annotations

import re
from pathlib import Path

from ...domain.era import format_fiscal_year
from ..atomic_file import FileWriteError

__all__ = ["make_folder", "survey_file_name"]

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def survey_file_name(fiscal_year: int, section_name: str) -> str:
    """``進捗照会_令和7年度_総務課.xlsx``: what Windows accepts in a file name."""
    safe = _UNSAFE.sub("_", section_name).strip(" .") or "課"
    return f"進捗照会_{format_fiscal_year(fiscal_year)}_{safe}.xlsx"


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileWriteError(
            f"照会用ブックの保存先のフォルダ「{folder}」を作れません（{error.strerror or error}）。"
            "書き込めるフォルダを指定してください。",
            folder,
        ) from error
