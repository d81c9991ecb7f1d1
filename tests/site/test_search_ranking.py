"""Ranking and highlighting of search results, tested directly (no database)."""

import datetime

from kokoron.search import ranking, text

TODAY = datetime.date(2026, 4, 1)


def ranked(query, *candidates):
    return [c.title for c in ranking.rank(list(candidates), query, TODAY)]


def test_title_over_body():
    assert ranked(
        "介護",
        ranking.Candidate(item=1, title="地域の活動", body="介護の相談"),
        ranking.Candidate(item=2, title="介護の相談", body="地域の活動", engine_position=1),
    ) == ["介護の相談", "地域の活動"]


def test_whole_word_over_part_of_a_longer_word():
    assert ranked(
        "介護",
        ranking.Candidate(item=1, title="要介護認定"),
        ranking.Candidate(item=2, title="介護のしくみ", engine_position=1),
    ) == ["介護のしくみ", "要介護認定"]
    assert ranked(
        "center",
        ranking.Candidate(item=1, title="Centers list"),
        ranking.Candidate(item=2, title="Volunteer Center", engine_position=1),
    ) == ["Volunteer Center", "Centers list"]


def test_newer_is_a_little_higher_but_never_above_a_better_match():
    old = ranking.Candidate(item=1, title="介護教室", when=datetime.date(2024, 1, 1))
    new = ranking.Candidate(item=2, title="介護教室", when=TODAY, engine_position=1)
    assert ranked("介護", old, new) == ["介護教室", "介護教室"]
    assert ranking.rank([old, new], "介護", TODAY)[0] is new
    body_only_new = ranking.Candidate(item=3, title="お知らせ", body="介護", when=TODAY)
    title_old = ranking.Candidate(item=4, title="介護", when=datetime.date(2020, 1, 1))
    assert ranking.rank([body_only_new, title_old], "介護", TODAY)[0] is title_old


def test_whole_word_detection():
    assert ranking.has_whole_word("介護の相談", "介護")
    assert not ranking.has_whole_word("要介護認定", "介護")
    assert ranking.has_whole_word("ぼらんていあせんた", "ぼらんていあ") is False
    assert ranking.has_whole_word("volunteer center", "center")
    assert not ranking.has_whole_word("centers", "center")


def test_highlight_finds_the_original_characters():
    assert text.highlight_segments("社協ﾎﾞﾗﾝﾃｨｱ募集", "ボランティア") == [
        ("社協", False),
        ("ﾎﾞﾗﾝﾃｨｱ", True),
        ("募集", False),
    ]
    assert text.highlight_segments("車椅子の貸し出し", "くるまいす") == [
        ("車椅子", True),
        ("の貸し出し", False),
    ]
    assert text.highlight_segments("ＮＰＯ法人", "npo") == [("ＮＰＯ", True), ("法人", False)]  # noqa: RUF001
    assert text.highlight_segments("何もない", "介護") == [("何もない", False)]


def test_excerpt_is_around_the_first_match():
    body = "あ" * 300 + "介護" + "い" * 300
    excerpt = text.excerpt(body, "介護")
    assert "介護" in excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert len(excerpt) <= 122
