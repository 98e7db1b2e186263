"""Rules users are told about in words, checked before an edit is committed.

The database constraints stay as the last line of defence; these checks
exist to say, in Japanese and at the place of the error, what is wrong and
how to put it right.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from ..domain.era import format_fiscal_year
from ..storage import record_kinds as kinds
from ..storage.models import (
    RECORD_MODELS,
    Body,
    BodyMember,
    Evaluation,
    EvaluationGrade,
    GlossaryTerm,
    Indicator,
    IndicatorActual,
    Initiative,
    Policy,
    PolicyArea,
    RoadmapCell,
    Role,
    Section,
)
from .edits import Change, ChangeKind, EditRefusedError

__all__ = ["EditRefusedError", "section_usage", "validate"]


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def _touched(session: Session, model: type) -> tuple[set[str], list[Any]]:
    """Ids of records of ``model`` this edit changes or deletes, and those it keeps or adds.

    The database still holds their old state (nothing is flushed yet), so
    duplicate checks ask the database about the others and compare these
    among themselves.
    """
    touched: set[str] = {o.id for o in (*session.new, *session.dirty, *session.deleted) if isinstance(o, model)}  # type: ignore[attr-defined]
    live = [o for o in (*session.new, *session.dirty) if isinstance(o, model) and o not in session.deleted]
    return touched, live


def _duplicate(session: Session, record: Any, model: Any, **same: Any) -> bool:
    state = inspect(record)
    if not state.pending and not any(state.attrs[column].history.has_changes() for column in same):
        return False  # its name did not change: whatever clash there is was refused when it did
    cache: dict[tuple[type, tuple[str, ...]], tuple[set[str], dict[tuple[Any, ...], list[Any]]]]
    cache = session.info.setdefault(_TOUCHED_KEY, {})
    columns = tuple(same)
    if (model, columns) not in cache:  # the same for every record of one edit: found once, not once per record
        touched, live = _touched(session, model)
        by_value: dict[tuple[Any, ...], list[Any]] = {}
        for other in live:
            by_value.setdefault(tuple(getattr(other, column) for column in columns), []).append(other)
        cache[(model, columns)] = (touched, by_value)
    touched, by_value = cache[(model, columns)]
    query = select(model.id)
    for column, value in same.items():
        query = query.where(getattr(model, column) == value)
    if any(found not in touched for found in session.scalars(query)):
        return True
    return any(other is not record for other in by_value.get(tuple(same.values()), ()))


_TOUCHED_KEY = "_validation_touched"


def validate(session: Session, changes: Iterable[Change]) -> None:
    """Raise :class:`EditRefusedError` for the first broken rule among the changed records."""
    session.info.pop(_TOUCHED_KEY, None)
    pending = {(type(o), o.id): o for o in session.new}
    for change in changes:
        if change.kind is ChangeKind.DELETED:
            continue
        checker = _CHECKERS.get(change.entity)
        if checker is not None:
            model = _MODELS[change.entity]
            record = pending.get((model, change.id)) or session.get(model, change.id)
            if record is not None:
                checker(session, record)


def _check_initiative(session: Session, initiative: Initiative) -> None:
    if _blank(initiative.name):
        raise EditRefusedError("取組項目の名前を入力してください。", "name")
    initiative.name = initiative.name.strip()
    if _duplicate(session, initiative, Initiative, area_id=initiative.area_id, name=initiative.name):
        area = session.get(PolicyArea, initiative.area_id)
        where = f"({area.number}) {area.title}" if area else "同じ取組"
        raise EditRefusedError(
            f"「{where}」には「{initiative.name}」という取組項目が既にあります。別の名前にしてください。", "name"
        )


def _check_cell(session: Session, cell: RoadmapCell) -> None:
    if cell.kind == "phase" and _blank(cell.phase):
        raise EditRefusedError("工程の名前を入力するか、セルをクリアしてください。", "phase")
    _check_in_plan(session, cell.fiscal_year)


def _check_in_plan(session: Session, fiscal_year: int, what: str = "") -> None:
    policy = session.info.get("_policy")
    if policy is None:  # once per edit, not once per record
        policy = session.info["_policy"] = session.scalars(select(Policy)).first()
    if policy is not None and not policy.plan_first_year <= fiscal_year <= policy.plan_last_year:
        year = format_fiscal_year(fiscal_year)
        plan = f"{format_fiscal_year(policy.plan_first_year)}〜{format_fiscal_year(policy.plan_last_year)}"
        subject = f"{what}（{year}）" if what else year
        raise EditRefusedError(f"{subject}は計画期間（{plan}）の外です。", "fiscal_year")


def _check_number(value: float | None, label: str, field: str) -> None:
    if value is not None and not math.isfinite(value):
        raise EditRefusedError(f"{label}には数値を入力してください。", field)


def _check_grade(session: Session, grade: EvaluationGrade) -> None:
    if _blank(grade.code) or _blank(grade.label):
        raise EditRefusedError("評価の区分には記号（A など）と内容の両方を入力してください。", "code")
    grade.code = grade.code.strip()
    if _duplicate(session, grade, EvaluationGrade, code=grade.code):
        raise EditRefusedError(f"評価の区分「{grade.code}」は既にあります。", "code")


def _check_evaluation(session: Session, evaluation: Evaluation) -> None:
    _check_in_plan(session, evaluation.fiscal_year, "評価の年度")


def _check_indicator(session: Session, indicator: Indicator) -> None:
    if _blank(indicator.name):
        raise EditRefusedError("指標名を入力してください。", "name")
    indicator.name = indicator.name.strip()
    if _duplicate(session, indicator, Indicator, initiative_id=indicator.initiative_id, name=indicator.name):
        raise EditRefusedError(f"この取組項目には「{indicator.name}」という指標が既にあります。", "name")
    _check_number(indicator.base_value, "基準値", "base_value")
    _check_number(indicator.target_value, "目標値", "target_value")
    base_year, target_year = indicator.base_year, indicator.target_year
    if base_year is not None and target_year is not None and target_year <= base_year:
        raise EditRefusedError("目標年度は基準年度より後の年度にしてください。", "target_year")


def _check_actual(session: Session, actual: IndicatorActual) -> None:
    _check_number(actual.value, "実績", "value")
    _check_in_plan(session, actual.fiscal_year, "実績の年度")


def _check_term(session: Session, term: GlossaryTerm) -> None:
    if _blank(term.term):
        raise EditRefusedError("用語を入力してください。", "term")
    term.term = term.term.strip()
    if _duplicate(session, term, GlossaryTerm, term=term.term):
        raise EditRefusedError(f"用語「{term.term}」は既に用語集にあります。", "term")


def _check_section(session: Session, section: Section) -> None:
    if _blank(section.name):
        raise EditRefusedError("部・課の名前を入力してください。", "name")
    section.name = section.name.strip()
    if _duplicate(session, section, Section, name=section.name):
        raise EditRefusedError(f"「{section.name}」は既に部・課の一覧にあります。", "name")


def _check_body(session: Session, body: Body) -> None:
    if _blank(body.name):
        raise EditRefusedError("組織の名前を入力してください。", "name")
    body.name = body.name.strip()
    if _duplicate(session, body, Body, name=body.name):
        raise EditRefusedError(f"「{body.name}」という組織は既にあります。", "name")


def _check_policy(session: Session, policy: Policy) -> None:
    if policy.plan_first_year > policy.plan_last_year:
        raise EditRefusedError("計画期間の開始年度は終了年度以前にしてください。", "plan_first_year")
    if policy.plan_last_year - policy.plan_first_year >= 50:
        raise EditRefusedError("計画期間は50年度までにしてください。", "plan_last_year")
    going = {o.id for o in session.deleted if isinstance(o, RoadmapCell)}
    outside = session.scalar(
        select(func.count())
        .select_from(RoadmapCell)
        .where((RoadmapCell.fiscal_year < policy.plan_first_year) | (RoadmapCell.fiscal_year > policy.plan_last_year))
        .where(RoadmapCell.id.not_in(going))
    )
    if outside:
        raise EditRefusedError(f"計画期間の外になる工程表のセルが {outside} 件あります。先にセルを削除してください。")


def section_usage(session: Session, section_id: str) -> list[str]:
    """Where a section is used, in words: initiatives it leads, roles and teams it belongs to."""
    uses = [
        f"取組項目「{name}」の事業主管課"
        for name in session.scalars(select(Initiative.name).where(Initiative.lead_section_id == section_id))
    ]
    uses += [
        f"{body}の{title}（{post}）"
        for body, title, post in session.execute(
            select(Body.name, Role.title, Role.post)
            .join(Role, Role.body_id == Body.id)
            .where(Role.section_id == section_id)
        )
    ]
    uses += [
        f"{body}の構成課"
        for body in session.scalars(
            select(Body.name).join(BodyMember, BodyMember.body_id == Body.id).where(BodyMember.section_id == section_id)
        )
    ]
    uses += [
        f"「{name}」の所属先" for name in session.scalars(select(Section.name).where(Section.parent_id == section_id))
    ]
    return uses


# The rules of each kind of record that has any (a kind without rules needs no entry).
_CHECKERS: dict[str, Callable[[Session, Any], None]] = {
    kinds.INITIATIVE.table: _check_initiative,
    kinds.ROADMAP_CELL.table: _check_cell,
    kinds.GLOSSARY_TERM.table: _check_term,
    kinds.SECTION.table: _check_section,
    kinds.BODY.table: _check_body,
    kinds.POLICY.table: _check_policy,
    kinds.EVALUATION_GRADE.table: _check_grade,
    kinds.EVALUATION.table: _check_evaluation,
    kinds.INDICATOR.table: _check_indicator,
    kinds.INDICATOR_ACTUAL.table: _check_actual,
}
_MODELS = {model.KIND.table: model for model in RECORD_MODELS}
