"""Furigana: the editors' notation becomes <ruby>; visitors can hide it."""

import pytest

from kokoron.core import furigana
from kokoron.pages.factories import StandardPageFactory
from tests.site.outreach import ward  # noqa: F401

BAR = "\uff5c"


def test_explicit_and_implicit_bases():
    assert furigana.ruby(f"{BAR}社協《しゃきょう》です") == (
        "<ruby>社協<rp>(</rp><rt>しゃきょう</rt><rp>)</rp></ruby>です"
    )
    # Without the bar, the base is the run of kanji just before the reading.
    assert furigana.ruby("この地域福祉《ちいきふくし》の") == (
        "この<ruby>地域福祉<rp>(</rp><rt>ちいきふくし</rt><rp>)</rp></ruby>の"
    )
    assert furigana.ruby("佐々木《ささき》").startswith("<ruby>佐々木<rp>")
    assert furigana.strip(f"{BAR}昭和区《しょうわく》の福祉《ふくし》") == "昭和区の福祉"


def test_text_that_is_not_a_reading_is_left_alone():
    for text in ("《》だけ", "ひらがな《よみ》", "《書名》", f"{BAR}から《", "a | b"):
        assert furigana.ruby(text) == text


def test_only_text_between_tags_changes():
    html = (
        '<p title="福祉《ふくし》">福祉《ふくし》</p>'
        "<textarea>福祉《ふくし》</textarea><script>'福祉《ふくし》'</script><b>地域</b>"
    )
    assert furigana.to_ruby(html) == (
        '<p title="福祉《ふくし》"><ruby>福祉<rp>(</rp><rt>ふくし</rt><rp>)</rp></ruby></p>'
        "<textarea>福祉《ふくし》</textarea><script>'福祉《ふくし》'</script><b>地域</b>"
    )
    document = '<html><head><title>福祉《ふくし》</title><meta content="福祉《ふくし》"></head>'
    assert furigana.render_document(document + "<body>福祉《ふくし》</body></html>") == (
        '<html><head><title>福祉</title><meta content="福祉"></head>'
        "<body><ruby>福祉<rp>(</rp><rt>ふくし</rt><rp>)</rp></ruby></body></html>"
    )


@pytest.mark.django_db
def test_page_titles_show_readings_that_visitors_can_hide(client, ward):  # noqa: F811
    StandardPageFactory(
        parent=ward.home_pages["ja"], title="福祉《ふくし》の窓口", slug="madoguchi"
    )
    html = client.get("/madoguchi/").content.decode()
    assert "<title>福祉の窓口 |" in html
    assert "<ruby>福祉<rp>(</rp><rt>ふくし</rt><rp>)</rp></ruby>の窓口</h1>" in html
    assert 'class="text-standard contrast-standard furigana-off"' in html  # hidden by CSS
    client.cookies["kokoron_furigana"] = "on"
    assert "furigana-on" in client.get("/madoguchi/").content.decode()
