"""Local resources, modelled on Open Referral HSDS 3.0.

Tables follow HSDS objects and field names (organization, service, location,
service_at_location, address, phone, contact, schedule, taxonomy, taxonomy_term, service_area,
language, accessibility, cost_option), with UUID ids so that the API, the export and the import
keep one identity per object.

Translations. Names and descriptions are written in Japanese (the source language) on the
object itself, with their kana reading for 五十音 order; other languages are child rows
(`…Translation`: a language from settings.LANGUAGES, name and description), edited inline in
the admin. We do not use Wagtail's TranslatableMixin here on purpose: it makes one row per
language, each with its own id and its own copy of schedules, phones and locations, whereas HSDS
needs one id per service whatever the language, and the facts (hours, places, terms) must never
drift apart between languages. A language added to settings.LANGUAGES is offered at once.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from kokoron.core.kana import is_kana, sort_key, to_hiragana
from kokoron.core.validators import WebAddressField
from kokoron.geography.models import Neighbourhood, SchoolDistrict

from . import schedule_rules

KANA_HELP = _("The reading in hiragana, used to sort lists in 五十音 order.")


def language_choices():
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def active_language():
    return translation.get_language() or settings.LANGUAGE_CODE


def related(instance, name):
    """A relation's rows, from the prefetch cache when the view prefetched them.

    Reading the cache directly skips the queryset that modelcluster's managers build on every
    .all(), which is most of the cost of rendering a long list.
    """
    cache = getattr(instance, "_prefetched_objects_cache", {})
    if name in cache:
        return list(cache[name])
    return list(getattr(instance, name).all())


class TranslationBase(models.Model):
    language_code = models.CharField(_("language"), max_length=20, choices=language_choices)
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.name} ({self.language_code})"


class Translated(models.Model):
    """Objects whose name and description are read in the reader's language."""

    translated_fields = ("name", "description")

    class Meta:
        abstract = True

    def translation_for(self, language=None):
        language = language or active_language()
        if language == settings.LANGUAGE_CODE:
            return None
        rows = self.__dict__.get("_translation_rows")
        if rows is None:
            rows = {row.language_code: row for row in related(self, "translations")}
            self.__dict__["_translation_rows"] = rows
        return rows.get(language)

    def translated(self, field, language=None):
        row = self.translation_for(language)
        value = getattr(row, field, "") if row is not None else ""
        return value or getattr(self, field)

    @property
    def display_name(self):
        return self.translated("name")

    @property
    def display_description(self):
        return self.translated("description")


class Reading(models.Model):
    """A Japanese name with its kana reading and the key that sorts it in 五十音 order."""

    name = models.CharField(_("name"), max_length=250)
    name_kana = models.CharField(_("reading (kana)"), max_length=250, help_text=KANA_HELP)
    sort_name = models.CharField(max_length=250, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name_kana = to_hiragana(self.name_kana)
        self.sort_name = sort_key(self.name_kana)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.name_kana and not is_kana(self.name_kana):
            raise ValidationError({"name_kana": _("Write the reading in kana only.")})


# Taxonomies -----------------------------------------------------------------------------------


class Taxonomy(models.Model):
    """A vocabulary of terms: the council's "field" (分野) and "kind" (種別) lists, and others."""

    FIELD = "field"
    KIND = "kind"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    uri = WebAddressField(_("URI"), blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self):
        return self.name


class TaxonomyTerm(Translated, ClusterableModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, related_name="terms", verbose_name=_("taxonomy")
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent term"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    term_uri = WebAddressField(_("term URI"), blank=True)

    class Meta:
        ordering = ["taxonomy__slug", "sort_order", "name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code")
        ]

    def __str__(self):
        return f"{self.name} ({self.taxonomy.name})" if self.taxonomy_id else self.name


class TaxonomyTermTranslation(TranslationBase):
    term = ParentalKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "language_code"], name="unique_term_language")
        ]


# Organizations ------------------------------------------------------------------------------


class Organization(Translated, Reading, ClusterableModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(_("description"))
    email = models.EmailField(_("email"), blank=True)
    website = WebAddressField(_("website"), blank=True)
    legal_status = models.CharField(_("legal status"), max_length=120, blank=True)
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name


class OrganizationTranslation(TranslationBase):
    organization = ParentalKey(Organization, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "language_code"], name="unique_organization_language"
            )
        ]


# Locations ----------------------------------------------------------------------------------


