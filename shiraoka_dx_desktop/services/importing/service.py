"""Importing a workbook end to end: check, read, plan, and apply in one transaction with a log entry.

The screens and the command line both go through here.  Nothing is written
until :func:`apply_import`, and then everything is: after a backup copy of the
database, the chosen edits and the import log entry in one transaction (the
window's through its undo stack, so that the import is one step to undo).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from ...domain.identity import content_revision
from ...logs import log
from ...storage.backups import make_backup
from ...storage.database import Database
from ...storage.errors import KnownError
from ...storage.models import ImportLog, KnownRevision
from ..edits import Change, ChangeKind, Edit
from .describe import ENTITY_LABELS, Describer
from .grid_reader import GridReading, collector_paused, start_reading
from .merge import ImportPlan, ItemKind, MergeItem, Resolution, plan_merge
from .overlay import build_incoming
from .state import Key, LocalState, load_local_state
from .survey_check import check_survey_year
from .workbook_reader import read_workbook

if TYPE_CHECKING:
    from ..editing import Editor, Writer
    from ..exchange.schema import Survey

__all__ = [
    "AppliedImport",
    "Decisions",
    "ImportLogEntry",
    "ImportStep",
    "PreparedImport",
    "apply_import",
    "backup_before_import",
    "import_report",
    "load_import_log",
    "log_empty_import",
    "log_writer",
    "prepare_import",
    "start_reading",
    "undo_writer",
]


@dataclass
class PreparedImport:
    """A file read and compared with the database, nothing written yet."""

    plan: ImportPlan
    local: LocalState
    describer: Describer


@dataclass(frozen=True)
class Decisions:
    """What the user chose: per conflict, and items left out."""

    resolutions: Mapping[Key, Resolution | Mapping[str, Any]]
    default: Resolution | None = None
    skipped: frozenset[Key] = frozenset()

    def edits(self, plan: ImportPlan) -> list[Edit]:
        return plan.edits(self.resolutions, default=self.default, skipped=self.skipped)

    def fate(self, item: MergeItem) -> str:
        """applied, kept (mine kept) or rejected (left out)."""
        if item.key in self.skipped:
            return "rejected"
        if item.kind is not ItemKind.CONFLICT:
            return "applied"
        decision = self.resolutions.get(item.key, self.default)
        return "kept" if decision is Resolution.KEEP_MINE else "applied"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare_import(database: Database, path: Path, reading: GridReading | None = None) -> PreparedImport:
    """Check and read ``path`` and compare it with the database; raises ImportRefusedError.

    ``reading`` is the file already being read (:func:`~.grid_reader.start_reading`); the file is read
    while the database is.  (Reading the database on a third thread was tried: on two cores the threads
    only take turns, and it was slower.)
    """
    with collector_paused():
        if reading is None:
            reading = start_reading(path)
        local = load_local_state(database)
        raw = read_workbook(
            path,
            local.content_at,
            lambda point: local.wrote(point.database_id, point.history_seq, point.check),
            reading,
        )
        if raw.survey is not None:
            section = local.records.get(("section", raw.survey.section_id)) or {}
            check_survey_year(database, raw.survey, path, str(section.get("name", "")))
        incoming = build_incoming(raw, local, path=str(path), sha256=_sha256(path))
        plan = plan_merge(incoming, local)
        return PreparedImport(plan, local, Describer(plan, local))


def backup_before_import(database: Database) -> Path:
    """A copy of the database before an import writes to it; a :class:`KnownError` when it cannot be made."""
    import sqlite3

    try:
        return make_backup(database.path, "before-import")
    except (OSError, sqlite3.Error) as error:
        from ..editing import write_failure_message

        raise KnownError(
            "取込の前のバックアップを作れないため、取り込みません: " + write_failure_message(database.path, error),
            database.path,
        ) from error


def log_writer(prepared: PreparedImport, decisions: Decisions, user: str, now: dt.datetime | None = None) -> Writer:
    """Writes the import log entry, inside the import's own transaction, with what changed in the database."""
    plan = prepared.plan
    summary = import_report(prepared, decisions=decisions)
    incoming = plan.incoming

    learnt = _learnt_revisions(prepared, decisions)

    def write(session: Session, changes: Sequence[Change]) -> None:
        counts = {fate: 0 for fate in ("applied", "kept", "rejected")}
        for item in plan.items:
            counts[decisions.fate(item)] += 1
        database = database_counts(changes)
        summary["database"] = database
        log.info(
            "import %s sha256 %s from %s: applied %d, kept %d, rejected %d%s; records added %d, changed %d, deleted %d",
            Path(incoming.path).name,
            incoming.sha256[:16],
            incoming.origin.exported_by or "?",
            counts["applied"],
            counts["kept"],
            counts["rejected"],
            " (two-way)" if incoming.degraded else "",
            database["added"],
            database["changed"],
            database["deleted"],
        )
        _forget(session, learnt)  # redone after an undo, the rows may be there already
        session.add_all(KnownRevision(entity=e, record_id=i, revision=r) for e, i, r in learnt)
        session.add(
            ImportLog(
                imported_at=now or dt.datetime.now(dt.UTC),
                imported_by=user,
                file_name=Path(incoming.path).name,
                file_sha256=incoming.sha256,
                origin_user=incoming.origin.exported_by,
                origin_exported_at=incoming.origin.exported_at,
                degraded=incoming.degraded,
                summary=json.dumps(summary, ensure_ascii=False, default=str),
            )
        )

    return write


