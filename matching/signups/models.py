"""Volunteer experiences and courses: opportunity pages, their sessions, and sign-ups.

Where things live, and why:

- An opportunity (夏休みボランティア体験 at a care home, a training course) is a Wagtail page
  that staff write and translate: OpportunityPage, under one OpportunityIndexPage per
  language (slug "experiences", so at /experiences/<slug>/, /en/experiences/<slug>/).
- Its sessions are NOT inline children of the page: wagtail-localize copies a page's child
  objects into each translation, which would give the English page its own places. A
  Session belongs to the opportunity's source page (the default language) and every
  translation shows the same sessions, the same places, one waitlist.
- The plugin's own public views live under /volunteer/experiences/ (matching.urls): the
  listing with its filters, the iCalendar feed, the sign-up form and the signed links. The
  index page at /experiences/ sends readers to that listing, so there is one list of
  experiences, and the Django patterns never shadow a page.
- A session's place may be a directory location (the directory plugin): kept as the
  location's id only, never a foreign key, so that matching works with that plugin off.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from kokoron.core.fields import KanaReadingField
from kokoron.core.signed_links import new_nonce
from kokoron.geography.models import SchoolDistrict
from kokoron.news.models import single_image_field
from kokoron.pages.blocks import BodyStreamBlock
from kokoron.pages.privacy import ViewRestrictionsMixin, restricted

from . import rules

# Labels of the grades (rules.GRADES): the form's choices, and the words of an audience.
GRADE_LABELS = {
    1: _("Primary year 1"),
    2: _("Primary year 2"),
    3: _("Primary year 3"),
    4: _("Primary year 4"),
    5: _("Primary year 5"),
    6: _("Primary year 6"),
    7: _("Junior high year 1"),
    8: _("Junior high year 2"),
    9: _("Junior high year 3"),
    10: _("High school year 1"),
    11: _("High school year 2"),
    12: _("High school year 3"),
    rules.UNIVERSITY: _("University"),
    rules.ADULT: _("Adult"),
}
GRADE_CHOICES = [(grade, GRADE_LABELS[grade]) for grade in rules.GRADES]
STUDENT_GRADES = [(grade, GRADE_LABELS[grade]) for grade in rules.STUDENT_GRADES]
# A stage as a whole, said where an audience begins with it (中学生以上).
STAGE_LABELS = {
    "primary": _("Primary school pupils"),
    "junior_high": _("Junior high school students"),
    "high_school": _("High school students"),
    "university": _("University students"),
}
# Years of one stage (小学1年〜6年).
STAGE_RANGES = {
    "primary": _("Primary years %(first)s to %(last)s"),
    "junior_high": _("Junior high years %(first)s to %(last)s"),
    "high_school": _("High school years %(first)s to %(last)s"),
}


def describe_audience(audience):
    """An Audience (rules.audience) in words of the active language: 「小学1年〜6年」,
    「中学生以上」, 「どなたでも」, with the ages when they are limited."""
    first, last = audience.first, audience.last
    if audience.kind == "everyone":
        who = _("Everyone")
    elif audience.kind == "students":
        who = _("Pupils and students")
    elif audience.kind == "adults":
        who = _("Adults")
    elif audience.kind == "from":
        start = STAGE_LABELS[rules.stage_of(first)] if audience.from_stage else GRADE_LABELS[first]
        who = _("%(first)s and up") % {"first": start}
    else:
        if audience.kind == "only":
            who = str(GRADE_LABELS[first])
        elif audience.kind == "stage_range":
            who = STAGE_RANGES[rules.stage_of(first)] % {
                "first": rules.year_in_stage(first),
                "last": rules.year_in_stage(last),
            }
        else:
            who = _("%(first)s to %(last)s") % {
                "first": GRADE_LABELS[first],
                "last": GRADE_LABELS[last],
            }
        if audience.adults:
            who = _("%(students)s, and adults") % {"students": who}
    low, high = audience.min_age, audience.max_age
    if low is not None and high is not None:
        ages = _("aged %(low)s to %(high)s") % {"low": low, "high": high}
    elif low is not None:
        ages = _("aged %(low)s and over") % {"low": low}
    elif high is not None:
        ages = _("aged %(high)s and under") % {"high": high}
    else:
        return str(who)
    return _("%(who)s (%(ages)s)") % {"who": who, "ages": ages}


class OpportunityIndexPage(ViewRestrictionsMixin, Page):
    """The opportunities of one language. Readers are sent to the plugin's listing."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["signups.OpportunityPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("volunteer experiences index")

    def serve(self, request, *args, **kwargs):
        return redirect("matching:experiences:list")


