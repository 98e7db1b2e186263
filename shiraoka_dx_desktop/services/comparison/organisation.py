"""The 推進体制 in a 新旧対照表: bodies added, removed or changed, and within a body its roles, duties and members."""

from __future__ import annotations

from collections.abc import Sequence

from ..snapshot import BodyView, RoleView
from .collect import Items, Place
from .matching import pair
from .texts import body_kind_text, body_text, clean, role_text

__all__ = ["ORGANISATION_SECTION", "compare_organisation"]

ORGANISATION_SECTION = "推進体制"


def compare_organisation(items: Items, place: Place, old: Sequence[BodyView], new: Sequence[BodyView]) -> None:
    """The bodies' changes, body by body in the new edition's order (a body removed where it stood)."""
    section = ORGANISATION_SECTION
    pairing = pair(old, new, lambda body: body.id, lambda body: body.name.strip())
    for before, after in pairing.pairs:
        printed = (before.name, before.kind, before.status, before.description, before.duties, before.roles)
        if printed != (after.name, after.kind, after.status, after.description, after.duties, after.roles) or (
            before.members != after.members
        ):
            _compare_body(items, (*place, after.position, 0), before, after)
    for body in pairing.added:
        items.added((*place, body.position, 0), section, clean(body.name), body_text(body))
    for body in pairing.removed:
        items.removed((*place, body.position, 1), section, clean(body.name), body_text(body))


def _compare_body(items: Items, place: Place, before: BodyView, after: BodyView) -> None:
    section, subject = ORGANISATION_SECTION, clean(after.name)
    items.passage((*place, 0), section, subject, "名称", before.name, after.name)
    items.passage((*place, 1), section, subject, "区分", body_kind_text(before), body_kind_text(after))
    items.passage((*place, 2), section, subject, "説明", before.description, after.description, blank="（記載なし）")
    _compare_roles(items, (*place, 3), subject, before.roles, after.roles)
    _compare_duties(items, (*place, 4), subject, before, after)
    items.passage(
        (*place, 5), section, subject, "構成課", "、".join(before.members), "、".join(after.members), blank="（なし）"
    )


def _compare_roles(items: Items, place: Place, subject: str, old: Sequence[RoleView], new: Sequence[RoleView]) -> None:
    section = ORGANISATION_SECTION
    order = {id(role): index for index, role in enumerate(new)}
    pairing = pair(old, new, lambda role: role.id or id(role), lambda role: role.title.strip())
    for before, after in pairing.pairs:
        aspect = f"役職「{clean(after.title)}」"
        items.passage((*place, order[id(after)], 0), section, subject, aspect, role_text(before), role_text(after))
    for role in pairing.added:
        items.added((*place, order[id(role)], 0), section, subject, role_text(role), f"役職「{clean(role.title)}」")
    for index, role in enumerate(old):
        if role in pairing.removed:
            items.removed((*place, index, 1), section, subject, role_text(role), f"役職「{clean(role.title)}」")


def _compare_duties(items: Items, place: Place, subject: str, before: BodyView, after: BodyView) -> None:
    section = ORGANISATION_SECTION
    old = list(zip(before.duty_ids or range(len(before.duties)), before.duties, strict=True))
    new = list(zip(after.duty_ids or range(len(after.duties)), after.duties, strict=True))
    order = {duty_id: index for index, (duty_id, _text) in enumerate(new)}
    pairing = pair(old, new, lambda duty: duty[0], lambda duty: duty[1].strip())
    for (_old_id, old_text), (new_id, new_text) in pairing.pairs:
        aspect = f"所掌事務（{order[new_id] + 1}）"
        items.passage((*place, order[new_id], 0), section, subject, aspect, old_text, new_text)
    for duty_id, text in pairing.added:
        items.added((*place, order[duty_id], 0), section, subject, text, f"所掌事務（{order[duty_id] + 1}）")
    for index, duty in enumerate(old):
        if duty in pairing.removed:
            items.removed((*place, index, 1), section, subject, duty[1], "所掌事務")
