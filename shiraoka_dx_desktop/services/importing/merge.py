"""Three-way merge of a colleague's file into this terminal's data, record by record, field by field.

For every record the file describes there are three versions:

* *mine*: the record as this terminal holds it now (or gone);
* *theirs*: the colleague's version (or gone), from the file;
* *base*: the last version both sides agreed on.  When the file was exported
  at a revision this terminal has had (now or earlier), that revision is the
  base.  A file exported on a colleague's terminal after they edited in the
  application carries a newer revision; its *ancestors* (earlier revisions,
  newest first) lead back to one this terminal knows.  Revisions are digests of
  content, so the same values have the same revision on every terminal.

Then per field: changed only there → taken; changed only here → kept; changed
on both sides to the same value → nothing to do; to different values → a
conflict.  A record deleted on one side and changed on the other is a conflict;
deleted on one side and untouched on the other, it is deleted.  New records on
either side are kept.  Without any base (a file whose machine-readable part
was lost, or a record this terminal never saw under that identity), every
difference is a *two-way* change offered for review.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ...domain.identity import content_revision
from ...domain.organisation import body_member_id
from ...domain.progress import evaluation_id, indicator_actual_id
from ...domain.roadmap import roadmap_cell_id
from ...storage.record_kinds import KINDS, RECORD_TABLES
from ..edits import Delete, Edit, Upsert
from .state import Content, DoubtReason, IncomingFile, Key, LocalState

__all__ = [
    "ConflictReason",
    "FieldChange",
    "ImportPlan",
    "ItemKind",
    "MergeItem",
    "Resolution",
    "plan_merge",
]

# Parents first when adding, children first when deleting.
ENTITY_ORDER = RECORD_TABLES
# Names that must be unique: a record added there under one a different record has here is a duplicate.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {kind.table: kind.natural_key for kind in KINDS if kind.natural_key}
_LABELS: dict[str, str] = {kind.table: kind.label for kind in KINDS}
# The records whose id is made from their owner and what is unique under it: moved to another owner, a new id.
_DERIVED_IDS: dict[str, Callable[[Content], str]] = {
    "roadmap_cell": lambda content: roadmap_cell_id(content["initiative_id"], content["fiscal_year"]),
    "evaluation": lambda content: evaluation_id(content["initiative_id"], content["fiscal_year"]),
    "indicator_actual": lambda content: indicator_actual_id(content["indicator_id"], content["fiscal_year"]),
    "body_member": lambda content: body_member_id(content["body_id"], content["section_id"]),
}
# A deleted parent takes these with it (the operation layer deletes them).
_OWNER_FIELD = {kind.table: kind.owner_column for kind in KINDS if kind.owner_column}
_OWNER_ENTITY = {kind.table: kind.owner for kind in KINDS if kind.owner}


class ItemKind(enum.StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    DELETED = "deleted"
    CONFLICT = "conflict"


class ConflictReason(enum.StrEnum):
    BOTH_CHANGED = "both_changed"  # the same field changed differently on both sides
    DELETED_HERE = "deleted_here"  # deleted here, changed there
    DELETED_THERE = "deleted_there"  # changed here, deleted there
    TWO_WAY = "two_way"  # no agreed base: a difference to review
    DUPLICATE = "duplicate"  # added there under a name a different record has here
    DUPLICATE_ROW = "duplicate_row"  # a row copied in Excel whose original cannot be told
    ROWS_REMAIN = "rows_remain"  # deleted there while rows of what it owns are still in the file
    OTHER_SECTION = "other_section"  # in a lead section's survey, another section's initiative

    @property
    def label(self) -> str:
        """What the conflict is, in words a staff member reads."""
        return _REASON_LABELS[self]


_REASON_LABELS = {
    ConflictReason.BOTH_CHANGED: "両方で違う値に変更されています",
    ConflictReason.DELETED_HERE: "こちらで削除しましたが、相手が変更しています",
    ConflictReason.DELETED_THERE: "こちらで変更しましたが、相手が削除しています",
    ConflictReason.TWO_WAY: "共通の版が分からないため、違いを確認してください（2者比較）",
    ConflictReason.DUPLICATE: (
        "相手が追加した記録と同じ名前の別の記録がこちらにあります。相手を採用すると、こちらの記録を相手の値にします"
    ),
    ConflictReason.DUPLICATE_ROW: "同じ ID の行が複数あります（行のコピー）。取り込むかどうかを決めてください",
    ConflictReason.ROWS_REMAIN: "削除された行の中身がまだブックに残っています。削除するかどうかを決めてください",
    ConflictReason.OTHER_SECTION: "照会先の課以外の取組項目です。取り込むかどうかを決めてください",
}


class Resolution(enum.StrEnum):
    KEEP_MINE = "keep-mine"
    TAKE_THEIRS = "take-theirs"


@dataclass(frozen=True)
class FieldChange:
    field: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class MergeItem:
    """One record's outcome: what would change here, or what needs a decision."""

    entity: str
    id: str
    kind: ItemKind
    mine: Content | None
    theirs: Content | None
    # For CHANGED: the fields taken from theirs.  For CONFLICT: the fields in conflict.
    fields: tuple[FieldChange, ...] = ()
    # For CONFLICT: fields changed only there, taken whatever the decision on the others.
    also_taken: Mapping[str, Any] = field(default_factory=dict)
    reason: ConflictReason | None = None
    # For a record deleted here and changed there: the records deleted here with it
    # (an initiative's roadmap cells …), brought back with it if theirs is taken.
    restores: tuple[tuple[str, str, Content], ...] = ()
    # For DUPLICATE: the record here with the same name; taking theirs sets its values on it (and brings the
    # records added there under theirs, in ``restores``, moved onto it).
    twin_id: str | None = None
    # Why the file leaves this in doubt, naming its rows (Japanese), for DUPLICATE_ROW and ROWS_REMAIN.
    detail: str = ""
    # For a deletion: the records here it takes with it that are not items of their own (an initiative's cells).
    takes: tuple[Key, ...] = ()

    @property
    def key(self) -> Key:
        return (self.entity, self.id)

    @property
    def two_way(self) -> bool:
        return self.reason is ConflictReason.TWO_WAY

    def edits(self, resolution: Resolution | None = None, values: Mapping[str, Any] | None = None) -> list[Edit]:
        """The edits that carry this item out; a conflict needs a ``resolution`` or typed ``values``."""
        if self.kind is ItemKind.ADDED:
            assert self.theirs is not None
            return [Upsert(self.entity, self.id, dict(self.theirs))]
        if self.kind is ItemKind.CHANGED:
            return [Upsert(self.entity, self.id, {change.field: change.theirs for change in self.fields})]
        if self.kind is ItemKind.DELETED:
            return [Delete(self.entity, self.id)]
        if self.twin_id is not None:
            if values is not None:
                return [Upsert(self.entity, self.twin_id, dict(values))] if values else []
            if resolution is Resolution.TAKE_THEIRS:  # theirs set on the twin, with what they added under it
                fields: list[Edit] = (
                    [Upsert(self.entity, self.twin_id, {c.field: c.theirs for c in self.fields})] if self.fields else []
                )
                return fields + [
                    Upsert(entity, record_id, dict(content)) for entity, record_id, content in self.restores
                ]
            if resolution is Resolution.KEEP_MINE:
                return []
            raise ValueError("a conflict needs a decision")
        if values is not None:
            chosen = {**self.also_taken, **values}
            return [Upsert(self.entity, self.id, chosen)] if chosen else []
        if resolution is Resolution.TAKE_THEIRS:
            if self.theirs is None:
                return [Delete(self.entity, self.id)]
            if self.mine is None:
                restored = [Upsert(entity, record_id, dict(content)) for entity, record_id, content in self.restores]
                return [Upsert(self.entity, self.id, dict(self.theirs)), *restored]
            return [Upsert(self.entity, self.id, {**self.also_taken, **{c.field: c.theirs for c in self.fields}})]
        if resolution is Resolution.KEEP_MINE:
            if self.mine is None or self.theirs is None:
                return []
            return [Upsert(self.entity, self.id, dict(self.also_taken))] if self.also_taken else []
        raise ValueError("a conflict needs a decision")


