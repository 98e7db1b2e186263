"""Stamping records and keeping their history, inside every flush.

Whoever changes a record through a :class:`RecordSession`, the record's
revision, change time and author are set and one row is appended to
``record_revision``, in the same transaction as the change itself.  The
author is the terminal user given when the session was made
(``session.info["user"]``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper, Session, object_session

from ..domain.identity import content_revision
from .models import Record, RecordRevision

__all__ = ["NOW_KEY", "USER_KEY", "RecordSession"]

USER_KEY = "user"
# Tests and the seed loader may pin the clock; normally it is the wall clock.
NOW_KEY = "clock"
_PENDING_KEY = "_pending_revisions"


class RecordSession(Session):
    """A session that stamps records and records their history on flush."""


def _clock(session: Session) -> dt.datetime:
    clock: Callable[[], dt.datetime] | None = session.info.get(NOW_KEY)
    return clock() if clock else dt.datetime.now(dt.UTC)


def _session_of(target: Record) -> Session:
    session = object_session(target)
    if session is None:  # pragma: no cover - flush always has a session
        raise RuntimeError("record flushed without a session")
    return session


def _queue(session: Session, target: Record, *, deleted: bool, now: dt.datetime) -> None:
    content = target.content()
    session.info.setdefault(_PENDING_KEY, []).append(
        {
            "entity": target.__tablename__,
            "record_id": target.id,
            "revision": target.revision,
            "content": json.dumps(content, ensure_ascii=False, sort_keys=True),
            "deleted": deleted,
            "changed_at": now,
            "changed_by": session.info.get(USER_KEY, ""),
        }
    )


@event.listens_for(Record, "before_insert", propagate=True)
def _stamp_new(mapper: Mapper[Any], connection: Connection, target: Record) -> None:
    session = _session_of(target)
    now = _clock(session)
    target.fill_defaults()  # the revision must describe what is stored
    target.revision = content_revision(target.content())
    if target.created_at is None:
        target.created_at = now
    target.updated_at = now
    target.updated_by = session.info.get(USER_KEY, "")
    _queue(session, target, deleted=False, now=now)


@event.listens_for(Record, "before_update", propagate=True)
def _stamp_changed(mapper: Mapper[Any], connection: Connection, target: Record) -> None:
    revision = content_revision(target.content())
    if revision == target.revision:
        return  # touched but not changed: nothing to record
    session = _session_of(target)
    now = _clock(session)
    target.revision = revision
    target.updated_at = now
    target.updated_by = session.info.get(USER_KEY, "")
    _queue(session, target, deleted=False, now=now)


@event.listens_for(Record, "before_delete", propagate=True)
def _record_deletion(mapper: Mapper[Any], connection: Connection, target: Record) -> None:
    session = _session_of(target)
    _queue(session, target, deleted=True, now=_clock(session))


@event.listens_for(RecordSession, "after_flush")
def _write_history(session: Session, flush_context: Any) -> None:
    pending = session.info.pop(_PENDING_KEY, None)
    if pending:
        session.connection().execute(insert(RecordRevision), pending)


@event.listens_for(RecordSession, "after_soft_rollback")
def _forget_history(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_PENDING_KEY, None)
