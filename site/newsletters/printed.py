"""An issue's printed edition made from its page: the articles' headings and text laid out by
`pdf`, and stored as the issue's Wagtail document with its size known, as an upload through
the admin would have it."""

import re
from html import unescape

from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

from kokoron.core import furigana
from kokoron.navigation.models import Footer

from . import pdf

# Where rich text ends a paragraph: the PDF keeps them apart, where search joins them.
PARAGRAPH_END = re.compile(r"</p>|<br\s*/?>|</li>|</h\d>|</blockquote>", re.IGNORECASE)


def plain_paragraphs(html):
    """The paragraphs of a rich text as plain text, readings (furigana) left out."""
    paragraphs = []
    for piece in PARAGRAPH_END.split(html):
        text = " ".join(furigana.strip(unescape(strip_tags(piece))).split())
        if text:
            paragraphs.append(text)
    return paragraphs


def _parts(body):
    parts = []
    for child in body:
        if child.block_type == "heading":
            parts.append(pdf.Subheading(furigana.strip(child.value["text"])))
        elif child.block_type == "paragraph":
            parts.extend(plain_paragraphs(child.value.source))
        else:  # notices, tables, captions: their words, one paragraph each
            for text in child.block.get_searchable_content(child.value):
                parts.extend(plain_paragraphs(str(text)))
    return parts


def issue_articles(issue):
    return [
        pdf.Article(furigana.strip(block.value["title"]), _parts(block.value["body"]))
        for block in issue.articles
    ]


def issue_pdf(issue):
    """The printed edition of an issue, in the issue's language. Returns bytes."""
    language = issue.locale.language_code
    with translation.override(language):
        footer = Footer.objects.filter(locale=issue.locale).first()
        subtitle = [
            _("No. %(number)s, %(date)s")
            % {"number": issue.number, "date": date_format(issue.publication_date)}
        ]
        if footer is not None:
            subtitle.append(footer.council_name)
        return pdf.newsletter_pdf(
            title=furigana.strip(issue.title),
            subtitle_lines=subtitle,
            articles=issue_articles(issue),
            language=language,
        )


def printed_document(issue, title, filename):
    """A new document holding the issue's printed edition, its size and hash recorded."""
    data = issue_pdf(issue)
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(data, filename),
        file_size=len(data),
        file_hash=hash_filelike(ContentFile(data)),
    )