@dataclass
class ImportPlan:
    incoming: IncomingFile
    items: list[MergeItem]

    def of_kind(self, kind: ItemKind) -> list[MergeItem]:
        return [item for item in self.items if item.kind is kind]

    @property
    def conflicts(self) -> list[MergeItem]:
        return self.of_kind(ItemKind.CONFLICT)

    @property
    def empty(self) -> bool:
        return not self.items

    def edits(
        self,
        resolutions: Mapping[Key, Resolution | Mapping[str, Any]] | None = None,
        *,
        default: Resolution | None = None,
        skipped: Iterable[Key] = (),
    ) -> list[Edit]:
        """Every edit the plan makes, in an order the database accepts.

        ``resolutions`` decides conflicts item by item (a resolution, or typed field
        values); ``default`` decides the rest; an item in ``skipped`` is left out
        (the user unticked it).  Raises ``ValueError`` for an undecided conflict.
        """
        resolutions = resolutions or {}
        leave_out = set(skipped)
        deleted_owners = {
            item.key
            for item in self.items
            if item.key not in leave_out and self._deletes(item, resolutions.get(item.key), default)
        }
        upserts: list[Edit] = []
        deletes: list[Edit] = []
        for item in sorted(self.items, key=_order):
            if item.key in leave_out:
                continue
            owner = _owner_key(item)
            if owner is not None and owner in deleted_owners and item.kind in (ItemKind.DELETED, ItemKind.CONFLICT):
                continue  # goes with its deleted initiative or body
            decision = resolutions.get(item.key, default if item.kind is ItemKind.CONFLICT else None)
            edits = item.edits(values=decision) if isinstance(decision, Mapping) else item.edits(decision)
            for edit in edits:
                (deletes if isinstance(edit, Delete) else upserts).append(edit)
        deletes.sort(key=lambda edit: -ENTITY_ORDER.index(edit.entity))
        return upserts + deletes

    @staticmethod
    def _deletes(item: MergeItem, decision: object, default: Resolution | None) -> bool:
        if item.kind is ItemKind.DELETED:
            return True
        chosen = decision if decision is not None else default
        return item.kind is ItemKind.CONFLICT and item.theirs is None and chosen is Resolution.TAKE_THEIRS


