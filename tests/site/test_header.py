"""The header on a phone: the languages and the main menu each behind one <details> button that
needs no script; and page headings marked where a Japanese line may break between phrases.
The layout itself is measured in tests/browser/test_phone.py."""

import re

from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.utils import translation

import pytest

from kokoron.core.templatetags.kokoron_tags import phrases

pytestmark = pytest.mark.django_db


def details(page_html, css_class):
    found = re.findall(
        rf'<details class="header-menu {css_class}"( open)?>(.*?)</details>', page_html, re.S
    )
    assert len(found) == 1, css_class
    is_open, inner = found[0]
    assert not is_open  # closed in the markup: a phone opens it; a wide screen shows it by CSS
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", inner, re.S).group(1)
    return re.sub(r"<svg.*?</svg>", "", summary).strip(), inner


def test_languages_and_menu_are_each_one_closed_button_in_every_language(client, demo):
    japanese = client.get("/").content.decode()
    summary, inner = details(japanese, "language-menu")
    assert summary == '言語 <span lang="en">Language</span>'
    assert '<nav class="language-switcher" aria-label="言語">' in inner
    summary, inner = details(japanese, "main-menu-toggle")
    assert summary == "メニュー"
    assert '<nav class="main-menu" aria-label="メインメニュー">' in inner
    assert '<a href="/about/">こころんについて</a>' in inner

    english = client.get("/en/").content.decode()
    assert details(english, "language-menu")[0] == "Language"  # not "Language Language"
    assert details(english, "main-menu-toggle")[0] == "Menu"
    assert details(client.get("/ko/").content.decode(), "main-menu-toggle")[0] == "메뉴"


def test_the_buttons_icons_are_hidden_from_screen_readers(client, demo):
    page_html = client.get("/").content.decode()
    icons = re.findall(r"<svg[^>]*>", page_html[: page_html.index("<main")])
    assert len(icons) == 2
    for icon in icons:
        assert 'aria-hidden="true"' in icon and 'focusable="false"' in icon


def test_the_stylesheet_shows_both_lists_on_a_wide_screen_and_hides_the_buttons():
    with open(finders.find("kokoron/css/site.css"), encoding="utf-8") as css_file:
        css = css_file.read()
    wide = re.search(
        r"@supports selector\(::details-content\) \{\s*@media \(min-width: 48em\) \{(.*?)\}\s*\}",
        css,
        re.S,
    ).group(1)
    assert ".header-menu > summary { display: none; }" in wide
    assert "content-visibility: visible" in wide
    assert ".phrases { word-break: keep-all; }" in css


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("だれもが、だれかの力に。", "だれもが、<wbr>だれかの<wbr>力に。"),
        ("車いす体験を行いました", "車いす<wbr>体験を<wbr>行いました"),
        ("ボランティアを募集します", "ボランティアを<wbr>募集します"),
        ("こころんについて", "こころんについて"),
        ("About Kokoron", "About Kokoron"),
        # Readings stay whole for the furigana middleware.
        ("だれかの福祉《ふくし》です", "だれかの<wbr>福祉《ふくし》です"),
        ("\uff5cだれかの力《ちから》です", "\uff5cだれかの力《ちから》です"),
        # Escaped before it is marked.
        ("<b>の力</b>", "&lt;b&gt;の<wbr>力&lt;/b&gt;"),
    ],
)
def test_phrases_marks_where_a_heading_may_break(text, marked):
    assert phrases(text) == marked


def test_headings_carry_their_phrase_breaks_and_the_furigana_still_works(client, demo):
    from kokoron.pages.factories import StandardPageFactory

    page = StandardPageFactory(
        parent=demo.home_pages["ja"], slug="fukushi", title="みんなの福祉《ふくし》を考える"
    )
    page_html = client.get(page.url).content.decode()
    assert (
        '<h1 class="phrases">みんなの<wbr><ruby>福祉<rp>(</rp><rt>ふくし</rt><rp>)</rp></ruby>'
        "を<wbr>考える</h1>"
    ) in page_html
    home = client.get("/").content.decode()
    assert '<h1 id="hero-heading" class="phrases">だれもが、<wbr>だれかの<wbr>力に。</h1>' in home


def test_the_filter_is_a_template_filter():
    with translation.override("ja"):
        rendered = Template("{% load kokoron_tags %}{{ title|phrases }}").render(
            Context({"title": "地域の力"})
        )
    assert rendered == "地域の<wbr>力"
