"""The accessibility policy page and its table of test results."""

import io
import json

from django.core.management import call_command

import pytest

from kokoron.core import accessibility
from kokoron.core.policy import publish_policy
from tests.site.outreach import translate, ward  # noqa: F401

RESULTS = [
    {"target": "HomePage", "page": "/", "language": "ja", "state": "page", "violations": []},
    {"target": "HomePage", "page": "/", "language": "en", "state": "page", "violations": []},
    {
        "target": "form on /news/",
        "page": "/news/",
        "language": "ja",
        "state": "submitted empty",
        "violations": ["label", "list"],
        "overflow_px": 0,
    },
    {
        "target": "keyboard: form on /news/",
        "page": "/news/",
        "language": "ja",
        "state": "keyboard",
        "violations": [],
    },
]


def test_results_become_one_row_per_page_and_form():
    summary = accessibility.summarise(RESULTS)
    assert summary == [
        ("/", "page", {"ja": 0, "ja-easy": None, "en": 0, "keyboard": None}),
        ("/news/", "form", {"ja": 2, "ja-easy": None, "en": None, "keyboard": 0}),
    ]
    assert accessibility.totals(summary) == (4, 1)
    words = {
        "header": ["what", "ja", "ja-easy", "en", "keyboard"],
        "page": "page",
        "form": "form",
        "pass": "ok",
        "problems": "{n} problems",
        "not_checked": "-",
    }
    assert accessibility.table_rows(summary, words) == [
        ["what", "ja", "ja-easy", "en", "keyboard"],
        ["/ (page)", "ok", "-", "ok", "-"],
        ["/news/ (form)", "2 problems", "-", "-", "ok"],
    ]


@pytest.mark.django_db
def test_the_policy_page_shows_the_results_in_three_languages(ward, client, tmp_path):  # noqa: F811
    home = ward.home_pages["ja"]
    for code in ("en", "ja-easy"):
        translate(home, code)
    document = {
        "checked_at": "2026-11-27T18:00:00+00:00",
        "axe_version": "4.14.1",
        "browser": "Chromium 156",
        "results": RESULTS,
    }
    publish_policy(home, None)
    html = client.get("/accessibility/").content.decode()
    assert '<h1 class="phrases">ウェブアクセシビリティ方針</h1>' in html
    assert "JIS X 8341-3:2016" in html and "3.3.8" in html
    assert "自動試験の結果はまだありません。" in html

    path = tmp_path / "results.json"
    path.write_text(json.dumps(document))
    out = io.StringIO()
    call_command("accessibility_results", str(path), stdout=out)
    assert "4 results published" in out.getvalue()
    html = client.get("/accessibility/").content.decode()
    assert "自動試験の結果(2026-11-27、axe-core 4.14.1、Chromium 156)" in html
    assert "問題 2 件" in html and "問題なし" in html
    english = client.get("/en/accessibility/").content.decode()
    assert "Web accessibility policy" in english and "2 problems" in english
    easy = client.get("/ja-easy/accessibility/").content.decode()
    assert "もんだい 2" in easy
