# ruff: noqa: RUF001, RUF002 - full- and half-width characters are what this file is about
"""Japanese-aware text processing for search, shared by indexing and querying. No Django here.

Full-text engines (SQLite FTS5's unicode61 tokenizer, PostgreSQL's default parser) split text
on spaces and punctuation, so a run of Japanese without spaces is one "word" to them: a search
for ボランティア never finds 「昭和区社協ボランティアセンター」. This module turns text into
space-separated tokens that both engines index as they are:

1. normalise: drop lone surrogates and control characters, Unicode NFKC (full and half width,
   ｶﾀｶﾅ → カタカナ, ＡＢＣ１２ → ABC12), lower case, katakana → hiragana, small kana → large
   (ティ and テイ, きって and きつて), ヴ → ぶ (ヴァ → ば ...), the long-vowel mark ー removed
   (サーバー, サーバ), then a short table of notation variants of welfare words (表記ゆれ:
   車椅子, 車いす, くるまいす);
2. segment: a run of Latin letters or digits is one token (a word, a number); a run of kana and
   kanji becomes its overlapping character bigrams, so that any word of two or more characters
   inside a compound is found (介護 in 介護保険, 社協 in 昭和区社協); a run of one character is
   a token of its own.

A query goes through the same two steps; each word of the query becomes a phrase (its bigrams,
consecutive and in order) and the words are AND-combined.

Why bigrams and not a morphological analyser: measured on the test set in
tests/site/search_testset.py (figures there), bigrams with the folding above find every
expected result (recall 1.00, precision 0.99), while Janome (IPADIC) segments a word
differently inside a compound than alone (社協 in 昭和区社協, 車いす) and misses those (recall
0.79); bigrams also index about 100 times faster and need no 20 MB dictionary.
"""

import re
import unicodedata

# Queries longer than this are cut: a real query is a few words.
MAX_QUERY_CHARS = 200
# At most this many words of a query are used (AND-combined).
MAX_QUERY_WORDS = 8
# Search-syntax words that people type from habit; they are not words to look for.
OPERATOR_WORDS = frozenset({"AND", "OR", "NOT", "NEAR"})

_SURROGATES = re.compile("[\ud800-\udfff]")

_KATAKANA_START, _KATAKANA_END = 0x30A1, 0x30F6  # ァ .. ヶ
_SMALL_KANA = str.maketrans(
    {
        "ぁ": "あ",
        "ぃ": "い",
        "ぅ": "う",
        "ぇ": "え",
        "ぉ": "お",
        "っ": "つ",
        "ゃ": "や",
        "ゅ": "ゆ",
        "ょ": "よ",
        "ゎ": "わ",
        "ゕ": "か",
        "ゖ": "け",
    }
)
# ヴ (after katakana → hiragana: ゔ) followed by a small vowel, then alone.
_VU = [("ゔぁ", "ば"), ("ゔぃ", "び"), ("ゔぇ", "べ"), ("ゔぉ", "ぼ"), ("ゔ", "ぶ")]
# Marks that lengthen or repeat a sound and are written inconsistently.
_DROPPED = str.maketrans({"ー": None, "～": None, "〜": None})

# Notation variants (表記ゆれ) of words residents search for, as they are after the folding
# above, each mapped to one form. Longer forms first so that they win over their parts.
VARIANTS = {
    "くるまいす": "車いす",
    "車椅子": "車いす",
    "障害者": "障がい者",
    "障碍者": "障がい者",
    "障害": "障がい",
    "障碍": "障がい",
    "子供": "子ども",
    "こども": "子ども",
    "お年寄り": "高齢者",
    "おとしより": "高齢者",
    "社会福祉協議会": "社会福祉協議会 社協",
    "ふくし": "福祉",
    "かいご": "介護",
    "そうだん": "相談",
    "しえん": "支援",
    "たまりば": "たまり場",
    "溜まり場": "たまり場",
    "溜り場": "たまり場",
    "街づくり": "まちづくり",
    "町づくり": "まちづくり",
    "まち作り": "まちづくり",
    "街作り": "まちづくり",
    "ひとりぐらし": "一人暮らし",
    "独り暮らし": "一人暮らし",
    "ひとり暮らし": "一人暮らし",
    "みまもり": "見守り",
    "はいしょく": "配食",
    "にんちしょう": "認知症",
    "寄附": "寄付",
    "こそだて": "子育て",
}


