"""Display preferences: text size, contrast and furigana, remembered without JavaScript."""

import re

import pytest

from kokoron.core import display
from tests.site.outreach import ward  # noqa: F401


def test_preferences_default_and_ignore_tampered_cookies():
    assert display.preferences({}, "ja") == {
        "text": "standard",
        "contrast": "standard",
        "furigana": "off",
    }
    assert display.preferences({}, "ja-easy")["furigana"] == "on"
    tampered = {"kokoron_text": "huge", "kokoron_contrast": "<script>", "kokoron_furigana": "off"}
    assert display.preferences(tampered, "ja-easy") == {
        "text": "standard",
        "contrast": "standard",
        "furigana": "off",
    }
    chosen = display.preferences({"kokoron_text": "largest", "kokoron_contrast": "high"}, "en")
    assert display.html_classes(chosen) == "text-largest contrast-high furigana-off"


def test_only_valid_choices_are_taken_from_a_form():
    assert display.chosen({"text": "large", "contrast": "pink", "furigana": ""}) == {
        "text": "large"
    }


@pytest.mark.django_db
def test_the_form_sets_cookies_and_goes_back(client, ward):  # noqa: F811
    html = client.get("/").content.decode()
    assert 'class="text-standard contrast-standard furigana-off"' in html
    assert 'action="/display/"' in html and 'name="next" value="/"' in html
    assert "csrfmiddlewaretoken" not in html  # the page stays cacheable

    response = client.post(
        "/en/display/",
        {"text": "largest", "contrast": "high", "furigana": "on", "next": "/en/?page=2"},
    )
    assert response.status_code == 303
    assert response["Location"] == "/en/?page=2"
    assert response.cookies["kokoron_text"].value == "largest"
    assert response.cookies["kokoron_text"]["httponly"]
    html = client.get("/").content.decode()
    assert 'class="text-largest contrast-high furigana-on"' in html
    assert re.search(r'value="largest" checked', html)

    # Tampered values change nothing; a link off the site goes home instead.
    response = client.post("/display/", {"text": "enormous", "next": "https://evil.example/"})
    assert response.status_code == 303
    assert response["Location"] == "/"
    assert "kokoron_text" not in response.cookies
    response = client.post("/ja-easy/display/", {"next": "//evil.example/x"})
    assert response["Location"] == "/ja-easy/"
    assert client.get("/display/").status_code == 405