def _order(item: MergeItem) -> tuple[int, str]:
    return (ENTITY_ORDER.index(item.entity) if item.entity in ENTITY_ORDER else len(ENTITY_ORDER), item.id)


def _owner_key(item: MergeItem) -> Key | None:
    column = _OWNER_FIELD.get(item.entity)
    content = item.mine or item.theirs
    if column is None or content is None:
        return None
    return (_OWNER_ENTITY[item.entity], content[column])


def _base(key: Key, incoming: IncomingFile, local: LocalState) -> Content | None:
    """The last version both sides agreed on, or None when there is none."""
    exported = incoming.exported.get(key)
    if exported is None:
        return None
    if local.knows(key, exported.revision):
        return exported.content
    for ancestor in exported.ancestors:
        content = local.content_at(key, ancestor)
        if content is not None:
            return content
    return None


def _item(key: Key, base: Content | None, mine: Content | None, theirs: Content | None) -> MergeItem | None:
    entity, record_id = key
    if mine is None and theirs is None:
        return None
    if mine is None:
        assert theirs is not None
        return MergeItem(entity, record_id, ItemKind.ADDED, None, theirs)
    if theirs is None:
        if base is None:
            return MergeItem(entity, record_id, ItemKind.CONFLICT, mine, None, reason=ConflictReason.TWO_WAY)
        if dict(mine) == dict(base):
            return MergeItem(entity, record_id, ItemKind.DELETED, mine, None)
        return MergeItem(entity, record_id, ItemKind.CONFLICT, mine, None, reason=ConflictReason.DELETED_THERE)
    taken: list[FieldChange] = []
    clashing: list[FieldChange] = []
    for name in sorted(set(mine) | set(theirs)):
        mine_value, their_value = mine.get(name), theirs.get(name)
        if mine_value == their_value:
            continue
        base_value = base.get(name) if base is not None else None
        change = FieldChange(name, base_value, mine_value, their_value)
        if base is not None and mine_value == base_value:
            taken.append(change)  # changed there only
        elif base is not None and their_value == base_value:
            continue  # changed here only
        else:
            clashing.append(change)
    if clashing:
        reason = ConflictReason.TWO_WAY if base is None else ConflictReason.BOTH_CHANGED
        also = {change.field: change.theirs for change in taken}
        return MergeItem(entity, record_id, ItemKind.CONFLICT, mine, theirs, tuple(clashing), also, reason)
    if taken:
        return MergeItem(entity, record_id, ItemKind.CHANGED, mine, theirs, tuple(taken))
    return None


