# ruff: noqa: RUF001 - Chinese text is written with full-width brackets
"""The residents' languages: public pages speak them, and no translation breaks a placeholder."""

import re
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(REPO.glob("*/locale/*/LC_MESSAGES/django.po"))

# The skip link, the language switcher's label, the site search's label and the council's name,
# as the home page shows them under each language's prefix.
HOME_PAGE = {
    "zh-hans": ["跳到主要内容", 'aria-label="语言"', "站内搜索", "昭和区社会福利协议会"],
    "ko": ["본문으로 건너뛰기", 'aria-label="언어"', "사이트 내 검색", "쇼와구 사회복지협의회"],
    "vi": [
        "Chuyển đến nội dung chính",
        'aria-label="Ngôn ngữ"',
        "Tìm kiếm trên trang",
        "Hội đồng Phúc lợi Xã hội quận Showa",
    ],
    "pt-br": [
        "Ir para o conteúdo principal",
        'aria-label="Idioma"',
        "Pesquisar no site",
        "Conselho de Bem-Estar Social de Showa-ku",
    ],
    "fil": [
        "Lumaktaw sa pangunahing nilalaman",
        'aria-label="Wika"',
        "Maghanap sa site",
        "Konseho ng Kapakanang Panlipunan ng Showa Ward",
    ],
    "ne": [
        "मुख्य सामग्रीमा जानुहोस्",
        'aria-label="भाषा"',
        "साइटमा खोज्नुहोस्",
        "शोवा वडा सामाजिक कल्याण परिषद",
    ],
}
# The display settings' controls (text size, colours, furigana), under each prefix.
DISPLAY_SETTINGS = {
    "zh-hans": ["显示设置", "文字大小", "假名注音（汉字的读音）"],
    "ko": ["화면 설정", "글자 크기", "후리가나 (한자 읽기)"],
    "vi": ["Cài đặt hiển thị", "Cỡ chữ", "Furigana (cách đọc chữ Hán)"],
    "pt-br": ["Configurações de exibição", "Tamanho do texto", "Furigana (leitura dos kanji)"],
    "fil": ["Mga setting ng display", "Laki ng teksto", "Furigana (basa ng kanji)"],
    "ne": ["प्रदर्शन सेटिङ", "अक्षरको आकार", "फुरिगाना (कान्जीको उच्चारण)"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(HOME_PAGE))
def test_home_page_interface_speaks_the_residents_language(client, demo, language):
    response = client.get(f"/{language}/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in HOME_PAGE[language] + DISPLAY_SETTINGS[language]:
        assert text in html, f"{text!r} missing on /{language}/"
    assert "メインコンテンツへ移動" not in html  # not the Japanese fallback


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("zh-hans", "找不到页面"),
        ("ko", "페이지를 찾을 수 없습니다"),
        ("vi", "Không tìm thấy trang"),
        ("pt-br", "Página não encontrada"),
        ("fil", "Hindi makita ang pahina"),
        ("ne", "पृष्ठ भेटिएन"),
    ],
)
def test_page_not_found_in_the_residents_language(client, demo, language, heading):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    assert heading in response.content.decode()


# %(name)s, %s and %d (Python's formatting) and {name} (str.format).
PLACEHOLDER = re.compile(r"%\([A-Za-z_]+\)[sdif]|%[sdif]|\{[A-Za-z_]*\}")


def placeholders(text):
    return set(PLACEHOLDER.findall(text))


def broken_placeholders(catalogue):
    """(msgid, msgstr) of every translation whose placeholders differ from its source's."""
    broken = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural)
            forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
        else:
            expected = placeholders(entry.msgid)
            forms = [entry.msgstr]
        broken += [(entry.msgid, form) for form in forms if placeholders(form) != expected]
    return broken


def test_the_placeholder_check_finds_a_renamed_or_dropped_placeholder():
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Dear %(name)s,", msgstr="%(nom)s 様"))
    catalogue.append(polib.POEntry(msgid="Page {number}", msgstr="ページ"))
    catalogue.append(polib.POEntry(msgid="No. %(number)s", msgstr="第%(number)s号"))
    catalogue.append(
        polib.POEntry(
            msgid="%(counter)s item",
            msgid_plural="%(counter)s items",
            msgstr_plural={0: "%(counter)s item", 1: "items"},
        )
    )
    assert broken_placeholders(catalogue) == [
        ("Dear %(name)s,", "%(nom)s 様"),
        ("Page {number}", "ページ"),
        ("%(counter)s item", "items"),
    ]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.relative_to(REPO)))
def test_translations_keep_their_placeholders(po_path):
    assert broken_placeholders(polib.pofile(po_path)) == []


def test_plural_forms_headers_are_the_standard_ones():
    expected = {
        "zh_Hans": "nplurals=1; plural=0;",
        "ko": "nplurals=1; plural=0;",
        "vi": "nplurals=1; plural=0;",
        "pt_BR": "nplurals=2; plural=(n > 1);",
        "fil": "nplurals=2; plural=(n != 1 && n != 2 && n != 3 && "
        "(n % 10 == 4 || n % 10 == 6 || n % 10 == 9));",
        "ne": "nplurals=2; plural=(n != 1);",
    }
    headers = {
        path.relative_to(REPO): polib.pofile(path).metadata.get("Plural-Forms")
        for path in CATALOGUES
        if path.parts[-3] in expected
    }
    assert {"site", "directory", "matching", "education"} <= {path.parts[0] for path in headers}
    assert {
        path: header for path, header in headers.items() if header != expected[path.parts[2]]
    } == {}
