"""What the table models read: a policy snapshot, the signals saying it changed, and a way to submit an edit.

The open document (:class:`~.document.Document`) is one; a saved edition shown read-only
(:class:`FrozenSnapshot`) is the other: the same models draw it, and an edit reaching it is refused
with a message saying where editing is done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..services.edits import Edit
from ..services.snapshot import PolicySnapshot

__all__ = ["FrozenSnapshot", "SnapshotSource", "Writer"]

# More written in an edit's own transaction; it gets the SQLAlchemy session.
Writer = Callable[[Any, Any], None]  # (session, changes): see services.editing.Writer


class SnapshotSource(QObject):
    """A snapshot for the views, and where their edits go."""

    changed = Signal(object)  # tuple[Change, ...]: values of existing rows changed
    reloaded = Signal()  # the snapshot was replaced: rows or columns may differ
    refused = Signal(str)  # an edit broke a rule (or cannot be made here); the message says which

    snapshot: PolicySnapshot
    read_only = False

    def submit(
        self,
        text: str,
        edits: Sequence[Edit],
        merge_key: object = None,
        *,
        also: Writer | None = None,
        also_undo: Writer | None = None,
    ) -> bool:
        """Apply ``edits`` as one step named ``text``; False (and ``refused``) if they cannot be."""
        raise NotImplementedError


class FrozenSnapshot(SnapshotSource):
    """A saved edition: shown by the same models, never changed."""

    read_only = True

    def __init__(self, snapshot: PolicySnapshot, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.snapshot = snapshot
        self.name = name

    def submit(
        self,
        text: str,
        edits: Sequence[Edit],
        merge_key: object = None,
        *,
        also: Writer | None = None,
        also_undo: Writer | None = None,
    ) -> bool:
        self.refused.emit(
            f"「{self.name}」は保存された版なので変更できません。編集はメインウィンドウ（作業中の内容）で行ってください。"
        )
        return False
