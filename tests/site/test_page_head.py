# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
"""What every public page says about itself in its <head>: a title that names the site once,
a description in the page's language, the site's icon; and the markup search engines and
validators read (hreflang, form actions)."""

import html
import re
from pathlib import Path

from django.contrib.staticfiles import finders

import pytest

from kokoron.districts.factories import DistrictIndexPageFactory, DistrictPageFactory
from kokoron.events.factories import EventPageFactory
from kokoron.news.factories import NewsPageFactory
from kokoron.newsletters.factories import NewsletterIssuePageFactory
from kokoron.pages.factories import StandardPageFactory
from tests.site.outreach import sections, translate, ward  # noqa: F401

pytestmark = pytest.mark.django_db

SITE_NAMES = {"ja": "こころん", "en": "Kokoron", "vi": "Kokoron", "ko": "코코론"}


def title(page_html):
    return html.unescape(re.search(r"<title>(.*?)</title>", page_html, re.S).group(1))


def description(page_html):
    found = re.findall(r'<meta name="description" content="([^"]*)">', page_html)
    assert len(found) == 1, found
    og = re.findall(r'<meta property="og:description" content="([^"]*)">', page_html)
    assert og == found
    return html.unescape(found[0])


DEFAULT_DESCRIPTION = {
    "ja": "昭和区社会福祉協議会とボランティアセンターのウェブサイトです。",
    "en": "The website of the Showa Ward Council of Social Welfare and its Volunteer Center",
    "vi": "Trang web của Hội đồng Phúc lợi Xã hội quận Showa",
    "ja-easy": "しょうわく しゃかい ふくし きょうぎかいと ボランティア センターの ホームページです。",
}


# Titles


def test_the_home_page_names_the_site_once_in_every_language(client, demo):
    for prefix, language in [("/", "ja"), ("/en/", "en"), ("/vi/", "vi"), ("/ko/", "ko")]:
        text = title(client.get(prefix).content.decode())
        assert text.count(SITE_NAMES[language]) == 1, text
        assert "こころん | こころん" not in text and "Kokoron | Kokoron" not in text
    assert title(client.get("/").content.decode()) == "昭和区社会福祉協議会 | こころん"
    assert title(client.get("/en/").content.decode()) == (
        "Showa Ward Council of Social Welfare | Kokoron"
    )


def test_other_pages_put_the_site_name_after_their_own_title(client, demo):
    assert title(client.get("/about/").content.decode()) == "こころんについて | こころん"
    assert title(client.get("/en/about/").content.decode()) == "About Kokoron | Kokoron"
    assert (
        title(client.get("/no-such-page/").content.decode()) == "ページが見つかりません | こころん"
    )


def test_a_page_titled_with_the_site_name_alone_is_not_followed_by_it_again(client, demo):
    page = StandardPageFactory(parent=demo.home_pages["ja"], slug="name", title="こころん")
    assert title(client.get(page.url).content.decode()) == "こころん"


# Descriptions


def test_the_home_page_is_described_in_its_own_language(client, demo):
    japanese = description(client.get("/").content.decode())
    english = description(client.get("/en/").content.decode())
    easy = description(client.get("/ja-easy/").content.decode())
    assert japanese.startswith("昭和区社会福祉協議会とボランティアセンターのウェブサイトです。")
    assert english.startswith("The website of the Showa Ward Council of Social Welfare")
    assert easy.startswith("しょうわく しゃかい ふくし きょうぎかいの ホームページです。")
    # The hero text: line breaks become spaces, nothing longer than a search result shows.
    assert "\n" not in japanese and len(japanese) <= 160


def test_an_editors_search_description_wins(client, demo):
    home = demo.home_pages["ja"]
    home.search_description = "地域福祉の総合窓口、こころんです。"
    home.save_revision().publish()
    assert description(client.get("/").content.decode()) == "地域福祉の総合窓口、こころんです。"


def test_a_japanese_page_shown_for_a_missing_translation_has_the_sites_description_in_the_visitors_language(
    client, demo
):
    # /vi/ has no Vietnamese home page: the Japanese one is shown, but not described in Japanese.
    assert description(client.get("/vi/").content.decode()).startswith(DEFAULT_DESCRIPTION["vi"])
    assert description(client.get("/ja-easy/access/").content.decode()).startswith(
        DEFAULT_DESCRIPTION["ja-easy"]
    )


def test_views_that_are_not_pages_have_the_sites_description(client, demo):
    assert description(client.get("/search/").content.decode()).startswith(
        DEFAULT_DESCRIPTION["ja"]
    )
    assert description(client.get("/en/search/").content.decode()).startswith(
        DEFAULT_DESCRIPTION["en"]
    )
    not_found = client.get("/en/no-such-page/")
    assert not_found.status_code == 404
    assert description(not_found.content.decode()).startswith(DEFAULT_DESCRIPTION["en"])


