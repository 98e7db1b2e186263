"""The name proposed for a saved 新旧対照表: the policy, both editions and the day, as Windows accepts it."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["comparison_file_name"]

# What Windows refuses in a file name (and control characters), each replaced by "_".
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" .")


def comparison_file_name(policy_title: str, old_name: str, new_name: str, today: dt.date, suffix: str) -> str:
    """``白岡市DX推進全体方針_新旧対照表_第3版→第4版_20261202.pdf`` (``suffix`` with its dot)."""
    title = _safe(policy_title) or "全体方針"
    return f"{title}_新旧対照表_{_safe(old_name)}→{_safe(new_name)}_{today:%Y%m%d}{suffix}"
