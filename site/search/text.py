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
   a token of its own. In the index, a longer run also gives its first and last character as
   tokens (介 介護 護保 保険 険): a query that mixes scripts (第2火曜日, Ｂ型, 3丁目) has a
   Japanese run cut where the digits or letters begin, and that edge must be a token the text
   has, whether the text's run goes on before it (毎月第2火曜日) or not.

A query goes through the same two steps; each word of the query becomes a phrase (its tokens,
consecutive and in order) and the words are AND-combined. In a query, a run's edge character is
a token only where the word goes on past the run, in another script or after punctuation
(第2火曜日: 第 2 火 火曜 曜日), so a plain Japanese word (火曜日) still matches inside a
longer run.

Why bigrams and not a morphological analyser: measured on the test set in
tests/site/search_testset.py (figures there), bigrams with the folding above find every
expected result (recall 1.00, precision 0.99), while Janome (IPADIC) segments a word
differently inside a compound than alone (社協 in 昭和区社協, 車いす) and misses those (recall
0.79); bigrams also index about 100 times faster and need no 20 MB dictionary.
"""

import functools
import itertools
import re
import unicodedata

from kokoron.core.kana import katakana_to_hiragana

# Queries longer than this are cut: a real query is a few words.
MAX_QUERY_CHARS = 200
# At most this many words of a query are used (AND-combined).
MAX_QUERY_WORDS = 8
# Search-syntax words that people type from habit; they are not words to look for.
OPERATOR_WORDS = frozenset({"AND", "OR", "NOT", "NEAR"})

_SURROGATES = re.compile("[\ud800-\udfff]")

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
    if char in "゠・":  # katakana-block punctuation: separates like 、 and /
        return False
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
    text = katakana_to_hiragana(text)
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


def _all_runs(normalized):
    """Split normalised text into (kind, run) pairs: kind "cjk", "word", or None (separators)."""
    runs = []
    kind = None
    start = 0
    for index, char in enumerate(normalized):
        current = "cjk" if _is_cjk(char) else "word" if _is_word_char(char) else None
        if index and current != kind:
            runs.append((kind, normalized[start:index]))
            start = index
        kind = current
    if normalized:
        runs.append((kind, normalized[start:]))
    return runs


def _runs(normalized):
    """Split normalised text into (kind, run) pairs: kind "cjk" or "word"; the rest separates."""
    return [(kind, run) for kind, run in _all_runs(normalized) if kind is not None]


def _segment(normalized, query=False):
    """Tokens of normalised text. A Japanese run of two or more characters gives its bigrams;
    in the index also its first and last character, in a query those only where the query's
    word goes on past the run (see the module's docstring)."""
    tokens = []
    runs = _runs(normalized)
    for position, (kind, run) in enumerate(runs):
        if kind == "word" or len(run) == 1:
            tokens.append(run)
            continue
        if not query or position > 0:
            tokens.append(run[0])
        tokens.extend(run[index : index + 2] for index in range(len(run) - 1))
        if not query or position < len(runs) - 1:
            tokens.append(run[-1])
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
        phrase = tuple(_segment(normalize(raw), query=True))
        if phrase and phrase not in seen:
            seen.add(phrase)
            words.append(list(phrase))
    return words[:MAX_QUERY_WORDS]


def phrase_tokens(phrase):
    """The tokens of a quoted phrase: Japanese words separated by spaces are joined."""
    if not phrase:
        return []
    phrase = unicodedata.normalize("NFKC", _SURROGATES.sub("", str(phrase))[:MAX_QUERY_CHARS])
    phrase = re.sub(r"(?<=[^\x00-\u2fff])\s+(?=[^\x00-\u2fff])", "", phrase)
    return _segment(normalize(phrase), query=True)


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


@functools.lru_cache(maxsize=8192)
def _fold_char(char):
    return _fold(unicodedata.normalize("NFKC", char).lower())


_VOICED_MARKS = frozenset({"\u3099", "\u309a", "\u309b", "\u309c"})


def folded_with_positions(original):
    """Text folded like normalize() but without the variant table, and for every folded
    character the index of the original character it came from (to highlight originals)."""
    # One translation of the whole text, and each folded character's position without a loop
    # in Python; a text with a separate voiced mark or a lone surrogate goes the long way.
    pieces = {char: _fold_char(char) for char in set(original)}
    if not any(
        piece.strip() in _VOICED_MARKS or 0xD800 <= ord(char) <= 0xDFFF
        for char, piece in pieces.items()
    ):
        folded = original.translate({ord(char): piece for char, piece in pieces.items()})
        lengths = {char: len(piece) for char, piece in pieces.items()}
        if all(length == 1 for length in lengths.values()):
            return folded, range(len(original))
        counts = map(lengths.__getitem__, original)
        return folded, list(
            itertools.chain.from_iterable(map(itertools.repeat, itertools.count(), counts))
        )
    folded = []
    positions = []
    for index, char in enumerate(original):
        if 0xD800 <= ord(char) <= 0xDFFF:
            continue
        piece = pieces[char]
        if piece.strip() in _VOICED_MARKS and folded:
            # A separate voiced mark (ﾎﾞ): it joins the kana before it.
            mark = {"\u309b": "\u3099", "\u309c": "\u309a"}.get(piece.strip(), piece.strip())
            folded[-1] = unicodedata.normalize("NFC", folded[-1] + mark)
            continue
        for folded_char in piece:
            folded.append(folded_char)
            positions.append(index)
    return "".join(folded), positions


@functools.lru_cache(maxsize=256)
def _needles(query):
    """What to look for in a text to highlight a query: each term and its notation variants."""
    needles = set()
    for term in query_terms(query):
        needles.add(term)
        for key, value in _FOLDED_VARIANTS.items():
            if value == term or term in value.split():
                needles.add(key)
    return tuple(sorted((needle for needle in needles if needle), key=len, reverse=True))


def match_spans(original, query):
    """(start, end) spans of the original text that match the query's words, merged."""
    needles = _needles(query)
    if not needles or not original:
        return []
    folded, positions = folded_with_positions(original)
    spans = []
    for needle in needles:
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            spans.append((positions[start], positions[end - 1] + 1))
            start = folded.find(needle, end)
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight_segments(original, query):
    """The text as (segment, is_match) pairs, for a template to escape and mark."""
    segments = []
    cursor = 0
    for start, end in match_spans(original, query):
        if start > cursor:
            segments.append((original[cursor:start], False))
        segments.append((original[start:end], True))
        cursor = end
    if cursor < len(original):
        segments.append((original[cursor:], False))
    return segments


def excerpt(original, query, length=120):
    """A part of a long text around its first match, with … where it is cut."""
    original = " ".join((original or "").split())
    if len(original) <= length:
        return original
    spans = match_spans(original, query)
    start = max(0, spans[0][0] - length // 3) if spans else 0
    end = min(len(original), start + length)
    start = max(0, end - length)
    return ("…" if start else "") + original[start:end] + ("…" if end < len(original) else "")
