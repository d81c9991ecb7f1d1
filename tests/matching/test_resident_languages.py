# ruff: noqa: RUF001 - Chinese text is written with full-width brackets
"""The volunteer forms in the residents' languages: the sign-up form's labels and errors, and
the activities the request and registration forms offer."""

import re

from wagtail.models import Locale

import pytest

from matching.factories import RESIDENT_LANGUAGES, RESIDENT_NAMES, ensure_activities
from matching.models import Activity
from tests.matching.signups_fixtures import build_experiences

# Labels of the sign-up form (name, school year, emergency contact, guardian) and its button.
SIGNUP_FORM = {
    "zh-hans": ["您的姓名", "年级", "紧急联系人", "监护人姓名（未满18岁）", "报名"],
    "ko": ["성함", "학년", "긴급 연락처", "보호자 성함(18세 미만)", "신청하기"],
    "vi": [
        "Họ tên của bạn",
        "Lớp / năm học",
        "Liên hệ khẩn cấp",
        "Họ tên người giám hộ (dưới 18 tuổi)",
        "Đăng ký",
    ],
    "pt-br": [
        "Seu nome",
        "Ano escolar",
        "Contato de emergência",
        "Nome do responsável (menores de 18)",
        "Inscrever-se",
    ],
    "fil": [
        "Inyong pangalan",
        "Taon sa paaralan",
        "Kontak sa emergency",
        "Pangalan ng tagapag-alaga (wala pang 18)",
        "Mag-sign up",
    ],
    "ne": [
        "तपाईंको नाम",
        "कक्षा",
        "आपत्कालीन सम्पर्क",
        "अभिभावकको नाम (१८ वर्षमुनि)",
        "दर्ता गर्नुहोस्",
    ],
}
# What the form answers without a name: the error summary's heading and the name's message.
SIGNUP_ERRORS = {
    "zh-hans": ["请检查以下回答", "请填写您的姓名。"],
    "ko": ["다음 항목을 확인해 주세요", "성함을 적어 주세요."],
    "vi": ["Vui lòng kiểm tra các câu trả lời này", "Hãy ghi họ tên của bạn."],
    "pt-br": ["Verifique estas respostas", "Escreva seu nome."],
    "fil": ["Pakisuri ang mga sagot na ito", "Isulat ang inyong pangalan."],
    "ne": ["कृपया यी उत्तर जाँच गर्नुहोस्", "आफ्नो नाम लेख्नुहोस्।"],
}


# A whole sign-up but for the name.
ANSWERS = {
    "name": "",
    "name_kana": "やまだ はなこ",
    "school": "昭和高校",
    "grade": "11",
    "age": "17",
    "email": "hanako@example.jp",
    "phone": "",
    "emergency_contact": "母 052-000-0000",
    "allergies": "",
    "assistance": "",
    "photo_consent": "no",
    "guardian_name": "山田 太郎",
    "guardian_email": "taro@example.jp",
    "website": "",
}


@pytest.fixture
def experiences(db):
    return build_experiences()


@pytest.mark.parametrize("language", sorted(SIGNUP_FORM))
def test_signup_form_speaks_the_residents_language(client, experiences, language):
    url = f"/{language}/volunteer/experiences/session/{experiences.session.pk}/"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    for text in SIGNUP_FORM[language]:
        assert text in html, f"{text!r} missing on {url}"

    response = client.post(url, ANSWERS)
    html = response.content.decode()
    assert response.status_code == 400
    for text in SIGNUP_ERRORS[language]:
        assert text in html, f"{text!r} missing after a sign-up without a name on {url}"


# Two activities as the request form offers them in each language.
ACTIVITIES = {
    "zh-hans": ["购物", "陪伴聊天"],
    "ko": ["장보기", "말벗"],
    "vi": ["Đi chợ, mua sắm", "Trò chuyện cùng"],
    "pt-br": ["Compras", "Companhia para conversar"],
    "fil": ["Pamimili", "Makakausap"],
    "ne": ["किनमेल", "कुराकानी गर्ने साथी"],
}


def options(html, name):
    """{value: label} of a select's options."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(ACTIVITIES))
def test_ask_and_register_forms_name_the_activities_in_the_residents_language(
    client, world, language
):
    index = RESIDENT_LANGUAGES.index(language)
    expected = {
        str(world.activities[slug].pk): names[index] for slug, names in RESIDENT_NAMES.items()
    }
    html = client.get(f"/{language}/volunteer/ask/").content.decode()
    choices = options(html, "category")
    del choices[""]
    assert choices == expected
    assert set(ACTIVITIES[language]) <= set(choices.values())
    # The volunteers' form ticks the same words.
    html = client.get(f"/{language}/volunteer/register/").content.decode()
    for name in ACTIVITIES[language]:
        assert name in html, f"{name!r} missing on /{language}/volunteer/register/"
    assert "話し相手" not in html


@pytest.mark.django_db
def test_a_request_in_korean_keeps_the_japanese_activity(client, world):
    from matching.models import Need
    from tests.matching.test_views import ask_data

    response = client.post("/ko/volunteer/ask/", ask_data(world))
    assert response.status_code == 302
    assert Need.objects.get().category == world.shopping  # the source, in Japanese


@pytest.mark.django_db
def test_making_the_activities_again_changes_nothing(world):
    rows = sorted(Activity.objects.values_list("slug", "locale__language_code", "name"))
    assert len(rows) == len(world.activities) * Locale.objects.count()
    ensure_activities()
    ensure_activities()
    assert sorted(Activity.objects.values_list("slug", "locale__language_code", "name")) == rows


@pytest.mark.django_db
def test_a_site_without_a_language_gets_no_activities_in_it():
    Locale.objects.filter(language_code="ne").delete()
    activities, _trainings = ensure_activities()
    assert not Activity.objects.filter(locale__language_code="ne").exists()
    assert Activity.objects.filter(locale__language_code="vi").count() == len(activities)
