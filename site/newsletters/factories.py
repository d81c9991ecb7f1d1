import datetime

import factory
import wagtail_factories

from .models import NewsletterIndexPage, NewsletterIssuePage


class NewsletterIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsletterIndexPage

    title = "広報紙こころん"
    slug = "newsletters"


class NewsletterIssuePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsletterIssuePage

    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda issue: f"広報紙こころん 第{issue.number}号")
    slug = factory.LazyAttribute(lambda issue: f"issue-{issue.number}")
    publication_date = factory.LazyFunction(lambda: datetime.date(2026, 4, 1))
    summary = "特集:地域のたまり場をたずねて"
