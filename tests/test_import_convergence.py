"""Random edits on three terminals, exchanged in random orders, converge; nothing is silently lost."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from shiraoka_dx_desktop.domain.identity import derived_id
from shiraoka_dx_desktop.domain.roadmap import roadmap_cell_id
from shiraoka_dx_desktop.services.edits import Delete, Upsert
from shiraoka_dx_desktop.services.importing.merge import ConflictReason, ImportPlan, Resolution
from shiraoka_dx_desktop.services.importing.service import Decisions, apply_import
from shiraoka_dx_desktop.storage.checks import run_checks

from .terminals import Terminal

NAMES = ("キオスク端末の導入", "コンビニ交付", "条例改正", "情報セキュリティ監査")
DELETABLE = ("条例改正", "情報セキュリティ監査")
TERMS = ("LAN", "RPA", "DX")
WORDS = ("甲", "乙", "丙")
YEARS = (2023, 2024, 2025, 2026, 2027)
CELL_VALUES = (None, "■", "実施", "検討")

describe = st.tuples(st.just("describe"), st.sampled_from(NAMES), st.sampled_from(WORDS))
cell = st.tuples(st.just("cell"), st.sampled_from(NAMES), st.sampled_from(YEARS), st.sampled_from(CELL_VALUES))
term = st.tuples(st.just("term"), st.sampled_from(TERMS), st.sampled_from(WORDS))
delete = st.tuples(st.just("delete"), st.sampled_from(DELETABLE))
add = st.tuples(st.just("add"), st.integers(min_value=1, max_value=2))
operations = st.lists(st.one_of(describe, describe, cell, cell, term, delete, add), min_size=1, max_size=4)
# Through a gateway that strips the hidden sheet, a file from another terminal cannot say which records it
# deleted (their rows are simply gone; the preview says so): no record deletions there. Cleared cells travel.
SANITISED_OPERATIONS = st.lists(st.one_of(describe, describe, cell, cell, term, add), min_size=1, max_size=4)


def _apply(terminal: Terminal, operation: tuple[Any, ...]) -> None:
    snapshot = terminal.snapshot()
    initiatives = {i.name: i for i in snapshot.initiatives}
    kind = operation[0]
    if kind == "describe" and operation[1] in initiatives:
        terminal.edit([Upsert("initiative", initiatives[operation[1]].id, {"description": operation[2]})])
    elif kind == "cell" and operation[1] in initiatives:
        initiative = initiatives[operation[1]]
        year, value = operation[2], operation[3]
        cell_id = roadmap_cell_id(initiative.id, year)
        if value is None:
            if year in initiative.cells:
                terminal.edit([Delete("roadmap_cell", cell_id)])
        else:
            shaded = value == "■"
            values = {
                "initiative_id": initiative.id,
                "fiscal_year": year,
                "kind": "shaded" if shaded else "phase",
                "phase": None if shaded else value,
            }
            terminal.edit([Upsert("roadmap_cell", cell_id, values)])
    elif kind == "term":
        term_id = next(t.id for t in snapshot.glossary if t.term == operation[1])
        terminal.edit([Upsert("glossary_term", term_id, {"explanation": operation[2]})])
    elif kind == "delete" and operation[1] in initiatives:
        terminal.edit([Delete("initiative", initiatives[operation[1]].id)])
    elif kind == "add":
        area = snapshot.areas[0].id
        name = f"{terminal.name}の新規{operation[1]}"
        if name not in initiatives:
            record_id = derived_id("test", name)
            terminal.edit([Upsert("initiative", record_id, {"area_id": area, "position": 900, "name": name})])


def _policy(plan: ImportPlan) -> Decisions:
    """A deterministic, order-independent way to settle every conflict: edits beat deletions,
    and between two edits the greater value wins."""
    resolutions: dict[Any, Resolution] = {}
    for item in plan.conflicts:
        if item.reason is ConflictReason.DELETED_HERE:
            resolutions[item.key] = Resolution.TAKE_THEIRS
        elif item.reason is ConflictReason.DELETED_THERE:
            resolutions[item.key] = Resolution.KEEP_MINE
        else:
            mine = json.dumps([change.mine for change in item.fields], ensure_ascii=False)
            theirs = json.dumps([change.theirs for change in item.fields], ensure_ascii=False)
            resolutions[item.key] = Resolution.TAKE_THEIRS if theirs > mine else Resolution.KEEP_MINE
    return Decisions(resolutions)


# Each example exports and imports a dozen real workbooks: few examples, and no shrinking or
# explaining (which trace every line and take minutes); the failing example is printed as drawn.
_EXCHANGES = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
_ORDERS = st.tuples(st.permutations([0, 1, 2]), st.permutations([0, 1, 2]))


@pytest.mark.slow
@_EXCHANGES
@given(edits=st.tuples(operations, operations, operations), orders=_ORDERS)
def test_three_terminals_converge(
    pristine_database: Path, edits: tuple[list[Any], ...], orders: tuple[list[int], ...]
) -> None:
    _converge(pristine_database, edits, orders, sanitised=False)


@pytest.mark.slow
@_EXCHANGES
@given(edits=st.tuples(SANITISED_OPERATIONS, SANITISED_OPERATIONS, SANITISED_OPERATIONS), orders=_ORDERS)
def test_three_terminals_converge_through_a_sanitising_gateway(
    pristine_database: Path, edits: tuple[list[Any], ...], orders: tuple[list[int], ...]
) -> None:
    """The same, every file losing its hidden sheet on the way: the visible ID and 版 columns carry the merge."""
    _converge(pristine_database, edits, orders, sanitised=True)


def _sanitised(path: Path) -> Path:
    """The file as a CDR gateway passes it: without its hidden sheet."""
    workbook = load_workbook(path)
    del workbook["_exchange"]
    target = path.with_name(path.stem + "-sanitised.xlsx")
    workbook.save(target)
    return target


def _converge(
    pristine_database: Path, edits: tuple[list[Any], ...], orders: tuple[list[int], ...], *, sanitised: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        terminals = [Terminal(Path(folder) / name, name, pristine_database) for name in ("事務局", "市民課", "税務課")]
        try:
            original = terminals[0].state()
            for terminal, operations_of in zip(terminals, edits, strict=True):
                for operation in operations_of:
                    _apply(terminal, operation)
            single_writer = _single_writer_values(original, terminals)
            for order in orders:  # two rounds: what one learnt from another travels on
                files = [terminal.export() for terminal in terminals]
                if sanitised:
                    files = [_sanitised(file) for file in files]
                for receiver in order:
                    for sender in order:
                        if sender != receiver:
                            terminal = terminals[receiver]
                            prepared = terminal.prepare(files[sender])
                            apply_import(terminal.database, prepared, terminal.name, _policy(prepared.plan))
            states = [terminal.state() for terminal in terminals]
            assert states[0] == states[1] == states[2]
            for terminal in terminals:
                assert run_checks(terminal.database).ok
            # An edit nobody else touched is never lost.
            for key, field, value in single_writer:
                assert states[0].get(key, {}).get(field) == value, (key, field, value)
        finally:
            for terminal in terminals:
                terminal.close()


def _single_writer_values(original: dict[Any, Any], terminals: list[Terminal]) -> list[tuple[Any, str, Any]]:
    """(record, field, value) changed on exactly one terminal, on a record no terminal deleted."""
    states = [terminal.state() for terminal in terminals]
    found = []
    for key, before in original.items():
        versions = [state.get(key) for state in states]
        if any(version is None for version in versions):
            continue
        for field, value in before.items():
            changed = [version[field] for version in versions if version is not None and version[field] != value]
            if len(changed) == 1:
                found.append((key, field, changed[0]))
    return found
