"""The import report as text for the command line, in Japanese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ...domain.era import format_date

__all__ = ["report_lines"]

_KINDS = (("added", "追加"), ("changed", "変更"), ("deleted", "削除"), ("conflicts", "競合"))


def _origin(report: Mapping[str, Any]) -> str:
    origin = report["origin"]
    parts = [origin.get("exported_by") or "出力者不明"]
    if origin.get("exported_at"):
        moment = dt.datetime.fromisoformat(origin["exported_at"]).astimezone()
        parts.append(f"{format_date(moment.date())} {moment:%H:%M} 出力")
    if origin.get("edition"):
        parts.append(origin["edition"])
    return "、".join(parts)


def _where(entry: Mapping[str, Any]) -> str:
    return " / ".join(part for part in (entry["group"], entry["subgroup"], entry["label"]) if part)


def report_lines(report: Mapping[str, Any]) -> list[str]:
    lines = [f"取込: {report['file']}（{_origin(report)}）"]
    if report["degraded"]:
        lines.append(
            f"注意: {report['degraded_reason'] or '機械可読の部分が使えません'}。表の値だけで比べたため、違いはすべて要確認です。"
        )
    lines.append("　".join(f"{label} {len(report[key])} 件" for key, label in _KINDS))
    for key, label in _KINDS:
        for entry in report[key]:
            detail = ""
            if "fields" in entry:
                changes = []
                for change in entry["fields"].values():
                    before = change.get("old", change.get("mine", ""))
                    after = change.get("new", change.get("theirs", ""))
                    changes.append(f"{change['label']}: 「{_short(before)}」→「{_short(after)}」")
                detail = "、".join(changes)
            reason = f"［{entry.get('reason_label', '')}］" if key == "conflicts" else ""
            outcome = {"kept": "（こちらを維持）", "rejected": "（取り込まず）"}.get(entry.get("outcome", ""), "")
            lines.append(f"  {label}{reason} {_where(entry)} {detail}{outcome}".rstrip())
            if entry.get("detail"):
                lines.append(f"    {entry['detail']}")
            for taken in entry.get("takes", ()):
                lines.append(f"    あわせて削除: {taken}")
    for note in report["notes"]:
        lines.append(f"  注: {note}")
    return lines


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
