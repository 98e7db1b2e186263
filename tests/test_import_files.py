"""Bad files are refused with a message naming the file and the problem; the database stays exactly as it was."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from shiraoka_dx_desktop.cli import main
from shiraoka_dx_desktop.services.importing.guard import ImportRefusedError, Limits, check_workbook_file

from .terminals import Terminal

KIOSK = "キオスク端末の導入"


@pytest.fixture
def secretariat(tmp_path: Path, pristine_database: Path) -> Iterator[Terminal]:
    terminal = Terminal(tmp_path / "事務局", "事務局", pristine_database)
    yield terminal
    terminal.close()


@pytest.fixture
def exported(secretariat: Terminal) -> Path:
    return secretariat.export()


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """Copy a zip, replacing (or, with None, dropping) some entries and adding others."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            if entry.filename in change:
                continue
            new.writestr(entry, old.read(entry.filename))
        for name, data in change.items():
            if data is not None:
                new.writestr(name, data)
    return target


def _refused(terminal: Terminal, path: Path, *phrases: str) -> str:
    before = terminal.state()
    with pytest.raises(ImportRefusedError) as raised:
        terminal.prepare(path)
    message = raised.value.message
    assert path.name in message and "データベースは変更していません" in message
    for phrase in phrases:
        assert phrase in message
    assert terminal.state() == before
    return message


def test_a_text_file_named_xlsx_is_refused(secretariat: Terminal, tmp_path: Path) -> None:
    path = tmp_path / "memo.xlsx"
    path.write_text("これはメモです", encoding="utf-8")
    _refused(secretariat, path, "Excel ブック（.xlsx）ではありません")


def test_a_renamed_pdf_is_refused(secretariat: Terminal, tmp_path: Path) -> None:
    path = tmp_path / "工程表.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    _refused(secretariat, path, "PDF ファイルです")


