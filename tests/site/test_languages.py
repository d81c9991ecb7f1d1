import re

import pytest

pytestmark = pytest.mark.django_db


def hreflang(code):
    """The BCP 47 tag of a language: easy Japanese is ja-x-easy ("ja-easy" is not valid)."""
    return {"ja-easy": "ja-x-easy", "zh-hans": "zh-Hans", "pt-br": "pt-BR"}.get(code, code)


def switcher_links(html):
    """The switcher's links by their hreflang."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {
        hreflang: href
        for href, hreflang in re.findall(r'<a href="([^"]+)" lang="[^"]+" hreflang="([^"]+)"', nav)
    }


def test_home_page_answers_in_japanese_at_the_root(client, demo):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja"' in html
    assert "だれもが、だれかの力に。" in html.replace("<wbr>", "")
    assert "メインコンテンツへ移動" in html  # the skip link, translated


def test_english_home_page_lives_under_en(client, demo):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "Everyone can be of help to someone." in html
    assert "Skip to main content" in html


def test_easy_japanese_has_its_own_prefix_and_reads_as_japanese(client, demo):
    response = client.get("/ja-easy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja" data-language="ja-easy"' in html
    assert "だれでも、だれかの ちからに なれます。" in html.replace("<wbr>", "")


def test_switcher_links_to_the_same_page_in_each_language(client, demo, settings):
    links = switcher_links(client.get("/about/").content.decode())
    assert links == {
        hreflang(code): "/about/" if code == "ja" else f"/{code}/about/"
        for code, _ in settings.LANGUAGES
    }
    links = switcher_links(client.get("/en/about/").content.decode())
    assert links["ja"] == "/about/"


def test_switcher_marks_the_current_language(client, demo):
    html = client.get("/en/about/").content.decode()
    assert re.search(r'hreflang="en" aria-current="true">English</a>', html)


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_a_page_not_yet_translated_shows_in_japanese_with_a_notice(client, demo):
    # The access page has no easy-Japanese, Korean... version yet: never a 404 but the Japanese
    # page, a notice in the visitor's language, and a switcher that stays on this page.
    japanese = client.get("/access/").content.decode()
    assert switcher_links(japanese)["ja-x-easy"] == "/ja-easy/access/"
    assert "translation-notice" not in japanese
    assert alternates(japanese) == {
        "ja": "http://testserver/access/",
        "en": "http://testserver/en/access/",
        "x-default": "http://testserver/access/",
    }

    response = client.get("/ja-easy/access/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<main id="main" class="site-main" tabindex="-1" lang="ja">' in html
    assert "まだ やさしい にほんごに なっていません" in html
    assert switcher_links(html)["ja-x-easy"] == "/ja-easy/access/"
    assert switcher_links(html)["en"] == "/en/access/"
    assert alternates(html) == alternates(japanese)  # the same page, the same alternates

    korean = client.get("/ko/access/").content.decode()
    assert '<html lang="ko" data-language="ko"' in korean
    assert "이 페이지는 아직 번역되지 않아 일본어로 표시됩니다." in korean

    # A language with no pages at all shows the Japanese home page.
    assert client.get("/vi/").status_code == 200
    assert client.get("/ja-easy/no-such-page/").status_code == 404


def test_an_unknown_language_prefix_is_a_japanese_not_found_page(client, demo, settings):
    response = client.get("/xx/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ja"' in html
    assert "ページが見つかりません" in html
    homes = dict(re.findall(r'<a href="([^"]+)" lang="[^"]+" hreflang="([^"]+)">', html))
    for code, _ in settings.LANGUAGES:
        assert homes["/" if code == "ja" else f"/{code}/"] == hreflang(code)


def test_switcher_on_a_plugin_page_keeps_the_path(client, demo, settings):
    from kokoron.plugins import enabled_plugins

    plugins = enabled_plugins()
    if not plugins:
        pytest.skip("no plugin is on")
    prefix = plugins[0].url_prefix
    links = switcher_links(client.get(f"/en/{prefix}").content.decode())
    assert links == {
        hreflang(code): f"/{prefix}" if code == "ja" else f"/{code}/{prefix}"
        for code, _ in settings.LANGUAGES
    }


def test_admin_stays_outside_the_language_prefix(client, demo):
    assert client.get("/admin/").status_code == 302
    assert client.get("/en/admin/").status_code == 404


def test_not_found_page_speaks_the_visitors_language(client, demo):
    japanese = client.get("/no-such-page/")
    english = client.get("/en/no-such-page/")
    assert japanese.status_code == english.status_code == 404
    assert "ページが見つかりません" in japanese.content.decode()
    assert "Page not found" in english.content.decode()
    assert '<html lang="en"' in english.content.decode()


def test_header_navigation_is_looked_up_per_language(client, demo):
    japanese = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert '<a href="/about/">こころんについて</a>' in japanese
    assert '<a href="/en/about/">About Kokoron</a>' in english


def test_footer_is_looked_up_per_language(client, demo):
    assert "社会福祉法人 昭和区社会福祉協議会" in client.get("/").content.decode()
    assert "Showa Ward Council of Social Welfare" in client.get("/en/").content.decode()


def test_a_language_without_its_own_menu_falls_back_to_japanese(client, demo):
    from kokoron.navigation.models import MainMenu

    MainMenu.objects.filter(locale__language_code="en").delete()
    html = client.get("/en/").content.decode()
    assert "main-menu" in html
    assert "/en/about/" in html  # page links still follow the visitor's language
