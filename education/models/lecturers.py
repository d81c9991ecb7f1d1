"""The lecturer network (lecturers, supporters, their days away) and the equipment lent to
schools."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import TranslatableMixin

from kokoron.core.choices import LANGUAGE_CHOICES, WEEKDAYS
from kokoron.core.date_ranges import DateRangeMixin
from kokoron.core.fields import KanaReadingField
from kokoron.core.referenced import LocalizedQuerySet, ReferencedModel
from kokoron.geography.models import SchoolDistrict

from ..engine import GUIDE, INTERPRETER, LECTURER, SUPPORTER
from .pages import ProgrammePage


class Equipment(TranslatableMixin, models.Model):
    """A kind of equipment lent to schools (車いす, アイマスク…), a translatable snippet.

    The item in the default language (Japanese) holds the stock and is what programmes, loans
    and the planner use; a translation only gives the item its name in another language, so
    translating never adds to what there is."""

    name = models.CharField(_("name"), max_length=80)
    count = models.PositiveSmallIntegerField(_("how many we have"), default=1)
    notes = models.TextField(_("notes"), blank=True)

    objects = LocalizedQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["name", "pk"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name in the active language, else the source's."""
        return self.localized.name

    @classmethod
    def source_ids(cls, ids):
        """{item id: id of its item in the default language} for the given ids (a translation
        chosen somewhere counts as its source, so stock is never counted twice)."""
        items = list(cls.objects.filter(pk__in=set(ids)).select_related("locale"))
        keys = {item.translation_key for item in items}
        sources = dict(
            cls.objects.default_locale()
            .filter(translation_key__in=keys)
            .values_list("translation_key", "pk")
        )
        return {item.pk: sources.get(item.translation_key, item.pk) for item in items}


class Lecturer(ReferencedModel):
    """A lived-experience lecturer (当事者講師) or a welfare-learning supporter."""

    reference_prefix = "L"

    class Kind(models.TextChoices):
        LECTURER = LECTURER, _("Lived-experience lecturer")
        SUPPORTER = SUPPORTER, _("Welfare-learning supporter")

    class Escort(models.TextChoices):
        NONE = "", _("Nobody")
        GUIDE = GUIDE, _("A guide helper")
        INTERPRETER = INTERPRETER, _("A sign-language interpreter")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LECTURER)
    name = models.CharField(_("name"), max_length=80)
    name_kana = KanaReadingField(_("reading (kana)"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=LANGUAGE_CHOICES[:3], default="ja"
    )
    programmes = models.ManyToManyField(
        ProgrammePage, blank=True, related_name="lecturers", verbose_name=_("programmes")
    )
    weekdays = models.JSONField(
        _("weekdays free"), default=list, blank=True, help_text=_("0 = Monday … 4 = Friday.")
    )
    monthly_max = models.PositiveSmallIntegerField(_("classes a month, at most"), default=4)
    home_district = models.ForeignKey(
        SchoolDistrict,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lives in"),
    )
    districts = models.ManyToManyField(
        SchoolDistrict,
        blank=True,
        related_name="education_lecturers",
        verbose_name=_("travels to"),
        help_text=_("Leave empty for every district."),
    )
    needs_step_free = models.BooleanField(_("needs a step-free venue"), default=False)
    needs_escort = models.CharField(
        _("comes with"), max_length=12, choices=Escort.choices, blank=True, default=""
    )
    escorts = models.JSONField(
        _("can come with a lecturer as"),
        default=list,
        blank=True,
        help_text=_('For supporters: "guide" and/or "interpreter".'),
    )
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name_kana", "pk"]
        verbose_name = _("lecturer or supporter")
        verbose_name_plural = _("lecturers and supporters")

    def __str__(self):
        return f"{self.name} ({self.reference})"

    def clean(self):
        if not isinstance(self.weekdays, list) or any(
            not isinstance(d, int) or not 0 <= d <= 6 for d in self.weekdays
        ):
            raise ValidationError({"weekdays": _("A list of weekday numbers, 0 to 6.")})
        if not isinstance(self.escorts, list) or set(self.escorts) - {GUIDE, INTERPRETER}:
            raise ValidationError({"escorts": _('A list of "guide" and "interpreter".')})

    def weekday_names(self):
        names = dict(WEEKDAYS)
        return ", ".join(str(names[d]) for d in sorted(self.weekdays) if d in names)


class LecturerAbsence(DateRangeMixin, models.Model):
    lecturer = models.ForeignKey(Lecturer, on_delete=models.CASCADE, related_name="absences")
    first = models.DateField(_("from"))
    last = models.DateField(_("to"))

    class Meta:
        ordering = ["first"]
        verbose_name = _("days away")
        verbose_name_plural = _("days away")

    def __str__(self):
        return f"{self.lecturer} {self.first:%Y-%m-%d} - {self.last:%Y-%m-%d}"

    first_day_field, last_day_field = "first", "last"