def _mark_duplicates(items: list[MergeItem], local: LocalState) -> list[MergeItem]:
    """An addition whose name is taken here by another record cannot be added: it is a conflict."""
    indexes: dict[str, dict[tuple[Any, ...], str]] = {}
    for (entity, record_id), content in local.records.items():
        fields = NATURAL_KEYS.get(entity)
        if fields is not None:
            indexes.setdefault(entity, {})[tuple(content.get(f) for f in fields)] = record_id
    marked: list[MergeItem] = []
    for item in items:
        fields = NATURAL_KEYS.get(item.entity)
        twin = None
        if item.kind is ItemKind.ADDED and fields is not None and item.theirs is not None:
            twin = indexes.get(item.entity, {}).get(tuple(item.theirs.get(f) for f in fields))
        if twin is None or twin == item.id:
            marked.append(item)
            continue
        mine = local.records[(item.entity, twin)]
        assert item.theirs is not None
        differing = tuple(
            FieldChange(name, None, mine.get(name), item.theirs.get(name))
            for name in sorted(set(mine) | set(item.theirs))
            if mine.get(name) != item.theirs.get(name)
        )
        marked.append(
            replace(
                item, kind=ItemKind.CONFLICT, mine=mine, fields=differing, reason=ConflictReason.DUPLICATE, twin_id=twin
            )
        )
    return marked


def _children_of_duplicates(items: list[MergeItem], local: LocalState) -> list[MergeItem]:
    """What was added there under a record that is a duplicate here goes with the decision on it.

    An initiative added on both sides with the same name is one record, the one here (its twin): the colleague's
    cells, indicators and their actuals are moved onto it (one of the twin's own with the same natural key, a cell
    of the same year, is set rather than added), taken with "take theirs" and left out with "keep mine".  They are
    not items of their own: a cell under an initiative that is not added would be an orphan.
    """
    duplicates = {item.key: item for item in items if item.reason is ConflictReason.DUPLICATE and item.twin_id}
    if not duplicates:
        return items
    here = {
        (entity, tuple(content.get(name) for name in NATURAL_KEYS[entity])): record_id
        for (entity, record_id), content in local.records.items()
        if entity in _OWNER_FIELD and entity in NATURAL_KEYS
    }
    new_id: dict[Key, str] = {key: str(item.twin_id) for key, item in duplicates.items()}  # where a record goes
    top_of: dict[Key, Key] = {key: key for key in duplicates}  # the duplicate it goes with
    folded: dict[Key, list[tuple[str, str, Content]]] = {}
    for item in sorted(items, key=_order):  # parents before children: a child's new owner is known when it comes
        owner = _owner_key(item)
        if owner is None or owner not in new_id or item.theirs is None or item.key in duplicates:
            continue
        content = {**item.theirs, _OWNER_FIELD[item.entity]: new_id[owner]}
        derived = _DERIVED_IDS.get(item.entity)
        natural = tuple(content.get(name) for name in NATURAL_KEYS.get(item.entity, ()))
        new_id[item.key] = derived(content) if derived else here.get((item.entity, natural), item.id)
        top_of[item.key] = top_of[owner]
        folded.setdefault(top_of[owner], []).append((item.entity, new_id[item.key], content))
    return [
        _with_children(item, folded[item.key]) if item.key in folded else item
        for item in items
        if item.key in duplicates or item.key not in top_of
    ]


