"""People and what they can do: one Person per human, their Volunteer profile, trainings
and absences, and the activities and trainings staff keep as lists."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import TranslatableMixin

from kokoron.core.choices import LANGUAGE_CODES
from kokoron.core.date_ranges import DateRangeMixin
from kokoron.core.fields import KanaReadingField
from kokoron.core.referenced import LocalizedQuerySet, ReferencedModel
from kokoron.geography.models import Neighbourhood, SchoolDistrict
from kokoron.geography.placed import PlacedMixin

from ..engine import week
from ..engine.dates import expiry_date


class Gender(models.TextChoices):
    UNSPECIFIED = "", _("Not stated")
    FEMALE = "f", _("Woman")
    MALE = "m", _("Man")
    OTHER = "x", _("Another gender")


class Activity(TranslatableMixin, models.Model):
    """What volunteers do and residents ask for: a taxonomy staff edit (shopping, rubbish…)."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=60)
    description = models.CharField(_("description"), max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = LocalizedQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_activity_slug_locale")
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.localized.name


class Training(TranslatableMixin, models.Model):
    """A course a volunteer can take (認知症サポーター養成講座…), and how long it stays valid."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60)
    valid_years = models.PositiveSmallIntegerField(
        _("valid for (years)"), null=True, blank=True, help_text=_("Empty: never expires.")
    )

    objects = LocalizedQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_training_slug_locale")
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.localized.name


class Person(PlacedMixin, ReferencedModel):
    """One human, whatever their roles: someone who asks for help can also give it."""

    reference_prefix = "P"
    name = models.CharField(_("name"), max_length=100)
    name_kana = KanaReadingField(_("reading (kana)"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    address = models.CharField(
        _("address"), max_length=250, blank=True, help_text=_("Never shown in public.")
    )
    district = models.ForeignKey(
        SchoolDistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school district"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    language = models.CharField(_("language for emails"), max_length=10, default="ja")
    strengths = models.TextField(
        _("strengths (できること)"),
        blank=True,
        help_text=_("What this person can do for others, also when they receive help."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name_kana", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [("export_personal_data", _("Can download a person's data"))]

    def __str__(self):
        return f"{self.name} ({self.reference})"


class Volunteer(ReferencedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        RETIRED = "retired", _("Retired")

    reference_prefix = "V"
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="volunteer", verbose_name=_("person")
    )
    goes_to = models.ManyToManyField(
        SchoolDistrict,
        blank=True,
        related_name="+",
        verbose_name=_("districts they go to"),
        help_text=_("Besides their own district."),
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="volunteers", verbose_name=_("activities")
    )
    availability = models.JSONField(
        _("weekly availability"),
        default=list,
        blank=True,
        help_text=_('A list of {"weekday": 0-6, "start": "HH:MM", "end": "HH:MM"}.'),
    )
    # Derived from availability on save (engine.week): lets the database pre-select who may
    # be free at a need's time.
    free_mask = models.CharField(max_length=week.MASK_LENGTH, blank=True, editable=False)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True, default=""
    )
    max_needs = models.PositiveSmallIntegerField(_("most needs at once"), default=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Paused from their own page: they may resume there too (a pause by the Volunteer Center,
    # as after registering, is lifted by a coordinator).
    self_paused = models.BooleanField(_("paused by themselves"), default=False)
    consent = models.BooleanField(_("consents to the use of their data"), default=False)
    consented_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    last_assigned_on = models.DateField(_("last matched"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["person__name_kana", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self):
        return f"{self.person.name} ({self.reference})"

    def save(self, *args, **kwargs):
        self.free_mask = week.free_mask(week.slots_from_json(self.availability))
        fields = kwargs.get("update_fields")
        if fields is not None and "availability" in fields:
            kwargs["update_fields"] = {*fields, "free_mask"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = validate_availability(self.availability)
        if errors:
            raise ValidationError({"availability": errors})
        unknown = set(self.languages or []) - LANGUAGE_CODES
        if unknown:
            raise ValidationError({"languages": _("Unknown language codes.")})


def validate_availability(slots):
    """Messages for a weekly availability list that cannot be read, or [] if it is fine."""
    if not isinstance(slots, list):
        return [_("Give a list of weekly time slots.")]
    for slot in slots:
        try:
            weekday = int(slot["weekday"])
            start = dt.time.fromisoformat(slot["start"])
            end = dt.time.fromisoformat(slot["end"])
        except (KeyError, TypeError, ValueError):
            return [_('Each slot needs a weekday (0-6) and a start and end time as "HH:MM".')]
        if not 0 <= weekday <= 6:
            return [_("The weekday is a number from 0 (Monday) to 6 (Sunday).")]
        if end <= start:
            return [_("Each slot must end after it starts.")]
    return []


class VolunteerTraining(models.Model):
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="trainings",
        verbose_name=_("volunteer"),
    )
    training = models.ForeignKey(
        Training, on_delete=models.PROTECT, related_name="+", verbose_name=_("training")
    )
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_("Empty: worked out from the training's years of validity."),
    )
    # The expiry date whose reminder has gone out (tasks.remind_training_expiry): one reminder
    # per expiry, and a renewed training (a new date) is reminded again.
    reminded_for = models.DateField(_("reminder sent for"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("training done")
        verbose_name_plural = _("trainings done")

    def __str__(self):
        return f"{self.training} ({self.completed_on})"

    def save(self, *args, **kwargs):
        self.derive_expiry()
        fields = kwargs.get("update_fields")
        if fields is not None and "completed_on" in fields:
            kwargs["update_fields"] = {*fields, "expires_on"}
        super().save(*args, **kwargs)

    def clean(self):
        self.derive_expiry()
        if self.expires_on and self.completed_on and self.expires_on < self.completed_on:
            raise ValidationError({"expires_on": _("A training cannot expire before it is done.")})

    def derive_expiry(self):
        """Fill an empty expiry from the training's years of validity."""
        if self.expires_on is None and self.completed_on and self.training_id:
            self.expires_on = expiry_date(self.completed_on, self.training.valid_years)


class VolunteerAbsence(DateRangeMixin, models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="absences")
    first_day = models.DateField(_("first day away"))
    last_day = models.DateField(_("last day away"))
    # Told from the volunteer's own page ("I cannot come"); personal: only coordinators see it.
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("days away")
        verbose_name_plural = _("days away")

    def __str__(self):
        return f"{self.first_day} - {self.last_day}"

    def clean(self):
        super().clean()
        # A new absence is for days to come; one recorded earlier may have begun since.
        if self._state.adding and self.first_day and self.first_day < timezone.localdate():
            raise ValidationError({"first_day": _("The first day cannot be in the past.")})
