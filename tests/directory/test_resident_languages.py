# ruff: noqa: RUF001 - Chinese text is written with full-width brackets
"""The public directory in the residents' languages: the filter form and the list's labels."""

import re

from django.conf import settings

import pytest

from directory import taxonomies
from directory.models import TaxonomyTermTranslation

pytestmark = pytest.mark.django_db

# The page's heading, the filters' labels, a weekday and the filters' heading.
DIRECTORY = {
    "zh-hans": [
        "地区资源（咨询窗口与聚会场所）",
        "关键词",
        "领域",
        "开放日",
        "现在开放",
        "星期一",
        "查找",
    ],
    "ko": [
        "지역 상담처·모임 장소",
        "키워드",
        "분야",
        "여는 요일",
        "지금 열려 있음",
        "월요일",
        "찾기",
    ],
    "vi": [
        "Nơi tư vấn và sinh hoạt tại địa phương",
        "Từ khóa",
        "Lĩnh vực",
        "Mở cửa vào",
        "Đang mở cửa",
        "Thứ Hai",
        "Tìm",
    ],
    "pt-br": [
        "Recursos locais",
        "Palavra-chave",
        "Área",
        "Aberto em",
        "Aberto agora",
        "Segunda-feira",
        "Buscar",
    ],
    "fil": [
        "Mga lokal na mapagkukunan ng tulong",
        "Keyword",
        "Larangan",
        "Bukas tuwing",
        "Bukas ngayon",
        "Lunes",
        "Hanapin",
    ],
    "ne": [
        "स्थानीय स्रोतहरू",
        "मुख्य शब्द",
        "क्षेत्र (विषय)",
        "खुला हुने दिन",
        "अहिले खुला",
        "सोमबार",
        "खोज्नुहोस्",
    ],
}


@pytest.mark.parametrize("language", sorted(DIRECTORY))
def test_directory_filters_speak_the_residents_language(client, small_directory, language):
    response = client.get(f"/{language}/directory/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in DIRECTORY[language]:
        assert text in html, f"{text!r} missing on /{language}/directory/"
    assert "開いている曜日" not in html  # not the Japanese fallback


# A field and a kind as the filters offer them in each language.
TERMS = {
    "zh-hans": {"older-people": "老年人", "gathering-place": "聚会场所"},
    "ko": {"older-people": "어르신", "gathering-place": "모임 장소"},
    "vi": {"older-people": "Người cao tuổi", "gathering-place": "Nơi sinh hoạt cộng đồng"},
    "pt-br": {"older-people": "Idosos", "gathering-place": "Espaço de convivência"},
    "fil": {"older-people": "Mga nakatatanda", "gathering-place": "Tagpuan sa komunidad"},
    "ne": {"older-people": "ज्येष्ठ नागरिक", "gathering-place": "भेटघाट स्थल"},
}


def options(html, name):
    """{value: label} of a select's options."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


@pytest.mark.parametrize("language", sorted(TERMS))
def test_directory_filters_name_the_terms_in_the_residents_language(
    client, small_directory, language
):
    html = client.get(f"/{language}/directory/").content.decode()
    fields, kinds = options(html, "field"), options(html, "kind")
    assert fields["older-people"] == TERMS[language]["older-people"]
    assert kinds["gathering-place"] == TERMS[language]["gathering-place"]
    # Every term, none in Japanese (but 健康, which Chinese writes the same).
    del fields[""], kinds[""]
    assert {**fields, **kinds} == {
        code: names[language] for code, names in taxonomies.RESIDENT_NAMES.items()
    }
    # The choice still filters: the two gathering places.
    response = client.get(f"/{language}/directory/", {"kind": "gathering-place"})
    assert "川名こども食堂" in response.content.decode()
    assert "昭和区いきいき支援センター" not in response.content.decode()


def test_every_term_has_a_name_in_every_language_that_is_on(terms):
    languages = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    for term in terms.values():
        assert set(term.translations.values_list("language_code", flat=True)) == languages


def test_making_the_terms_again_changes_nothing_and_keeps_staff_wording(terms):
    older = terms[("field", "older-people")].translations.get(language_code="vi")
    older.name = "Người lớn tuổi"
    older.save()
    rows = sorted(TaxonomyTermTranslation.objects.values_list("term_id", "language_code", "name"))
    taxonomies.ensure_taxonomies()
    taxonomies.ensure_taxonomies()
    assert (
        sorted(TaxonomyTermTranslation.objects.values_list("term_id", "language_code", "name"))
        == rows
    )


def test_a_language_switched_off_gets_no_terms_and_gets_them_once_switched_on(db, settings):
    settings.LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != "ne"]
    taxonomies.ensure_taxonomies()
    assert not TaxonomyTermTranslation.objects.filter(language_code="ne").exists()
    assert TaxonomyTermTranslation.objects.filter(language_code="vi").count() == 15
    settings.LANGUAGES = [*settings.LANGUAGES, ("ne", "नेपाली")]
    taxonomies.ensure_taxonomies()
    assert TaxonomyTermTranslation.objects.filter(language_code="ne").count() == 15
