"""Edits for the organisation (推進体制) and the section master (部・課), one undo step each."""

from __future__ import annotations

from ..domain.identity import new_id
from ..domain.organisation import BodyKind, BodyStatus, SectionKind, body_member_id
from ..storage.record_kinds import BODY_MEMBER
from .edits import Edit, delete, set_body, set_body_member, set_duty, set_role, set_section
from .snapshot import BodyView, PolicySnapshot

__all__ = [
    "add_body",
    "add_duty",
    "add_role",
    "add_section",
    "move_duty",
    "set_member",
]


def add_body(snapshot: PolicySnapshot, name: str, kind: BodyKind, status: BodyStatus) -> tuple[str, list[Edit]]:
    body_id = new_id()
    position = max((body.position for body in snapshot.bodies), default=-1) + 1
    return body_id, [
        set_body(body_id, name=name, kind=kind.value, status=status.value, description="", position=position)
    ]


def add_duty(body: BodyView, text: str) -> list[Edit]:
    return [set_duty(new_id(), body_id=body.id, position=len(body.duties), text=text)]


def move_duty(body: BodyView, index: int, step: int) -> list[Edit]:
    """Swap a duty with its neighbour."""
    other = index + step
    if not (0 <= index < len(body.duty_ids) and 0 <= other < len(body.duty_ids)):
        return []
    return [
        set_duty(body.duty_ids[index], position=other),
        set_duty(body.duty_ids[other], position=index),
    ]


def add_role(body: BodyView, title: str) -> list[Edit]:
    return [set_role(new_id(), body_id=body.id, position=len(body.roles), title=title, post="", note="")]


def set_member(body: BodyView, section_id: str, member: bool) -> list[Edit]:
    """Make a section a member of a body, or not; the membership's id is the same on every terminal."""
    member_id = body_member_id(body.id, section_id)
    if not member:
        return [delete(BODY_MEMBER, member_id)] if section_id in body.member_section_ids else []
    if section_id in body.member_section_ids:
        return []
    return [set_body_member(member_id, body_id=body.id, section_id=section_id, position=len(body.member_section_ids))]


def add_section(
    snapshot: PolicySnapshot, name: str, kind: SectionKind, parent_id: str | None
) -> tuple[str, list[Edit]]:
    section_id = new_id()
    return section_id, [
        set_section(section_id, name=name, kind=kind.value, parent_id=parent_id, position=len(snapshot.sections))
    ]
