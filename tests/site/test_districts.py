# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail import hooks
from wagtail_localize.models import StringSegment, TranslationSource

import pytest

from kokoron.districts.factories import DistrictIndexPageFactory, DistrictPageFactory
from kokoron.districts.models import DistrictPage
from kokoron.events.factories import EventDateFactory, EventPageFactory
from kokoron.geography.models import SchoolDistrict
from kokoron.navigation.models import MainMenu
from kokoron.news.factories import NewsPageFactory
from kokoron.plugins import DISTRICT_SECTIONS_HOOK, DistrictItem, DistrictSection
from tests.site.outreach import sections, translate, ward  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_pages(sections):
    index = DistrictIndexPageFactory(parent=sections["home"])
    gokiso = SchoolDistrict.objects.get(name="御器所")
    shirogane = SchoolDistrict.objects.get(name="白金")
    page = DistrictPageFactory(
        parent=index,
        district=gokiso,
        introduction="<p>御器所学区のページです。</p>",
        council="<p>毎月第2水曜日に集まります。</p>",
        activity_plan="<ul><li>ふれあいサロン</li></ul>",
        contact_name="地域福祉係 佐藤",
        contact_office="昭和区社会福祉協議会",
        contact_phone="052-000-1104",
    )
    neighbour = DistrictPageFactory(parent=index, district=shirogane)
    return {**sections, "index": index, "gokiso": page, "shirogane": neighbour}


