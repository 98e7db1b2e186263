"""Records as the 新旧対照表 prints them: an initiative, a roadmap cell, a body, a role, in words."""

from __future__ import annotations

from ...domain.era import format_fiscal_year
from ...domain.organisation import BodyKind
from ...domain.roadmap import Bar, CellKind, CellValue, bars
from ..snapshot import AreaView, BodyView, InitiativeView, RoleView

__all__ = [
    "SHADED_TEXT",
    "area_heading",
    "body_kind_text",
    "body_text",
    "cell_text",
    "clean",
    "initiative_text",
    "role_text",
]

SHADED_TEXT = "網掛け（工程名なし）"


def clean(text: str) -> str:
    """Text as compared: one kind of line break, no space around it (a trailing space is no revision)."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def area_heading(area: AreaView) -> str:
    """(1) 自治体の行政手続のオンライン化, as the policy and the other reports head an area."""
    return f"({area.number}) {clean(area.title)}"


def cell_text(value: CellValue | None) -> str:
    """A roadmap cell in words: its phase, 網掛け（工程名なし）, or empty."""
    if value is None:
        return ""
    return SHADED_TEXT if value.kind == CellKind.SHADED else clean(value.label)


def _bar_text(run: Bar) -> str:
    first = format_fiscal_year(run.first_year)
    years = first if run.span == 1 else f"{first}〜{format_fiscal_year(run.last_year)}"
    return f"{years}　{cell_text(run.value)}"


def initiative_text(initiative: InitiativeView, years: range) -> str:
    """An initiative added or removed, whole: name, lead section, description and roadmap."""
    lines = [clean(initiative.name)]
    if initiative.lead_section:
        lines.append(f"事業主管課：{initiative.lead_section}")
    if clean(initiative.description):
        lines.append(f"概要：{clean(initiative.description)}")
    runs = bars(initiative.cell_values(), years)
    if runs:
        lines.append("工程：" + "、".join(_bar_text(run) for run in runs))
    return "\n".join(lines)


def role_text(role: RoleView) -> str:
    """本部長：副市長（CIO（最高情報統括責任者）が兼任）."""
    text = f"{clean(role.title)}：{clean(role.post)}"
    if role.section and role.section not in role.post:
        text += f"（{role.section}）"
    if clean(role.note):
        text += f"（{clean(role.note)}）"
    return text


def body_kind_text(body: BodyView) -> str:
    """本部（設置済）: the kind of body and whether it is set up."""
    try:
        kind = BodyKind(body.kind).label
    except ValueError:
        kind = body.kind
    return f"{kind}（{body.status}）" if body.status else kind


def body_text(body: BodyView) -> str:
    """A body added or removed, whole: name, kind, description, roles, duties and member sections."""
    lines = [f"{clean(body.name)}（{body_kind_text(body)}）"]
    if clean(body.description):
        lines.append(clean(body.description))
    lines.extend(f"役職　{role_text(role)}" for role in body.roles)
    lines.extend(f"所掌事務　{clean(duty)}" for duty in body.duties)
    if body.members:
        lines.append("構成課　" + "、".join(body.members))
    return "\n".join(lines)
