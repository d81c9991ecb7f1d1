"""Furigana: the editors' notation becomes <ruby>; visitors can hide it."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kokoron.core import furigana
from kokoron.pages.factories import StandardPageFactory
from tests.site.outreach import ward  # noqa: F401

BAR = "\uff5c"
FURIGANA_JS = Path(furigana.__file__).parent / "static" / "core" / "js" / "furigana-draftail.js"


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
    assert "<ruby>福祉<rp>(</rp><rt>ふくし</rt><rp>)</rp></ruby>の<wbr>窓口</h1>" in html
    assert 'class="text-standard contrast-standard furigana-off"' in html  # hidden by CSS
    client.cookies["kokoron_furigana"] = "on"
    assert "furigana-on" in client.get("/madoguchi/").content.decode()


def test_editors_have_a_furigana_button_in_the_rich_text_toolbar():
    from django.utils import translation

    from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea
    from wagtail.rich_text import features

    from kokoron.core.wagtail_hooks import furigana_button_strings

    assert "furigana" in features.get_default_features()
    editor = DraftailRichTextArea(features=["bold", "furigana"])
    assert "core/js/furigana-draftail.js" in str(editor.media)
    assert {"type": "furigana"} in editor.options["controls"]
    with translation.override("ja"):
        strings = furigana_button_strings()
    assert strings.startswith('<script id="kokoron-furigana-strings" type="application/json">')
    assert json.loads(strings.split(">", 1)[1].rsplit("<", 1)[0])["label"] == "ふりがな"


@pytest.mark.skipif(not shutil.which("node"), reason="needs Node.js")
def test_the_button_writes_the_notation_the_renderer_reads():
    script = (
        "global.window = {}; global.document = {};"
        f"require({json.dumps(str(FURIGANA_JS))});"
        "const notation = window.kokoronFurigana.notation;"
        "console.log(JSON.stringify(["
        "notation('社会福祉協議会', 'しゃかいふくしきょうぎかい'),"
        "notation('福祉', ''), notation('福《祉', 'ふくし'), notation('福祉', 'ふ'.repeat(41))]))"
    )
    output = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, check=True
    ).stdout
    written, *refused = json.loads(output)
    assert furigana.ruby(written) == (
        "<ruby>社会福祉協議会<rp>(</rp><rt>しゃかいふくしきょうぎかい</rt><rp>)</rp></ruby>"
    )
    assert refused == [None, None, None]
