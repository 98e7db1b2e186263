"""Which words of a passage changed: the spans a 新旧対照表 underlines on each side.

The difference is found character by character (:class:`difflib.SequenceMatcher`: Japanese has
no spaces to split words at), then made readable: a mark that stops inside a run of katakana
or of Latin letters and digits is widened to the whole run (「オンライン」, not 「ライ」; kanji are
not, since a compound is often changed only in part: 「オンライン申請」 → 「電子申請」 marks 「電子」), and
marks a character or two apart are joined (「市民の利便性」 rather than 「市民」「利便性」 with the の
left out), and a changed figure takes its unit (「3月」), so that a reader sees words, not
scattered characters.
"""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

__all__ = ["Span", "changed_spans", "whole"]

# (start, end): offsets into the text, end excluded.
Span = tuple[int, int]

# Marks this close together are one mark.
_JOIN_GAP = 2
_KATAKANA, _LATIN, _OTHER = "katakana", "latin", "other"
# A changed figure is marked with the unit after it: 「3月」 reads better than a lone 「3」.
_SENTENCE_ENDS = frozenset("\n。")
_UNITS = frozenset("年月日度件回号条項人名円歳時分割％%")


def _script(character: str) -> str:
    code = ord(character)
    if 0x30A0 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
        return _KATAKANA
    if character.isascii() and character.isalnum():
        return _LATIN
    if 0xFF10 <= code <= 0xFF5A and unicodedata.category(character)[0] in "LN":
        return _LATIN
    return _OTHER


def _widen(text: str, span: Span) -> Span:
    """``span`` widened to whole runs of katakana or of Latin letters and digits at its ends."""
    start, end = span
    first = _script(text[start])
    if first != _OTHER:
        while start > 0 and _script(text[start - 1]) == first:
            start -= 1
    last = _script(text[end - 1])
    if last != _OTHER:
        while end < len(text) and _script(text[end]) == last:
            end += 1
    if text[start:end].isdigit() and end < len(text) and text[end] in _UNITS:
        end += 1
    return start, end


def _trimmed(text: str, span: Span) -> Span:
    """``span`` without the spaces and line breaks at its ends: an underlined line break marks nothing."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _readable(text: str, spans: list[Span]) -> tuple[Span, ...]:
    joined: list[Span] = []
    for span in spans:
        start, end = _trimmed(text, span)
        if start == end:
            continue
        start, end = _widen(text, (start, end))
        if joined and start - joined[-1][1] <= _JOIN_GAP:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return tuple(joined)


def _slid(text: str, span: Span) -> Span:
    """A passage inserted (or deleted) whole, moved to start a sentence or line if it can be.

    An insertion between repeated text can be drawn in several places equally well (「段落。」 then
    「追加の段落。」: the matcher may pick 「段落。追加の」); the one starting after 「。」 or a line
    break is the one a reader wrote.
    """
    start, end = span
    while start > 0 and text[start - 1] == text[end - 1]:
        start, end = start - 1, end - 1
    best = None
    while True:
        if start == 0 or text[start - 1] in _SENTENCE_ENDS:
            best = (start, end)
            if not text[start].isspace():
                break
        if end >= len(text) or text[start] != text[end]:
            break
        start, end = start + 1, end + 1
    return best or span


def whole(text: str) -> tuple[Span, ...]:
    """The whole of ``text`` as one mark (none for empty text): a passage added or deleted."""
    return ((0, len(text)),) if text else ()


def changed_spans(old: str, new: str) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """The changed words of ``old`` and of ``new``: what was replaced or deleted, and what replaced it or was added."""
    if old == new:
        return (), ()
    if not old or not new:
        return whole(old), whole(new)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    old_spans: list[Span] = []
    new_spans: list[Span] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert":
            new_start, new_end = _slid(new, (new_start, new_end))
        elif tag == "delete":
            old_start, old_end = _slid(old, (old_start, old_end))
        if old_end > old_start:
            old_spans.append((old_start, old_end))
        if new_end > new_start:
            new_spans.append((new_start, new_end))
    return _readable(old, old_spans), _readable(new, new_spans)
