"""The command line: ``shiraoka-dx [--db PATH] [command]``.

With no command the desktop application opens.  Exit status: 0 success,
1 the check found problems (or no display for the window), 2 the database
could not be opened as asked, or an export file could not be written.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import getpass
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__, paths
from .logs import configure_logging, log
from .services.reports import REPORT_KEYS, REPORTS
from .storage.database import Database
from .storage.errors import KnownError
from .storage.instance_lock import InstanceLock
from .storage.opening import open_database
from .storage.record_kinds import KINDS

if TYPE_CHECKING:
    from .storage.checks import CheckReport

__all__ = ["main", "recorded_user", "terminal_user"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_REFUSED = 2
EXIT_CONFLICTS = 3
EXIT_BROKEN_PIPE = 141  # what a shell reports for a program whose reader went away (128 + SIGPIPE)

# The counts `check` prints, named by their record kinds (two more fully than the import preview does).
COUNT_LABELS = {kind.counted_as: kind.label for kind in KINDS if kind.counted_as} | {
    "areas": "取組（政策分野）",
    "bodies": "推進体制の組織",
}


def terminal_user() -> str:
    """The login name of whoever runs the application (the window asks for 課名と氏名 on top of it)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment
        return "不明な利用者"


def recorded_user() -> str:
    """Who exports and imports are recorded under: the name set in the window, as the window does, else the login name."""
    from .user_name import configured_user_name

    return configured_user_name() or terminal_user()


def _opens_the_window(argv: Sequence[str]) -> bool:
    """Whether the arguments are only what a shortcut starting the window passes: none, or ``--db PATH``."""
    return not argv or (len(argv) == 2 and argv[0] == "--db") or (len(argv) == 1 and argv[0].startswith("--db="))


def _window_parser() -> argparse.ArgumentParser:
    """The options common to every command; alone, it parses a start of the window."""
    parser = argparse.ArgumentParser(
        prog="shiraoka-dx",
        description="白岡市DX推進全体方針の取組項目・工程表・推進体制を管理します。コマンドを省略するとウィンドウを開きます。",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"使うデータベースファイル（既定: 環境変数 {paths.DB_ENV_VAR}、なければ利用者のデータフォルダ）",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.set_defaults(command=None)
    return parser


_YEAR_FORMS = "令和7年度、R7、2025 のいずれの書き方でも可（既定: 今年度）"


def _parser() -> argparse.ArgumentParser:
    """Every command (building them takes about 8 ms, which a start of the window need not pay)."""
    parser = _window_parser()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="データベースの整合性を検査し、件数を表示します")
    check.add_argument("--json", action="store_true", help="結果を JSON で出力します")
    _add_export(
        commands.add_parser(
            "export", help="Excelブック、工程表のCSV、印刷用のPDF、概要版、公開用のページを書き出します"
        )
    )
    progress = commands.add_parser(
        "progress", help="年度ごとの進捗の記入状況（事業主管課ごとの取組項目数・記入済み・未記入）を表示します"
    )
    progress.add_argument("--year", metavar="年度", help=f"年度: {_YEAR_FORMS}")
    progress.add_argument("--json", action="store_true", help="結果を JSON で出力します")
    _add_edition(
        commands.add_parser("edition", help="方針の版: 今のデータを新しい版として保存し、版の一覧を表示します")
    )
    backup = commands.add_parser("backup", help="データベースのバックアップを作ります")
    backup.add_argument(
        "dest",
        metavar="DEST",
        type=Path,
        nargs="?",
        help="保存先のファイルまたはフォルダ（既定: データベースの隣の backups フォルダ）",
    )
    restore = commands.add_parser(
        "restore", help="バックアップからデータベースを復元します（置き換える前の写しを残します）"
    )
    restore.add_argument("backup", metavar="BACKUP", type=Path, help="復元するバックアップファイル")
    _add_import(
        commands.add_parser(
            "import",
            help="各課から戻ったExcelブックを取り込みます（三者比較で統合）",
            description="終了コード: 0 適用した（または適用するものがない）、2 ファイルを取り込めない（データベースは変更なし）、"
            "3 競合が残ったため何も適用していない。",
        )
    )
    return parser


