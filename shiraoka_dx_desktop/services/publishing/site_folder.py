"""Writing the site into its folder as a whole: the new site complete, or the old folder untouched.

The pages are written into a temporary folder beside the destination (the same drive, so
that the renames are cheap and atomic), each file flushed to disk.  Only then does the
temporary folder take the destination's name: an existing folder is first renamed aside,
the new one renamed in, and the old one removed.  If anything fails before that, the
temporary folder is removed and the destination is as it was; if the new folder cannot be
renamed in, the old one is renamed back.

A folder that is not empty is replaced only when asked (``force``), and even then only if
everything in it is what a site consists of (pages, stylesheets, the 概要版 PDF, and the files Windows
and macOS leave in folders): choosing ドキュメント by mistake never deletes documents.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ...logs import log
from ...storage.errors import KnownError
from .html_parts import SUMMARY_PDF

__all__ = ["SiteFolderError", "SiteFolderNotEmptyError", "check_site_folder", "write_site"]

SITE_SUFFIXES = (".html", ".css")
# PDFs by name only: a folder of someone's own PDFs is never taken for a site.
SITE_NAMES = frozenset({SUMMARY_PDF})
_SYSTEM_LITTER = {"thumbs.db", "desktop.ini", ".ds_store"}


class SiteFolderError(KnownError):
    """The site could not be written into the folder; the folder was left as it was."""


class SiteFolderNotEmptyError(SiteFolderError):
    """The folder holds files already and replacing them was not asked for."""


def _foreign_entries(folder: Path) -> list[str]:
    """Names in ``folder`` that a site written here would not have."""
    foreign = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.lower() in _SYSTEM_LITTER:
            continue
        if entry.is_dir() or (entry.suffix.lower() not in SITE_SUFFIXES and entry.name.lower() not in SITE_NAMES):
            foreign.append(entry.name)
    return foreign


def check_site_folder(folder: Path) -> bool:
    """Whether writing into ``folder`` replaces something (True: it exists and is not empty).

    Raises :class:`SiteFolderError` if it cannot be written at all: its parent is missing,
    it is a file, or it holds anything other than a site's files.
    """
    parent = folder.parent
    if not parent.is_dir():
        raise SiteFolderError(
            f"保存先「{folder}」の親フォルダ「{parent}」がありません。フォルダを作成するか、別の保存先を選んでください。",
            folder,
        )
    if not folder.exists():
        return False
    if not folder.is_dir():
        raise SiteFolderError(
            f"「{folder}」はファイルです。公開用のページは、空のフォルダか新しいフォルダに書き出してください。", folder
        )
    try:
        foreign = _foreign_entries(folder)
        empty = not any(folder.iterdir())
    except OSError as error:
        raise SiteFolderError(
            f"フォルダ「{folder}」の中身を確かめられません（{error.strerror or error}）。", folder
        ) from error
    if foreign:
        example = "」「".join(foreign[:3]) + ("」など" if len(foreign) > 3 else "」")
        raise SiteFolderError(
            f"フォルダ「{folder}」には公開用のページ以外のもの（「{example}）があるため、置き換えません。"
            "空のフォルダか新しいフォルダを選んでください（フォルダの中身は変更していません）。",
            folder,
        )
    return not empty


def write_site(folder: Path, files: Mapping[str, bytes], *, force: bool = False) -> bool:
    """Put exactly ``files`` (name → content) into ``folder``; True if it replaced a folder that was not empty.

    A folder that is not empty is refused with :class:`SiteFolderNotEmptyError` unless ``force``.
    """
    replaces = check_site_folder(folder)
    if replaces and not force:
        raise SiteFolderNotEmptyError(
            f"フォルダ「{folder}」は空ではありません。中身を公開用のページで置き換えてよければ、"
            "上書きを指定して（コマンドでは --force を付けて）もう一度書き出すか、空のフォルダを選んでください"
            "（フォルダの中身は変更していません）。",
            folder,
        )
    try:
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".書出し中"))
    except OSError as error:
        raise _folder_error(folder, error) from error
    try:
        for name, content in files.items():
            write_page(staging / name, content)
        staging.chmod(0o755)
        _move_into_place(staging, folder)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise _folder_error(folder, error) from error
        raise
    return replaces


def write_page(path: Path, content: bytes) -> None:
    """One file of the site, flushed to disk before the folder is renamed into place."""
    with path.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _aside_name(folder: Path) -> Path:
    for number in range(1, 1000):
        candidate = folder.with_name(f".{folder.name}.置き換え前.{os.getpid()}.{number}")
        if not candidate.exists():
            return candidate
    raise SiteFolderError(f"「{folder}」の隣に一時的なフォルダを作れません。", folder)  # pragma: no cover


def _move_into_place(staging: Path, folder: Path) -> None:
    if not folder.exists():
        staging.rename(folder)
        return
    aside = _aside_name(folder)
    try:
        folder.rename(aside)
    except OSError as error:
        raise SiteFolderError(
            f"フォルダ「{folder}」を置き換えられません（{error.strerror or error}）。"
            "エクスプローラーやブラウザなどでこのフォルダの中のファイルを開いていれば閉じてから、"
            "もう一度書き出してください（フォルダの中身は変更していません）。",
            folder,
        ) from error
    try:
        staging.rename(folder)
    except OSError:
        aside.rename(folder)  # the old site back where it was
        raise
    try:
        shutil.rmtree(aside)
    except OSError as error:  # the new site is in place; only the old copy is left over
        log.warning("could not remove the replaced site folder: %s", type(error).__name__)
        with contextlib.suppress(OSError):
            shutil.rmtree(aside, ignore_errors=True)


def _folder_error(folder: Path, error: OSError) -> SiteFolderError:
    if isinstance(error, PermissionError):
        return SiteFolderError(
            f"「{folder.parent}」に書き込む権限がありません。"
            "書き込みできるフォルダ（ドキュメントやデスクトップなど）を選んでください（フォルダの中身は変更していません）。",
            folder,
        )
    detail = error.strerror or str(error)
    return SiteFolderError(
        f"公開用のページを「{folder}」に書き出せませんでした（{detail}）。"
        "空き容量を確かめるか、別の保存先を選んで、もう一度書き出してください（フォルダの中身は変更していません）。",
        folder,
    )