class OpportunityPage(ViewRestrictionsMixin, Page):
    class Kind(models.TextChoices):
        EXPERIENCE = "experience", _("Volunteer experience")
        COURSE = "course", _("Course or training")
        SCHOOL = "school", _("Student welfare school")

    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences, shown in the listing.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.EXPERIENCE)
    activity = models.ForeignKey(
        "matching.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    host = models.CharField(
        _("host"), max_length=150, blank=True, help_text=_("The care home, school or group.")
    )
    image = single_image_field(_("image"))
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("description"))
    grade_from = models.PositiveSmallIntegerField(
        _("from grade"), choices=STUDENT_GRADES, null=True, blank=True
    )
    grade_to = models.PositiveSmallIntegerField(
        _("up to grade"), choices=STUDENT_GRADES, null=True, blank=True
    )
    open_to_adults = models.BooleanField(_("people who are not students may join"), default=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, toilets, help on request, a quiet room…"),
    )
    contact = models.TextField(
        _("contact"), blank=True, help_text=_("Who to ask: telephone or email.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("activity")]),
        FieldPanel("host"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("grade_from"), FieldPanel("grade_to")]),
                FieldPanel("open_to_adults"),
                FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
            ],
            heading=_("Who may join"),
        ),
        FieldPanel("what_to_bring"),
        FieldPanel("accessibility"),
        FieldPanel("contact"),
        HelpPanel(
            content=_(
                "Dates, places and capacity are sessions: add them under Volunteer "
                "experiences → Sessions once the page is saved."
            )
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("host"),
        index.SearchField("body"),
        index.SearchField("what_to_bring"),
    ]
    parent_page_types = ["signups.OpportunityIndexPage"]
    subpage_types = []
    template = "matching/signups/opportunity_page.html"

    class Meta:
        verbose_name = _("volunteer experience")
        verbose_name_plural = _("volunteer experiences")

    def clean(self):
        super().clean()
        if self.grade_from and self.grade_to and self.grade_to < self.grade_from:
            raise ValidationError({"grade_to": _("The last grade comes after the first.")})
        if self.min_age and self.max_age and self.max_age < self.min_age:
            raise ValidationError({"max_age": _("The maximum age is above the minimum.")})

    @property
    def eligibility(self):
        return rules.Eligibility(
            grade_from=self.grade_from,
            grade_to=self.grade_to,
            adults=self.open_to_adults,
            min_age=self.min_age,
            max_age=self.max_age,
        )

    @property
    def grades_taken(self):
        """The grades the sign-up form offers for this opportunity."""
        return rules.grades_taken(self.eligibility)

    @property
    def audience(self):
        """Who it is for, in words: 「小学1年〜6年」, 「中学生以上」, 「どなたでも」."""
        return describe_audience(rules.audience(self.eligibility))

    @property
    def source(self):
        """The page in the default language, which the sessions belong to."""
        if self.locale_id == Locale.get_default().pk:
            return self
        return self.get_translation_or_none(Locale.get_default()) or self

    def upcoming_sessions(self):
        return Session.objects.for_listing().filter(
            opportunity__translation_key=self.translation_key, start__gt=timezone.now()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = list(self.upcoming_sessions())
        return context


class SessionQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            taken=Count("signups", filter=Q(signups__state__in=rules.TAKING_A_PLACE)),
            waiting=Count("signups", filter=Q(signups__state=rules.State.WAITLISTED)),
        )

    def for_listing(self):
        return (
            self.filter(~restricted("opportunity__path"), opportunity__live=True)
            .select_related("opportunity", "district")
            .with_counts()
            .order_by("start", "pk")
        )