def add_items(pages, district, news=1, events=1):
    for n in range(news):
        NewsPageFactory(
            parent=pages["news"],
            district=district,
            title=f"{district.name}のお知らせ{n}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
    for n in range(events):
        event = EventPageFactory(
            parent=pages["events"], district=district, title=f"{district.name}の行事{n}"
        )
        EventDateFactory(page=event, start=timezone.now() + datetime.timedelta(days=n + 1))


def test_district_page_gathers_council_news_events_contact_and_neighbours(client, district_pages):
    gokiso = district_pages["gokiso"].district
    add_items(district_pages, gokiso, news=2, events=2)
    add_items(district_pages, district_pages["shirogane"].district)
    past = EventPageFactory(parent=district_pages["events"], district=gokiso, title="終わった行事")
    EventDateFactory(page=past, start=timezone.now() - datetime.timedelta(days=3))

    response = client.get("/districts/gokiso/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="district-council">御器所学区福祉推進協議会</h2>' in html
    assert "毎月第2水曜日に集まります。" in html and "ふれあいサロン" in html
    assert "地域福祉係 佐藤" in html and 'href="tel:0520001104"' in html
    assert "御器所のお知らせ1" in html and "御器所の行事1" in html
    assert "白金のお知らせ0" not in html and "白金の行事0" not in html
    assert "終わった行事" not in html
    assert 'href="/news/?district=gokiso"' in html and 'href="/events/?district=gokiso"' in html
    # Every neighbourhood, and the neighbouring districts (those with a page are links).
    for neighbourhood in gokiso.neighbourhoods.all():
        assert neighbourhood.name in html
    assert '<a href="/districts/shirogane/">白金</a>' in html
    assert "<li>吹上</li>" in html


def test_the_district_link_of_the_news_filters_the_listing(client, district_pages):
    add_items(district_pages, district_pages["gokiso"].district, news=2, events=0)
    add_items(district_pages, district_pages["shirogane"].district, news=3, events=0)
    response = client.get("/news/?district=gokiso")
    assert response.context["results"].paginator.count == 2
    nonsense = client.get("/news/?district=nowhere")
    assert nonsense.status_code == 200 and nonsense.context["filter_messages"]


def test_plugin_sections_are_rendered_in_their_order(client, district_pages):
    def windows(district, request):
        return DistrictSection(
            key="windows",
            title="相談窓口",
            items=(DistrictItem("いきいき支援センター", "/directory/1/", "高齢の方の相談"),),
            more_url=f"/directory/?district={district.slug}",
            order=20,
        )

    def places(district, request):
        return [DistrictSection(key="places", title="たまり場", empty_text="まだありません。")]

    with (
        hooks.register_temporarily(DISTRICT_SECTIONS_HOOK, places),
        hooks.register_temporarily(DISTRICT_SECTIONS_HOOK, windows),
    ):
        html = client.get("/districts/gokiso/").content.decode()
    assert html.index('id="district-windows"') < html.index('id="district-places"')
    assert '<a href="/directory/1/">いきいき支援センター</a>' in html and "高齢の方の相談" in html
    assert 'href="/directory/?district=gokiso"' in html
    assert "まだありません。" in html


def test_a_district_page_costs_the_same_queries_whatever_it_lists(client, district_pages):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/districts/gokiso/").status_code == 200
        return len(queries)

    gokiso = district_pages["gokiso"].district
    add_items(district_pages, gokiso, news=1, events=1)
    count()  # the first view caches the site's root paths
    few = count()
    add_items(district_pages, gokiso, news=6, events=6)
    assert count() == few


def test_the_index_lists_every_district_with_its_neighbourhoods(client, district_pages):
    index = district_pages["index"]
    response = client.get("/districts/")
    html = response.content.decode()
    assert len(response.context["districts"]) == SchoolDistrict.objects.count() == 12
    assert '<a href="/districts/gokiso/">御器所</a>' in html
    assert "御器所町一丁目" in html and ">八事</h2>" in html  # no page yet: no link

    # In English, a district without an English page links to the Japanese one.
    english_home = translate(district_pages["home"], "en", title="Kokoron")
    assert english_home.locale.language_code == "en"
    translate(index, "en", title="School districts")
    translate(district_pages["gokiso"], "en", title="Gokiso school district")
    html = client.get("/en/districts/").content.decode()
    assert '<a href="/en/districts/gokiso/">Gokiso</a>' in html
    assert '<a href="/districts/shirogane/">Shirogane</a>' in html
    assert "Gokiso-cho 1-chome" in html and "御器所町一丁目" not in html


def test_one_page_per_district_and_language(district_pages):
    duplicate = DistrictPage(
        title="もう一つ",
        slug="gokiso-2",
        district=district_pages["gokiso"].district,
        locale=district_pages["gokiso"].locale,
    )
    with pytest.raises(ValidationError) as error:
        duplicate.clean()
    assert "district" in error.value.message_dict


def test_district_pages_are_translated_with_wagtail_localize(district_pages):
    source, _created = TranslationSource.get_or_create_from_instance(district_pages["gokiso"])
    texts = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    assert "毎月第2水曜日に集まります。" in texts and "地域福祉係 佐藤" in texts
    assert "052-000-1104" not in texts  # the office's telephone is shared, not translated


def test_demo_has_district_pages_and_menu_links_in_every_language(whole_demo, client):
    assert DistrictPage.objects.filter(locale__language_code="ja").count() == 12
    response = client.get("/districts/")
    assert sum(1 for district in response.context["districts"] if district.page) == 12
    assert client.get("/districts/gokiso/").status_code == 200
    for prefix in ("/en", "/ja-easy"):
        assert client.get(f"{prefix}/districts/").status_code == 200
    assert client.get("/en/districts/gokiso/").status_code == 200
    for menu in MainMenu.objects.filter(locale__language_code__in=["ja", "en", "ja-easy"]):
        urls = {block.value["url"] for block in menu.links}
        assert {"/news/", "/newsletters/", "/events/", "/districts/"} <= urls
    for prefix in ("", "/en", "/ja-easy"):
        html = client.get(f"{prefix}/").content.decode()
        for section in ("news", "newsletters", "events", "districts"):
            assert f'href="{prefix}/{section}/"' in html
            assert client.get(f"{prefix}/{section}/").status_code == 200


def test_the_index_costs_the_same_queries_whatever_the_number_of_pages(client, district_pages):
    def count():
        client.get("/districts/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/districts/").status_code == 200
        return len(queries)

    few = count()
    for district in SchoolDistrict.objects.exclude(district_pages__isnull=False):
        DistrictPageFactory(parent=district_pages["index"], district=district)
    assert count() == few
