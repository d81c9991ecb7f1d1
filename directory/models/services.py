"""Services, the heart of the directory, and the locations they are offered at."""

import datetime as dt
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from kokoron.core.validators import WebAddressField

from .. import schedule_rules
from .base import Reading, Translated, TranslationBase, active_language, related
from .places import Location, Organization
from .taxonomy import TaxonomyTerm


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Service.ACTIVE)

    def for_listing(self):
        return self.select_related("organization").prefetch_related(
            "translations",
            "organization__translations",
            "schedules",
            "terms__translations",
            "languages",
            models.Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related(
                    "location__school_district"
                ).prefetch_related(
                    "location__addresses", "location__accessibility", "location__translations"
                ),
            ),
        )


class Service(Translated, Reading, ClusterableModel):
    translated_fields = ("name", "description", "fees_description", "eligibility_description")

    ACTIVE = "active"
    STATUSES = [
        (ACTIVE, _("active")),
        ("inactive", _("inactive")),
        ("defunct", _("defunct")),
        ("temporarily closed", _("temporarily closed")),
    ]
    FREE, PAID, VARIES = "free", "paid", "varies"
    FEES = [(FREE, _("free of charge")), (PAID, _("charged")), (VARIES, _("depends"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organization"),
    )
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(_("description"))
    url = WebAddressField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUSES, default=ACTIVE)
    application_process = models.TextField(_("how to apply"), blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    fee_kind = models.CharField(_("cost"), max_length=10, choices=FEES, default=FREE)
    fees_description = models.TextField(_("cost details"), blank=True)
    terms = ParentalManyToManyField(
        TaxonomyTerm, blank=True, related_name="services", verbose_name=_("terms")
    )
    closed_on_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    closed_year_end = models.BooleanField(
        _("closed over the New Year (29 December to 3 January)"), default=True
    )
    schedule_note = models.CharField(
        _("note on opening hours"),
        max_length=250,
        blank=True,
        help_text=_("For example: by appointment; times may change in August."),
    )
    assured_date = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("The date the information was last confirmed with the provider."),
    )
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)
    # The entry's words as the site search reads them (kokoron.search.text tokens, joined by
    # spaces with a space at each end, so a phrase is a plain substring): the names, and
    # everything a keyword may match. Kept by directory.search; rebuild_directory_search redoes it.
    search_names = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name

    @property
    def is_free(self):
        return self.fee_kind == self.FREE

    @property
    def needs_verification(self):
        return self.assured_date is None or self.assured_date < timezone.localdate() - dt.timedelta(
            days=365
        )

    def schedule(self):
        """The pure schedule of this service, built from its HSDS schedule rows."""
        if "_schedule" not in self.__dict__:
            rows = [row.rule() for row in related(self, "schedules")]
            self.__dict__["_schedule"] = schedule_rules.Schedule(
                rules=schedule_rules.merge_rules(r for r in rows if r is not None),
                closed_on_holidays=self.closed_on_holidays,
                closures=(schedule_rules.YEAR_END,) if self.closed_year_end else (),
            )
        return self.__dict__["_schedule"]

    def schedule_in_words(self, language=None):
        if not related(self, "schedules") and self.schedule_note:
            return self.translated_note(language)
        text = self.schedule().describe(language or active_language())
        note = self.translated_note(language)
        return f"{text} {note}".strip() if note else text

    def translated_note(self, language=None):
        return self.schedule_note if (language or active_language()).startswith("ja") else ""

    @property
    def translated_fees(self):
        return self.translated("fees_description")

    @property
    def translated_eligibility(self):
        return self.translated("eligibility_description")

    @property
    def phone_list(self):
        return related(self, "phones")

    @property
    def term_list(self):
        return related(self, "terms")

    def terms_of(self, taxonomy_slug):
        return [t for t in self.term_list if t.taxonomy.slug == taxonomy_slug]

    def locations(self):
        return [sal.location for sal in related(self, "service_at_locations")]


class ServiceTranslation(TranslationBase):
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="translations")
    fees_description = models.TextField(_("cost details"), blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language_code"], name="unique_service_language"
            )
        ]


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        related_name="service_at_locations",
        verbose_name=_("location"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")
        ]

    def __str__(self):
        return f"{self.service} @ {self.location}"
