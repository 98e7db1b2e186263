"""Checks on a file before any parser sees it: is it a workbook at all, and a safe one?

An .xlsx file is a zip archive of XML parts.  Before python-calamine reads it,
the zip directory is checked (entry count, sizes, compression ratio), so that a
decompression bomb is refused without being decompressed, and the parts are
checked for macros and for XML that declares a document type or entities (the
reader is never handed an entity to expand).  Every refusal names the file and
says what to do, in Japanese.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ...storage.errors import KnownError

__all__ = ["ImportRefusedError", "Limits", "check_workbook_file"]


class ImportRefusedError(KnownError):
    """The file cannot be imported; the database has not been touched."""


@dataclass(frozen=True)
class Limits:
    # Large enough for 10,000 initiatives (a few MB), far below what would hurt.
    file_bytes: int = 64 * 1024 * 1024
    entries: int = 2_000
    entry_bytes: int = 256 * 1024 * 1024
    total_bytes: int = 768 * 1024 * 1024
    # XML compresses well, but not a thousandfold; bombs do.
    ratio: int = 200
    ratio_from_bytes: int = 1024 * 1024  # small parts may compress further without harm


DEFAULT_LIMITS = Limits()
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: an encrypted .xlsx or an old .xls
_PROLOG_BYTES = 4096  # a DOCTYPE must come before the root element


def _refuse(path: Path, problem: str, action: str) -> ImportRefusedError:
    return ImportRefusedError(
        f"「{path.name}」を取り込めません: {problem}。{action}（データベースは変更していません）", path
    )


def check_workbook_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise :class:`ImportRefusedError` unless ``path`` looks like a safe .xlsx workbook."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError as error:
        raise _refuse(path, "ファイルが見つかりません", "ファイルの場所を確かめてください") from error
    except OSError as error:
        raise _refuse(
            path, f"ファイルを読めません（{error.strerror}）", "ほかのプログラムで開いていれば閉じてください"
        ) from error
    if size == 0:
        raise _refuse(path, "ファイルが空です", "送り主にもう一度送ってもらってください")
    if size > limits.file_bytes:
        raise _refuse(
            path,
            f"ファイルが大きすぎます（{size // (1024 * 1024)} MB、上限 {limits.file_bytes // (1024 * 1024)} MB）",
            "このアプリケーションから書き出したブックか確かめてください",
        )
    if head.startswith(_OLE):
        raise _refuse(
            path,
            "パスワードで保護（暗号化）されたブック、または古い Excel 形式（.xls）です",
            "Excel でパスワードを解除し、「Excel ブック（.xlsx）」として保存し直してから取り込んでください",
        )
    if head.startswith(b"%PDF"):
        raise _refuse(path, "PDF ファイルです", "Excel ブック（.xlsx）を選んでください")
    if not head.startswith(_ZIP):
        raise _refuse(
            path,
            "Excel ブック（.xlsx）ではありません",
            "このアプリケーションから書き出し、Excel で編集して保存したブックを選んでください",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(path, archive, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as error:
        raise _refuse(
            path, "ファイルが壊れているか、途中までしかありません", "送り主にもう一度送ってもらってください"
        ) from error


def _check_archive(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    entries = archive.infolist()
    if len(entries) > limits.entries:
        raise _refuse(
            path,
            f"ブックの部品が多すぎます（{len(entries)} 個）",
            "このアプリケーションから書き出したブックか確かめてください",
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        packed = max(entry.compress_size, 1)
        too_big = entry.file_size > limits.entry_bytes or total > limits.total_bytes
        too_dense = entry.file_size > limits.ratio_from_bytes and entry.file_size / packed > limits.ratio
        if too_big or too_dense:
            raise _refuse(
                path,
                "展開すると極端に大きくなる部品を含んでいます（圧縮爆弾の疑い）",
                "このファイルは開かず、送り主に確認してください",
            )
    names = {entry.filename for entry in entries}
    content_types = _read_prolog(archive, "[Content_Types].xml", whole=True) if "[Content_Types].xml" in names else b""
    if "xl/workbook.xml" not in names or b"spreadsheetml" not in content_types:
        raise _refuse(
            path,
            "Excel ブック（.xlsx）の形をしていません",
            "このアプリケーションから書き出し、Excel で編集して保存したブックを選んでください",
        )
    if any(name.lower().endswith("vbaproject.bin") for name in names) or b"macroEnabled" in content_types:
        raise _refuse(
            path,
            "マクロを含むブック（.xlsm）です",
            "マクロは取り込めません。Excel で「Excel ブック（.xlsx）」として保存し直してから取り込んでください",
        )
    for name in names:
        if name.endswith((".xml", ".rels")):
            prolog = _read_prolog(archive, name)
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise _refuse(
                    path,
                    "文書型・実体の宣言を含む XML があります（安全のため読み込みません）",
                    "このファイルは開かず、送り主に確認してください",
                )


def _read_prolog(archive: zipfile.ZipFile, name: str, *, whole: bool = False) -> bytes:
    # Small reads only: the declared size caps what zipfile decompresses, the limit caps what we keep.
    with archive.open(name) as part:
        return part.read(256 * 1024 if whole else _PROLOG_BYTES)