def _add_export(export: argparse.ArgumentParser) -> None:
    formats = export.add_subparsers(dest="format", metavar="FORMAT", required=True)
    xlsx = formats.add_parser("xlsx", help="会議資料・照会用のExcelブック（.xlsx）を書き出します")
    xlsx.add_argument("out", metavar="OUT.xlsx", type=Path, help="書き出すファイル")
    xlsx.add_argument("--paper", choices=("A3", "A4"), default="A3", help="印刷用紙（横向き、既定: A3）")
    xlsx.add_argument("--year", metavar="年度", help=f"進捗シートの年度: {_YEAR_FORMS}")
    xlsx.add_argument(
        "--edition", metavar="NAME", help="保存した版（例: 第3版）の内容で書き出します（既定: 今のデータ）"
    )
    survey = formats.add_parser(
        "survey", help="各課への照会: 事業主管課ごとに、その課の取組項目だけの照会用ブックを書き出します"
    )
    survey.add_argument("out", metavar="OUTDIR", type=Path, help="書き出すフォルダ（なければ作ります）")
    survey.add_argument("--year", metavar="年度", help=f"照会する年度: {_YEAR_FORMS}")
    survey.add_argument("--paper", choices=("A3", "A4"), default="A3", help="印刷用紙（横向き、既定: A3）")
    comparison = formats.add_parser(
        "comparison", help="新旧対照表: 二つの版の違いだけを改正前・改正後の二段で、PDF か Excel ブックに書き出します"
    )
    comparison.add_argument(
        "out", metavar="OUT.pdf|OUT.xlsx", type=Path, help="書き出すファイル（拡張子で形式を選びます）"
    )
    comparison.add_argument("--from", dest="old", metavar="NAME", required=True, help="改正前の版（例: 第3版）")
    comparison.add_argument(
        "--to", dest="new", metavar="NAME", help="改正後の版（既定: 今のデータ＝次の版の作業中の内容）"
    )
    comparison.add_argument("--paper", choices=("A3", "A4"), default="A3", help="用紙（横向き、既定: A3）")
    html = formats.add_parser(
        "html", help="市のウェブサイトに載せる公開用のページ（index.html ほか）をフォルダに書き出します"
    )
    html.add_argument("out", metavar="OUTDIR", type=Path, help="書き出すフォルダ（なければ作ります）")
    html.add_argument("--force", action="store_true", help="空でないフォルダの中身を置き換えます")
    html.add_argument("--edition", metavar="NAME", help="保存した版（例: 第4版）を公開します（既定: 今のデータ）")
    summary = formats.add_parser(
        "summary",
        help="概要版: 方針の要点（ビジョン、視点、取組と取組項目、推進体制）を A4 縦 1 ページの PDF に書き出します",
    )
    summary.add_argument("out", metavar="OUT.pdf", type=Path, help="書き出すファイル")
    summary.add_argument(
        "--edition", metavar="NAME", help="保存した版（例: 第3版）の概要版にします（既定: 今のデータ）"
    )
    csv = formats.add_parser("csv", help="工程表をCSV（UTF-8、BOM付き）で書き出します")
    csv.add_argument("out", metavar="OUT.csv", type=Path, help="書き出すファイル")
    pdf = formats.add_parser(
        "pdf", help="工程表・取組項目一覧・推進体制、年度の進捗状況報告を印刷用のPDFで書き出します"
    )
    pdf.add_argument("out", metavar="OUT.pdf", type=Path, help="書き出すファイル")
    pdf.add_argument("--paper", choices=("A3", "A4"), default="A3", help="用紙（横向き、既定: A3）")
    pdf.add_argument(
        "--report",
        choices=REPORT_KEYS,
        default="roadmap",
        help="、".join(f"{spec.key} {spec.help}" for spec in REPORTS),
    )
    pdf.add_argument(
        "--year",
        metavar="年度",
        help=f"進捗状況報告（--report progress）の年度: {_YEAR_FORMS}",
    )
    pdf.add_argument("--edition", metavar="NAME", help="保存した版（例: 第3版）を、その版のとおりに印刷します")


def _add_edition(edition: argparse.ArgumentParser) -> None:
    actions = edition.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="今のデータ全体を新しい版として保存します（版は後から変わりません）")
    new.add_argument("name", metavar="NAME", help="版の名前（例: 第4版）")
    new.add_argument("--date", metavar="年月", help="策定・改訂の年月: 令和8年4月 または 2026-04（既定: 今月）")
    new.add_argument("--note", metavar="TEXT", default="", help="版の説明（改訂の理由など）")
    listing = actions.add_parser("list", help="版の一覧")
    listing.add_argument("--json", action="store_true", help="結果を JSON で出力します")


