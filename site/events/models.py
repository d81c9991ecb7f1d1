"""Events (イベント・講座): an index page per language with upcoming and past listings, and one
page per event with its dates, place, accessibility, fee and how to join."""

from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from kokoron.news.models import ICALENDAR, Feed, SectionIndexPage, single_image_field
from kokoron.pages.blocks import BodyStreamBlock
from kokoron.pages.listing import attach_images, in_section_language, localize_items
from kokoron.pages.privacy import ViewRestrictionsMixin, public

from . import ical, signup

TOKYO = ZoneInfo(settings.TIME_ZONE)


class EventCategory(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_event_category_slug")
        ]

    def __str__(self):
        return self.name


def upcoming_dates(now=None):
    """Dates not over yet: those that end, or (without an end) start, from now on."""
    now = now or timezone.now()
    return Q(end__gte=now) | Q(end__isnull=True, start__gte=now)


class EventIndexPage(SectionIndexPage):
    subpage_types = ["events.EventPage"]
    template = "events/event_index_page.html"
    # Not the month: any month of any year is a valid one.
    kept_filters = ("category", "district")

    class Meta:
        verbose_name = _("event index")

    def events(self, with_dates=True):
        events = public(
            in_section_language(EventPage.objects.all(), self)
            .live()
            .select_related("category", "district")
        )
        return events.prefetch_related("dates") if with_dates else events

    def upcoming(self, now=None, with_dates=True):
        now = now or timezone.now()
        not_over = EventDate.objects.filter(upcoming_dates(now), page=OuterRef("pk"))
        return (
            EventIndexPage.events(self, with_dates)
            .filter(Exists(not_over))
            .annotate(
                next_start=Min(
                    "dates__start",
                    filter=Q(dates__end__gte=now)
                    | Q(dates__end__isnull=True, dates__start__gte=now),
                ),
                date_count=Count("dates"),
            )
            .order_by("next_start", "pk")
        )

    def past(self, now=None, with_dates=True):
        now = now or timezone.now()
        not_over = EventDate.objects.filter(upcoming_dates(now), page=OuterRef("pk"))
        return (
            EventIndexPage.events(self, with_dates)
            .filter(~Exists(not_over))
            .annotate(last_start=Max("dates__start"), date_count=Count("dates"))
            .filter(last_start__isnull=False)
            .order_by("-last_start", "-pk")
        )

    def _listing(self, request, queryset, *, past):
        from .filters import EventFilterSet

        context = self.listing_context(
            request,
            lambda: EventFilterSet(request.GET or None, queryset=queryset, index=self),
            past=past,
        )
        return self.render(request, context_overrides=context)

    @path("")
    def upcoming_listing(self, request):
        return self._listing(request, self.upcoming(with_dates=False), past=False)

    @path("past/", name="past")
    def past_listing(self, request):
        return self._listing(request, self.past(with_dates=False), past=True)

    @path("calendar/", name="ical")
    def ical(self, request):
        events = localize_items(request, self, self.events().filter(dates__isnull=False).distinct())
        body = ical.build(
            self.title,
            [
                (event, request.build_absolute_uri(event.listing_url), event.in_japanese)
                for event in events
            ],
        )
        return ical.response(body, "events.ics")

    def past_url(self):
        return self.reader_url() + self.reverse_subpage("past")

    def ical_url(self):
        return self.reader_url() + self.reverse_subpage("ical")

    def feeds(self):
        return [Feed(ICALENDAR, self.feed_title(), self.ical_url())]

    @staticmethod
    def feed_title():
        return _("Events (iCalendar)")


class EventPage(ViewRestrictionsMixin, RoutablePageMixin, Page):
    class JoinMethod(models.TextChoices):
        NONE = "none", _("Just come: no booking needed")
        CONTACT = "contact", _("Book by contacting us")
        SIGNUP = "signup", _("Sign up with the online form")

    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences, shown in listings.")
    )
    category = models.ForeignKey(
        EventCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image = single_image_field(_("image"))
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))
    venue_name = models.CharField(_("venue"), max_length=150)
    venue_address = models.CharField(_("address"), max_length=250, blank=True)
    district = models.ForeignKey(
        "geography.SchoolDistrict",
        verbose_name=_("school district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_pages",
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    sign_language = models.BooleanField(_("sign-language interpreting"), default=False)
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        blank=True,
        help_text=_("Parking, hearing loop, a quiet room, help on request…"),
    )
    fee = models.CharField(
        _("fee"), max_length=100, blank=True, help_text=_("Leave empty when it is free.")
    )
    join_method = models.CharField(
        _("how to join"), max_length=10, choices=JoinMethod.choices, default=JoinMethod.NONE
    )
    contact = models.TextField(
        _("contact for bookings and questions"),
        blank=True,
        help_text=_("Telephone, fax or email, and the deadline if there is one."),
    )
    signup_provider = models.CharField(
        _("sign-up form"),
        max_length=50,
        blank=True,
        help_text=_("The plugin that provides the online sign-up form, when it is on."),
    )
    signup_reference = models.CharField(
        _("sign-up reference"),
        max_length=100,
        blank=True,
        help_text=_("What the sign-up form is for, as the plugin names it (e.g. its number)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        InlinePanel("dates", label=_("Dates and times"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("district"),
            ],
            heading=_("Place"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("step_free"),
                FieldPanel("accessible_toilet"),
                FieldPanel("sign_language"),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Accessibility"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("fee"),
                FieldPanel("join_method"),
                FieldPanel("contact"),
                FieldPanel("signup_provider"),
                FieldPanel("signup_reference"),
            ],
            heading=_("Fee and how to join"),
        ),
        FieldPanel("category"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("venue_name"),
        index.SearchField("body"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    template = "events/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.join_method == self.JoinMethod.CONTACT and not self.contact.strip():
            raise ValidationError({"contact": _("Say how to book: a telephone number or email.")})
        if self.join_method == self.JoinMethod.SIGNUP:
            names = dict(signup.provider_choices())
            if not names:
                raise ValidationError(
                    {"join_method": _("No sign-up form is available: the plugin is off.")}
                )
            if self.signup_provider not in names:
                raise ValidationError(
                    {
                        "signup_provider": _("Choose one of: %(names)s.")
                        % {"names": ", ".join(names)}
                    }
                )

    @property
    def meta_description(self):
        return self.search_description or self.summary

    # Once per view: the template shows it twice (the picture and its og:image).
    @cached_property
    def main_image(self):
        return attach_images([self], attribute="_main_image")[0]._main_image

    @property
    def listing_date(self):
        """The next date in an upcoming listing, the last one in a past listing."""
        return getattr(self, "next_start", None) or getattr(self, "last_start", None)

    @property
    def sorted_dates(self):
        return sorted(self.dates.all(), key=lambda date: date.start)

    @property
    def signup_url(self):
        if self.join_method != self.JoinMethod.SIGNUP:
            return None
        return signup.signup_url(self, self.signup_provider, self.signup_reference)

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("calendar/", name="ical")
    def ical(self, request):
        body = ical.build(self.title, [(self, self.get_full_url(request))])
        return ical.response(body, f"{self.slug}.ics")

    def ical_url(self):
        return self.url + self.reverse_subpage("ical")


class EventDate(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="dates")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)

    panels = [FieldPanel("start"), FieldPanel("end")]

    class Meta(Orderable.Meta):
        verbose_name = _("date and time")
        verbose_name_plural = _("dates and times")
        indexes = [models.Index(fields=["start"])]

    def __str__(self):
        return str(timezone.localtime(self.start, TOKYO))

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must come after the start.")})
