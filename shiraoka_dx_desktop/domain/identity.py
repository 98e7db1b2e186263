"""Record identity and revisions, shared by every terminal.

Every record carries a UUID that never changes and a *revision*: a digest of
its content.  Because the revision is derived from the content alone, two
terminals that hold the same values agree on the revision without talking to
each other, and the default dataset has the same revisions everywhere.  A later
three-way merge compares a colleague's record with the revision both sides last
agreed on: "changed there" is theirs != base, "changed here" is mine != base.

``uuid`` (which pulls in ``platform``), ``hashlib`` and ``json`` are imported on first
use: the window's start-up imports this module but calls none of these.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

__all__ = ["ROADMAP_NAMESPACE", "content_revision", "derived_id", "new_id"]

# Namespace for identifiers derived from other identifiers (roadmap cells,
# team memberships), so that two terminals filling the same empty cell create
# the same record instead of two.
ROADMAP_NAMESPACE = "7b0f3a52-8f0e-4c55-9a5b-5d1c2d0e6a11"


def new_id() -> str:
    """A fresh random record identifier."""
    import uuid

    return str(uuid.uuid4())


def derived_id(*parts: object) -> str:
    """A deterministic identifier for a record defined by its parts."""
    import uuid

    return str(uuid.uuid5(uuid.UUID(ROADMAP_NAMESPACE), "/".join(str(part) for part in parts)))


def content_revision(content: Mapping[str, Any]) -> str:
    """The revision of a record: 32 hex digits of SHA-256 over canonical JSON."""
    import hashlib

    canonical = _canonical_encoder().encode(content)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


@functools.cache
def _canonical_encoder() -> Any:
    # What json.dumps(..., ensure_ascii=False, sort_keys=True, separators=(",", ":")) uses, made once:
    # json.dumps makes a new encoder for every call with options.
    import json

    return json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
