"""Welfare education: the programme pages, the schools, the lecturer network and equipment,
teachers' class requests, bookings and feedback.

Personal data (teachers' and lecturers' names and contacts) is seen only by the Coordinators
group in the admin, and never goes into logs or task arguments.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, TranslatableMixin
from wagtail.search import index

from kokoron.geography.models import SchoolDistrict
from kokoron.pages.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from kokoron.pages.privacy import ViewRestrictionsMixin, public
from matching.models import (
    LANGUAGE_CHOICES,
    WEEKDAYS,
    BaseBatchRun,
    LocalizedQuerySet,
    ReferencedModel,
)

from .engine import GUIDE, INTERPRETER, LECTURER, SUPPORTER

GRADES = [
    (1, _("Elementary school, 1st grade")),
    (2, _("Elementary school, 2nd grade")),
    (3, _("Elementary school, 3rd grade")),
    (4, _("Elementary school, 4th grade")),
    (5, _("Elementary school, 5th grade")),
    (6, _("Elementary school, 6th grade")),
    (7, _("Junior high school, 1st year")),
    (8, _("Junior high school, 2nd year")),
    (9, _("Junior high school, 3rd year")),
]
GRADE_LABELS = dict(GRADES)
# School periods (校時) 1 to 6; the fields that use them say "period".
PERIODS = [(n, str(n)) for n in range(1, 7)]


def default_locale_only():
    """Choices of equipment: the items in the default language, which hold the stock."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


def new_nonce():
    return secrets.token_urlsafe(12)


# Pages


class WelfareEducationPage(ViewRestrictionsMixin, Page):
    """福祉教育: the section's front page at /education/."""

    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = [
        "education.ProgrammeIndexPage",
        "education.WelfareClassPage",
        "pages.StandardPage",
    ]
    max_count_per_parent = 1
    template = "education/welfare_education_page.html"

    class Meta:
        verbose_name = _("welfare education page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index_page = self.get_children().live().type(ProgrammeIndexPage).first()
        context["programme_index"] = index_page
        context["programmes"] = (
            public(ProgrammePage.objects.child_of(index_page).live()).specific()
            if index_page
            else []
        )
        return context


class ProgrammeIndexPage(ViewRestrictionsMixin, Page):
    """The programme menu at /education/programs/."""

    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["education.WelfareEducationPage"]
    subpage_types = ["education.ProgrammePage"]
    max_count_per_parent = 1
    template = "education/programme_index_page.html"

    class Meta:
        verbose_name = _("programme menu")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = public(ProgrammePage.objects.child_of(self).live()).specific()
        return context


class ProgrammePage(ViewRestrictionsMixin, Page):
    """One programme of the menu, e.g. 車いす体験. Requests and lecturers refer to the page in
    the default language; its translations show the same programme to other readers."""

    summary = models.TextField(_("summary"), blank=True)
    min_grade = models.PositiveSmallIntegerField(_("from grade"), choices=GRADES, default=3)
    max_grade = models.PositiveSmallIntegerField(_("to grade"), choices=GRADES, default=9)
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=90)
    group_size = models.PositiveSmallIntegerField(
        _("pupils per class, at most"),
        default=40,
        help_text=_("How many pupils one class may have."),
    )
    supporters = models.PositiveSmallIntegerField(
        _("supporters needed"), default=0, help_text=_("Welfare-learning supporters per class.")
    )
    school_prepares = RichTextField(
        _("what the school prepares"), features=RICH_TEXT_FEATURES, blank=True
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("photo"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("min_grade"), FieldPanel("max_grade")]),
                FieldRowPanel(
                    [FieldPanel("minutes"), FieldPanel("group_size"), FieldPanel("supporters")]
                ),
            ],
            heading=_("For whom, how long"),
        ),
        FieldPanel("school_prepares"),
        InlinePanel("equipment_needs", label=_("Equipment used")),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["education.ProgrammeIndexPage"]
    subpage_types = []
    template = "education/programme_page.html"

    class Meta:
        verbose_name = _("programme")

    def clean(self):
        super().clean()
        if self.min_grade and self.max_grade and self.min_grade > self.max_grade:
            raise ValidationError({"max_grade": _("The last grade comes before the first.")})

    @property
    def grades(self):
        return range(self.min_grade, self.max_grade + 1)

    @property
    def grade_range(self):
        return f"{GRADE_LABELS[self.min_grade]} - {GRADE_LABELS[self.max_grade]}"

    def source(self):
        """The programme in the default language: what requests and lecturers refer to."""
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        for page in ProgrammePage.objects.filter(translation_key=self.translation_key):
            if page.locale.language_code == settings.LANGUAGE_CODE:
                return page
        return self

    def localized_title(self):
        return self.localized.title


