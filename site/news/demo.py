"""The outreach part of the demo: news at /news/, newsletters at /newsletters/, events at
/events/ under the Japanese home page, with English versions of some. Idempotent: every step
looks for what an earlier run made before it creates anything."""

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.models import Collection, Locale

from PIL import Image, ImageDraw

from kokoron.core.localized import RESIDENT_LANGUAGES, ensure_translated_names
from kokoron.events.factories import EventCategoryFactory, EventIndexPageFactory, EventPageFactory
from kokoron.events.models import EventCategory, EventDate, EventIndexPage, EventPage
from kokoron.geography.models import SchoolDistrict
from kokoron.images.models import CustomImage
from kokoron.navigation.demo import add_menu_link
from kokoron.newsletters.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory
from kokoron.newsletters.models import NewsletterIndexPage, NewsletterIssuePage
from kokoron.newsletters.printed import printed_document
from kokoron.pages.models import HomePage

from .demo_content import (
    ARTICLES,
    CATEGORY_NAMES,
    ENGLISH_EVENTS,
    ENGLISH_NEWS,
    EVENT_CATEGORIES,
    EVENTS,
    IMAGES,
    ISSUES,
    MENU_LINKS,
    NEWS,
    NEWS_CATEGORIES,
)
from .factories import NewsCategoryFactory, NewsIndexPageFactory, NewsPageFactory, image_stream
from .models import NewsCategory, NewsIndexPage, NewsPage

TOKYO = ZoneInfo("Asia/Tokyo")


def _locale(code):
    return Locale.objects.get(language_code=code)


def ensure_categories(model, factory, rows):
    """The Japanese categories, each translated into English and the residents' languages
    that have a locale (a language switched on later gets them on the next run)."""
    japanese = _locale("ja")
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    result = {}
    for order, (slug, name, english_name) in enumerate(rows):
        category = model.objects.filter(locale=japanese, slug=slug).first() or factory(
            locale=japanese, slug=slug, name=name, sort_order=order
        )
        names = {
            "en": english_name,
            **dict(zip(RESIDENT_LANGUAGES, CATEGORY_NAMES[slug], strict=True)),
        }
        ensure_translated_names(category, names, locales)
        result[slug] = category
    return result


