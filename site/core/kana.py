"""Readings in kana: katakana folded into hiragana, 五十音 order and its rows.

One module for the directory's sorting and index, the people lists' readings and the search's
folding. Pure Python: no Django import."""

import unicodedata

_KATAKANA_START, _KATAKANA_END = ord("ァ"), ord("ヶ")
_SHIFT = ord("ぁ") - ord("ァ")


def katakana_to_hiragana(text: str) -> str:
    """Each full-width katakana letter (ァ..ヶ) as its hiragana; everything else as it is."""
    return "".join(
        chr(ord(char) + _SHIFT) if _KATAKANA_START <= ord(char) <= _KATAKANA_END else char
        for char in text
    )


def to_hiragana(text: str) -> str:
    """Full-width, NFKC-normalised, katakana turned into hiragana; long vowel marks kept."""
    return katakana_to_hiragana(unicodedata.normalize("NFKC", text or "").strip())


def is_kana(text: str) -> bool:
    """Whether a reading is written only in kana (and spaces, long marks, digits)."""
    allowed = set(" ー・0123456789")
    return bool(text) and all(char in allowed or "ぁ" <= char <= "ゖ" for char in to_hiragana(text))


def sort_key(reading: str) -> str:
    """The key that orders readings in 五十音 order: voiced and small kana sort as their base."""
    decomposed = unicodedata.normalize("NFD", to_hiragana(reading))
    base = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    small = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
    return unicodedata.normalize("NFC", base).translate(small).replace(" ", "")


GOJUON_ROWS = ("あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ")
_ROW_OF = {}
for _row, _chars in zip(
    GOJUON_ROWS,
    [
        "あいうえお",
        "かきくけこ",
        "さしすせそ",
        "たちつてと",
        "なにぬねの",
        "はひふへほ",
        "まみむめも",
        "やゆよ",
        "らりるれろ",
        "わをん",
    ],
    strict=True,
):
    for _char in _chars:
        _ROW_OF[_char] = _row


def gojuon_row(reading: str) -> str:
    """The 五十音 row (あ, か, さ, ...) a reading is indexed under; "他" for anything else."""
    key = sort_key(reading)
    return _ROW_OF.get(key[:1], "他")