def _add_import(imports: argparse.ArgumentParser) -> None:
    imports.add_argument("file", metavar="FILE", type=Path, help="取り込むブック（.xlsx）")
    imports.add_argument("--dry-run", action="store_true", help="報告だけして、何も書き込みません")
    imports.add_argument("--json", action="store_true", help="報告を JSON で出力します")
    imports.add_argument(
        "--on-conflict",
        choices=("abort", "keep-mine", "take-theirs"),
        default="abort",
        help="競合の扱い: abort 何も適用しない（既定）、keep-mine こちらを維持、take-theirs 相手の値を採用",
    )


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] = os.environ) -> int:
    """Run the command line; returns the exit status."""
    _use_utf8_output()
    given = sys.argv[1:] if argv is None else list(argv)
    arguments = (_window_parser() if _opens_the_window(given) else _parser()).parse_args(given)
    path, chosen = paths.resolve_database_path(arguments.db, environ)
    if path.parent.is_dir():  # a folder the user named but that is missing is refused below, not created
        configure_logging(path)
    log.info("start %s %s (%s) database %s", __version__, arguments.command or "window", sys.platform, path)
    if arguments.command is None:
        return _run_gui(path, chosen, environ)
    # Commands that write take the same lock as the window: never two writers on one file.
    lock = (
        InstanceLock(path, arguments.command)
        if arguments.command in ("import", "restore", "edition") and path.parent.is_dir()
        else None
    )
    try:
        if lock is not None:
            lock.acquire()
        database = open_database(
            path, create_folder=not chosen, read_only_ok=arguments.command in ("check", "export", "backup", "progress")
        )
    except KnownError as error:
        if lock is not None:
            lock.release()
        if getattr(arguments, "json", False):
            _print_json({"ok": False, "database": str(path), "error": error.message})
        else:
            print(f"エラー: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        return _run_command(database, arguments)
    except BrokenPipeError:  # `shiraoka-dx progress | head`: the reader has what it wanted
        _drop_stdout()
        return EXIT_BROKEN_PIPE
    finally:
        if lock is not None:
            lock.release()


def _drop_stdout() -> None:
    """Send what is left of standard output nowhere, so that flushing it at exit fails no more."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _run_command(database: Database, arguments: argparse.Namespace) -> int:
    with database:
        if arguments.command == "check":
            return _check(database, as_json=arguments.json)
        if arguments.command == "export":
            return _export(database, arguments)
        if arguments.command == "import":
            return _import(database, arguments)
        if arguments.command in ("backup", "restore"):
            return _backup_or_restore(database, arguments)
        if arguments.command == "progress":
            return _progress(database, arguments)
        if arguments.command == "edition":
            return _edition(database, arguments)
    raise AssertionError(f"unhandled command {arguments.command}")  # pragma: no cover


def _check(database: Database, *, as_json: bool) -> int:
    from .storage.checks import run_checks  # SQLAlchemy: not for the window's start-up

    report = run_checks(database)
    if as_json:
        _print_json(
            {
                "ok": report.ok,
                "database": report.path,
                "schema": report.schema_revision,
                "counts": report.counts,
                "problems": [{"code": p.code, "message": p.message} for p in report.problems],
            }
        )
    else:
        _print_report(report, sys.stdout)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _progress(database: Database, arguments: argparse.Namespace) -> int:
    from .domain.era import format_fiscal_year
    from .services.progress import fiscal_year_for_report, load_progress, section_progress
    from .services.snapshot import load_snapshot
    from .services.survey_status import returned_by_section_name

    snapshot = load_snapshot(database)
    try:
        year = fiscal_year_for_report(snapshot, arguments.year)
    except KnownError as error:
        print(f"エラー: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    sections = section_progress(snapshot, load_progress(database, year))
    returned = returned_by_section_name(database, snapshot).get(year, {})
    if arguments.json:
        rows = [
            {
                "section": s.section,
                "initiatives": s.initiatives,
                "entered": s.entered,
                "missing": s.missing,
                "returned_at": _iso(returned.get(s.section)),
            }
            for s in sections
        ]
        _print_json({"fiscal_year": year, "label": format_fiscal_year(year), "sections": rows})
        return EXIT_OK
    print(f"{format_fiscal_year(year)}の進捗の記入状況（事業主管課ごと）")
    width = max([len("（事業主管課が未設定）"), *(len(s.section) for s in sections)])
    print(f"  {'事業主管課'.ljust(width, '　')}  取組項目  記入済み  未記入  照会の返送")
    for item in sections:
        name = item.section or "（事業主管課が未設定）"
        back = _local_time(returned[item.section]) if item.section in returned else "—"
        counts = f"{item.initiatives:>8,d}  {item.entered:>8,d}  {item.missing:>6,d}"
        print(f"  {name.ljust(width, '　')}  {counts}  {back}")
    total = sum(s.initiatives for s in sections), sum(s.entered for s in sections)
    print(f"  {'合計'.ljust(width, '　')}  {total[0]:>8,d}  {total[1]:>8,d}  {total[0] - total[1]:>6,d}")
    return EXIT_OK


def _edition(database: Database, arguments: argparse.Namespace) -> int:
    from .services.editions import create_edition, list_editions, parse_edition_date

    try:
        if arguments.action == "new":
            today = dt.date.today()
            year, month = parse_edition_date(arguments.date) if arguments.date else (today.year, today.month)
            made = create_edition(
                database, arguments.name, year=year, month=month, note=arguments.note, user=recorded_user()
            )
            log.info("edition %s made", made.label)
            print(f"「{made.label}」（{made.issued}）として今のデータ全体を保存しました。")
            return EXIT_OK
    except KnownError as error:
        print(f"エラー: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    editions = list_editions(database)
    if arguments.json:
        rows = [
            {
                "number": e.number,
                "name": e.label,
                "action": e.action,
                "year": e.issued_year,
                "month": e.issued_month,
                "frozen": e.frozen,
                "frozen_at": _iso(e.frozen_at),
                "frozen_by": e.frozen_by,
                "note": e.note,
            }
            for e in editions
        ]
        _print_json({"editions": rows})
        return EXIT_OK
    for e in editions:
        kept = f"保存 {_local_time(e.frozen_at)} {e.frozen_by}" if e.frozen and e.frozen_at else "内容の保存なし"
        print(f"  {e.label}　{e.issued}　（{kept}）{('　' + e.note) if e.note else ''}")
    return EXIT_OK


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment is not None else None


def _local_time(moment: dt.datetime) -> str:
    from .domain.era import format_date

    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def _export(database: Database, arguments: argparse.Namespace) -> int:
    # Imported here: the exporters are not needed to open the window or to check.
    try:
        if arguments.format == "pdf":
            from .services.printing import write_pdf

            refusal = _year_refusal(arguments.report, arguments.year)
            if refusal:
                print(f"エラー: {refusal}", file=sys.stderr)
                return EXIT_REFUSED
            summary: Any = write_pdf(
                database,
                arguments.out,
                paper=arguments.paper,
                report=arguments.report,
                user=recorded_user(),
                fiscal_year=arguments.year,
                edition=arguments.edition,
            )
        elif arguments.format == "xlsx":
            summary = _workbook(database, arguments)
        elif arguments.format == "survey":
            from .services.exchange.survey_writer import export_survey

            summary = export_survey(
                database,
                arguments.out,
                fiscal_year=_fiscal_year(database, arguments.year),
                paper=arguments.paper,
                user=recorded_user(),
            )
        elif arguments.format == "comparison":
            summary = _comparison(database, arguments)
        elif arguments.format == "summary":
            summary = _summary(database, arguments)
        elif arguments.format == "html":
            from .services.publishing import export_public_site

            summary = export_public_site(database, arguments.out, force=arguments.force, edition=arguments.edition)
        else:
            from .services.exchange import export_roadmap_csv

            summary = export_roadmap_csv(database, arguments.out)
    except KnownError as error:
        log.warning("export %s refused: %s", arguments.format, type(error).__name__)
        print(f"エラー: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    log.info("export %s to %s", arguments.format, arguments.out)
    print(summary.describe())
    return EXIT_OK


def _fiscal_year(database: Database, text: str | None) -> int | None:
    """The fiscal year ``--year`` names, within the plan (None: not given); FiscalYearError otherwise."""
    if text is None:
        return None
    from .services.progress import fiscal_year_for_report
    from .services.snapshot import load_snapshot

    return fiscal_year_for_report(load_snapshot(database), text)


def _workbook(database: Database, arguments: argparse.Namespace) -> Any:
    """The exchange workbook of the working draft (its 進捗 sheet for ``--year``), or of ``--edition``."""
    if arguments.edition is not None:
        from .services.exchange.xlsx_writer import export_edition_workbook

        return export_edition_workbook(
            database, arguments.out, arguments.edition, paper=arguments.paper, user=recorded_user()
        )
    from .services.exchange import export_workbook

    return export_workbook(
        database,
        arguments.out,
        paper=arguments.paper,
        user=recorded_user(),
        fiscal_year=_fiscal_year(database, arguments.year),
    )


def _comparison(database: Database, arguments: argparse.Namespace) -> Any:
    """The 新旧対照表 between two editions (the second by default the working draft), as PDF or workbook."""
    from .services.editions import EditionError, edition_snapshot
    from .services.snapshot import load_snapshot

    suffix = arguments.out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise EditionError(
            f"「{arguments.out.name}」: 新旧対照表は PDF（.pdf）か Excel ブック（.xlsx）に書き出します。"
            "ファイル名の拡張子を .pdf か .xlsx にしてください。"
        )
    old = edition_snapshot(database, arguments.old)
    new = edition_snapshot(database, arguments.new) if arguments.new else load_snapshot(database)
    names = {"old_name": arguments.old.strip(), "new_name": arguments.new.strip() if arguments.new else "作業中の内容"}
    if suffix == ".pdf":
        from .services.printing.comparison import write_comparison_pdf

        return write_comparison_pdf(old, new, arguments.out, paper=arguments.paper, user=recorded_user(), **names)
    from .services.comparison.workbook import write_comparison_xlsx

    return write_comparison_xlsx(old, new, arguments.out, paper=arguments.paper, **names)


def _summary(database: Database, arguments: argparse.Namespace) -> Any:
    """The one-page 概要版 of the working draft, or of ``--edition`` (an unknown one: EditionError, nothing written)."""
    from .services.printing.summary import write_summary_pdf
    from .services.snapshot import load_snapshot

    if arguments.edition is not None:
        from .services.editions import edition_snapshot

        return write_summary_pdf(edition_snapshot(database, arguments.edition), arguments.out)
    return write_summary_pdf(load_snapshot(database), arguments.out)


def _year_refusal(report: str, year: str | None) -> str:
    """Why ``--year`` cannot go with ``report`` (a report not of one year), in Japanese; empty if it can."""
    from .services.reports import report as report_spec

    spec = report_spec(report)
    if year is None or spec.yearly:
        return ""
    yearly = next(other for other in REPORTS if other.yearly)
    return (
        f"--year（「{year}」）は{yearly.title}の年度を指定するものです。{spec.title}には年度がありません。"
        f"{yearly.title}なら --report {yearly.key} --year {year} と、{spec.title}なら --year を付けずに実行してください。"
    )


def _import(database: Database, arguments: argparse.Namespace) -> int:
    from .services.importing.grid_reader import collector_paused

    # One import and the process ends: the cycle collector would only rescan what was read, again and again.
    with collector_paused():
        return _run_import(database, arguments)


def _run_import(database: Database, arguments: argparse.Namespace) -> int:
    from .services.importing.grid_reader import start_reading

    try:
        # The file is read on its own thread while the modules that compare and write are imported.
        reading = start_reading(arguments.file)
        from .services.editing import Editor
        from .services.edits import EditRefusedError, WriteFailedError
        from .services.importing.merge import Resolution
        from .services.importing.report_text import report_lines
        from .services.importing.service import Decisions, apply_import, import_report, log_empty_import, prepare_import

        prepared = prepare_import(database, arguments.file, reading)
    except KnownError as error:
        if arguments.json:
            _print_json({"ok": False, "file": str(arguments.file), "error": error.message})
        else:
            print(f"エラー: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    policy = {"keep-mine": Resolution.KEEP_MINE, "take-theirs": Resolution.TAKE_THEIRS}.get(arguments.on_conflict)
    decisions = Decisions({}, policy)
    blocked = bool(prepared.plan.conflicts) and policy is None
    apply = not arguments.dry_run and not blocked and not prepared.plan.empty
    if apply or (prepared.plan.empty and not arguments.dry_run):
        try:
            if apply:
                apply_import(database, prepared, recorded_user(), decisions)
            else:  # logged all the same, as the window does: the secretariat sees every file it was sent
                log_empty_import(Editor(database, recorded_user()), prepared, recorded_user())
        except (KnownError, WriteFailedError) as error:
            print(f"エラー: {error.message}", file=sys.stderr)
            return EXIT_REFUSED
        except EditRefusedError as error:  # the merged result breaks a rule: nothing is applied
            print(f"エラー: 取り込んだ結果が保存できません: {error.message}（何も適用していません）", file=sys.stderr)
            return EXIT_REFUSED
    report = import_report(prepared, decisions=None if blocked else decisions, applied=apply)
    if arguments.json:
        _print_json(report)
    else:
        for line in report_lines(report):
            print(line)
        if blocked:
            print(
                f"競合が {len(prepared.plan.conflicts)} 件あるため、何も適用していません。"
                "画面の［取込］で一件ずつ決めるか、--on-conflict keep-mine / take-theirs を指定してください。"
            )
        elif arguments.dry_run:
            print("確認のみ（--dry-run）: 何も書き込んでいません。")
        elif apply:
            print("適用しました。取込前のバックアップは backups フォルダにあります。")
        else:
            print("取り込む変更はありません。")
    return EXIT_CONFLICTS if blocked else EXIT_OK


def _backup_or_restore(database: Database, arguments: argparse.Namespace) -> int:
    from .storage.backups import copy_database, make_backup, restore_database

    try:
        if arguments.command == "restore":
            restored = restore_database(database, arguments.backup)
            restored.database.close()
            print(f"「{arguments.backup}」から復元しました。置き換える前のデータは「{restored.kept}」に残しています。")
            return EXIT_OK
        if arguments.dest is None:
            target = make_backup(database.path, "manual")
        else:
            dest = Path(arguments.dest)
            if dest.is_dir():
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                dest = dest / f"{database.path.stem}-manual-{stamp}.sqlite"
            target = copy_database(database.path, dest)
    except KnownError as error:
        print(f"エラー: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"バックアップを作りました: {target}")
    return EXIT_OK


def _print_report(report: CheckReport, out: TextIO) -> None:
    print(f"データベース: {report.path}", file=out)
    print(f"スキーマの版: {report.schema_revision}", file=out)
    width = max(len(label) for label in COUNT_LABELS.values())
    for key, count in report.counts.items():
        print(f"  {COUNT_LABELS.get(key, key).ljust(width, '　')} {count:>7,d} 件", file=out)
    if report.ok:
        print("結果: 正常です。", file=out)
        return
    print(f"結果: {len(report.problems)} 件の問題が見つかりました。", file=out)
    for problem in report.problems:
        print(f"  - {problem.message}", file=out)
    print("バックアップから復元するか、事務局（DX推進課）に連絡してください。", file=out)


def _print_json(payload: object) -> None:
    import json  # not loaded by a start of the window

    print(json.dumps(payload, ensure_ascii=False, indent=2))


def _use_utf8_output() -> None:
    # Windows consoles default to a legacy code page that cannot print all Japanese.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            reconfigure(encoding="utf-8", errors="replace")


def _has_display(environ: Mapping[str, str]) -> bool:
    if not sys.platform.startswith("linux"):
        return True
    if environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def _run_gui(path: Path, chosen: bool, environ: Mapping[str, str]) -> int:
    if not _has_display(environ):
        print(
            "エラー: 画面（ディスプレイ）が見つからないため、ウィンドウを開けません。"
            "デスクトップ環境で起動するか、check などのコマンドを指定してください。",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    # Until the window has been painted, start-up only creates objects that live as long as
    # the window (modules, Qt's enums, the policy): collecting garbage then finds none and
    # takes about 15 ms.  The window turns the collector back on after its first paint.
    gc.disable()
    try:
        from .ui.app import run_application  # Qt is imported only for the window

        return run_application(path, create_folder=not chosen, user=terminal_user())
    finally:
        gc.enable()
