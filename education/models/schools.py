"""The ward's schools, their holidays, and the coordinators' settings."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from kokoron.core.date_ranges import DateRangeMixin
from kokoron.core.fields import KanaReadingField
from kokoron.geography.models import SchoolDistrict


class School(models.Model):
    class Kind(models.TextChoices):
        ELEMENTARY = "elementary", _("Elementary school")
        JUNIOR_HIGH = "junior_high", _("Junior high school")
        SPECIAL = "special", _("Special-needs school")

    name = models.CharField(_("name"), max_length=80)
    name_kana = KanaReadingField(_("reading (kana)"), max_length=120)
    name_romaji = models.CharField(_("name in Latin letters"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    district = models.ForeignKey(
        SchoolDistrict,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("school district"),
    )
    step_free = models.BooleanField(_("step-free entrance"), default=False)
    has_lift = models.BooleanField(_("lift"), default=False)
    active = models.BooleanField(_("in the list"), default=True)

    class Meta:
        ordering = ["kind", "name_kana"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if (translation.get_language() or "ja").startswith("ja"):
            return self.name
        return self.name_romaji


@register_setting(icon="date")
class EducationSettings(BaseGenericSetting):
    lead_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        default=60,
        help_text=_("Teachers ask at least this many days before the class."),
    )
    delivery_days = models.PositiveSmallIntegerField(
        _("equipment delivered (days before)"), default=1
    )
    return_days = models.PositiveSmallIntegerField(_("equipment returned (days after)"), default=1)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the class)"), default=3
    )
    answer_days = models.PositiveSmallIntegerField(_("days a lecturer has to answer"), default=7)
    coordinator_email = models.EmailField(_("coordinators' address"), blank=True)

    class Meta:
        verbose_name = _("welfare education settings")


class SchoolHoliday(DateRangeMixin, models.Model):
    name = models.CharField(_("name"), max_length=80)
    first = models.DateField(_("from"))
    last = models.DateField(_("to"))

    class Meta:
        ordering = ["first"]
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")

    def __str__(self):
        return f"{self.name} ({self.first:%Y-%m-%d} - {self.last:%Y-%m-%d})"

    first_day_field, last_day_field = "first", "last"