class ProgrammeEquipment(Orderable):
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="equipment_needs")
    item = models.ForeignKey(
        "education.Equipment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("item"),
        limit_choices_to=default_locale_only,
    )
    per_class = models.PositiveSmallIntegerField(_("pieces per class"), default=1)

    panels = [FieldPanel("item"), FieldPanel("per_class")]


class WelfareClassPage(ViewRestrictionsMixin, Page):
    """学生福祉塾, 子どもふくし体験教室, seminars for teachers and supporters: what they are, and
    their dates. Applications go through the sign-up module (matching's sign-ups): the page
    names the opportunities whose sessions take them, and lists those sessions."""

    class Kind(models.TextChoices):
        STUDENT_SCHOOL = "student_school", _("Student welfare school")
        CHILDREN = "children", _("Children's welfare class")
        SEMINAR = "seminar", _("Seminar for teachers and supporters")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    audience = models.CharField(_("for whom"), max_length=120, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("body"),
        InlinePanel(
            "opportunities",
            label=_("Where to apply"),
            help_text=_(
                "The volunteer-experience or course pages whose sessions take applications."
            ),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["education.WelfareEducationPage"]
    subpage_types = []
    template = "education/welfare_class_page.html"

    class Meta:
        verbose_name = _("welfare class or course")

    def upcoming_sessions(self):
        from matching.signups.models import Session

        # The translations share the source page's inline rows.
        source = (
            self
            if self.locale_id == Locale.get_default().pk
            else (self.get_translation_or_none(Locale.get_default()) or self).specific
        )
        keys = [
            row.opportunity.translation_key
            for row in source.opportunities.select_related("opportunity")
        ]
        return Session.objects.for_listing().filter(
            opportunity__translation_key__in=keys, start__gt=timezone.now()
        )[:50]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = list(self.upcoming_sessions())
        return context


class WelfareClassOpportunity(Orderable):
    page = ParentalKey(WelfareClassPage, on_delete=models.CASCADE, related_name="opportunities")
    opportunity = models.ForeignKey(
        "matching.OpportunityPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("volunteer experience or course"),
    )

    panels = [FieldPanel("opportunity")]


# The ward's schools, staff settings


class School(models.Model):
    class Kind(models.TextChoices):
        ELEMENTARY = "elementary", _("Elementary school")
        JUNIOR_HIGH = "junior_high", _("Junior high school")
        SPECIAL = "special", _("Special-needs school")

    name = models.CharField(_("name"), max_length=80)
    name_kana = models.CharField(_("reading (kana)"), max_length=120)
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


class SchoolHoliday(models.Model):
    name = models.CharField(_("name"), max_length=80)
    first = models.DateField(_("from"))
    last = models.DateField(_("to"))

    class Meta:
        ordering = ["first"]
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")

    def __str__(self):
        return f"{self.name} ({self.first:%Y-%m-%d} - {self.last:%Y-%m-%d})"

    def clean(self):
        if self.first and self.last and self.last < self.first:
            raise ValidationError({"last": _("The last day comes before the first.")})


# The lecturer network and equipment


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
    name_kana = models.CharField(_("reading (kana)"), max_length=120, blank=True)
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


class LecturerAbsence(models.Model):
    lecturer = models.ForeignKey(Lecturer, on_delete=models.CASCADE, related_name="absences")
    first = models.DateField(_("from"))
    last = models.DateField(_("to"))

    class Meta:
        ordering = ["first"]
        verbose_name = _("days away")
        verbose_name_plural = _("days away")

    def __str__(self):
        return f"{self.lecturer} {self.first:%Y-%m-%d} - {self.last:%Y-%m-%d}"

    def clean(self):
        if self.first and self.last and self.last < self.first:
            raise ValidationError({"last": _("The last day comes before the first.")})


# Requests and bookings


class ClassRequest(ReferencedModel):
    """A teacher's request for a class, sent from /education/request/ without an account."""

    reference_prefix = "E"

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        ARRANGING = "arranging", _("Being arranged")
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DONE = "done", _("Done")
        IMPOSSIBLE = "impossible", _("Cannot be arranged")
        CANCELLED = "cancelled", _("Cancelled")

    # What the teacher may still change or cancel.
    CHANGEABLE = (State.RECEIVED, State.ARRANGING, State.PROPOSED)
    PENDING = (State.RECEIVED, State.ARRANGING)

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="requests", verbose_name=_("school")
    )
    teacher_name = models.CharField(_("teacher's name"), max_length=80)
    teacher_email = models.EmailField(_("teacher's email"))
    teacher_phone = models.CharField(_("teacher's phone"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=10, default="ja")
    # One to three, in the teacher's order, taught in one visit (see education.engine.Request).
    programmes = models.ManyToManyField(
        ProgrammePage,
        through="RequestProgramme",
        related_name="requests",
        verbose_name=_("programmes"),
    )
    grade = models.PositiveSmallIntegerField(_("grade"), choices=GRADES)
    classes = models.PositiveSmallIntegerField(
        _("classes"), default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    pupils = models.PositiveSmallIntegerField(
        _("pupils"), default=30, validators=[MinValueValidator(1), MaxValueValidator(400)]
    )
    step_free = models.BooleanField(_("step-free venue"), default=False)
    has_lift = models.BooleanField(_("lift"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("class request")
        verbose_name_plural = _("class requests")
        permissions = [("export_personal_data", _("Can download a teacher's or lecturer's data"))]

    def __str__(self):
        return self.reference or f"request {self.pk}"

    @property
    def accessible(self):
        """Can someone in a wheelchair reach the classroom?"""
        return self.step_free or self.has_lift

    @property
    def booking(self):
        return self.bookings.exclude(state=Booking.State.CANCELLED).first()

    def programme_list(self):
        """The programmes in the teacher's order (prefetch "programme_rows__programme")."""
        return [row.programme for row in sorted(self.programme_rows.all(), key=lambda r: r.rank)]

    @property
    def programme(self):
        """The lead programme: the first the teacher chose."""
        programmes = self.programme_list()
        return programmes[0] if programmes else None

    def programme_titles(self, localized=False):
        return ", ".join(
            (page.localized.title if localized else page.title) for page in self.programme_list()
        )


MAX_PROGRAMMES = 3


class RequestProgramme(models.Model):
    """One programme of a request, with its place in the teacher's order (1 = the lead)."""

    request = models.ForeignKey(
        ClassRequest, on_delete=models.CASCADE, related_name="programme_rows"
    )
    programme = models.ForeignKey(
        ProgrammePage, on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    rank = models.PositiveSmallIntegerField(_("choice"), default=1)

    class Meta:
        ordering = ["request", "rank"]
        verbose_name = _("requested programme")
        verbose_name_plural = _("requested programmes")
        constraints = [
            models.UniqueConstraint(fields=["request", "programme"], name="one_row_per_programme")
        ]

    def __str__(self):
        return f"{self.request} {self.rank}: {self.programme}"


class RequestDate(models.Model):
    request = models.ForeignKey(ClassRequest, on_delete=models.CASCADE, related_name="dates")
    rank = models.PositiveSmallIntegerField(_("choice"), default=1)
    date = models.DateField(_("date"))
    first_period = models.PositiveSmallIntegerField(_("from period"), choices=PERIODS, default=1)
    last_period = models.PositiveSmallIntegerField(_("to period"), choices=PERIODS, default=2)

    class Meta:
        ordering = ["request", "rank"]
        verbose_name = _("preferred date")
        verbose_name_plural = _("preferred dates")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} ({self.first_period}-{self.last_period})"


class Booking(models.Model):
    """A class arranged for a request: a date, people and equipment."""

    class State(models.TextChoices):
        ASKED = "asked", _("People asked")
        CONFIRMED = "confirmed", _("Confirmed")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    request = models.ForeignKey(ClassRequest, on_delete=models.CASCADE, related_name="bookings")
    date = models.DateField(_("date"))
    first_period = models.PositiveSmallIntegerField(_("from period"), choices=PERIODS, default=1)
    last_period = models.PositiveSmallIntegerField(_("to period"), choices=PERIODS, default=2)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.ASKED, db_index=True
    )
    score = models.PositiveIntegerField(_("score"), default=0)
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)

    class Meta:
        ordering = ["date", "first_period", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def __str__(self):
        return f"{self.request} {self.date:%Y-%m-%d}"

    @property
    def is_active(self):
        return self.state != self.State.CANCELLED


class BookedPerson(models.Model):
    class Role(models.TextChoices):
        LECTURER = "lecturer", _("Lecturer")
        ESCORT = "escort", _("Escort")
        SUPPORTER = "supporter", _("Supporter")

    class Answer(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="people")
    lecturer = models.ForeignKey(
        Lecturer, on_delete=models.PROTECT, related_name="booked", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    # The programme of the visit this person comes for (a request may have several).
    programme = models.ForeignKey(
        ProgrammePage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)

    class Meta:
        ordering = ["booking", "role", "pk"]
        verbose_name = _("booked person")
        verbose_name_plural = _("booked people")
        constraints = [
            models.UniqueConstraint(fields=["booking", "lecturer"], name="one_role_per_booking")
        ]

    def __str__(self):
        return f"{self.booking} {self.lecturer} ({self.get_role_display()})"


class EquipmentLoan(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="loans")
    item = models.ForeignKey(
        Equipment,
        on_delete=models.PROTECT,
        related_name="loans",
        limit_choices_to=default_locale_only,
    )
    pieces = models.PositiveSmallIntegerField(_("pieces"))
    out_from = models.DateField(_("delivered"))
    back_on = models.DateField(_("returned"))

    class Meta:
        ordering = ["out_from"]
        verbose_name = _("equipment loan")
        verbose_name_plural = _("equipment loans")

    def __str__(self):
        return f"{self.item} x{self.pieces} {self.out_from:%Y-%m-%d}-{self.back_on:%Y-%m-%d}"

    def days(self):
        day = self.out_from
        while day <= self.back_on:
            yield day
            day += dt.timedelta(days=1)


class Feedback(models.Model):
    class Author(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        LECTURER = "lecturer", _("Lecturer")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="feedback")
    author = models.CharField(_("from"), max_length=10, choices=Author.choices)
    # the lecturer who wrote it; for a teacher's feedback, empty
    lecturer = models.ForeignKey(
        Lecturer, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback_given"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    pupils_reached = models.PositiveSmallIntegerField(_("pupils reached"), default=0)
    comments = models.TextField(_("comments"), blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "author", "lecturer"],
                name="one_feedback_per_author",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.booking} {self.get_author_display()} {self.rating}"


class BatchRun(BaseBatchRun):
    """One run of the batch over the pending requests: a plan the coordinator reviews."""

    requests_count = models.PositiveIntegerField(_("pending requests"), default=0)
    fulfilled = models.PositiveIntegerField(_("requests fulfilled"), default=0)
    greedy_fulfilled = models.PositiveIntegerField(_("first come, first served"), default=0)


class BatchItem(models.Model):
    run = models.ForeignKey(BatchRun, on_delete=models.CASCADE, related_name="items")
    request = models.ForeignKey(ClassRequest, on_delete=models.CASCADE, related_name="+")
    # The plan's booking (education.engine.Booking as JSON), or empty with a reason.
    plan = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=40, blank=True)
    score = models.PositiveIntegerField(default=0)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request__created_at"]
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="one_batch_item_per_request")
        ]

    def __str__(self):
        return f"{self.run} {self.request}"
