"""The council's newsletter (広報紙): an issue page per printed issue, with its PDF and its
articles as page content, so that they read on a phone, are found by search and are
translated like any page. Also the residents who subscribe to it by email."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from kokoron.news.models import ATOM, Feed, SectionIndexPage, single_image_field
from kokoron.pages.blocks import BodyStreamBlock
from kokoron.pages.feeds import SectionFeed
from kokoron.pages.listing import attach_images


class ArticleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    body = BodyStreamBlock(label=_("Article"))

    class Meta:
        icon = "doc-full"
        label = _("Article")
        template = "newsletters/blocks/article_block.html"


class NewsletterIndexPage(SectionIndexPage):
    subpage_types = ["newsletters.NewsletterIssuePage"]
    template = "newsletters/newsletter_index_page.html"

    class Meta:
        verbose_name = _("newsletter index")

    def issues(self):
        return (
            NewsletterIssuePage.objects.child_of(self)
            .live()
            .select_related("pdf")
            .order_by("-publication_date", "-number")
        )

    @path("")
    def listing(self, request):
        from .filters import NewsletterFilterSet

        filterset = NewsletterFilterSet(request.GET or None, queryset=self.issues())
        context = self.listing_context(request, filterset, self.issues())
        return self.render(request, context_overrides=context)

    @path("feed/", name="feed")
    def feed(self, request):
        return NewsletterFeed(self, request)(request)

    def feed_url(self):
        return self.url + self.reverse_subpage("feed")

    def feeds(self):
        return [Feed(ATOM, self.feed_title(), self.feed_url())]

    @staticmethod
    def feed_title():
        return _("Newsletter (Atom)")


class NewsletterIssuePage(Page):
    number = models.PositiveIntegerField(_("issue number"))
    publication_date = models.DateField(_("publication date"), default=timezone.localdate)
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("What this issue is about, for listings.")
    )
    image = single_image_field(_("cover"))
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("printed PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    articles = StreamField([("article", ArticleBlock())], blank=True, verbose_name=_("articles"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("number"), FieldPanel("publication_date")], heading=_("Issue")),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("pdf"),
        FieldPanel("articles"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("articles"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["newsletters.NewsletterIndexPage"]
    subpage_types = []
    template = "newsletters/newsletter_issue_page.html"

    class Meta:
        verbose_name = _("newsletter issue")

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.pk else None
        if parent is None:
            return
        same_number = (
            NewsletterIssuePage.objects.child_of(parent)
            .filter(number=self.number)
            .exclude(pk=self.pk)
        )
        if same_number.exists():
            raise ValidationError({"number": _("Another issue already has this number.")})

    @property
    def meta_description(self):
        return self.search_description or self.summary

    @property
    def main_image(self):
        return attach_images([self], attribute="_main_image")[0]._main_image

    @property
    def article_list(self):
        return [
            (f"article-{position}", block.value["title"])
            for position, block in enumerate(self.articles, start=1)
        ]


class NewsletterFeed(SectionFeed):
    def items_for(self, index):
        return index.issues()

    def item_date(self, item):
        return item.publication_date

    def item_enclosures(self, item):
        return []
