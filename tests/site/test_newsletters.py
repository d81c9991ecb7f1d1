# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
import datetime

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from wagtail.documents.models import Document

import pytest

from kokoron.news.factories import image_stream
from kokoron.newsletters.factories import NewsletterIssuePageFactory
from kokoron.newsletters.models import NewsletterIssuePage
from kokoron.newsletters.pdf import Subheading
from kokoron.newsletters.printed import issue_articles, printed_document
from tests.site.outreach import photo, sections, translate, ward  # noqa: F401
from tests.site.pdf_reading import body_text, page_count

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


def shown_size(size):
    with translation.override("ja"):
        return filesizeformat(size)


def issue_with_pdf(index, number, photo=None, **kwargs):
    issue = NewsletterIssuePageFactory(
        parent=index,
        number=number,
        articles=ARTICLES,
        image=image_stream(photo, f"第{number}号の表紙") if photo else [],
        **kwargs,
    )
    issue.pdf = printed_document(issue, f"第{number}号", "issue.pdf")
    issue.save()
    return issue


def test_issue_page_shows_articles_as_content_with_the_pdf(client, sections, photo):
    issue = issue_with_pdf(sections["newsletters"], 12, photo)
    html = client.get(issue.url).content.decode()
    assert '<h1 class="phrases">広報紙こころん 第12号</h1>' in html
    assert '<h2 id="article-1-title">地域のたまり場をたずねて</h2>' in html
    assert "御器所学区のサロンでは毎週体操をしています。" in html
    assert 'href="#article-2"' in html  # the table of contents
    assert issue.pdf.url in html
    assert 'alt="第12号の表紙"' in html


def test_the_printed_edition_holds_the_issues_articles_and_its_size_is_shown(client, sections):
    issue = issue_with_pdf(sections["newsletters"], 12)
    with issue.pdf.open_file() as file:
        data = file.read()
    assert issue.pdf.file_size == len(data) > 0
    assert issue.pdf.file_hash
    text = body_text(data)
    assert text.startswith("広報紙こころん第12号第12号2026年4月1日発行")
    for words in ("地域のたまり場をたずねて", "御器所学区のサロンでは毎週体操をしています。"):
        assert words in text
    assert "ボランティア募集" in text
    html = client.get(issue.url).content.decode()
    assert f"印刷版(PDF、{shown_size(len(data))})" in html
    assert "0 バイト" not in html
    index_html = client.get(sections["newsletters"].url).content.decode()
    assert f"印刷版(PDF、{shown_size(len(data))})" in index_html


def test_a_document_whose_size_was_never_recorded_shows_its_real_size_or_none(client, sections):
    issue = issue_with_pdf(sections["newsletters"], 13)
    size = issue.pdf.file_size
    Document.objects.filter(pk=issue.pdf_id).update(file_size=None)  # as a document made in code
    assert f"印刷版(PDF、{shown_size(size)})" in client.get(issue.url).content.decode()
    assert Document.objects.get(pk=issue.pdf_id).file_size == size  # Wagtail records it
    Document.objects.filter(pk=issue.pdf_id).update(file_size=None)
    issue.pdf.file.delete(save=False)  # and the file is gone: no size, never "0 バイト"
    html = client.get(issue.url).content.decode()
    assert "印刷版(PDF)</a>" in html
    assert "0 バイト" not in html


def test_the_printed_edition_leaves_readings_out_and_keeps_paragraphs_apart(sections):
    issue = NewsletterIssuePageFactory(
        parent=sections["newsletters"],
        number=14,
        articles=[
            {
                "type": "article",
                "value": {
                    "title": "福祉《ふくし》のまち",
                    "body": [
                        {"type": "heading", "value": {"text": "見出し", "level": "h3"}},
                        {
                            "type": "paragraph",
                            "value": "<p>一つめ&amp;です。</p><p>二つめです。</p>",
                        },
                    ],
                },
            }
        ],
    )
    articles = issue_articles(issue)
    assert articles[0].heading == "福祉のまち"
    assert articles[0].parts == [Subheading("見出し"), "一つめ&です。", "二つめです。"]


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


def test_the_demo_issues_have_printed_editions_of_several_pages_with_their_size(whole_demo, client):
    issues = NewsletterIssuePage.objects.filter(locale__language_code="ja").order_by("number")
    assert [issue.number for issue in issues] == [46, 47, 48]
    for issue in issues:
        with issue.pdf.open_file() as file:
            data = file.read()
        assert page_count(data) >= 2
        assert issue.pdf.file_size == len(data) > 1_000
        text = body_text(data)
        for block in issue.articles:
            assert block.value["title"] in text
        html = client.get(issue.url).content.decode()
        assert f"印刷版(PDF、{shown_size(len(data))})" in html
    english = NewsletterIssuePage.objects.get(locale__language_code="en")
    assert english.pdf_id == issues.get(number=48).pdf_id
    assert "Printed edition (PDF, " in client.get(english.url).content.decode()