def test_an_empty_file_is_refused(secretariat: Terminal, tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    _refused(secretariat, path, "ファイルが空です")


def test_a_truncated_workbook_is_refused(secretariat: Terminal, exported: Path, tmp_path: Path) -> None:
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(exported.read_bytes()[: exported.stat().st_size // 2])
    _refused(secretariat, path, "壊れているか、途中までしかありません")


def test_an_encrypted_workbook_is_refused(secretariat: Terminal, tmp_path: Path) -> None:
    # Excel saves a password-protected workbook as an OLE compound file.
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    _refused(secretariat, path, "パスワードで保護（暗号化）", "パスワードを解除")


def test_a_macro_enabled_workbook_is_refused(secretariat: Terminal, exported: Path, tmp_path: Path) -> None:
    path = _rewrite(exported, tmp_path / "macro.xlsx", {"xl/vbaProject.bin": b"\x00" * 64})
    _refused(secretariat, path, "マクロを含むブック")


def test_a_workbook_of_another_layout_is_refused(secretariat: Terminal, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["名前", "金額"])
    workbook.active.append(["会議費", 1200])
    path = tmp_path / "家計簿.xlsx"
    workbook.save(path)
    _refused(secretariat, path, "書き出したブックの形ではありません")


def test_a_workbook_from_a_newer_version_is_refused(secretariat: Terminal, exported: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["_exchange"]
    row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "format_version")
    sheet.cell(row, 2).value = 99
    # From another terminal's newer version: not this database's own 書出し番号 (a file this database wrote
    # cannot be newer than it; opening refuses a database a newer version wrote).
    cover = workbook["表紙"]
    point = next(r for r in range(1, 30) if cover.cell(r, 2).value == "書出し番号")
    cover.cell(point, 3).value = "another-terminal/1/0000000000000000/"
    path = tmp_path / "newer.xlsx"
    workbook.save(path)
    _refused(secretariat, path, "新しい版のアプリケーション", "最新版")


def test_a_decompression_bomb_is_refused_before_it_is_expanded(
    secretariat: Terminal, exported: Path, tmp_path: Path
) -> None:
    bomb = b"\x00" * (16 * 1024 * 1024)  # 16 MB of zeros packs into a few kB
    path = _rewrite(exported, tmp_path / "bomb.xlsx", {"xl/media/zeros.bin": bomb})
    _refused(secretariat, path, "圧縮爆弾")


def test_xml_with_entity_declarations_is_refused(secretariat: Terminal, exported: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(exported) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
    declaration = '<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    evil = workbook.replace("?>", "?>" + declaration, 1) if "?>" in workbook else declaration + workbook
    path = _rewrite(exported, tmp_path / "entities.xlsx", {"xl/workbook.xml": evil.encode("utf-8")})
    _refused(secretariat, path, "実体の宣言")


def test_openpyxl_parses_with_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_limits_on_size_and_entries(exported: Path) -> None:
    with pytest.raises(ImportRefusedError, match="大きすぎます"):
        check_workbook_file(exported, Limits(file_bytes=1024))
    with pytest.raises(ImportRefusedError, match="部品が多すぎます"):
        check_workbook_file(exported, Limits(entries=3))
    check_workbook_file(exported)  # the real thing passes


def test_a_missing_file_is_refused(secretariat: Terminal, tmp_path: Path) -> None:
    _refused(secretariat, tmp_path / "どこにもない.xlsx", "見つかりません")


# -- the command line ------------------------------------------------------------------------


def _edited(source: Path, target: Path, description: str) -> Path:
    workbook = openpyxl.load_workbook(source)
    sheet = workbook["取組項目"]
    headings = {cell.value: cell.column for cell in sheet[1]}
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, headings["取組項目"]).value == KIOSK)
    sheet.cell(row, headings["説明"]).value = description
    workbook.save(target)
    return target


def test_command_line_applies_and_reports(
    secretariat: Terminal, exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _edited(exported, tmp_path / "returned.xlsx", "コマンドで取り込んだ説明")
    db = str(secretariat.database.path)
    assert main(["--db", db, "import", str(file), "--dry-run"]) == 0
    assert "変更 1 件" in capsys.readouterr().out
    assert secretariat.initiative(KIOSK).description != "コマンドで取り込んだ説明"
    assert main(["--db", db, "import", str(file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["applied"] is True
    (changed,) = report["changed"]
    assert changed["subgroup"] == KIOSK and changed["fields"]["description"]["new"] == "コマンドで取り込んだ説明"
    assert secretariat.initiative(KIOSK).description == "コマンドで取り込んだ説明"
    assert any("before-import" in p.name for p in (secretariat.folder / "backups").iterdir())


def test_command_line_stops_on_conflicts_unless_told(
    secretariat: Terminal, exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _edited(exported, tmp_path / "returned.xlsx", "相手の説明")
    secretariat.describe(KIOSK, "こちらの説明")
    db = str(secretariat.database.path)
    assert main(["--db", db, "import", str(file)]) == 3
    assert "競合が 1 件あるため、何も適用していません" in capsys.readouterr().out
    assert secretariat.initiative(KIOSK).description == "こちらの説明"
    assert main(["--db", db, "import", str(file), "--on-conflict", "keep-mine"]) == 0
    assert secretariat.initiative(KIOSK).description == "こちらの説明"
    capsys.readouterr()
    # Decided once: the same file brings nothing new.
    assert main(["--db", db, "import", str(file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["conflicts"] == []


def test_command_line_refuses_a_bad_file_with_exit_2(
    secretariat: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "memo.xlsx"
    shutil.copyfile(__file__, path)
    assert main(["--db", str(secretariat.database.path), "import", str(path)]) == 2
    assert "memo.xlsx" in capsys.readouterr().err


def test_import_log_records_each_import(secretariat: Terminal, exported: Path, tmp_path: Path) -> None:
    from shiraoka_dx_desktop.services.importing.service import load_import_log

    file = _edited(exported, tmp_path / "returned.xlsx", "記録される説明")
    secretariat.import_(file)
    (entry,) = load_import_log(secretariat.database)
    assert entry.file_name == "returned.xlsx" and entry.imported_by == "事務局"
    assert entry.origin_user == "事務局" and not entry.degraded
    assert [c["outcome"] for c in entry.summary["changed"]] == ["applied"]
    assert len(entry.file_sha256) == 64


def test_a_file_with_nothing_to_apply_is_logged_from_the_command_line_too(
    secretariat: Terminal, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(secretariat.database.path)

    def logged() -> list[str]:
        with secretariat.database.reader() as connection:
            return [name for (name,) in connection.execute("SELECT file_name FROM import_log")]

    assert main(["--db", db, "import", str(exported), "--dry-run"]) == 0
    assert logged() == []  # a dry run writes nothing
    assert main(["--db", db, "import", str(exported)]) == 0
    assert logged() == [exported.name]
