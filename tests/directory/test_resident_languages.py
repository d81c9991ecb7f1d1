# ruff: noqa: RUF001 - Chinese text is written with full-width brackets
"""The public directory in the residents' languages: the filter form and the list's labels."""

import pytest

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