def _is_cjk(char):
    """Kana, kanji and the iteration mark: the characters that form bigrams."""
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x3134F  # extensions B..G
        or char == "々"
    )


def _is_word_char(char):
    """Letters and digits of other scripts (Latin, Korean...) that form whole words."""
    return char.isalnum() and not _is_cjk(char)


def normalize(text):
    """Fold text for matching: width, case, katakana and hiragana, small kana, ー, variants."""
    if not text:
        return ""
    text = _SURROGATES.sub("", str(text))
    return _fold_variants(_fold(unicodedata.normalize("NFKC", text).lower()))


def _fold(text):
    text = "".join(
        chr(ord(char) - 0x60) if _KATAKANA_START <= ord(char) <= _KATAKANA_END else char
        for char in text
    )
    for source, target in _VU:
        text = text.replace(source, target)
    return text.translate(_SMALL_KANA).translate(_DROPPED)


# The variant table with its keys folded like any text (しょう → しよう), longest first.
_FOLDED_VARIANTS = {_fold(key): value for key, value in VARIANTS.items() if key != value}
_VARIANT_PATTERN = re.compile(
    "|".join(re.escape(key) for key in sorted(_FOLDED_VARIANTS, key=len, reverse=True))
)


def _fold_variants(text):
    return _VARIANT_PATTERN.sub(lambda match: _FOLDED_VARIANTS[match.group(0)], text)


def _runs(normalized):
    """Split normalised text into (kind, run) pairs: kind "cjk" or "word"; the rest separates."""
    runs = []
    kind = None
    start = 0
    for index, char in enumerate(normalized):
        current = "cjk" if _is_cjk(char) else "word" if _is_word_char(char) else None
        if current != kind:
            if kind is not None:
                runs.append((kind, normalized[start:index]))
            kind, start = current, index
    if kind is not None:
        runs.append((kind, normalized[start:]))
    return runs


def _segment(normalized):
    tokens = []
    for kind, run in _runs(normalized):
        if kind == "word" or len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[index : index + 2] for index in range(len(run) - 1))
    return tokens


def tokens(text):
    """The tokens of a text, in order, as they are indexed."""
    return _segment(normalize(text))


def index_text(text):
    """What the search index stores for a text: its tokens separated by spaces."""
    return " ".join(tokens(text))


def query_words(query):
    """The words of a query, each as the list of its tokens (a phrase); words are ANDed.

    Always safe: whatever the input (very long, control characters, lone surrogates, search
    syntax), the result holds only letters and digits, and at most MAX_QUERY_WORDS words.
    """
    if not query:
        return []
    query = _SURROGATES.sub("", str(query))[:MAX_QUERY_CHARS]
    raw_words = unicodedata.normalize("NFKC", query).split()
    if len(raw_words) > 1:
        raw_words = [word for word in raw_words if word not in OPERATOR_WORDS] or raw_words
    words = []
    seen = set()
    for raw in raw_words:
        phrase = tuple(_segment(normalize(raw)))
        if phrase and phrase not in seen:
            seen.add(phrase)
            words.append(list(phrase))
    return words[:MAX_QUERY_WORDS]


def query_terms(query):
    """The words of a query in normalised form (for highlighting and ranking)."""
    if not query:
        return []
    query = _SURROGATES.sub("", str(query))[:MAX_QUERY_CHARS]
    terms = []
    for raw in unicodedata.normalize("NFKC", query).split():
        if raw in OPERATOR_WORDS:
            continue
        for _kind, run in _runs(normalize(raw)):
            if run not in terms:
                terms.append(run)
    return terms[: MAX_QUERY_WORDS * 2]


def matches(text_tokens, words):
    """Whether a list of tokens holds every word (each a consecutive phrase): the engines' rule."""
    return all(_contains(text_tokens, phrase) for phrase in words) if words else False


def _contains(haystack, phrase):
    length = len(phrase)
    first = phrase[0]
    for index, token in enumerate(haystack):
        if token == first and haystack[index : index + length] == phrase:
            return True
    return False
