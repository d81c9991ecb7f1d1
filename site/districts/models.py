"""District pages (学区のページ): one page per school district that gathers what happens there.

Staff write the district welfare council (福祉推進協議会), its activity plan and the contact of
the council staff member in charge (学区担当); the page adds the district's news and upcoming
events and whatever the plugins that are on contribute (kokoron.plugins.district_sections).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from kokoron.events.models import EventIndexPage
from kokoron.geography.models import SchoolDistrict
from kokoron.news.models import NewsIndexPage
from kokoron.pages import cache as page_cache
from kokoron.pages.blocks import RICH_TEXT_FEATURES
from kokoron.pages.listing import localize_items, reader_index_url, with_japanese_versions
from kokoron.pages.privacy import ViewRestrictionsMixin, public, restricted
from kokoron.plugins import district_sections

DISTRICT_NEWS_COUNT = 5
DISTRICT_EVENTS_COUNT = 5


class DistrictIndexPage(ViewRestrictionsMixin, Page):
    """The map-free list of every school district with its neighbourhoods (/districts/)."""

    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["districts.DistrictPage"]
    max_count_per_parent = 1
    template = "districts/district_index_page.html"

    class Meta:
        verbose_name = _("district index")

    def districts(self):
        """Every district with its neighbourhoods and its page in this language, if any.

        A district without a page in this language links to its page in the default
        language. Three queries, whatever the number of districts.
        """
        default = Locale.get_default()
        pages = {}
        candidates = public(
            DistrictPage.objects.live()
            .filter(locale_id__in={self.locale_id, default.pk})
            .only("id", "title", "url_path", "locale_id", "district_id")
        )
        for page in candidates:
            if page.locale_id == self.locale_id or page.district_id not in pages:
                pages[page.district_id] = page
        districts = list(SchoolDistrict.objects.prefetch_related("neighbourhoods"))
        for district in districts:
            district.page = pages.get(district.pk)
        return districts

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["districts"] = self.districts()
        return context


class DistrictPage(ViewRestrictionsMixin, Page):
    district = models.ForeignKey(
        SchoolDistrict,
        verbose_name=_("school district"),
        on_delete=models.PROTECT,
        related_name="district_pages",
    )
    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    council_name = models.CharField(
        _("district welfare council"),
        max_length=120,
        blank=True,
        help_text=_("The name of the district welfare council (福祉推進協議会)."),
    )
    council = RichTextField(
        _("about the council"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Who takes part, when it meets, what it does."),
    )
    activity_plan = RichTextField(
        _("activity plan"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("This year's activities of the district welfare council."),
    )
    contact_name = models.CharField(
        _("staff member in charge"),
        max_length=100,
        blank=True,
        help_text=_("The council staff member in charge of the district (学区担当)."),
    )
    contact_office = models.CharField(
        _("office"),
        max_length=150,
        blank=True,
        help_text=_("The office and its opening hours."),
    )
    contact_phone = models.CharField(_("telephone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("district"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("council_name"), FieldPanel("council"), FieldPanel("activity_plan")],
            heading=_("District welfare council"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_office"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
            ],
            heading=_("Contact (the staff member in charge)"),
            help_text=_("The council's office contact only, never a resident's."),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("council_name"),
        index.SearchField("council"),
        index.SearchField("activity_plan"),
    ]
    # Translations share the district and the office's telephone and email.
    override_translatable_fields = [
        SynchronizedField("district"),
        SynchronizedField("contact_phone"),
        SynchronizedField("contact_email"),
    ]
    parent_page_types = ["districts.DistrictIndexPage"]
    subpage_types = []
    template = "districts/district_page.html"

    class Meta:
        verbose_name = _("district page")
        verbose_name_plural = _("district pages")

    def clean(self):
        super().clean()
        if not self.district_id:
            return
        others = DistrictPage.objects.filter(locale_id=self.locale_id, district_id=self.district_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(
                {"district": _("This school district already has a page in this language.")}
            )

    @property
    def meta_description(self):
        return self.search_description or self.council_name

    def sections(self, request):
        """The district's news and upcoming events in this language (with the Japanese ones not
        translated into it yet), and its neighbours.

        A fixed number of queries: the section index pages with their Japanese versions, news,
        events, neighbourhoods,
        adjacent districts and their pages.
        """
        district = self.district
        types = ContentType.objects.get_for_models(NewsIndexPage, EventIndexPage)
        # Which pages they are changes only with a publish, move or privacy change.
        indexes = page_cache.fragment(
            f"district-section-indexes:{self.locale_id}",
            request,
            lambda: self.section_indexes(types.values()),
        )
        news_index = indexes.get(types[NewsIndexPage].pk)
        event_index = indexes.get(types[EventIndexPage].pk)
        news = []
        if news_index:
            news = NewsIndexPage.news(news_index).filter(district=district)
            news = list(news[:DISTRICT_NEWS_COUNT])
        events = []
        if event_index:
            upcoming = EventIndexPage.upcoming(event_index, timezone.now(), with_dates=False)
            events = list(upcoming.filter(district=district)[:DISTRICT_EVENTS_COUNT])
        # Linked under the reader's prefix, the Japanese ones not translated yet marked.
        if news_index:
            localize_items(request, news_index, news)
        if event_index:
            localize_items(request, event_index, events)
        adjacent = list(district.adjacent.all())
        neighbour_pages = {
            page.district_id: page
            for page in public(
                DistrictPage.objects.live()
                .filter(locale_id=self.locale_id, district__in=adjacent)
                .only("id", "title", "url_path", "locale_id", "district_id")
            )
        }
        for other in adjacent:
            other.page = neighbour_pages.get(other.pk)
        return {
            "neighbourhoods": list(district.neighbourhoods.all()),
            "adjacent_districts": adjacent,
            "news_index": news_index,
            "news_index_url": reader_index_url(request, news_index) if news_index else None,
            "district_news": news,
            "event_index": event_index,
            "event_index_url": reader_index_url(request, event_index) if event_index else None,
            "district_events": events,
            "plugin_sections": district_sections(district, request),
        }

    def section_indexes(self, content_types):
        """{content type id: the public index page of that type in this language}, or the
        Japanese one where it is not translated."""
        indexes = {}
        # Plain pages: the section methods work on them without loading the specific rows.
        for page in with_japanese_versions(
            Page.objects.filter(content_type__in=content_types),
            Q(live=True, locale_id=self.locale_id) & ~restricted(),
        ):
            indexes.setdefault(page.content_type_id, page)
        return indexes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.sections(request))
        return context
