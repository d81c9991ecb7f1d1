"""Teachers' class requests (programmes, preferred dates), the bookings made for them (the
people asked, the equipment lent) and the feedback after the class."""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokoron.core.referenced import ReferencedModel
from kokoron.core.signed_links import new_nonce

from .common import GRADES, PERIODS, default_locale_only
from .lecturers import Equipment, Lecturer
from .pages import ProgrammePage
from .schools import School


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
