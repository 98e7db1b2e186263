"""The open document: the one place the user interface changes data.

:meth:`Document.submit` applies an edit through the operation layer (one
transaction, committed at once), pushes one step on the undo stack shared by
every tab, and tells the views what changed.  Undo and redo are applied and
committed the same way.  There is no Save: what is shown is what is stored.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..services.edits import Change, ChangeKind, Edit, EditRefusedError, Outcome
from ..services.snapshot import InitiativeView, PolicySnapshot, load_glossary, load_initiatives, load_snapshot
from ..storage.database import Database
from ..storage.errors import KnownError
from ..storage.record_kinds import GLOSSARY_TERM, INITIATIVE, ROADMAP_CELL, Layout, kind_of
from .snapshot_source import SnapshotSource, Writer

if TYPE_CHECKING:
    from ..services.editing import Editor
    from ..services.editions import EditionInfo
    from ..services.importing.service import AppliedImport, Decisions, ImportStep, PreparedImport

__all__ = ["Document"]

# What the snapshot reads as part of an initiative (InitiativeView: the initiative and its cells).
# Other records owned by an initiative (its evaluations, its indicators) are read by the views
# that show them: a change to one does not read the initiative again.
_READ_WITH_INITIATIVE = frozenset({INITIATIVE.table, ROADMAP_CELL.table})


def _alters_layout(change: Change) -> bool:
    """Whether ``change`` alters the views' rows or columns, not only values (its kind's :class:`Layout`)."""
    layout = kind_of(change.entity).layout
    if layout is Layout.ADDED_OR_DELETED:
        return change.kind is not ChangeKind.CHANGED
    return layout is Layout.ANY_CHANGE


class _EditCommand(QUndoCommand):
    """One undo step: edits already applied once, and the edits that undo them."""

    def __init__(
        self,
        document: Document,
        text: str,
        edits: Sequence[Edit],
        outcome: Outcome,
        merge_key: object,
        side_effects: tuple[Writer | None, Writer | None] = (None, None),
    ) -> None:
        super().__init__(text)
        self._document = document
        self._edits = tuple(edits)
        self._inverse = outcome.inverse
        self._merge_key = merge_key
        self._also, self._also_undo = side_effects
        self._applied = True  # submit() applied it; the stack's first redo() must not apply it again

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        outcome = self._document._apply(self._edits, self._also)
        self._inverse = outcome.inverse
        self._document.replayed.emit(self.text(), False, outcome.changes)

    def undo(self) -> None:
        outcome = self._document._apply(self._inverse, self._also_undo)
        self._document.replayed.emit(self.text(), True, outcome.changes)

    def id(self) -> int:
        return 1 if self._merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, _EditCommand) or other._merge_key != self._merge_key:
            return False
        # Typing into one field: keep the first step's undo, take the latest values.
        self._edits = other._edits
        return True


class Document(SnapshotSource):
    """The database open in the window, its snapshot for the views, and the undo stack."""

    imported = Signal()  # a file was imported (applied, or logged as bringing nothing): the import log grew
    # A step was undone (True) or redone (False): its text, and the changes it made (tuple[Change, ...]).
    replayed = Signal(str, bool, object)

    def __init__(self, database: Database, user: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user
        self._editor: Editor | None = None
        self.undo_stack = QUndoStack(self)
        self.snapshot: PolicySnapshot = load_snapshot(database)

    def saved_editions(self) -> list[EditionInfo]:
        """The editions whose content is saved (and can be shown and printed as it was), oldest first."""
        from ..services.editions import list_editions

        return [edition for edition in list_editions(self.database) if edition.frozen]

    def set_user(self, user: str) -> None:
        self.user = user
        self._editor = None

    @property
    def editor(self) -> Editor:
        if self._editor is None:
            from ..services import editing  # the write path (SQLAlchemy): not needed to show the window

            self._editor = editing.Editor(self.database, self.user)
        return self._editor

    def preload_editor(self) -> threading.Thread:
        """Import the write path in the background, so that the first edit does not wait for it.

        Called once the window is shown; an edit made before it finishes simply waits
        for the import (Python's import lock), it cannot see a half-imported module.
        """

        def load() -> None:
            from ..services import editing

            editing.prepare()

        thread = threading.Thread(target=load, name="preload-editor", daemon=True)
        thread.start()
        return thread

    def submit(
        self,
        text: str,
        edits: Sequence[Edit],
        merge_key: object = None,
        *,
        also: Writer | None = None,
        also_undo: Writer | None = None,
    ) -> bool:
        """Apply ``edits`` as one undo step named ``text``; False (and ``refused``) if a rule forbids it.

        ``also`` writes more in the same transaction, on every apply and redo (an
        import's log entry); ``also_undo`` does so when the step is undone.
        """
        try:
            outcome = self.editor.apply(edits, also=also)
        except EditRefusedError as error:
            self.refused.emit(error.message)
            return False
        if outcome.empty and also is None:
            return True
        self.undo_stack.push(_EditCommand(self, text, edits, outcome, merge_key, (also, also_undo)))
        self._publish(outcome.changes)
        return True

    def apply_import(self, prepared: PreparedImport, decisions: Decisions) -> AppliedImport:
        """Back up, then apply a decided import as one undo step named after its file, with its log entry.

        Not applied (and ``refused``) if the result breaks a rule; a :class:`~..storage.errors.KnownError`
        when the backup cannot be made, and then nothing is written.
        """
        from ..services.importing.service import apply_import

        name = Path(prepared.plan.incoming.path).name

        def submit(step: ImportStep) -> bool:
            return self.submit(f"「{name}」を取込", step.edits, also=step.log, also_undo=step.undo_log)

        applied = apply_import(self.database, prepared, self.user, decisions, apply=submit)
        self.imported.emit()
        return applied

    def log_empty_import(self, prepared: PreparedImport) -> bool:
        """Record in the import log a file that brought nothing to apply (no undo step: nothing changed).

        False (and ``refused``) when the log cannot be written.
        """
        from ..services.importing.service import log_empty_import

        try:
            log_empty_import(self.editor, prepared, self.user)
        except EditRefusedError as error:
            self.refused.emit(error.message)
            return False
        self.imported.emit()
        return True

    def _apply(self, edits: Sequence[Edit], also: Writer | None = None) -> Outcome:
        try:
            outcome = self.editor.apply(edits, also=also)
        except EditRefusedError as error:
            # Undoing can meet a rule only if data changed outside this stack; say so and keep going.
            self.refused.emit(f"元に戻す／やり直しを適用できません: {error.message}")
            return Outcome((), ())
        self._publish(outcome.changes)
        return outcome

    def _publish(self, changes: tuple[Change, ...]) -> None:
        """Tell the views: values refreshed in place where the record kinds allow it, else a reload.

        In place, only what changed is read again (the initiatives with their cells, or the
        glossary), and ``changed`` lets each model repaint the rows it shows.  Records the
        snapshot does not hold (evaluations, indicators and their actuals) are read again by the
        views that show them, from the changes ``changed`` carries.
        """
        if any(_alters_layout(change) for change in changes) or not self._refresh_initiatives(changes):
            self.reload()
            return
        if any(change.entity == GLOSSARY_TERM.table for change in changes):
            self.snapshot.glossary = load_glossary(self.database)
        self.changed.emit(changes)

    def _refresh_initiatives(self, changes: tuple[Change, ...]) -> bool:
        """Read the changed initiatives again; False if one moved (its rows must be laid out again)."""
        initiative_ids = {
            change.id if change.entity == INITIATIVE.table else change.owner_id
            for change in changes
            if change.entity in _READ_WITH_INITIATIVE
        }
        if not initiative_ids:
            return True
        fresh = load_initiatives(self.database, [i for i in initiative_ids if i])
        if any(
            view is None
            or (old := self._initiative(view.id)) is None
            or (old.area_id, old.position) != (view.area_id, view.position)
            for view in fresh.values()
        ):
            return False
        self.snapshot.initiatives = [
            fresh.get(item.id) or item if item.id in fresh else item for item in self.snapshot.initiatives
        ]
        return True

    def _initiative(self, initiative_id: str) -> InitiativeView | None:
        return next((item for item in self.snapshot.initiatives if item.id == initiative_id), None)

    def replace_database(self, database: Database) -> None:
        """Work on ``database`` from now on (a backup was restored): the undo history no longer applies."""
        self.database = database
        self._editor = None
        self.undo_stack.clear()
        self.reload()

    def restore_backup(self, backup: Path) -> Path:
        """Replace the data with ``backup``'s and work on it from now on; the copy kept of what was replaced.

        A backup that is refused raises :class:`~..storage.errors.KnownError` and replaces nothing; the
        views are read again and the undo history cleared all the same, as after a restore.
        """
        from ..storage.backups import restore_database

        try:
            restored = restore_database(self.database, backup)
        except KnownError:
            self.replace_database(self.database)
            raise
        self.replace_database(restored.database)  # upgraded, if the backup is of an older schema
        return restored.kept

    def reload(self) -> None:
        """Read everything again and tell the views to rebuild."""
        self.snapshot = load_snapshot(self.database)
        self.reloaded.emit()