def test_every_public_page_type_has_a_description_of_its_own(client, sections):
    home = sections["home"]
    home.hero_text = "地域の支えあいの入口です。\n困りごとをご相談ください。"
    home.save_revision().publish()
    sections["news"].introduction = "<p>社協からの<b>お知らせ</b>です。</p>"
    sections["news"].save_revision().publish()
    sections["newsletters"].search_description = "広報紙こころんのバックナンバー"
    sections["newsletters"].save_revision().publish()
    sections["events"].introduction = "<p>講座や催し &amp; 交流会の予定です。</p>"
    sections["events"].save_revision().publish()
    districts = DistrictIndexPageFactory(parent=home, introduction="<p>学区ごとの活動です。</p>")
    expected = {
        home.url: "地域の支えあいの入口です。 困りごとをご相談ください。",
        sections["news"].url: "社協からのお知らせです。",
        sections["newsletters"].url: "広報紙こころんのバックナンバー",
        sections["events"].url: "講座や催し & 交流会の予定です。",
        districts.url: "学区ごとの活動です。",
        NewsPageFactory(
            parent=sections["news"], summary="車いす体験の報告"
        ).url: "車いす体験の報告",
        NewsletterIssuePageFactory(parent=sections["newsletters"], summary="第1号の内容").url: (
            "第1号の内容"
        ),
        EventPageFactory(parent=sections["events"], summary="傾聴講座のご案内").url: (
            "傾聴講座のご案内"
        ),
        DistrictPageFactory(parent=districts, council_name="東学区福祉推進協議会").url: (
            "東学区福祉推進協議会"
        ),
        StandardPageFactory(
            parent=home, slug="services", introduction="<p>事業の紹介です。</p>"
        ).url: ("事業の紹介です。"),
    }
    for url, text in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in description(response.content.decode()), url


def test_a_long_introduction_is_cut_to_a_search_results_length(client, sections):
    sections["news"].introduction = "<p>" + "地域の支えあい。" * 60 + "</p>"
    sections["news"].save_revision().publish()
    text = description(client.get(sections["news"].url).content.decode())
    assert len(text) == 160 and text.endswith("…")


# Icons


def test_favicon_ico_is_the_static_icon_public_and_cacheable(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    ico = Path(finders.find("kokoron/icons/favicon.ico")).read_bytes()
    assert response.content == ico
    assert ico[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert int.from_bytes(ico[4:6], "little") == 3  # 16, 32 and 48 px
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in cache_control and "max-age=604800" in cache_control
    assert "Set-Cookie" not in response
    again = client.get("/favicon.ico", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_every_page_links_the_svg_icon_which_is_served_publicly(client, demo):
    page_html = client.get("/en/about/").content.decode()
    svg = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page_html).group(1)
    assert re.search(r'<link rel="icon" href="[^"]+\.ico" sizes="16x16 32x32 48x48">', page_html)
    assert re.search(r'<link rel="apple-touch-icon" href="[^"]+\.png">', page_html)
    response = client.get(svg)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "public" in response["Cache-Control"] or "max-age" in response["Cache-Control"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"<svg ") and b'viewBox="0 0 64 64"' in body


# hreflang and forms


def test_no_link_says_hreflang_ja_easy(client, demo):
    """ja-easy is not a language tag; easy Japanese is ja-x-easy, in the head and the links."""
    for path in ["/", "/ja-easy/about/", "/en/no-such-page/", "/search/"]:
        page_html = client.get(path).content.decode()
        assert 'hreflang="ja-easy"' not in page_html, path
        assert 'hreflang="ja-x-easy"' in page_html, path


def test_the_not_found_page_links_each_languages_own_home(client, demo, settings):
    """From any language, not only Japanese (where every link used to lead to /)."""
    for prefix in ["/", "/ja-easy/", "/en/"]:
        not_found = client.get(prefix + "no-such-page/").content.decode()
        homes = re.search(r'<ul class="language-homes">.*?</ul>', not_found, re.S).group(0)
        links = re.findall(r'<a href="([^"]+)" lang="[^"]+" hreflang="([^"]+)">', homes)
        assert ("/ja-easy/", "ja-x-easy") in links, prefix
        assert ("/", "ja") in links and ("/en/", "en") in links, prefix
        assert len({href for href, _ in links}) == len(settings.LANGUAGES), prefix


def test_filter_forms_send_to_their_own_listing(client, sections):
    for url in [sections["news"].url, "/vi" + sections["news"].url, sections["events"].url]:
        page_html = client.get(url).content.decode()
        forms = re.findall(r'<form class="filters"[^>]*>', page_html)
        assert forms, url
        assert forms == [f'<form class="filters" method="get" action="{url}">'], url


def test_no_public_form_has_an_empty_action(client, sections):
    from kokoron.plugins import is_enabled

    paths = [sections["news"].url, sections["events"].url, sections["newsletters"].url]
    paths += [sections["newsletters"].url + "subscribe/", "/search/"]
    if is_enabled("matching"):
        paths.append("/volunteer/experiences/")
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        page_html = response.content.decode()
        assert "<form" in page_html, path
        assert 'action=""' not in page_html, path
