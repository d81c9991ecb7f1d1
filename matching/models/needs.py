"""Needs and what the engine and coordinators make of them: suggestions, batch plans,
proposals sent to volunteers, assignments and notes."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokoron.core.batchrun import BaseBatchRun
from kokoron.core.choices import LANGUAGE_CODES
from kokoron.core.referenced import ReferencedModel
from kokoron.core.signed_links import new_nonce
from kokoron.geography.models import Neighbourhood, SchoolDistrict
from kokoron.geography.placed import PlacedMixin

from .people import Activity, Gender, Person, Training, Volunteer


class Need(PlacedMixin, ReferencedModel):
    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        SCREENING = "screening", _("Screening")
        MATCHING = "matching", _("Matching")
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        ACTIVE = "active", _("Active")
        DONE = "done", _("Done")
        REFERRED = "referred", _("Referred")
        UNMET = "unmet", _("Closed unmet")

    class Urgency(models.IntegerChoices):
        LOW = 0, _("Can wait")
        NORMAL = 1, _("Normal")
        HIGH = 2, _("Soon")
        URGENT = 3, _("Urgent")

    class Channel(models.TextChoices):
        PUBLIC_FORM = "public_form", _("Public form")
        PHONE = "phone", _("Phone (entered by a coordinator)")
        VISIT = "visit", _("Visit (entered by a coordinator)")
        WINDOW = "window", _("Consultation window")
        PROFESSIONAL = "professional", _("A professional")
        COMMISSIONER = "commissioner", _("Welfare commissioner")
        HOME_CARE = "home_care", _("Council: home-care services")
        SUPPORT_CENTER = "support_center", _("Council: community support center")
        COMMUNITY = "community", _("Council: community development")

    class ForWhom(models.TextChoices):
        SELF = "self", _("Myself")
        FAMILY = "family", _("A family member")
        NEIGHBOUR = "neighbour", _("A neighbour")
        CLIENT = "client", _("Someone I support at work")

    OPEN_STATES = (State.RECEIVED, State.SCREENING, State.MATCHING, State.PROPOSED)
    CLOSED_STATES = (State.DONE, State.REFERRED, State.UNMET)
    # Which state may follow which.
    TRANSITIONS = {
        State.RECEIVED: {State.SCREENING, State.MATCHING, State.REFERRED, State.UNMET},
        State.SCREENING: {State.MATCHING, State.REFERRED, State.UNMET},
        State.MATCHING: {State.PROPOSED, State.REFERRED, State.UNMET},
        State.PROPOSED: {State.MATCHING, State.ACCEPTED, State.REFERRED, State.UNMET},
        State.ACCEPTED: {State.ACTIVE, State.MATCHING, State.DONE, State.UNMET},
        State.ACTIVE: {State.DONE, State.MATCHING, State.UNMET},
        State.DONE: set(),
        State.REFERRED: {State.MATCHING},
        State.UNMET: {State.MATCHING},
    }

    reference_prefix = "K"
    requester = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="requests", verbose_name=_("asked by")
    )
    recipient = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("for whom"),
        help_text=_("Empty when the person who asks is the one to be helped."),
    )
    for_whom = models.CharField(
        _("for whom"), max_length=12, choices=ForWhom.choices, default=ForWhom.SELF
    )
    category = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="needs", verbose_name=_("kind of help")
    )
    description = models.TextField(_("description"))
    district = models.ForeignKey(
        SchoolDistrict,
        on_delete=models.PROTECT,
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
    date = models.DateField(_("date"), help_text=_("The date, or the first date of a weekly need."))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    repeats_weekly = models.BooleanField(_("every week"), default=False)
    repeat_until = models.DateField(_("every week until"), null=True, blank=True)
    required_languages = models.JSONField(_("required languages"), default=list, blank=True)
    required_gender = models.CharField(
        _("required gender"), max_length=1, choices=Gender.choices, blank=True, default=""
    )
    required_trainings = models.ManyToManyField(
        Training, blank=True, related_name="+", verbose_name=_("required trainings")
    )
    preferred_languages = models.JSONField(_("preferred languages"), default=list, blank=True)
    preferred_gender = models.CharField(
        _("preferred gender"), max_length=1, choices=Gender.choices, blank=True, default=""
    )
    preferred_trainings = models.ManyToManyField(
        Training, blank=True, related_name="+", verbose_name=_("preferred trainings")
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    channel = models.CharField(
        _("came in by"), max_length=20, choices=Channel.choices, default=Channel.PUBLIC_FORM
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    closed_reason = models.TextField(_("reason for closing unmet"), blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    # The directory's organisation (when that plugin is on): its id, not a foreign key, so that
    # matching works without the directory.
    referred_organization_id = models.UUIDField(_("directory organisation"), null=True, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinator"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-urgency", "created_at"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self):
        return f"{self.reference} {self.category}"

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if self.repeat_until and not self.repeats_weekly:
            errors["repeat_until"] = _("Give an end date only for a weekly need.")
        if self.repeat_until and self.date and self.repeat_until < self.date:
            errors["repeat_until"] = _("The weekly need cannot end before it starts.")
        errors.update(self.place_errors())
        if self.state == self.State.UNMET and not self.closed_reason.strip():
            errors["closed_reason"] = _("Say why the need is closed unmet.")
        for field in ("required_languages", "preferred_languages"):
            if set(getattr(self, field) or []) - LANGUAGE_CODES:
                errors[field] = _("Unknown language codes.")
        if errors:
            raise ValidationError(errors)

    @property
    def person_helped(self):
        return self.recipient or self.requester

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    def days_open(self, now=None):
        end = self.closed_at or now or timezone.now()
        return (end - self.created_at).days

    @property
    def hours(self):
        start = dt.datetime.combine(self.date, self.start_time)
        end = dt.datetime.combine(self.date, self.end_time)
        return round((end - start).total_seconds() / 3600, 2)

    def can_move_to(self, state):
        return state in self.TRANSITIONS.get(self.state, set())


class NeedSuggestions(models.Model):
    """The engine's latest suggestions for one need, with the time they were computed."""

    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="suggestions")
    computed_at = models.DateTimeField(_("computed"))
    # [{"volunteer": id, "score": int, "reasons": [{"code", "params", "points"}]}]
    results = models.JSONField(default=list)
    empty_reason = models.JSONField(null=True, blank=True)
    funnel = models.JSONField(default=list)

    class Meta:
        verbose_name = _("suggestions")
        verbose_name_plural = _("suggestions")

    def __str__(self):
        return f"{self.need} @ {self.computed_at:%Y-%m-%d %H:%M}"


