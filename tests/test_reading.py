"""Glossary readings sort as a Japanese dictionary does."""

from __future__ import annotations

from shiraoka_dx_desktop.domain.reading import reading_key


def _sorted(*readings: str) -> list[str]:
    return sorted(readings, key=reading_key)


def test_the_long_vowel_mark_reads_as_the_vowel_it_lengthens() -> None:
    # 「あーるえふあい」 (RFI) reads ああるえふあい and comes before 「あいしーてぃー」 (ICT).
    assert _sorted("あいしーてぃー", "あーるえふあい") == ["あーるえふあい", "あいしーてぃー"]
    assert _sorted("えーあい", "えいご", "えあ", "えおす") == ["えあ", "えいご", "えーあい", "えおす"]


def test_voicing_only_breaks_ties() -> None:
    assert _sorted("きかく", "ぎかい", "かんり") == ["かんり", "ぎかい", "きかく"]
    assert _sorted("ばな", "ぱな", "はな") == ["はな", "ばな", "ぱな"]


def test_small_kana_sort_with_their_large_forms() -> None:
    assert _sorted("じょうほう", "じゅうしょ", "じよ") == ["じゅうしょ", "じよ", "じょうほう"]


def test_katakana_and_half_width_sort_with_hiragana() -> None:
    assert _sorted("テレワーク", "でじたるか", "ｸﾗｳﾄﾞ") == ["ｸﾗｳﾄﾞ", "でじたるか", "テレワーク"]
