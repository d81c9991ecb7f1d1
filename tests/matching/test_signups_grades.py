# ruff: noqa: RUF001 (Japanese punctuation in the expected words)
"""Which school years an opportunity takes, and who it is for, from the plain rules (no
Django), then in words in each language."""

import pytest

from matching.signups import rules
from matching.signups.rules import ADULT, UNIVERSITY, Audience, Eligibility

PRIMARY = Eligibility(grade_from=1, grade_to=6, adults=False, min_age=6, max_age=12)
FROM_JUNIOR_HIGH = Eligibility(grade_from=7, adults=True)
EVERYONE = Eligibility()


def test_the_grades_run_from_primary_year_1_to_university_then_adults():
    assert (*range(1, 14), ADULT) == rules.GRADES
    assert tuple(range(1, 14)) == rules.STUDENT_GRADES
    assert [rules.stage_of(g) for g in (1, 6, 7, 9, 10, 12, UNIVERSITY, ADULT)] == [
        "primary",
        "primary",
        "junior_high",
        "junior_high",
        "high_school",
        "high_school",
        "university",
        None,
    ]
    assert [rules.year_in_stage(g) for g in (1, 4, 7, 9, 12, UNIVERSITY)] == [1, 4, 1, 3, 3, 1]
    assert rules.starts_stage(7) and not rules.starts_stage(8)


@pytest.mark.parametrize(
    ("rule", "taken"),
    [
        (PRIMARY, [1, 2, 3, 4, 5, 6]),
        (Eligibility(grade_from=4, grade_to=6, adults=False), [4, 5, 6]),
        (FROM_JUNIOR_HIGH, [7, 8, 9, 10, 11, 12, 13, ADULT]),
        (Eligibility(grade_from=10, adults=False), [10, 11, 12, 13]),
        (Eligibility(grade_from=UNIVERSITY, grade_to=UNIVERSITY, adults=False), [UNIVERSITY]),
        (EVERYONE, [*range(1, 14), ADULT]),
        (Eligibility(grade_to=9, adults=False), list(range(1, 10))),
    ],
)
def test_the_grades_an_opportunity_takes(rule, taken):
    assert rules.grades_taken(rule) == taken
    # What the form offers is exactly what the rule lets in (at an age the rule allows).
    age = rule.min_age or 20
    for grade in rules.GRADES:
        allowed = rules.ineligibility(rule, grade, age) is None
        assert allowed == (grade in taken), grade


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (EVERYONE, Audience("everyone")),
        (Eligibility(adults=False), Audience("students")),
        (PRIMARY, Audience("stage_range", 1, 6, min_age=6, max_age=12)),
        (FROM_JUNIOR_HIGH, Audience("from", 7, UNIVERSITY, from_stage=True)),
        (Eligibility(grade_from=8, adults=True), Audience("from", 8, UNIVERSITY)),
        (Eligibility(grade_from=7, grade_to=12, adults=False), Audience("range", 7, 12)),
        (
            Eligibility(grade_from=7, grade_to=12, adults=True),
            Audience("range", 7, 12, adults=True),
        ),
        (Eligibility(grade_from=13, grade_to=13, adults=False), Audience("only", 13, 13)),
        (Eligibility(grade_from=7, adults=False), Audience("range", 7, UNIVERSITY)),
        (Eligibility(min_age=10), Audience("everyone", min_age=10)),
    ],
)
def test_who_an_opportunity_is_for(rule, expected):
    assert rules.audience(rule) == expected


def test_a_primary_pupil_is_let_in_by_grade_and_age():
    assert rules.ineligibility(PRIMARY, 4, 9) is None
    assert rules.ineligibility(PRIMARY, 4, 5) == "too_young"
    assert rules.ineligibility(PRIMARY, 7, 12) == "grade"
    assert rules.ineligibility(PRIMARY, ADULT, 12) == "adults"


@pytest.mark.parametrize(
    ("rule", "ja", "en", "easy"),
    [
        (
            PRIMARY,
            "小学1年〜6年（6〜12歳）",
            "Primary years 1 to 6 (aged 6 to 12)",
            "しょうがっこう 1ねんせい〜6ねんせい（6〜12さい）",
        ),
        (
            FROM_JUNIOR_HIGH,
            "中学生以上",
            "Junior high school students and up",
            "ちゅうがくせい いじょう",
        ),
        (EVERYONE, "どなたでも", "Everyone", "だれでも"),
        (
            Eligibility(adults=False),
            "小学生から大学生まで",
            "Pupils and students",
            "しょうがくせいから だいがくせいまで",
        ),
        (
            Eligibility(grade_from=8, adults=True),
            "中学2年以上",
            "Junior high year 2 and up",
            "ちゅうがっこう 2ねんせい いじょう",
        ),
        (
            Eligibility(grade_from=7, grade_to=12, adults=True),
            "中学1年〜高校3年、一般の方",
            "Junior high year 1 to High school year 3, and adults",
            "ちゅうがっこう 1ねんせい〜こうこう 3ねんせい、おとな",
        ),
        (
            Eligibility(grade_from=13, grade_to=13, adults=False),
            "大学・短大・専門学校",
            "University",
            "だいがく・たんだい・せんもんがっこう",
        ),
        (
            Eligibility(min_age=18),
            "どなたでも（18歳以上）",
            "Everyone (aged 18 and over)",
            "だれでも（18さい いじょう）",
        ),
        (
            Eligibility(max_age=15, adults=False, grade_from=4, grade_to=9),
            "小学4年〜中学3年（15歳以下）",
            "Primary year 4 to Junior high year 3 (aged 15 and under)",
            "しょうがっこう 4ねんせい〜ちゅうがっこう 3ねんせい（15さい いか）",
        ),
    ],
)
def test_who_it_is_for_in_words(rule, ja, en, easy):
    from django.utils import translation

    from matching.signups.models import describe_audience

    audience = rules.audience(rule)
    for language, expected in (("ja", ja), ("en", en), ("ja-easy", easy)):
        with translation.override(language):
            assert describe_audience(audience) == expected
