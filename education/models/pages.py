"""The section's pages: the front page, the programme menu and its programmes (with the
equipment each needs), and the pages of classes people apply to through sign-ups."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from kokoron.pages.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from kokoron.pages.privacy import ViewRestrictionsMixin, public

from .common import GRADE_LABELS, GRADES, default_locale_only


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
        "signups.OpportunityPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("volunteer experience or course"),
    )

    panels = [FieldPanel("opportunity")]
