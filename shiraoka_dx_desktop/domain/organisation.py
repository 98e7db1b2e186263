"""The organisation (推進体制): kinds of body, their status, kinds of section."""

from __future__ import annotations

import enum

from .identity import derived_id

__all__ = ["BodyKind", "BodyStatus", "EditionAction", "SectionKind", "body_member_id"]


def body_member_id(body_id: str, section_id: str) -> str:
    """The identifier of a section's membership of a body, the same on every terminal."""
    return derived_id("body-member", body_id, section_id)


class BodyKind(enum.StrEnum):
    HEADQUARTERS = "headquarters"
    OFFICER = "officer"
    COMMITTEE = "committee"
    SECRETARIAT = "secretariat"
    PROMOTERS = "promoters"
    LEAD_SECTIONS = "lead_sections"
    PROJECT_TEAM = "project_team"
    WORKING_GROUP = "working_group"

    @property
    def label(self) -> str:
        return _BODY_KIND_LABELS[self]


_BODY_KIND_LABELS = {
    BodyKind.HEADQUARTERS: "本部",
    BodyKind.OFFICER: "統括責任者",
    BodyKind.COMMITTEE: "委員会",
    BodyKind.SECRETARIAT: "事務局",
    BodyKind.PROMOTERS: "推進委員",
    BodyKind.LEAD_SECTIONS: "事業主管課",
    BodyKind.PROJECT_TEAM: "プロジェクトチーム",
    BodyKind.WORKING_GROUP: "ワーキンググループ",
}


class BodyStatus(enum.StrEnum):
    ESTABLISHED = "設置済"
    PLANNED = "想定"


class SectionKind(enum.StrEnum):
    DEPARTMENT = "部"
    SECTION = "課"


class EditionAction(enum.StrEnum):
    ESTABLISHED = "策定"
    REVISED = "改訂"
