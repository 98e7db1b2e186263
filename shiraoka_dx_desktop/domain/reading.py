"""Japanese reading order (五十音順) for readings written in kana.

Code-point order puts 「あー」 after 「あい」 and 「が」 after 「か」 but before 「き」 only by
accident. Dictionaries compare first without voicing marks, small kana or the long-vowel
mark (read as the vowel it lengthens), and only then tell 「はな」, 「ばな」 and 「ぱな」 apart.
"""

from __future__ import annotations

import unicodedata

__all__ = ["reading_key"]

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_SMALL_TO_LARGE = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_VOICING_MARKS = ("\u3099", "\u309a")
_VOWEL_ROWS = {
    "あ": "あかさたなはまやらわがざだばぱ",
    "い": "いきしちにひみりぎじぢびぴ",
    "う": "うくすつぬふむゆるぐずづぶぷ",
    "え": "えけせてねへめれげぜでべぺ",
    "お": "おこそとのほもよろをごぞどぼぽ",
}
_VOWEL_OF = {kana: vowel for vowel, row in _VOWEL_ROWS.items() for kana in row}


def _hiragana(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_KATAKANA_TO_HIRAGANA)


def _primary(hiragana: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", hiragana) if c not in _VOICING_MARKS)
    plain = plain.translate(_SMALL_TO_LARGE)
    letters: list[str] = []
    for char in plain:
        if char == "ー" and letters:
            letters.append(_VOWEL_OF.get(letters[-1], letters[-1]))
        else:
            letters.append(char)
    return "".join(letters)


def reading_key(reading: str) -> str:
    """A string that sorts readings in 五十音順: plain kana first, voicing and size as tie-breakers."""
    hiragana = _hiragana(reading)
    return f"{_primary(hiragana)}\x00{unicodedata.normalize('NFD', hiragana)}"