def _with_children(item: MergeItem, children: list[tuple[str, str, Content]]) -> MergeItem:
    counts: dict[str, int] = {}
    for entity, _id, _content in children:
        counts[entity] = counts.get(entity, 0) + 1
    what = "・".join(f"{_LABELS.get(entity, entity)} {count} 件" for entity, count in counts.items())
    name = (item.theirs or {}).get("name", "")
    detail = (
        f"相手が「{name}」に付けた{what}は、相手の内容を取るとこちらの「{name}」に入り、こちらを残すと取り込みません。"
    )
    return replace(item, restores=item.restores + tuple(children), detail=detail)


def _decided_before(key: Key, theirs: Content | None, local: LocalState) -> bool:
    """Whether these very values were imported here before, and taken or turned down then."""
    return theirs is not None and local.knows(key, content_revision(theirs))


def plan_merge(incoming: IncomingFile, local: LocalState) -> ImportPlan:
    """Compare the file with this terminal's data; nothing is written."""
    items: list[MergeItem] = []
    stays_deleted: dict[Key, list[tuple[str, str, Content]]] = {}
    for key, theirs in incoming.theirs.items():
        mine = local.records.get(key)
        if mine is not None and theirs is not None and mine == theirs:
            continue  # the same values on both sides: nothing to merge
        base = _base(key, incoming, local)
        if mine is None and local.deleted_here(key):
            # Deleted here: stays deleted unless the colleague changed it since.
            if theirs is None or (base is not None and dict(theirs) == dict(base)):
                if theirs is not None and key[0] in _OWNER_FIELD:
                    owner = (_OWNER_ENTITY[key[0]], theirs[_OWNER_FIELD[key[0]]])
                    stays_deleted.setdefault(owner, []).append((key[0], key[1], theirs))
                continue
            if _decided_before(key, theirs, local):
                continue
            entity, record_id = key
            items.append(
                MergeItem(entity, record_id, ItemKind.CONFLICT, None, theirs, reason=ConflictReason.DELETED_HERE)
            )
            continue
        item = _item(key, base, mine, theirs)
        if item is not None and not _decided_before(key, theirs, local):
            items.append(item)
    items = _mark_duplicates(items, local)
    items = _children_of_duplicates(items, local)
    items = _children_of_deleted_parents(items, incoming, local, stays_deleted)
    items = _deletions_of_changed_parents(items, incoming, local)
    items = _apply_doubts(items, incoming)
    items = _list_what_deletions_take(items, local)
    items.sort(key=_order)
    return ImportPlan(incoming, items)


def _apply_doubts(items: list[MergeItem], incoming: IncomingFile) -> list[MergeItem]:
    """What the file leaves in doubt (a copied row, a deletion with its rows still there) is for the user to decide."""
    if not incoming.doubts:
        return items
    result: list[MergeItem] = []
    for item in items:
        doubt = incoming.doubts.get(item.key)
        if doubt is None:
            result.append(item)
        elif item.kind is ItemKind.CONFLICT and doubt.reason is not DoubtReason.OTHER_SECTION:
            result.append(replace(item, detail=doubt.detail))
        elif item.kind is ItemKind.CONFLICT:  # whatever else it is, it is first not this section's to change
            result.append(replace(item, reason=ConflictReason.OTHER_SECTION, detail=doubt.detail))
        else:
            reason = ConflictReason(doubt.reason.value)
            result.append(replace(item, kind=ItemKind.CONFLICT, reason=reason, detail=doubt.detail, also_taken={}))
    return result