def _learnt_revisions(prepared: PreparedImport, decisions: Decisions) -> list[tuple[str, str, str]]:
    """The file's revisions (and their ancestors) this terminal did not know, except for items left out.

    Once merged or decided on, an older copy of the same record reads as old, not as a change.
    """
    local = prepared.local
    learnt: list[tuple[str, str, str]] = []
    for key, record in prepared.plan.incoming.exported.items():
        if key in decisions.skipped:
            continue
        for revision in (record.revision, *record.ancestors):
            if not local.knows(key, revision):
                learnt.append((key[0], key[1], revision))
    # The colleague's values of each item decided now (typed in Excel, they have no revision in the file).
    for item in prepared.plan.items:
        if item.key not in decisions.skipped and item.theirs is not None:
            revision = content_revision(item.theirs)
            if not local.knows(item.key, revision):
                learnt.append((item.entity, item.id, revision))
    return sorted(set(learnt))


def _forget(session: Session, learnt: list[tuple[str, str, str]]) -> None:
    columns = tuple_(KnownRevision.entity, KnownRevision.record_id, KnownRevision.revision)
    for start in range(0, len(learnt), 3000):  # three parameters a row, under SQLite's limit
        chunk = learnt[start : start + 3000]
        session.execute(delete(KnownRevision).where(columns.in_(chunk)))


def database_counts(changes: Sequence[Change]) -> dict[str, Any]:
    """How many records an edit added, changed and deleted, in all and by kind of record."""
    totals = {kind.value: 0 for kind in ChangeKind}
    by_entity: dict[str, dict[str, int]] = {}
    for change in changes:
        totals[change.kind.value] += 1
        entity = by_entity.setdefault(change.entity, {kind.value: 0 for kind in ChangeKind})
        entity[change.kind.value] += 1
    return {**totals, "by_entity": by_entity}


def undo_writer(prepared: PreparedImport, decisions: Decisions, user: str) -> Writer:
    """Undoing an import forgets what it taught (so the file can be imported again) and logs the undo."""
    learnt = _learnt_revisions(prepared, decisions)
    incoming = prepared.plan.incoming

    def write(session: Session, changes: Sequence[Change]) -> None:
        _forget(session, learnt)
        session.add(
            ImportLog(
                imported_at=dt.datetime.now(dt.UTC),
                imported_by=user,
                file_name=Path(incoming.path).name,
                file_sha256=incoming.sha256,
                origin_user=incoming.origin.exported_by,
                origin_exported_at=incoming.origin.exported_at,
                degraded=incoming.degraded,
                summary=json.dumps({"undone": True, "database": database_counts(changes)}, ensure_ascii=False),
            )
        )

    return write


@dataclass(frozen=True)
class ImportStep:
    """A decided import ready to write: its edits, and what is written with them in the same transaction."""

    edits: Sequence[Edit]
    log: Writer  # the import log entry, written on applying (and again on redoing)
    undo_log: Writer  # on undoing: forget what the import taught, and log the undo


@dataclass(frozen=True)
class AppliedImport:
    """What became of a decided import."""

    applied: bool  # False: the window's undo stack refused the result (and said why)
    edits: int  # how many edits were written
    backup: Path  # the copy of the database taken before


# Writes an import step and says whether it was written; the window's pushes it on its undo stack.
ImportApplier = Callable[[ImportStep], bool]


def apply_import(
    database: Database,
    prepared: PreparedImport,
    user: str,
    decisions: Decisions,
    *,
    apply: ImportApplier | None = None,
) -> AppliedImport:
    """Back up, then apply the decided edits and the log entry in one transaction.

    ``apply`` writes the step (default: at once, through an :class:`~..editing.Editor`, which raises
    :class:`~..edits.EditRefusedError` when the result breaks a rule).  A :class:`KnownError` when the
    backup cannot be made: then nothing is written.
    """
    edits = decisions.edits(prepared.plan)
    backup = backup_before_import(database)
    step = ImportStep(
        edits,
        log=log_writer(prepared, decisions, user, dt.datetime.now(dt.UTC)),
        undo_log=undo_writer(prepared, decisions, user),
    )
    applied = (apply or _applier(database, user))(step)
    return AppliedImport(applied, len(edits), backup)


