"""The 評価 scale as the 事務局 edits it: its grades in order, and the edits that add, change and move them.

The scale is data (``evaluation_grade``): a code (A), a label (目標より進んでいる), an explanation and its
place.  A new grade's identity is derived from its code, as the defaults' are, so that two terminals
adding the same code agree.  The rules (a code and a label, codes unique, a grade in use not deleted)
are the editor's (:mod:`.validation`, :mod:`.editing`).
"""

from __future__ import annotations

from typing import NamedTuple

from ..domain.progress import grade_id
from ..storage.database import Database
from ..storage.record_kinds import EVALUATION_GRADE
from .edits import Edit, delete, set_evaluation_grade

__all__ = ["ScaleGrade", "add_grade", "delete_grade", "load_scale", "move_grade"]


class ScaleGrade(NamedTuple):
    id: str
    code: str
    label: str
    explanation: str
    position: int
    used: int  # evaluations that have it


def load_scale(database: Database) -> list[ScaleGrade]:
    """The grades in their order, each with how many evaluations have it."""
    with database.reader() as connection:
        rows = connection.execute(
            "SELECT g.id, g.code, g.label, g.explanation, g.position, count(e.id) FROM evaluation_grade g"
            " LEFT JOIN evaluation e ON e.grade_id = g.id GROUP BY g.id ORDER BY g.position, g.code"
        ).fetchall()
    return [ScaleGrade(*row) for row in rows]


def add_grade(scale: list[ScaleGrade], code: str, label: str, explanation: str = "") -> Edit:
    """A grade after the others."""
    position = max((grade.position for grade in scale), default=-1) + 1
    return set_evaluation_grade(
        grade_id(code.strip()),
        code=code.strip(),
        label=label.strip(),
        explanation=explanation.strip(),
        position=position,
    )


def move_grade(scale: list[ScaleGrade], index: int, step: int) -> list[Edit]:
    """Swap the grade at ``index`` with its neighbour ``step`` (−1 up, +1 down); nothing at either end."""
    other = index + step
    if not 0 <= index < len(scale) or not 0 <= other < len(scale):
        return []
    ordered = [grade.id for grade in scale]
    ordered[index], ordered[other] = ordered[other], ordered[index]
    return [set_evaluation_grade(record_id, position=position) for position, record_id in enumerate(ordered)]


def delete_grade(grade: ScaleGrade) -> Edit:
    return delete(EVALUATION_GRADE, grade.id)
