"""News (お知らせ): an index page per language, and one page per piece of news."""

from dataclasses import dataclass
from functools import cache, cached_property

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from kokoron.core.languages import is_fallback
from kokoron.core.localized import label_categories
from kokoron.pages.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from kokoron.pages.feeds import SectionFeed
from kokoron.pages.listing import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    attach_images,
    filter_messages,
    first_image,
    in_section_language,
    kept_listing_key,
    localize_items,
    paginate,
    query_without_page,
    reader_index_url,
)
from kokoron.pages.privacy import ViewRestrictionsMixin, public


def single_image_field(verbose_name):
    """One image with alt text, or an explicit "decorative" choice (Wagtail's ImageBlock)."""
    return StreamField(
        [("image", ImageBlock(label=_("Image")))],
        max_num=1,
        blank=True,
        verbose_name=verbose_name,
        help_text=_("Describe the image for people who cannot see it, or mark it decorative."),
    )


class NewsCategory(TranslatableMixin, models.Model):
    """A kind of news (お知らせ, 募集, 報告…), translated like any other snippet."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, help_text=_("Used in addresses."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_news_category_slug")
        ]

    def __str__(self):
        return self.name


ATOM = "application/atom+xml"
ICALENDAR = "text/calendar"


@dataclass(frozen=True)
class Feed:
    """A feed announced in <head> with <link rel="alternate">."""

    type: str
    title: str
    url: str


class SectionIndexPage(ViewRestrictionsMixin, RoutablePageMixin, Page):
    """What the index pages of news, newsletters and events share."""

    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    per_page = models.PositiveSmallIntegerField(
        _("items per page"),
        default=DEFAULT_PER_PAGE,
        # A fixed message: interpolating here would freeze one language into the migrations.
        help_text=_("Between 1 and 100."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    settings_panels = [*Page.settings_panels, FieldPanel("per_page")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    max_count_per_parent = 1
    parent_page_types = ["pages.HomePage"]
    # Filters whose valid values are a few choices: a listing narrowed by these alone is kept
    # between views (kept_listing_key); one narrowed by any other filter is worked out anew.
    kept_filters = ()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if not 1 <= (self.per_page or 0) <= MAX_PER_PAGE:
            raise ValidationError({"per_page": _("Between 1 and 100.")})

    def feeds(self):
        return []

    def reader_url(self):
        """This index's address in the reader's language (set by the view serving it): a
        language without this section is served the Japanese one under its own prefix, and
        the index's links (feeds, tabs, subscription) stay under that prefix."""
        return self.__dict__.get("_kokoron_reader_url") or self.url

    def listing_context(self, request, make_filterset, **extra):
        """The context of the listing: `make_filterset()` gives the request's filter set.

        The results are worked out only when the template shows them: where the template's
        `kept_fragment` holds them from an earlier view, this view makes no query for them.
        """
        self._kokoron_reader_url = reader_index_url(request, self)
        filterset = cache(make_filterset)

        def results():
            page = paginate(request, filterset().qs, self.per_page)
            page.object_list = localize_items(request, self, attach_images(page.object_list))
            label_categories(page.object_list)
            return page

        results = SimpleLazyObject(results)
        return {
            "page": self,
            "self": self,
            "request": request,
            "filterset": SimpleLazyObject(filterset),
            "filter_messages": SimpleLazyObject(lambda: filter_messages(filterset())),
            "results": results,
            "query": query_without_page(request),
            "feeds": self.feeds(),
            # Japanese pages listed among this language's (the page itself is not the Japanese
            # one standing in for a missing section, which says so above everything).
            "lists_japanese": SimpleLazyObject(
                lambda: (
                    any(item.in_japanese for item in results.object_list)
                    and not is_fallback(request, self)
                )
            ),
            "kept_listing": kept_listing_key(request, self.kept_filters, filterset),
            **extra,
        }


class NewsIndexPage(SectionIndexPage):
    subpage_types = ["news.NewsPage"]
    template = "news/news_index_page.html"
    kept_filters = ("category", "year", "district")

    class Meta:
        verbose_name = _("news index")

    def news(self):
        """The live news of this section; works on a plain Page of this type too."""
        return public(
            in_section_language(NewsPage.objects.all(), self)
            .live()
            .select_related("category", "district")
            .order_by("-date", "-pk")
        )

    @path("")
    def listing(self, request):
        from .filters import NewsFilterSet

        context = self.listing_context(
            request, lambda: NewsFilterSet(request.GET or None, queryset=self.news(), index=self)
        )
        return self.render(request, context_overrides=context)

    @path("feed/", name="feed")
    def feed(self, request):
        return NewsFeed(self, request)(request)

    def feed_url(self):
        return SectionIndexPage.reader_url(self) + self.reverse_subpage("feed")

    def feeds(self):
        return [Feed(ATOM, self.feed_title(), self.feed_url())]

    @staticmethod
    def feed_title():
        return _("News (Atom)")


class NewsPage(ViewRestrictionsMixin, Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    district = models.ForeignKey(
        "geography.SchoolDistrict",
        verbose_name=_("school district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_pages",
        help_text=_("Only for news about one school district; shown on its district page."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences, shown in listings, feeds and emails."),
    )
    image = single_image_field(_("image"))
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("category"), FieldPanel("district")],
            heading=_("About this news"),
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    template = "news/news_page.html"

    class Meta:
        verbose_name = _("news")
        verbose_name_plural = _("news")

    @property
    def meta_description(self):
        return self.search_description or self.summary

    # Once per view: the template shows it twice (the picture and its og:image).
    @cached_property
    def main_image(self):
        return attach_images([self], attribute="_main_image")[0]._main_image

    @property
    def has_image(self):
        return first_image(self.image) is not None


class NewsFeed(SectionFeed):
    def items_for(self, index):
        return index.news()

    def item_date(self, item):
        return item.date

    def item_categories(self, item):
        names = [getattr(item, "category_label", item.category.name)] if item.category else []
        return names + super().item_categories(item)
