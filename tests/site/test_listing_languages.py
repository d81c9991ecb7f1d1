# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
"""Every language's listings show its own pages and, for those not translated into it yet, the
Japanese ones: each once, linked under the reader's prefix, marked as Japanese (issue 16).

The ward here has Japanese, English and easy-Japanese sections; Vietnamese has no home page,
so under /vi/ the Japanese sections stand in for it as a whole.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale, Page

import icalendar
import pytest

from kokoron.events.factories import EventCategoryFactory, EventDateFactory, EventPageFactory
from kokoron.news.factories import NewsCategoryFactory, NewsPageFactory
from kokoron.newsletters.factories import NewsletterIssuePageFactory
from tests.site.outreach import sections, translate, ward  # noqa: F401

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
LANGUAGES = ("ja", "en", "ja-easy", "vi")
LABELS = {"en": "In Japanese", "ja-easy": "ふつうの にほんご", "vi": "Tiếng Nhật"}


def prefix(language):
    return "" if language == "ja" else f"/{language}"


@pytest.fixture
def languages(sections):
    """The home page and the three sections in English and easy Japanese; none in Vietnamese."""
    for language in ("en", "ja-easy"):
        translate(sections["home"], language)
        for name in ("news", "newsletters", "events"):
            translate(sections[name], language)
    return sections


def set_per_page(index, language, per_page):
    """Items per page of the index the reader sees (its translation, or the Japanese one)."""
    translated = index.get_translation_or_none(Locale.objects.get(language_code=language))
    for page in {index.pk: index, **({translated.pk: translated} if translated else {})}.values():
        page = page.specific
        page.per_page = per_page
        page.save_revision().publish()


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def expected_titles(pages, language):
    """{title shown: shown in Japanese} for (japanese, {language: title}) pages."""
    shown = {}
    for japanese, translations in pages:
        if language in translations:
            shown[translations[language]] = False
        else:
            shown[japanese.title] = language != "ja"
    return shown


def cards(html):
    """(title, href, heading has lang=ja, marked) of every card of the listing."""
    found = []
    for item in re.findall(r'<li class="listing__item.*?</li>', html, re.S):
        heading = re.search(r'<h[23]( lang="ja")?><a href="([^"]+)">([^<]+)</a>', item)
        marked = 'class="tag" lang=' in item
        found.append((heading.group(3), heading.group(2), bool(heading.group(1)), marked))
    return found


def check_listing(client, response, language, expected):
    assert response.status_code == 200
    shown = cards(response.content.decode())
    # Each page once: its translation, or the Japanese page where there is none.
    titles = [title for title, *_ in shown]
    assert sorted(titles) == sorted(expected), language
    for title, href, heading_in_japanese, marked in shown:
        in_japanese = expected[title]
        assert marked == in_japanese == heading_in_japanese, (language, title)
        assert href.startswith(f"{prefix(language)}/"), (language, href)
        if language == "ja":
            assert not href.startswith(("/en/", "/ja-easy/", "/vi/")), href
        page = client.get(href)
        assert page.status_code == 200, href
        # The page itself says it is shown in Japanese exactly when the card did.
        assert ("translation-notice" in page.content.decode()) == in_japanese, href
    return shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_index_lists_each_page_once_in_the_readers_language(client, languages, language):
    index = languages["news"]
    both = NewsPageFactory(parent=index, title="福祉まつり", date=datetime.date(2026, 5, 3))
    untranslated = NewsPageFactory(
        parent=index, title="ボランティア募集", date=datetime.date(2026, 5, 2)
    )
    english_only = NewsPageFactory(parent=index, title="講座報告", date=datetime.date(2026, 5, 1))
    translate(fresh(both), "en", title="Welfare festival")
    translate(fresh(both), "ja-easy", title="ふくし まつり")
    translate(fresh(english_only), "en", title="Course report")
    pages = [
        (both, {"en": "Welfare festival", "ja-easy": "ふくし まつり"}),
        (untranslated, {}),
        (english_only, {"en": "Course report"}),
    ]
    expected = expected_titles(pages, language)

    response = client.get(f"{prefix(language)}/news/")
    shown = check_listing(client, response, language, expected)
    # Newest first across the union, as before.
    assert [title for title, *_ in shown] == list(expected)
    html = response.content.decode()
    marked = sum(expected.values())
    if language in LABELS:
        assert html.count(f">{LABELS[language]}</span>") == marked
    if language in ("en", "ja-easy"):
        # The index is translated: one notice above the list says what the marks mean.
        assert html.count('class="translation-notice"') == 1
    elif language == "vi":
        # The whole section stands in in Japanese: the page's own notice, its links under /vi/.
        assert html.count('class="translation-notice"') == 1
        assert 'href="/vi/news/feed/"' in html
    else:
        assert "translation-notice" not in html

    # The feed likewise: the same pages, linked under the prefix, the Japanese ones marked.
    feed = client.get(f"{prefix(language)}/news/feed/").content.decode()
    entries = re.findall(r"<entry( xml:lang=\"ja\")?><title>([^<]+)</title>(.*?)</entry>", feed)
    assert sorted(title for _lang, title, _rest in entries) == sorted(expected)
    for entry_lang, title, rest in entries:
        assert f'href="http://testserver{prefix(language)}/news/' in rest
        assert ("<category term=" in rest) == expected[title], (language, title)
        # An entry says it is Japanese where the feed is not.
        assert bool(entry_lang) == (expected[title] and language == "en")


@pytest.mark.parametrize("language", ["en", "vi"])
def test_news_filters_and_paging_work_on_the_union(client, languages, language):
    index = languages["news"]
    japanese = Locale.objects.get(language_code="ja")
    english = Locale.objects.get(language_code="en")
    report = NewsCategoryFactory(name="活動報告", slug="report", locale=japanese)
    translated_report = report.copy_for_translation(english)
    translated_report.name = "Reports"
    translated_report.slug = "reports"
    translated_report.save()
    for day in range(1, 6):
        page = NewsPageFactory(
            parent=index,
            title=f"報告{day}",
            category=report if day % 2 else None,
            date=datetime.date(2025 + day % 2, 5, day),
        )
        if day == 1:
            translate(fresh(page), "en", title="Report 1", category=translated_report)
    slug = "reports" if language == "en" else "report"

    def titles(query):
        response = client.get(f"{prefix(language)}/news/?{query}")
        assert response.status_code == 200
        return [page.title for page in response.context["results"].object_list], response

    first = "Report 1" if language == "en" else "報告1"
    # The category chosen in the reader's language finds the Japanese pages of its original.
    assert sorted(titles(f"category={slug}")[0]) == sorted([first, "報告3", "報告5"])
    assert sorted(titles("year=2026")[0]) == sorted([first, "報告3", "報告5"])
    assert sorted(titles(f"year=2025&category={slug}")[0]) == []
    # Two a page: five pages on three pages, each once.
    set_per_page(index, language, 2)
    seen = []
    for number in (1, 2, 3):
        found, response = titles(f"page={number}")
        assert response.context["results"].paginator.count == 5
        seen += found
    assert sorted(seen) == sorted([first, "報告2", "報告3", "報告4", "報告5"])


def test_english_listing_queries_do_not_grow_with_items(client, languages):
    index = languages["news"]
    for number in range(12):
        page = NewsPageFactory(parent=index, date=datetime.date(2026, 1, 1 + number))
        if number % 3 == 0:
            translate(fresh(page), "en", title=f"News {number}")

    def count(per_page):
        english = fresh(index).get_translation(Locale.objects.get(language_code="en"))
        english.per_page = per_page
        english.save_revision().publish()
        client.get("/en/news/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/news/")
        assert len(response.context["results"].object_list) == min(per_page, 12)
        return len(queries)

    assert count(2) == count(12)


def in_days(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TOKYO)


def event(index, title, *starts, **kwargs):
    page = EventPageFactory(parent=index, title=title, **kwargs)
    for start in starts:
        EventDateFactory(page=page, start=start, end=start + datetime.timedelta(hours=2))
    return fresh(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_events_upcoming_past_filters_and_calendar_in_every_language(client, languages, language):
    index = languages["events"]
    lecture = EventCategoryFactory(slug="lecture", locale=Locale.get_default())
    for code in ("en", "ja-easy"):
        lecture.copy_for_translation(Locale.objects.get(language_code=code)).save()
    soon = event(index, "明日の講座", in_days(1), category=lecture)
    later = event(index, "来月のサロン", in_days(40))
    past = event(index, "先月の講座", in_days(-30), category=lecture)
    translate(soon, "en", title="Course tomorrow")
    translate(past, "ja-easy", title="せんげつの こうざ")
    upcoming = expected_titles([(soon, {"en": "Course tomorrow"}), (later, {})], language)
    before = expected_titles([(past, {"ja-easy": "せんげつの こうざ"})], language)

    listing = client.get(f"{prefix(language)}/events/")
    shown = check_listing(client, listing, language, upcoming)
    assert [title for title, *_ in shown] == list(upcoming)  # soonest first
    check_listing(client, client.get(f"{prefix(language)}/events/past/"), language, before)
    html = listing.content.decode()
    assert f'href="{prefix(language)}/events/past/"' in html
    assert f'href="{prefix(language)}/events/calendar/"' in html

    def titles(query):
        response = client.get(f"{prefix(language)}/events/?{query}")
        assert response.status_code == 200
        return [page.title for page in response.context["results"].object_list]

    soon_title = "Course tomorrow" if language == "en" else "明日の講座"
    assert titles("category=lecture") == [soon_title]
    assert titles(f"month={in_days(40):%Y-%m}") == ["来月のサロン"]
    set_per_page(index, language, 1)
    assert titles("page=1") == [soon_title]
    assert titles("page=2") == ["来月のサロン"]

    calendar = icalendar.Calendar.from_ical(
        client.get(f"{prefix(language)}/events/calendar/").content
    )
    found = {str(item["summary"]): item for item in calendar.walk("VEVENT")}
    assert sorted(found) == sorted({**upcoming, **before})
    for title, item in found.items():
        assert str(item["url"]).startswith(f"http://testserver{prefix(language)}/events/")
        in_japanese = {**upcoming, **before}[title]
        assert (item["summary"].params.get("LANGUAGE") == "ja") == in_japanese


@pytest.mark.parametrize("language", LANGUAGES)
def test_newsletter_index_and_feed_in_every_language(client, languages, language):
    index = languages["newsletters"]
    latest = NewsletterIssuePageFactory(
        parent=index, number=48, publication_date=datetime.date(2026, 4, 1)
    )
    older = NewsletterIssuePageFactory(
        parent=index, number=47, publication_date=datetime.date(2025, 12, 1)
    )
    translate(fresh(latest), "en", title="Kokoron newsletter No. 48")
    pages = [(latest, {"en": "Kokoron newsletter No. 48"}), (older, {})]
    expected = expected_titles(pages, language)

    check_listing(client, client.get(f"{prefix(language)}/newsletters/"), language, expected)
    year = client.get(f"{prefix(language)}/newsletters/?year=2025")
    assert [issue.title for issue in year.context["results"].object_list] == [older.title]

    feed = client.get(f"{prefix(language)}/newsletters/feed/").content.decode()
    titles = re.findall(r"<entry(?: xml:lang=\"ja\")?><title>([^<]+)</title>", feed)
    assert sorted(titles) == sorted(expected)
    assert f"http://testserver{prefix(language)}/newsletters/{older.slug}/" in feed


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_sections_list_the_japanese_pages_not_translated(client, languages, language):
    news = NewsPageFactory(parent=languages["news"], title="バザーのお知らせ")
    translated = NewsPageFactory(parent=languages["news"], title="福祉まつり")
    translate(fresh(translated), "en", title="Welfare festival")
    translate(fresh(translated), "ja-easy", title="ふくし まつり")
    event(languages["events"], "明日の講座", in_days(1))
    expected_news = expected_titles(
        [(news, {}), (translated, {"en": "Welfare festival", "ja-easy": "ふくし まつり"})],
        language,
    )
    response = client.get(f"{prefix(language)}/")
    assert response.status_code == 200
    html = response.content.decode()
    shown = {title: (href, marked) for title, href, _lang, marked in cards(html)}
    for title, in_japanese in {**expected_news, "明日の講座": language != "ja"}.items():
        href, marked = shown[title]
        assert marked == in_japanese, (language, title)
        assert href.startswith(f"{prefix(language)}/"), href
        assert client.get(href).status_code == 200
    assert f'href="{prefix(language)}/news/"' in html
    assert f'href="{prefix(language)}/news/feed/"' in html
