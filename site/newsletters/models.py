"""The council's newsletter (広報紙): an issue page per printed issue, with its PDF and its
articles as page content, so that they read on a phone, are found by search and are
translated like any page. Also the residents who subscribe to it by email."""

from functools import cached_property

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

from kokoron.core.languages import language_choices
from kokoron.news.models import ATOM, Feed, SectionIndexPage, single_image_field
from kokoron.pages.blocks import BodyStreamBlock
from kokoron.pages.feeds import SectionFeed
from kokoron.pages.listing import attach_images, in_section_language
from kokoron.pages.privacy import ViewRestrictionsMixin, public


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
    kept_filters = ("year",)

    class Meta:
        verbose_name = _("newsletter index")

    def issues(self):
        return public(
            in_section_language(NewsletterIssuePage.objects.all(), self)
            .live()
            .select_related("pdf")
            .order_by("-publication_date", "-number")
        )

    @path("")
    def listing(self, request):
        from .filters import NewsletterFilterSet

        context = self.listing_context(
            request, lambda: NewsletterFilterSet(request.GET or None, queryset=self.issues())
        )
        return self.render(request, context_overrides=context)

    @path("feed/", name="feed")
    def feed(self, request):
        return NewsletterFeed(self, request)(request)

    @path("subscribe/", name="subscribe")
    def subscribe(self, request):
        from . import views

        return views.subscribe(self, request)

    @path("subscribe/confirm/", name="confirm")
    def confirm(self, request):
        from . import views

        return views.confirm(self, request)

    @path("subscribe/unsubscribe/", name="unsubscribe")
    def unsubscribe(self, request):
        from . import views

        return views.unsubscribe(self, request)

    def subscribe_url(self):
        return self.reader_url() + self.reverse_subpage("subscribe")

    def feed_url(self):
        return self.reader_url() + self.reverse_subpage("feed")

    def feeds(self):
        return [Feed(ATOM, self.feed_title(), self.feed_url())]

    @staticmethod
    def feed_title():
        return _("Newsletter (Atom)")


class NewsletterIssuePage(ViewRestrictionsMixin, Page):
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

    # Once per view: the template shows it twice (the picture and its og:image).
    @cached_property
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


class Subscriber(models.Model):
    """A resident who asked for emails. Unconfirmed until they follow the emailed link;
    deleted, not kept, when they leave."""

    email = models.EmailField(_("email"), unique=True)
    language = models.CharField(_("language"), max_length=15, choices=language_choices)
    newsletters = models.BooleanField(_("new newsletter issues"), default=True)
    news = models.BooleanField(_("news"), default=False)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_today = models.PositiveSmallIntegerField(default=0, editable=False)
    confirmations_sent = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("email subscriber")
        verbose_name_plural = _("email subscribers")

    def __str__(self):
        return self.masked_email

    @property
    def masked_email(self):
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}***@{domain}" if domain else "***"


class Announcement(models.Model):
    """One email announcement of a newly published issue (or news) to its subscribers."""

    class Topic(models.TextChoices):
        NEWSLETTERS = "newsletters", _("newsletter issue")
        NEWS = "news", _("news")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        DONE = "done", _("done")

    translation_key = models.UUIDField()
    topic = models.CharField(_("topic"), max_length=15, choices=Topic.choices)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), null=True, on_delete=models.SET_NULL
    )
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("subscribers"), default=0)
    batches_done = models.PositiveIntegerField(_("batches done"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # The last time work for it was queued or done: the recovery sweep resumes an announcement
    # left unfinished (a lost or killed task) once this is older than a send may take.
    active_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("email announcement")
        verbose_name_plural = _("email announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "topic"], name="one_announcement_per_page"
            )
        ]

    def __str__(self):
        return self.title

    def progress(self):
        """Counts of the announcement's emails by status."""
        from kokoron.notifications.models import Notification

        counts = dict.fromkeys(("pending", "sent", "failed"), 0)
        rows = (
            Notification.objects.filter(key__startswith=f"announcement-{self.pk}-")
            .values_list("status")
            .annotate(count=models.Count("pk"))
        )
        counts.update(dict(rows))
        return counts

    def sent_count(self):
        return self.progress()["sent"]

    sent_count.short_description = _("sent")

    def failed_count(self):
        return self.progress()["failed"]

    failed_count.short_description = _("failed")

    def pending_count(self):
        return self.progress()["pending"]

    pending_count.short_description = _("waiting")
