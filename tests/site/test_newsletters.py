# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.documents.models import Document

import pytest

from kokoron.news.factories import image_stream
from kokoron.newsletters.factories import NewsletterIssuePageFactory
from kokoron.newsletters.models import NewsletterIssuePage
from kokoron.newsletters.pdf import simple_pdf
from tests.site.outreach import photo, sections, translate, ward  # noqa: F401

pytestmark = pytest.mark.django_db

ARTICLES = [
    {
        "type": "article",
        "value": {
            "title": "地域のたまり場をたずねて",
            "body": [
                {
                    "type": "paragraph",
                    "value": "<p>御器所学区のサロンでは毎週体操をしています。</p>",
                }
            ],
        },
    },
    {
        "type": "article",
        "value": {
            "title": "ボランティア募集",
            "body": [
                {
                    "type": "paragraph",
                    "value": "<p>買い物の付き添いをしてくださる方を募集します。</p>",
                }
            ],
        },
    },
]


def issue_with_pdf(index, number, photo=None, **kwargs):
    pdf = Document.objects.create(
        title=f"第{number}号", file=ContentFile(simple_pdf([f"Kokoron No. {number}"]), "issue.pdf")
    )
    return NewsletterIssuePageFactory(
        parent=index,
        number=number,
        pdf=pdf,
        articles=ARTICLES,
        image=image_stream(photo, f"第{number}号の表紙") if photo else [],
        **kwargs,
    )


def test_issue_page_shows_articles_as_content_with_the_pdf(client, sections, photo):
    issue = issue_with_pdf(sections["newsletters"], 12, photo)
    html = client.get(issue.url).content.decode()
    assert '<h1 class="phrases">広報紙こころん 第12号</h1>' in html
    assert '<h2 id="article-1-title">地域のたまり場をたずねて</h2>' in html
    assert "御器所学区のサロンでは毎週体操をしています。" in html
    assert 'href="#article-2"' in html  # the table of contents
    assert issue.pdf.url in html
    assert 'alt="第12号の表紙"' in html


def test_the_generated_pdf_is_a_pdf():
    data = simple_pdf(["Kokoron newsletter", "No. 1"])
    assert data.startswith(b"%PDF-1.4")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/Type /Catalog" in data and b"startxref" in data


def test_articles_are_searchable(sections):
    issue_with_pdf(sections["newsletters"], 3)
    found = NewsletterIssuePage.objects.live().search("付き添い")
    assert [page.number for page in found] == [3]


def test_index_by_year_and_issue_number(client, sections):
    index = sections["newsletters"]
    for number, year in ((1, 2024), (2, 2025), (3, 2025), (4, 2026)):
        NewsletterIssuePageFactory(
            parent=index, number=number, publication_date=datetime.date(year, 4, 1)
        )
    response = client.get("/newsletters/")
    assert [issue.number for issue in response.context["results"].object_list] == [4, 3, 2, 1]
    html = response.content.decode()
    assert html.index("2026") < html.index("2025") < html.index("2024")
    only_2025 = client.get("/newsletters/?year=2025")
    assert [i.number for i in only_2025.context["results"].object_list] == [3, 2]
    nonsense = client.get("/newsletters/?year=zzz")
    assert nonsense.status_code == 200
    assert nonsense.context["filter_messages"]
    assert len(nonsense.context["results"].object_list) == 4


def test_two_issues_cannot_share_a_number(sections):
    index = sections["newsletters"]
    NewsletterIssuePageFactory(parent=index, number=7)
    second = NewsletterIssuePageFactory(parent=index, number=8)
    second.number = 7
    with pytest.raises(ValidationError):
        second.full_clean()


def test_atom_feed_and_translation(client, sections):
    index = sections["newsletters"]
    issue = issue_with_pdf(index, 5)
    feed = client.get("/newsletters/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "広報紙こころん 第5号" in feed.content.decode()
    assert 'href="/newsletters/feed/"' in client.get("/newsletters/").content.decode()

    translate(sections["home"], "en", title="Kokoron")
    translate(index, "en", title="Newsletter")
    english = translate(issue, "en", title="Kokoron newsletter No. 5")
    assert english.articles[0].value["title"] == "地域のたまり場をたずねて"  # copied, to translate
    assert "Kokoron newsletter No. 5" in client.get("/en/newsletters/feed/").content.decode()
