from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from .privacy import ViewRestrictionsMixin


class HomePage(ViewRestrictionsMixin, Page):
    """The root of each language's tree: / in Japanese, /en/ in English."""

    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))
    # The outreach sections: a heading (empty: the usual one) and how many items each shows.
    news_heading = models.CharField(_("news heading"), max_length=80, blank=True)
    news_count = models.PositiveSmallIntegerField(
        _("news items shown"), default=5, validators=[MinValueValidator(0), MaxValueValidator(20)]
    )
    newsletter_heading = models.CharField(_("newsletter heading"), max_length=80, blank=True)
    show_newsletter = models.BooleanField(_("show the latest newsletter"), default=True)
    events_heading = models.CharField(_("events heading"), max_length=80, blank=True)
    events_count = models.PositiveSmallIntegerField(
        _("events shown"), default=4, validators=[MinValueValidator(0), MaxValueValidator(20)]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("news_heading"), FieldPanel("news_count")]),
                FieldRowPanel([FieldPanel("newsletter_heading"), FieldPanel("show_newsletter")]),
                FieldRowPanel([FieldPanel("events_heading"), FieldPanel("events_count")]),
            ],
            heading=_("Latest news, newsletter and events"),
            help_text=_("Leave a heading empty for the usual one; 0 items hides a section."),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .home import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self, request))
        return context


class StandardPage(ViewRestrictionsMixin, Page):
    """An ordinary page: about the council, access, the accessibility policy."""

    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