class Location(Translated, Reading, ClusterableModel):
    translated_fields = ("name", "description", "transportation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("organization"),
    )
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(
        _("how to get there"), blank=True, help_text=_("For example: 5 minutes from the station.")
    )
    school_district = models.ForeignKey(
        SchoolDistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_locations",
        verbose_name=_("school district"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_locations",
        verbose_name=_("neighbourhood"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.neighbourhood_id and not self.school_district_id:
            self.school_district_id = self.neighbourhood.district_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if (
            self.neighbourhood_id
            and self.school_district_id
            and self.neighbourhood.district_id != self.school_district_id
        ):
            raise ValidationError(
                {"neighbourhood": _("This neighbourhood is in another school district.")}
            )

    @property
    def display_transportation(self):
        return self.translated("transportation")

    @property
    def map_url(self):
        """OpenStreetMap at this place; a plain link, no script needed."""
        if self.latitude is None or self.longitude is None:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=18/{self.latitude}/{self.longitude}"
        )

    @property
    def address_list(self):
        return related(self, "addresses")

    @property
    def step_free(self):
        return any(a.code == Accessibility.STEP_FREE for a in related(self, "accessibility"))


class LocationTranslation(TranslationBase):
    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="translations")
    transportation = models.TextField(_("how to get there"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["location", "language_code"], name="unique_location_language"
            )
        ]


class Address(models.Model):
    TYPES = [("physical", _("physical")), ("postal", _("postal")), ("virtual", _("virtual"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(_("attention"), max_length=120, blank=True)
    address_1 = models.CharField(_("address"), max_length=250)
    address_2 = models.CharField(_("building"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120, default="名古屋市昭和区")
    region = models.CharField(_("region"), max_length=120, blank=True)
    state_province = models.CharField(_("prefecture"), max_length=120, default="愛知県")
    postal_code = models.CharField(_("postal code"), max_length=10)
    country = models.CharField(_("country"), max_length=2, default="JP")
    address_type = models.CharField(
        _("address type"), max_length=10, choices=TYPES, default="physical"
    )

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self):
        return f"〒{self.postal_code} {self.state_province}{self.city}{self.address_1}"

    @property
    def one_line(self):
        return f"〒{self.postal_code} {self.city}{self.address_1}{' ' + self.address_2 if self.address_2 else ''}"


class Accessibility(models.Model):
    STEP_FREE = "step_free"
    CODES = [
        (STEP_FREE, _("Step-free access")),
        ("accessible_toilet", _("Accessible toilet")),
        ("wheelchair_loan", _("Wheelchairs to borrow")),
        ("parking", _("Parking for people with disabilities")),
        ("hearing_loop", _("Hearing loop")),
        ("sign_language", _("Sign language on request")),
        ("braille", _("Braille signs")),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    code = models.CharField(_("feature"), max_length=30, choices=CODES)
    details = models.CharField(_("details"), max_length=250, blank=True)
    url = WebAddressField(_("URL"), blank=True)

    class Meta:
        verbose_name = _("accessibility feature")
        verbose_name_plural = _("accessibility features")
        constraints = [
            models.UniqueConstraint(fields=["location", "code"], name="unique_location_feature")
        ]

    def __str__(self):
        return str(self.get_code_display())


# Services -----------------------------------------------------------------------------------


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


class Schedule(models.Model):
    """One HSDS schedule row: some weekdays (or some weeks' weekdays) and one opening period."""

    FREQS = [("WEEKLY", _("every week")), ("MONTHLY", _("some weeks of the month"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(_("repeats"), max_length=10, choices=FREQS, default="WEEKLY")
    byday = models.CharField(
        _("days"),
        max_length=60,
        help_text=_(
            "RFC 5545 days: MO,TU,WE,TH,FR,SA,SU; with the week for monthly ones, e.g. 2TU,4TU."
        ),
    )
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self):
        return f"{self.byday} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    def save(self, *args, **kwargs):
        self.byday = self.byday.upper().replace(" ", "")
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        try:
            rule = self.rule(strict=True)
        except ValueError as error:
            raise ValidationError({"byday": str(error)}) from None
        if rule.weeks and self.freq != "MONTHLY":
            self.freq = "MONTHLY"
        if not rule.weeks and self.freq == "MONTHLY":
            raise ValidationError({"byday": _("Give the weeks of the month, e.g. 2TU,4TU.")})

    def rule(self, strict=False):
        try:
            return schedule_rules.Rule.from_byday(
                self.byday, [schedule_rules.Period(self.opens_at, self.closes_at)]
            )
        except (ValueError, TypeError):
            if strict:
                raise
            return None


class Phone(models.Model):
    TYPES = [
        ("voice", _("telephone")),
        ("fax", _("fax")),
        ("text", _("text message")),
        ("cell", _("mobile")),
        ("video", _("video call")),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(
        Service, on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    organization = ParentalKey(
        Organization, on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    number = models.CharField(_("number"), max_length=40)
    extension = models.CharField(_("extension"), max_length=20, blank=True)
    type = models.CharField(_("type"), max_length=10, choices=TYPES, default="voice")
    description = models.CharField(_("description"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self):
        return self.number


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(
        Service, on_delete=models.CASCADE, related_name="contacts", null=True, blank=True
    )
    organization = ParentalKey(
        Organization, on_delete=models.CASCADE, related_name="contacts", null=True, blank=True
    )
    name = models.CharField(
        _("name or role"), max_length=120, help_text=_("A role is enough, e.g. 相談担当.")
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    department = models.CharField(_("department"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name


class Language(models.Model):
    """A language the service is offered in (ISO 639-1 code)."""

    CODES = [
        ("ja", _("Japanese")),
        ("en", _("English")),
        ("zh", _("Chinese")),
        ("ko", _("Korean")),
        ("vi", _("Vietnamese")),
        ("pt", _("Portuguese")),
        ("es", _("Spanish")),
        ("ne", _("Nepali")),
        ("tl", _("Tagalog")),
        ("jsl", _("Japanese Sign Language")),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=10, choices=CODES)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="unique_service_language_code")
        ]

    def __str__(self):
        return str(self.get_code_display())


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(_("what is charged"), max_length=250)
    amount = models.DecimalField(
        _("amount (yen)"), max_digits=10, decimal_places=0, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="JPY")
    amount_description = models.CharField(_("amount details"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")

    def __str__(self):
        return self.option


class ServiceArea(models.Model):
    """Where a service is for: a school district or a neighbourhood. None means the whole ward."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    school_district = models.ForeignKey(
        SchoolDistrict,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school district"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if bool(self.school_district_id) == bool(self.neighbourhood_id):
            raise ValidationError(_("Choose either a school district or a neighbourhood."))

    @property
    def name(self):
        place = self.neighbourhood or self.school_district
        return place.display_name if place else ""

    @property
    def district_id(self):
        if self.neighbourhood_id:
            return self.neighbourhood.district_id
        return self.school_district_id


class CorrectionSuggestion(models.Model):
    """A reader's note that an entry is wrong or out of date, waiting for staff to look at it.

    The name and email are optional and used only to reply; they are never shown publicly.
    """

    NEW, ACCEPTED, REJECTED = "new", "accepted", "rejected"
    STATUSES = [(NEW, _("new")), (ACCEPTED, _("corrected")), (REJECTED, _("no change needed"))]

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("service")
    )
    message = models.TextField(_("what should change"), max_length=2000)
    name = models.CharField(_("your name"), max_length=100, blank=True)
    email = models.EmailField(_("your email"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=NEW)
    staff_note = models.TextField(_("staff note"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")

    def __str__(self):
        return f"{self.service} ({self.created_at:%Y-%m-%d})"


class ImportJob(models.Model):
    """A file staff uploaded for import: checked by a task, then imported on confirmation.

    The file itself is kept in the row until the job is finished, so that the task that checks
    it and the task that imports it read exactly what was uploaded.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("checking")
        CHECKED = "checked", _("ready to import")
        INVALID = "invalid", _("has errors")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    filename = models.CharField(_("file"), max_length=250)
    data = models.BinaryField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    kind = models.CharField(_("kind of file"), max_length=10, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def running(self):
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)


class BookletPdf(models.Model):
    """A PDF of the booklet, printed by headless Chromium in a task, kept for staff."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("printing")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    query = models.CharField(_("filter"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    pdf = models.BinaryField(null=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # {anchor: printed page} of the headings, found in the first print; the next print of the
    # booklet page writes them in its contents and index (directory.pdf).
    page_numbers = models.JSONField(default=dict, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("booklet PDF")
        verbose_name_plural = _("booklet PDFs")

    def __str__(self):
        return f"booklet {self.created_at:%Y-%m-%d %H:%M}"
