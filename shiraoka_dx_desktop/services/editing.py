"""The one way data changes: edits applied in one transaction, with their inverse and what changed.

An edit is plain data: :class:`Upsert` sets values on a record (creating it
when it does not exist), :class:`Delete` removes one (with the records it
owns, such as an initiative's roadmap cells).  :meth:`Editor.apply` applies a
sequence of edits atomically, checks the rules users are told about
(:mod:`.validation`), and returns the edits that undo it and the records
that changed, so that the user interface can record an undo step and
refresh exactly what is shown.  Applying the inverse is an ordinary apply,
committed the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, configure_mappers

from ..storage.database import Database
from ..storage.models import RECORD_MODELS, Evaluation, EvaluationGrade, PolicyArea, Record, Section
from ..storage.record_kinds import owned_by
from .edits import Change, ChangeKind, Delete, Edit, EditRefusedError, Outcome, Upsert, WriteFailedError, delete, upsert
from .validation import section_usage, validate

__all__ = [
    "MODELS",
    "Change",
    "ChangeKind",
    "Delete",
    "Edit",
    "EditRefusedError",
    "Editor",
    "Outcome",
    "Upsert",
    "WriteFailedError",
    "Writer",
    "prepare",
    "write_failure_message",
]

MODELS: dict[str, type[Record]] = {model.__tablename__: model for model in RECORD_MODELS}
# Writes more in an edit's transaction, given the records the edit changes.
Writer = Callable[[Session, Sequence[Change]], None]


def _content(record: Record) -> dict[str, Any]:
    return record.content()


def _owner(record: Record) -> str | None:
    """The record this one belongs to (an initiative for its cells), for refreshing views."""
    column = record.KIND.owner_column
    return getattr(record, column) if column else None


def _owned(record: Record) -> list[Record]:
    """The records a deletion takes with it, and so restores on undo: the records of the kinds it
    owns, and theirs in turn (an initiative's indicators and their actuals), parents first."""
    owned = {kind.table for kind in owned_by(record.KIND.table)}
    children = [
        child
        for relation in type(record).__mapper__.relationships
        if relation.mapper.local_table.name in owned  # type: ignore[attr-defined]
        for child in getattr(record, relation.key)
    ]
    return [each for child in children for each in (child, *_owned(child))]


def prepare() -> None:
    """Do the ORM's one-time set-up now rather than in the first edit (safe from any thread)."""
    configure_mappers()


class Editor:
    """Applies edits to a database on behalf of one terminal user."""

    def __init__(self, database: Database, user: str) -> None:
        self.database = database
        self.user = user

    def apply(self, edits: Sequence[Edit], *, also: Writer | None = None) -> Outcome:
        """Apply ``edits`` in one transaction, or nothing at all.

        Raises :class:`EditRefusedError` with a Japanese message when a rule is
        broken; the database is then unchanged.  ``also`` writes more in the same
        transaction, told every record that changes (an import records itself and
        its counts in the import log).
        """
        inverse: list[Edit] = []
        changes: list[Change] = []
        session = self.database.session(self.user)
        try:
            with session.begin():
                # Nothing reaches the database until every edit is applied and
                # checked, so the checks see the edit as a whole.
                session.autoflush = False
                loaded = _load_together(session, edits)  # held: the session keeps records only weakly
                created: dict[tuple[str, str], Record] = {}
                for edit in edits:
                    undo, changed = self._apply(session, edit, created)
                    inverse[0:0] = undo
                    changes.extend(changed)
                validate(session, changes)
                if also is not None:
                    also(session, _merge(changes))
                session.flush()
                del loaded
        except IntegrityError as error:
            raise EditRefusedError(
                "保存できない変更です（データの整合性の制約に反します）。入力内容を確認してください。"
            ) from error
        except OperationalError as error:
            raise WriteFailedError(write_failure_message(self.database.path, error.orig)) from error
        finally:
            session.close()
        return Outcome(tuple(inverse), tuple(_merge(changes)))

    def _apply(
        self, session: Session, edit: Edit, created: dict[tuple[str, str], Record]
    ) -> tuple[list[Edit], list[Change]]:
        model = MODELS[edit.entity]
        # A record added earlier in this edit is pending, not yet in the identity map.
        record = created.get((edit.entity, edit.id)) or session.get(model, edit.id)
        if record is not None and record in session.deleted:
            if isinstance(edit, Delete):
                return [], []
            session.flush()  # deleted earlier in this edit, set again now: a new record
            created.pop((edit.entity, edit.id), None)
            record = None
        if isinstance(edit, Delete):
            if record is None:
                return [], []
            return self._delete(session, record)
        if record is None:
            record = model(id=edit.id, **edit.values)
            session.add(record)
            created[(edit.entity, edit.id)] = record
            return [delete(record.KIND, edit.id)], [Change(edit.entity, edit.id, ChangeKind.ADDED, _owner(record))]
        before = {key: getattr(record, key) for key in edit.values}
        if before == dict(edit.values):
            return [], []
        for key, value in edit.values.items():
            setattr(record, key, value)
        return [upsert(record.KIND, edit.id, before)], [
            Change(edit.entity, edit.id, ChangeKind.CHANGED, _owner(record))
        ]

    @staticmethod
    def _delete(session: Session, record: Record) -> tuple[list[Edit], list[Change]]:
        _refuse_if_in_use(session, record)
        restore: list[Edit] = [upsert(record.KIND, record.id, _content(record))]
        changes = [Change(record.KIND.table, record.id, ChangeKind.DELETED, _owner(record))]
        for child in _owned(record):
            restore.append(upsert(child.KIND, child.id, _content(child)))
            changes.append(Change(child.KIND.table, child.id, ChangeKind.DELETED, _owner(child)))
        session.delete(record)
        return restore, changes


def _load_together(session: Session, edits: Sequence[Edit]) -> list[Record]:
    """Load the records a large edit touches in a few queries, not one each (an import changes thousands)."""
    loaded: list[Record] = []
    if len(edits) < 20:
        return loaded
    from sqlalchemy import select

    ids: dict[str, set[str]] = {}
    for edit in edits:
        ids.setdefault(edit.entity, set()).add(edit.id)
    for entity, wanted in ids.items():
        model = MODELS[entity]
        listed = sorted(wanted)
        for start in range(0, len(listed), 500):
            loaded.extend(session.scalars(select(model).where(model.id.in_(listed[start : start + 500]))).all())
    return loaded


def write_failure_message(path: Any, error: object) -> str:
    """Why the database could not be written, and what to do, in Japanese."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        problem = "ほかのプログラムが使用中で、しばらく待っても書き込めませんでした"
        action = "データベースを開いているほかのプログラムを閉じてから、もう一度実行してください"
    elif "readonly" in text or "read-only" in text or "permission" in text:
        problem = "読み取り専用で書き込めません"
        action = "書き込みできる場所に置くか、管理者に権限を確認してください"
    elif "full" in text:
        problem = "ディスクの空きがありません"
        action = "ディスクの空きを作ってから、もう一度実行してください"
    else:
        problem = f"書き込めませんでした（{error}）"
        action = "ディスクの空き容量と書き込み権限を確認してください"
    return f"データベース「{path}」が{problem}。{action}（何も変更していません）。"


def _refuse_if_in_use(session: Session, record: Record) -> None:
    if isinstance(record, Section):
        uses = section_usage(session, record.id)
        if uses:
            listed = "、".join(uses[:5]) + (f" ほか{len(uses) - 5}件" if len(uses) > 5 else "")
            raise EditRefusedError(
                f"「{record.name}」は次の箇所で使われているため削除できません: {listed}。先にそれらを変更してください。"
            )
    if isinstance(record, EvaluationGrade):
        from sqlalchemy import func, select

        used = session.scalar(select(func.count()).select_from(Evaluation).where(Evaluation.grade_id == record.id))
        if used:
            raise EditRefusedError(
                f"評価の区分「{record.code}」は {used} 件の評価で使われているため削除できません。"
                "先にそれらの評価を別の区分に変えてください。"
            )
    if isinstance(record, PolicyArea) and record.initiatives:
        raise EditRefusedError(
            f"取組「({record.number}) {record.title}」には取組項目が {len(record.initiatives)} 件あります。"
            "先に取組項目を削除するか、別の取組へ移してください。"
        )


def _merge(changes: list[Change]) -> list[Change]:
    """One change per record: added-then-changed is added, added-then-deleted is nothing."""
    merged: dict[tuple[str, str], Change] = {}
    for change in changes:
        key = (change.entity, change.id)
        previous = merged.get(key)
        if previous is None:
            merged[key] = change
        elif previous.kind is ChangeKind.ADDED and change.kind is ChangeKind.DELETED:
            del merged[key]
        elif previous.kind is ChangeKind.ADDED:
            continue
        elif previous.kind is ChangeKind.DELETED and change.kind is ChangeKind.ADDED:
            merged[key] = Change(change.entity, change.id, ChangeKind.CHANGED, change.owner_id)
        else:
            merged[key] = change
    return list(merged.values())