def _list_what_deletions_take(items: list[MergeItem], local: LocalState) -> list[MergeItem]:
    """A deletion of an initiative, an indicator or a body names every record of its own that goes with it.

    Owners are followed down: an initiative takes its indicators' actuals too.
    """
    deleting = {item.key for item in items if item.theirs is None and item.entity in _OWNER_ENTITY.values()}
    if not deleting:
        return items
    listed = {item.key for item in items}
    owner_of: dict[Key, Key] = {}
    for key, content in local.records.items():
        column = _OWNER_FIELD.get(key[0])
        if column is not None:
            owner_of[key] = (_OWNER_ENTITY[key[0]], content[column])
    owned: dict[Key, list[Key]] = {}
    for key in owner_of:
        if key in listed:
            continue
        owner: Key | None = owner_of[key]
        while owner is not None and owner not in deleting:
            owner = owner_of.get(owner)
        if owner is not None:
            owned.setdefault(owner, []).append(key)
    return [replace(item, takes=tuple(sorted(owned[item.key]))) if item.key in owned else item for item in items]


def _children_of_deleted_parents(
    items: list[MergeItem],
    incoming: IncomingFile,
    local: LocalState,
    stays_deleted: dict[Key, list[tuple[str, str, Content]]],
) -> list[MergeItem]:
    """A cell added or changed there under an initiative deleted here makes the initiative a conflict.

    Taking theirs brings the initiative back with all its cells; keeping mine leaves it deleted.
    """
    present = set(local.records) | {item.key for item in items if item.kind is ItemKind.ADDED}
    orphans: dict[Key, list[MergeItem]] = {}
    kept: list[MergeItem] = []
    for item in items:
        owner = _owner_key(item)
        if owner is not None and item.theirs is not None and owner not in present:
            orphans.setdefault(owner, []).append(item)
        else:
            kept.append(item)
    result: list[MergeItem] = []
    for item in kept:
        if item.reason is ConflictReason.DELETED_HERE:
            extra = [(c.entity, c.id, c.theirs) for c in orphans.pop(item.key, []) if c.theirs is not None]
            item = replace(item, restores=tuple(stays_deleted.get(item.key, [])) + tuple(extra))
        result.append(item)
    for owner, children in orphans.items():
        theirs = incoming.theirs.get(owner)
        if theirs is None:
            continue  # the parent is gone on both sides: so are its children
        restores = [(c.entity, c.id, c.theirs) for c in children if c.theirs is not None]
        restores += stays_deleted.get(owner, [])
        result.append(
            MergeItem(
                owner[0],
                owner[1],
                ItemKind.CONFLICT,
                None,
                theirs,
                reason=ConflictReason.DELETED_HERE,
                restores=tuple(restores),
            )
        )
    return result


def _deletions_of_changed_parents(items: list[MergeItem], incoming: IncomingFile, local: LocalState) -> list[MergeItem]:
    """Deleting there an initiative whose cells were changed or added here is a conflict, not a deletion."""
    deleted = {item.key for item in items if item.kind is ItemKind.DELETED and item.entity in _OWNER_ENTITY.values()}
    if not deleted:
        return items
    touched: set[Key] = set()
    for key, content in local.records.items():
        column = _OWNER_FIELD.get(key[0])
        if column is None:
            continue
        owner = (_OWNER_ENTITY[key[0]], content[column])
        if owner in deleted:
            exported = incoming.exported.get(key)
            if exported is None or dict(exported.content) != dict(content):
                touched.add(owner)
    return [
        replace(item, kind=ItemKind.CONFLICT, reason=ConflictReason.DELETED_THERE) if item.key in touched else item
        for item in items
    ]