def log_empty_import(editor: Editor, prepared: PreparedImport, user: str) -> None:
    """Record a file that brought nothing to apply: the secretariat sees every file it was sent.

    Raises :class:`~..edits.WriteFailedError` when the log cannot be written.
    """
    editor.apply([], also=log_writer(prepared, Decisions({}), user))


def _applier(database: Database, user: str) -> ImportApplier:
    def apply(step: ImportStep) -> bool:
        from ..editing import Editor

        Editor(database, user).apply(step.edits, also=step.log)
        return True

    return apply


def _values(describer: Describer, item: MergeItem, content: Mapping[str, Any] | None) -> dict[str, str]:
    if content is None:
        return {}
    return {describer.field_label(k): describer.value(item.entity, k, v) for k, v in sorted(content.items())}


def _item_report(prepared: PreparedImport, item: MergeItem, decisions: Decisions | None) -> dict[str, Any]:
    describer = prepared.describer
    text = describer.text(item)
    entry: dict[str, Any] = {
        "entity": item.entity,
        "entity_label": ENTITY_LABELS.get(item.entity, item.entity),
        "id": item.id,
        "group": text.group,
        "subgroup": text.subgroup,
        "label": text.label,
    }
    if item.kind is ItemKind.ADDED:
        entry["values"] = _values(describer, item, item.theirs)
    elif item.kind is ItemKind.DELETED:
        entry["values"] = _values(describer, item, item.mine)
    else:
        entry["fields"] = {
            change.field: {
                "label": describer.field_label(change.field),
                **(
                    {"base": describer.value(item.entity, change.field, change.base)}
                    if item.kind is ItemKind.CONFLICT
                    else {}
                ),
                ("old" if item.kind is ItemKind.CHANGED else "mine"): describer.value(
                    item.entity, change.field, change.mine
                ),
                ("new" if item.kind is ItemKind.CHANGED else "theirs"): describer.value(
                    item.entity, change.field, change.theirs
                ),
            }
            for change in item.fields
        }
    if item.takes:
        entry["takes"] = [describer.key_text(key) for key in item.takes]
    if item.kind is ItemKind.CONFLICT:
        entry["reason"] = item.reason.value if item.reason else ""
        entry["reason_label"] = item.reason.label if item.reason else ""
        if item.detail:
            entry["detail"] = item.detail
        entry["two_way"] = item.two_way
        entry["deleted_here"] = item.mine is None
        entry["deleted_there"] = item.theirs is None
    if decisions is not None:
        entry["outcome"] = decisions.fate(item)
    return entry


def import_report(
    prepared: PreparedImport, *, decisions: Decisions | None = None, applied: bool = False
) -> dict[str, Any]:
    """The plan as one JSON-ready object: origin, added, changed, deleted, conflicts, notes."""
    plan = prepared.plan
    origin = plan.incoming.origin
    groups: dict[str, list[dict[str, Any]]] = {"added": [], "changed": [], "deleted": [], "conflicts": []}
    names = {
        ItemKind.ADDED: "added",
        ItemKind.CHANGED: "changed",
        ItemKind.DELETED: "deleted",
        ItemKind.CONFLICT: "conflicts",
    }
    for item in plan.items:
        groups[names[item.kind]].append(_item_report(prepared, item, decisions))
    return {
        "file": Path(plan.incoming.path).name,
        "sha256": plan.incoming.sha256,
        "origin": {
            "exported_by": origin.exported_by,
            "exported_at": origin.exported_at.isoformat() if origin.exported_at else None,
            "edition": origin.edition,
            "app_version": origin.app_version,
        },
        "degraded": plan.incoming.degraded,
        "degraded_reason": plan.incoming.degraded_reason,
        **groups,
        "notes": plan.incoming.notes,
        "applied": applied,
        **_survey_report(plan.incoming.survey),
    }


def _survey_report(survey: Survey | None) -> dict[str, Any]:
    """A survey's year and section, so the log tells when each section's answer came back."""
    if survey is None:
        return {}
    return {"survey": {"fiscal_year": survey.fiscal_year, "section_id": survey.section_id}}


@dataclass(frozen=True)
class ImportLogEntry:
    imported_at: dt.datetime
    imported_by: str
    file_name: str
    file_sha256: str
    origin_user: str
    origin_exported_at: dt.datetime | None
    degraded: bool
    summary: dict[str, Any]


def load_import_log(database: Database) -> list[ImportLogEntry]:
    """Every import, newest first."""
    with database.session("") as session:
        rows: Iterable[ImportLog] = session.scalars(select(ImportLog).order_by(ImportLog.id.desc()))
        return [
            ImportLogEntry(
                row.imported_at,
                row.imported_by,
                row.file_name,
                row.file_sha256,
                row.origin_user,
                row.origin_exported_at,
                row.degraded,
                json.loads(row.summary or "{}"),
            )
            for row in rows
        ]