def _png(color):
    image = Image.new("RGB", (1200, 800), color)
    draw = ImageDraw.Draw(image)
    for step in range(6):
        inset = 60 + step * 60
        draw.ellipse((inset, inset, 1200 - inset, 800 - inset), outline=(255, 255, 255), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _images():
    # Wagtail's migrations make the root collection; a flushed database (as in tests) has none.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    images = {}
    for title, alt_text, color in IMAGES:
        image = CustomImage.objects.filter(title=title).first()
        if image is None:
            image = CustomImage.objects.create(
                title=title, file=ContentFile(_png(color), f"{title}.png"), credit="こころん"
            )
        images[title] = (image, alt_text)
    return images


def _index(model, factory, home, slug, title, english_home, english_title, easy_title=""):
    index = model.objects.filter(locale=home.locale, slug=slug).first()
    if index is None:
        index = factory(parent=home, slug=slug, title=title)
        index.save_revision().publish()
    if english_home is not None and index.get_translation_or_none(english_home.locale) is None:
        translated = index.copy_for_translation(english_home.locale).specific
        translated.title = english_title
        translated.save_revision().publish()
    # The easy-Japanese home page has the section too, so that the menu's link leads somewhere.
    easy = Locale.objects.filter(language_code="ja-easy").first()
    if easy_title and easy is not None and HomePage.objects.filter(locale=easy).exists():
        _translate(index, easy, title=easy_title)
    return index


def _translate(page, locale, **fields):
    if page.get_translation_or_none(locale) is not None:
        return
    translated = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()


def _print_issue(issue):
    """The issue's printed edition made from its articles. An earlier demo's placeholder, whose
    size was never recorded, is replaced."""
    placeholder = issue.pdf
    printed = printed_document(issue, issue.title, f"kokoron-{issue.number}.pdf")
    for page in [issue, *issue.get_translations()]:
        page = page.specific
        if page.pdf_id in (None, getattr(placeholder, "pk", None)):
            page.pdf = printed
            page.save_revision().publish()
    if placeholder is not None:
        placeholder.file.delete(save=False)
        placeholder.delete()


def build_outreach(context):
    home = context.home_pages["ja"]
    english_home = context.home_pages.get("en")
    english = _locale("en")
    districts = list(SchoolDistrict.objects.order_by("sort_order"))
    images = _images()
    news_categories = ensure_categories(NewsCategory, NewsCategoryFactory, NEWS_CATEGORIES)
    event_categories = ensure_categories(EventCategory, EventCategoryFactory, EVENT_CATEGORIES)
    english_categories = {
        slug: category.get_translation(english) for slug, category in news_categories.items()
    }
    rng = context.rng
    today = timezone.localdate()

    news_index = _index(
        NewsIndexPage,
        NewsIndexPageFactory,
        home,
        "news",
        "お知らせ",
        english_home,
        "News",
        "おしらせ",
    )
    picture_names = list(images)
    for number in range(32):
        slug = f"news-{number + 1:03d}"
        category, title, summary = NEWS[number % len(NEWS)]
        district = districts[(number * 5) % len(districts)]
        date = today - datetime.timedelta(days=number * 11 + rng.randint(0, 6))
        page = NewsPage.objects.filter(locale=home.locale, slug=slug).first()
        if page is None:
            image, alt_text = images[picture_names[number % 3]]
            page = NewsPageFactory(
                parent=news_index,
                slug=slug,
                title=title.format(d=district.name),
                summary=summary.format(d=district.name),
                date=date,
                category=news_categories[category],
                district=district if "{d}" in title else None,
                image=image_stream(image, alt_text) if number % 2 == 0 else [],
                body=[
                    ("paragraph", f"<p>{summary.format(d=district.name)}</p>"),
                    (
                        "paragraph",
                        "<p>くわしくは、昭和区社会福祉協議会(電話 052-000-0001)まで"
                        "お問い合わせください。</p>",
                    ),
                ],
            )
            page.save_revision().publish()
        if english_home is not None and number in ENGLISH_NEWS:
            english_title, english_summary = ENGLISH_NEWS[number]
            _translate(
                page,
                english,
                title=english_title,
                summary=english_summary,
                category=english_categories[category],
                body=[("paragraph", f"<p>{english_summary}</p>")],
            )

    newsletter_index = _index(
        NewsletterIndexPage,
        NewsletterIndexPageFactory,
        home,
        "newsletters",
        "広報紙こころん",
        english_home,
        "Kokoron newsletter",
        "こうほうし こころん",
    )
    cover, cover_alt = images["demo-newsletter"]
    for position, (number, date, topic, english_topic) in enumerate(ISSUES):
        slug = f"issue-{number}"
        issue = NewsletterIssuePage.objects.filter(locale=home.locale, slug=slug).first()
        if issue is None:
            district = districts[position * 4]
            issue = NewsletterIssuePageFactory(
                parent=newsletter_index,
                slug=slug,
                number=number,
                title=f"広報紙こころん 第{number}号",
                publication_date=date,
                summary=topic,
                image=image_stream(cover, f"{cover_alt} 第{number}号"),
                articles=[
                    (
                        "article",
                        {
                            "title": title.format(topic=topic.removeprefix("特集:")),
                            "body": [
                                (
                                    kind,
                                    value.format(d=district.name) if kind == "paragraph" else value,
                                )
                                for kind, value in blocks
                            ],
                        },
                    )
                    for title, blocks in ARTICLES
                ],
            )
        if issue.pdf is None or not issue.pdf.file_size:
            _print_issue(issue)
        if english_home is not None and position == len(ISSUES) - 1:
            _translate(
                issue,
                english,
                title=f"Kokoron newsletter No. {number}",
                summary=english_topic,
            )

    event_index = _index(
        EventIndexPage,
        EventIndexPageFactory,
        home,
        "events",
        "イベント・講座",
        english_home,
        "Events and courses",
        "イベント",
    )
    english_event_categories = {
        slug: category.get_translation(english) for slug, category in event_categories.items()
    }
    for number, district in enumerate(districts):
        for kind in (0, 1) if number % 3 else (0, 1, 2):
            category, title, summary, venue, fee, join, hour = EVENTS[(number + kind) % len(EVENTS)]
            slug = f"event-{district.slug}-{kind + 1}"
            page = EventPage.objects.filter(locale=home.locale, slug=slug).first()
            if page is None:
                image, alt_text = images[picture_names[(number + kind) % 3]]
                page = EventPageFactory(
                    parent=event_index,
                    slug=slug,
                    title=title.format(d=district.name),
                    summary=summary,
                    venue_name=venue.format(d=district.name),
                    venue_address=f"名古屋市昭和区{district.name}町1丁目",
                    district=district,
                    category=event_categories[category],
                    fee=fee,
                    join_method=join,
                    contact="昭和区社会福祉協議会 電話 052-000-0001 FAX 052-000-0002"
                    if join == "contact"
                    else "",
                    step_free=(number + kind) % 2 == 0,
                    accessible_toilet=(number + kind) % 3 == 0,
                    sign_language=kind == 1 and number % 4 == 0,
                    image=image_stream(image, alt_text) if kind == 0 else [],
                    body=[("paragraph", f"<p>{summary}</p>")],
                )
                offset = (number * 9 + kind * 17) % 120 - 40  # some past, most to come
                for repeat in range(1 + (kind == 1)):
                    day = today + datetime.timedelta(days=offset + repeat * 7)
                    start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=TOKYO)
                    EventDate.objects.create(
                        page=page, start=start, end=start + datetime.timedelta(hours=2)
                    )
                page.save_revision().publish()
            if english_home is not None and kind == 0 and number < 4:
                english_title, english_summary = ENGLISH_EVENTS[0]
                _translate(
                    page,
                    english,
                    title=english_title.format(r=district.name_romaji),
                    summary=english_summary,
                    category=english_event_categories[category],
                )
    for url, labels in MENU_LINKS:
        add_menu_link(labels, url)
    context.say(
        f"{NewsPage.objects.count()} news, {NewsletterIssuePage.objects.count()} newsletter "
        f"issues, {EventPage.objects.count()} events"
    )
