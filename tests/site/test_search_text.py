# ruff: noqa: RUF001 - full- and half-width characters are what this file is about
"""The Japanese text handling of search, tested directly (no database)."""

import unicodedata

import pytest

from kokoron.search import text

from .search_testset import CASES, DOCS, evaluate, searchable_text


def test_normalize_folds_width_case_kana_and_long_vowels():
    assert (
        text.normalize("ﾎﾞﾗﾝﾃｨｱ") == text.normalize("ボランティア") == text.normalize("ぼらんてぃあ")
    )
    assert text.normalize("ＮＰＯ１２３") == "npo123"
    assert text.normalize("サーバー") == text.normalize("サーバ")
    assert text.normalize("ティー") == text.normalize("テイ")
    assert text.normalize("ヴァイオリン") == text.normalize("バイオリン")


def test_variants_meet_in_one_form():
    assert text.normalize("車椅子") == text.normalize("車いす") == text.normalize("くるまいす")
    assert text.normalize("溜まり場") == text.normalize("たまり場") == text.normalize("タマリバ")
    assert text.normalize("寄附") == text.normalize("寄付")


def test_japanese_runs_become_bigrams_and_latin_runs_stay_words():
    # A Japanese run also gives its first and last character (see the next test).
    assert text.tokens("介護保険") == ["介", "介護", "護保", "保険", "険"]
    assert text.tokens("NPO法人 2026年") == ["npo", "法", "法人", "人", "2026", "年"]
    assert text.tokens("Volunteer Center, 052-123") == ["volunteer", "center", "052", "123"]
    assert text.tokens("区") == ["区"]
    assert text.query_words("介護保険") == [["介護", "護保", "保険"]]


@pytest.mark.parametrize(
    ("query", "indexed"),
    [
        ("第2火曜日", "サロンは毎月第2火曜日に開いています。"),
        ("第2火曜", "サロンは毎月第2火曜日に開いています。"),
        ("第２火曜日", "サロンは毎月第2火曜日に開いています。"),
        ("第2火曜日", "サロンは毎月第２火曜日に開いています。"),
        ("2火曜日", "サロンは毎月第2火曜日に開いています。"),
        ("月第2", "サロンは毎月第2火曜日に開いています。"),
        ("Ｂ型", "肝炎にはA型とB型があります。"),
        ("b型肝炎", "B型肝炎の予防接種"),
        ("3丁目", "御器所3丁目の集会所"),
        ("御器所３丁目", "御器所3丁目の集会所"),
        ("NPO法人", "NPO 法人の一覧"),
        ("第2-火曜日", "第2・火曜日"),
    ],
)
def test_a_query_mixing_scripts_finds_the_text_that_holds_it(query, indexed):
    """The kanji or kana next to digits or letters in a query is a token the index has, even
    where the text's Japanese run goes on before or after it (第 in 毎月第)."""
    assert text.matches(text.tokens(indexed), text.query_words(query)), (
        text.query_words(query),
        text.tokens(indexed),
    )


@pytest.mark.parametrize(
    ("query", "indexed"),
    [
        ("第2火曜日", "毎月第3火曜日"),
        ("第2火曜日", "第2水曜日"),
        ("3丁目", "御器所4丁目"),
        ("Ｂ型", "A型肝炎"),
    ],
)
def test_a_query_mixing_scripts_finds_nothing_else(query, indexed):
    assert not text.matches(text.tokens(indexed), text.query_words(query))


def test_a_word_inside_a_compound_is_found():
    indexed = text.tokens("昭和区社協ボランティアセンターのお知らせ")
    for query in ["ボランティア", "社協", "昭和区", "センター", "お知らせ", "ﾎﾞﾗﾝﾃｨｱ"]:
        assert text.matches(indexed, text.query_words(query)), query
    assert not text.matches(indexed, text.query_words("ボランティア 介護"))


def test_query_words_are_anded_phrases():
    assert text.query_words("介護　相談") == [["介護"], ["相談"]]  # ideographic space
    assert text.query_words("たまり場") == [["たま", "まり", "り場"]]


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "介護\x00\x07\x1b相談",
        "\ud800介護",
        '"介護" * ( ) - : NEAR AND OR NOT',
        "'; DROP TABLE x; --",
        "{title}: 介護",
        "\u200b\ufeff",
    ],
)
def test_any_query_gives_only_letters_and_digits(query):
    words = text.query_words(query)
    assert len(words) <= text.MAX_QUERY_WORDS
    for phrase in words:
        for token in phrase:
            assert token and all(char.isalnum() or char == "々" for char in token), token
    assert sum(len(token) for phrase in words for token in phrase) <= 2 * text.MAX_QUERY_CHARS


def test_operator_words_are_not_searched_for():
    assert text.query_words("介護 AND 相談") == [["介護"], ["相談"]]
    assert text.query_words("NOT") == [["not"]]


def test_the_test_set_is_large_and_covers_every_case():
    assert len(CASES) >= 60
    queries = {query for query, *_ in CASES}
    for needed in [
        "ボランティア",
        "たまり場",
        "介護",
        "車いす",
        "車椅子",
        "くるまいす",
        "相談",
        "ﾎﾞﾗﾝﾃｨｱ",
        "ＮＰＯ",
        "しょうわくやくしょ",
    ]:
        assert needed in queries


def test_recall_and_precision_on_the_test_set():
    indexed = {doc[0]: text.tokens(searchable_text(doc)) for doc in DOCS}

    def found(query):
        words = text.query_words(query)
        return {key for key, tokens in indexed.items() if text.matches(tokens, words)}

    recall, precision, misses = evaluate(found)
    assert recall == 1.0, misses
    assert precision >= 0.98, misses
    for query, _expected, must_not, _why in CASES:
        assert not (found(query) & must_not), query


def test_a_quoted_phrase_joins_japanese_words():
    assert text.phrase_tokens("介護 相談") == ["介護", "護相", "相談"]
    assert text.phrase_tokens("volunteer center") == ["volunteer", "center"]


def _folded_one_by_one(original):
    """folded_with_positions worked out a character at a time, as it was first written."""
    folded, positions = [], []
    for index, char in enumerate(original):
        if 0xD800 <= ord(char) <= 0xDFFF:
            continue
        piece = text._fold_char(char)
        if piece.strip() in {"\u3099", "\u309a", "\u309b", "\u309c"} and folded:
            mark = {"\u309b": "\u3099", "\u309c": "\u309a"}.get(piece.strip(), piece.strip())
            folded[-1] = unicodedata.normalize("NFC", folded[-1] + mark)
            continue
        for folded_char in piece:
            folded.append(folded_char)
            positions.append(index)
    return "".join(folded), positions


@pytest.mark.parametrize(
    "original",
    [
        "",
        "ふれあいサロン",
        "ボランティアセンター（ＮＰＯ）のサーバー",  # ー dropped, full width folded
        "ﾎﾞﾗﾝﾃｨｱ ｾﾝﾀｰ",  # half-width voiced marks join the kana before them
        "㍻の㌔メートル",  # one character becomes several
        "車椅子で\ud800行く",  # a lone surrogate is skipped
        "ヴァイオリン教室、ｶﾞｲﾄﾞヘルパー",
        "Welfare Ｃｏｕｎｃｉｌ 2026",
        "ー",
    ],
)
def test_folding_a_whole_text_at_once_gives_what_each_character_gives(original):
    folded, positions = text.folded_with_positions(original)
    assert (folded, list(positions)) == _folded_one_by_one(original)
