# ruff: noqa: RUF001, F811 - Chinese text is written with full-width brackets; pytest fixtures
"""The residents' languages: public pages speak them, their filters name the news and event
categories in them, and no translation breaks a placeholder."""

import datetime
import re
from pathlib import Path

from django.utils import timezone, translation

from wagtail.models import Locale

import polib
import pytest

from kokoron.core.localized import localized_names
from kokoron.events.factories import EventCategoryFactory, EventDateFactory, EventPageFactory
from kokoron.events.models import EventCategory
from kokoron.news import demo as outreach_demo
from kokoron.news.factories import NewsCategoryFactory, NewsPageFactory
from kokoron.news.models import NewsCategory
from tests.site.outreach import sections, translate, ward  # noqa: F401

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


# A category of news and one of events as the filters offer them in each language.
CATEGORIES = {
    "zh-hans": ("招募", "讲座·研修"),
    "ko": ("모집", "강좌·연수"),
    "vi": ("Tuyển tình nguyện viên", "Khóa học và tập huấn"),
    "pt-br": ("Chamadas para voluntários", "Cursos e capacitações"),
    "fil": ("Naghahanap ng boluntaryo", "Mga kurso at pagsasanay"),
    "ne": ("स्वयंसेवक चाहियो", "पाठ्यक्रम र तालिम"),
}


def options(html, name):
    """{value: label} of a select's options, but the empty one."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.DOTALL)
    found = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))
    found.pop("", None)
    return found


def resident_names(rows, language):
    index = outreach_demo.RESIDENT_LANGUAGES.index(language)
    return {slug: outreach_demo.CATEGORY_NAMES[slug][index] for slug, _ja, _en in rows}


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(CATEGORIES))
def test_news_and_event_filters_name_the_categories_in_the_residents_language(
    client, sections, language
):
    news = outreach_demo.ensure_categories(
        NewsCategory, NewsCategoryFactory, outreach_demo.NEWS_CATEGORIES
    )
    events = outreach_demo.ensure_categories(
        EventCategory, EventCategoryFactory, outreach_demo.EVENT_CATEGORIES
    )
    NewsPageFactory(parent=sections["news"], title="ボランティア募集", category=news["recruit"])
    NewsPageFactory(parent=sections["news"], title="活動報告", category=news["report"])
    lecture = EventPageFactory(
        parent=sections["events"], title="認知症講座", category=events["lecture"]
    )
    EventDateFactory(page=lecture, start=timezone.now() + datetime.timedelta(days=3))

    # The sections have no translation: their Japanese pages are shown under the prefix.
    html = client.get(f"/{language}/news/").content.decode()
    assert options(html, "category") == resident_names(outreach_demo.NEWS_CATEGORIES, language)
    assert CATEGORIES[language][0] in html
    html = client.get(f"/{language}/events/").content.decode()
    assert options(html, "category") == resident_names(outreach_demo.EVENT_CATEGORIES, language)
    assert CATEGORIES[language][1] in html
    # The listed pages' category tags too (they are the Japanese pages).
    html = client.get(f"/{language}/news/").content.decode()
    assert f'<span class="tag">{CATEGORIES[language][0]}</span>' in html
    assert '<span class="tag">募集</span>' not in html
    html = client.get(f"/{language}/events/").content.decode()
    assert f'<span class="tag">{CATEGORIES[language][1]}</span>' in html
    # A choice still filters the Japanese pages.
    response = client.get(f"/{language}/news/", {"category": "recruit"})
    assert [page.title for page in response.context["results"].object_list] == ["ボランティア募集"]
    response = client.get(f"/{language}/events/", {"category": "lecture"})
    assert [page.title for page in response.context["results"].object_list] == ["認知症講座"]


@pytest.mark.django_db
def test_japanese_and_english_sections_keep_their_own_categories(client, sections):
    outreach_demo.ensure_categories(
        NewsCategory, NewsCategoryFactory, outreach_demo.NEWS_CATEGORIES
    )
    assert options(client.get("/news/").content.decode(), "category")["recruit"] == "募集"
    translate(sections["home"], "en", title="Home")
    translate(sections["news"], "en", title="News")
    html = client.get("/en/news/").content.decode()
    assert options(html, "category")["recruit"] == "Calls for volunteers"


@pytest.mark.django_db
def test_a_category_without_a_translation_keeps_its_japanese_name(ward):
    category = NewsCategoryFactory(slug="bazaar", name="バザー", locale=Locale.get_default())
    with translation.override("vi"):
        assert localized_names([category]) == {category.pk: "バザー"}
        assert localized_names([]) == {}


def ensure_all_categories():
    outreach_demo.ensure_categories(
        NewsCategory, NewsCategoryFactory, outreach_demo.NEWS_CATEGORIES
    )
    outreach_demo.ensure_categories(
        EventCategory, EventCategoryFactory, outreach_demo.EVENT_CATEGORIES
    )


def category_rows():
    return sorted(
        (model.__name__, *row)
        for model in (NewsCategory, EventCategory)
        for row in model.objects.values_list("slug", "locale__language_code", "name")
    )


@pytest.mark.django_db
def test_making_the_categories_again_changes_nothing(ward):
    ensure_all_categories()
    first = category_rows()
    # Eight categories in Japanese, English and the six residents' languages.
    assert len(first) == 8 * Locale.objects.exclude(language_code="ja-easy").count()
    ensure_all_categories()
    assert category_rows() == first


@pytest.mark.django_db
def test_a_site_without_a_language_gets_no_categories_in_it(ward):
    Locale.objects.filter(language_code="fil").delete()
    outreach_demo.ensure_categories(
        NewsCategory, NewsCategoryFactory, outreach_demo.NEWS_CATEGORIES
    )
    assert not NewsCategory.objects.filter(locale__language_code="fil").exists()
    assert NewsCategory.objects.filter(locale__language_code="ko").count() == 4
