# ruff: noqa: RUF001 - Chinese text is written with full-width brackets
"""Volunteer-experience sign-up in the residents' languages: the form's labels and errors."""

import pytest

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
