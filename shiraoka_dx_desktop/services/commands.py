"""Edits for what users do, built from what they see: cells, initiatives, terms, the plan period.

Each function returns the edits for one undo step; nothing here touches the
database.  The user interface hands them to the editor.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from ..domain.identity import new_id
from ..domain.roadmap import CellKind, CellValue, roadmap_cell_id
from ..storage.record_kinds import INITIATIVE, ROADMAP_CELL
from .edits import Edit, delete, set_glossary_term, set_initiative, set_policy, set_roadmap_cell
from .snapshot import InitiativeView, PolicySnapshot

__all__ = [
    "SHADED_MARK",
    "add_initiative",
    "add_term",
    "cell_edits",
    "cells_outside",
    "delete_initiative",
    "format_cell",
    "format_tsv",
    "move_initiative",
    "parse_cell",
    "parse_tsv",
    "set_plan_period",
]

# How a shaded cell without a label is written in text (clipboard, CSV, the cell editor).
SHADED_MARK = "■"
_SHADED_WORDS = {SHADED_MARK, "□", "網掛け", "（網掛け）", "(網掛け)"}


def parse_cell(text: str) -> CellValue | None:
    """What a typed or pasted text means for a cell: a phase, shading, or nothing."""
    label = " ".join(text.split())
    if not label:
        return None
    if label in _SHADED_WORDS:
        return CellValue.shaded()
    return CellValue.labelled(label)


def format_cell(value: CellValue | None) -> str:
    if value is None:
        return ""
    return SHADED_MARK if value.kind == CellKind.SHADED else value.label


def cell_edits(changes: Mapping[tuple[str, int], CellValue | None]) -> list[Edit]:
    """Edits that set cells, by (initiative id, fiscal year); ``None`` clears a cell.

    A cell a person sets is a fact, no longer an inference.
    """
    edits: list[Edit] = []
    for (initiative_id, year), value in changes.items():
        cell_id = roadmap_cell_id(initiative_id, year)
        if value is None:
            edits.append(delete(ROADMAP_CELL, cell_id))
        else:
            edits.append(
                set_roadmap_cell(
                    cell_id,
                    initiative_id=initiative_id,
                    fiscal_year=year,
                    kind=value.kind.value,
                    phase=value.phase,
                    inferred=False,
                )
            )
    return edits


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells from tab-separated text, as Excel puts it on the clipboard."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')]


def format_tsv(rows: Iterable[Iterable[str]]) -> str:
    """Tab-separated text that Excel pastes cell for cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\r\n")
    for row in rows:
        writer.writerow(list(row))
    return out.getvalue()


def add_initiative(snapshot: PolicySnapshot, area_id: str, name: str) -> tuple[str, list[Edit]]:
    """A new initiative at the end of its area; returns its id and the edits."""
    siblings = snapshot.initiatives_of(area_id)
    position = max((item.position for item in siblings), default=-1) + 1
    initiative_id = new_id()
    return initiative_id, [set_initiative(initiative_id, area_id=area_id, position=position, name=name, description="")]


def delete_initiative(initiative: InitiativeView) -> list[Edit]:
    return [delete(INITIATIVE, initiative.id)]


def move_initiative(snapshot: PolicySnapshot, initiative: InitiativeView, area_id: str, index: int) -> list[Edit]:
    """Put an initiative at ``index`` among the initiatives of ``area_id`` and renumber that area."""
    others = [item for item in snapshot.initiatives_of(area_id) if item.id != initiative.id]
    index = max(0, min(index, len(others)))
    order = [*others[:index], initiative, *others[index:]]
    edits: list[Edit] = []
    for position, item in enumerate(order):
        if item.id == initiative.id and item.area_id != area_id:
            edits.append(set_initiative(item.id, position=position, area_id=area_id))
        elif item.position != position or item.id == initiative.id:
            edits.append(set_initiative(item.id, position=position))
    if initiative.area_id != area_id:  # close the gap it leaves behind
        for position, item in enumerate(
            i for i in snapshot.initiatives_of(initiative.area_id) if i.id != initiative.id
        ):
            if item.position != position:
                edits.append(set_initiative(item.id, position=position))
    return edits


def cells_outside(snapshot: PolicySnapshot, first_year: int, last_year: int) -> list[tuple[str, int]]:
    """The filled cells a plan period would leave out."""
    return [
        (initiative.id, year)
        for initiative in snapshot.initiatives
        for year in initiative.cells
        if not first_year <= year <= last_year
    ]


def set_plan_period(snapshot: PolicySnapshot, policy_id: str, first_year: int, last_year: int) -> list[Edit]:
    """Change the plan period, dropping the cells that fall outside it."""
    dropped = cells_outside(snapshot, first_year, last_year)
    return [
        *cell_edits(dict.fromkeys(dropped)),
        set_policy(policy_id, plan_first_year=first_year, plan_last_year=last_year),
    ]


def add_term(snapshot: PolicySnapshot, term: str, reading: str = "", explanation: str = "") -> tuple[str, list[Edit]]:
    term_id = new_id()
    position = max((index for index, _ in enumerate(snapshot.glossary)), default=-1) + 1
    return term_id, [set_glossary_term(term_id, term=term, reading=reading, explanation=explanation, position=position)]
