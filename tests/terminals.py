"""Simulated terminals for import tests: separate database files exchanging real exported workbooks."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from shiraoka_dx_desktop.services.editing import Editor
from shiraoka_dx_desktop.services.edits import Delete, Edit, Upsert
from shiraoka_dx_desktop.services.exchange import export_workbook
from shiraoka_dx_desktop.services.importing.merge import Resolution
from shiraoka_dx_desktop.services.importing.service import Decisions, PreparedImport, apply_import, prepare_import
from shiraoka_dx_desktop.services.snapshot import PolicySnapshot, load_snapshot
from shiraoka_dx_desktop.storage.database import Database
from shiraoka_dx_desktop.storage.opening import open_database

from .conftest import copy_database

_exports = itertools.count(1)


class Terminal:
    """One colleague's terminal: a database file of its own and a user name."""

    def __init__(self, folder: Path, name: str, pristine: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.folder = folder
        self.database: Database = open_database(copy_database(pristine, folder / f"{name}.sqlite"))

    def close(self) -> None:
        self.database.close()

    def snapshot(self) -> PolicySnapshot:
        return load_snapshot(self.database)

    def edit(self, edits: Sequence[Edit]) -> None:
        Editor(self.database, self.name).apply(edits)

    def initiative(self, name: str) -> Any:
        return next(i for i in self.snapshot().initiatives if i.name == name)

    def rename(self, old: str, new: str) -> None:
        self.edit([Upsert("initiative", self.initiative(old).id, {"name": new})])

    def describe(self, name: str, text: str) -> None:
        self.edit([Upsert("initiative", self.initiative(name).id, {"description": text})])

    def delete(self, name: str) -> None:
        self.edit([Delete("initiative", self.initiative(name).id)])

    def export(self) -> Path:
        path = self.folder / f"{self.name}-{next(_exports)}.xlsx"
        export_workbook(self.database, path, user=self.name, now=dt.datetime.now(dt.UTC))
        return path

    def prepare(self, path: Path) -> PreparedImport:
        return prepare_import(self.database, path)

    def import_(
        self,
        path: Path,
        *,
        default: Resolution | None = None,
        resolutions: Mapping[Any, Any] | None = None,
    ) -> PreparedImport:
        prepared = self.prepare(path)
        apply_import(self.database, prepared, self.name, Decisions(resolutions or {}, default))
        return prepared

    def state(self) -> dict[tuple[str, str], Any]:
        """Every record's values, for comparing terminals."""
        from shiraoka_dx_desktop.services.importing.state import load_local_state

        return {key: dict(value) for key, value in load_local_state(self.database).records.items()}