class BatchRun(BaseBatchRun):
    needs_count = models.PositiveIntegerField(_("open needs"), default=0)
    volunteers_count = models.PositiveIntegerField(_("volunteers"), default=0)
    covered = models.PositiveIntegerField(_("needs covered"), default=0)


class BatchPlanItem(models.Model):
    run = models.ForeignKey(BatchRun, on_delete=models.CASCADE, related_name="items")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveIntegerField(_("score"), default=0)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        ordering = ["need__created_at"]
        constraints = [
            models.UniqueConstraint(fields=["run", "need"], name="one_plan_item_per_need")
        ]

    def __str__(self):
        return f"{self.need.reference} → {self.volunteer.reference}"


class Proposal(models.Model):
    """A need offered to one volunteer, answered through a signed link in an email."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("No answer in time")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="proposals")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="proposals")
    # For a weekly need: the one date the regular volunteer cannot do (cover); else empty.
    for_date = models.DateField(_("cover for the date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    score = models.PositiveIntegerField(_("score"), default=0)
    reasons = models.JSONField(default=list, blank=True)
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("answer by"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    cascade = models.BooleanField(
        _("ask the next suggestion on a no"),
        default=True,
        help_text=_("On a decline or no answer in time, ask the next suggested volunteer."),
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "volunteer", "for_date"],
                name="one_proposal_per_volunteer_need_date",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.need.reference} → {self.volunteer.reference} ({self.get_state_display()})"


class Assignment(models.Model):
    """A volunteer helping with a need, from acceptance to the end; hours given for reports."""

    class Outcome(models.TextChoices):
        ONGOING = "ongoing", _("Ongoing")
        GOOD = "good", _("Went well")
        POOR = "poor", _("Did not go well")
        CANCELLED = "cancelled", _("Cancelled")

    class HoursBy(models.TextChoices):
        COORDINATOR = "coordinator", _("the coordinator")
        VOLUNTEER = "volunteer", _("the volunteer")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="assignments")
    proposal = models.OneToOneField(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignment"
    )
    for_date = models.DateField(_("cover for the date"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.ONGOING
    )
    hours_given = models.DecimalField(_("hours given"), max_digits=6, decimal_places=1, default=0)
    hours_recorded_by = models.CharField(
        _("hours recorded by"), max_length=12, choices=HoursBy.choices, blank=True
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.need.reference} - {self.volunteer.reference}"


class NeedNote(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"))
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("followed up"), default=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return f"{self.need.reference}: {self.created_at:%Y-%m-%d}"
