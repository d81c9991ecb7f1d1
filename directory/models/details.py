"""What a service brings along: opening hours, telephones, contacts, languages, costs and areas."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey

from kokoron.geography.models import Neighbourhood, SchoolDistrict

from .. import schedule_rules
from .places import Organization
from .services import Service


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