class Session(models.Model):
    """One date of an opportunity, with its place and its capacity."""

    opportunity = models.ForeignKey(
        OpportunityPage,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("volunteer experience"),
    )
    label = models.CharField(
        _("label"), max_length=80, blank=True, help_text=_("For example: morning group.")
    )
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"))
    place_name = models.CharField(_("place"), max_length=150)
    place_address = models.CharField(_("address"), max_length=250, blank=True)
    location_id = models.UUIDField(
        _("directory location"),
        null=True,
        blank=True,
        help_text=_("The place in the directory, when the directory is on."),
    )
    district = models.ForeignKey(
        SchoolDistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school district"),
    )
    capacity = models.PositiveSmallIntegerField(_("places"))
    signup_opens = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    signup_closes = models.DateTimeField(
        _("sign-up closes"), null=True, blank=True, help_text=_("Empty: until it starts.")
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        start = timezone.localtime(self.start)
        label = f" {self.label}" if self.label else ""
        return f"{self.opportunity.title} {start:%Y-%m-%d %H:%M}{label}"

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must come after the start.")
        if self.signup_opens and self.signup_closes and self.signup_closes <= self.signup_opens:
            errors["signup_closes"] = _("Sign-up must close after it opens.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("A session has at least one place.")
        if self.opportunity_id and self.opportunity.locale_id != Locale.get_default().pk:
            errors["opportunity"] = _("Choose the page in the default language.")
        if errors:
            raise ValidationError(errors)

    @property
    def hours(self):
        return rules.hours(self.start, self.end)

    def window(self, now=None):
        return rules.window(
            now or timezone.now(), self.signup_opens, self.signup_closes, self.start
        )

    def free(self):
        taken = getattr(self, "taken", None)
        if taken is None:
            taken = self.signups.filter(state__in=rules.TAKING_A_PLACE).count()
        return rules.free_places(self.capacity, taken)

    def get_signup_url(self):
        return reverse("matching:experiences:signup", kwargs={"pk": self.pk})


class Signup(models.Model):
    """One person's sign-up for one session. Personal data: seen by coordinators only."""

    class State(models.TextChoices):
        HELD = rules.State.HELD, _("Held for the guardian's consent")
        CONFIRMED = rules.State.CONFIRMED, _("Confirmed")
        WAITLISTED = rules.State.WAITLISTED, _("On the waiting list")
        OFFERED = rules.State.OFFERED, _("Offered a place, to reconfirm")
        CANCELLED = rules.State.CANCELLED, _("Cancelled")
        RELEASED = rules.State.RELEASED, _("Released: no consent in time")
        LAPSED = rules.State.LAPSED, _("Lapsed: not reconfirmed in time")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="signups", verbose_name=_("session")
    )
    reference = models.CharField(_("reference number"), max_length=20, blank=True, db_index=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, db_index=True)
    name = models.CharField(_("name"), max_length=100)
    name_kana = KanaReadingField(_("reading (kana)"), max_length=150)
    school = models.CharField(_("school"), max_length=120, blank=True)
    grade = models.PositiveSmallIntegerField(_("grade"), choices=GRADE_CHOICES)
    age = models.PositiveSmallIntegerField(_("age"))
    email = models.EmailField(_("email"), db_index=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=200)
    allergies = models.TextField(_("allergies"), blank=True)
    assistance = models.TextField(_("assistance needed"), blank=True)
    photo_consent = models.BooleanField(_("photos may be taken"), default=False)
    guardian_name = models.CharField(_("guardian's name"), max_length=100, blank=True)
    guardian_email = models.EmailField(_("guardian's email"), blank=True)
    guardian_confirmed_at = models.DateTimeField(_("guardian agreed"), null=True, blank=True)
    language = models.CharField(_("language for emails"), max_length=10, default="ja")
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    # Until when a hold (guardian) or an offer (reconfirmation) stands.
    expires_at = models.DateTimeField(_("hold until"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            # The database itself refuses a second live sign-up of one address for a session.
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=Q(state__in=rules.ACTIVE),
                name="one_live_signup_per_email_and_session",
            )
        ]
        indexes = [models.Index(fields=["session", "state"])]

    def __str__(self):
        return f"{self.reference} {self.name}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.reference:
            self.reference = f"S-{self.pk:06d}"
            type(self).objects.filter(pk=self.pk).update(reference=self.reference)

    @property
    def needs_guardian(self):
        return rules.needs_guardian(self.age)

    @property
    def is_active(self):
        return self.state in rules.ACTIVE

    def waitlist_position(self):
        if self.state != self.State.WAITLISTED:
            return None
        ahead = Signup.objects.filter(
            session_id=self.session_id, state=self.State.WAITLISTED
        ).filter(Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk))
        return ahead.count() + 1

    def credited_hours(self):
        """Hours for certificates: as recorded at check-in, else the session's length."""
        if self.attended is False:
            return 0
        return self.hours if self.hours is not None else self.session.hours


class SessionMessage(models.Model):
    """A message staff sent to everyone with a place (or on the list) for one session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    include_waitlist = models.BooleanField(_("also people on the waiting list"), default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")

    def __str__(self):
        return self.subject


class Certificate(models.Model):
    """A participation certificate (ボランティア活動証明書): what it says, frozen when issued,
    so that the verification page shows exactly what was printed."""

    number = models.CharField(_("certificate number"), max_length=24, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"))
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("until"))
    # [{"title", "date", "place", "hours"}], one per session attended, in date order.
    lines = models.JSONField(default=list)
    total_hours = models.DecimalField(_("hours in all"), max_digits=7, decimal_places=2)
    signups = models.ManyToManyField(Signup, related_name="certificates", blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    # Printed beside the number; the verification page shows nothing without it.
    verification_code = models.CharField(
        _("verification code"),
        max_length=rules.CODE_LENGTH,
        unique=True,
        default=rules.new_verification_code,
        editable=False,
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.number:
            self.number = rules.certificate_number(self.issued_at.year, self.pk)
            type(self).objects.filter(pk=self.pk).update(number=self.number)

    @property
    def printed_code(self):
        return rules.format_verification_code(self.verification_code)
