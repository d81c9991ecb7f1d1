"""The public sign-up form, the listing's filters, and the small forms around them."""

import unicodedata

from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import django_filters

from kokoron.core.forms import DATE_FORMATS, PublicForm, PublicFormRenderer
from kokoron.geography.models import SchoolDistrict
from kokoron.pages.privacy import public

from ..models import Activity
from . import rules
from .models import GRADE_CHOICES, GRADE_LABELS, OpportunityPage, Session

# The youngest who may sign up (小学1年); an opportunity may ask for older.
MIN_AGE = 6


class SignupForm(PublicForm):
    """「参加申し込み」: who you are, your school, how to reach you and someone in an emergency."""

    name = forms.CharField(
        label=_("Your name"), max_length=100, error_messages={"required": _("Write your name.")}
    )
    name_kana = forms.CharField(
        label=_("Reading of your name (kana)"),
        max_length=150,
        error_messages={"required": _("Write the reading of your name in kana.")},
    )
    school = forms.CharField(label=_("School"), max_length=120, required=False)
    grade = forms.TypedChoiceField(
        label=_("School year"),
        choices=[("", _("Choose")), *GRADE_CHOICES],
        coerce=int,
        error_messages={"required": _("Choose your school year, or “Adult”.")},
    )
    age = forms.IntegerField(
        label=_("Age"),
        min_value=MIN_AGE,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "required": _("Write your age."),
            "invalid": _("Write your age in figures, for example 15."),
            "min_value": _("Write your age in figures, for example 15."),
            "max_value": _("Write your age in figures, for example 15."),
        },
    )
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send the confirmation and a link to see or cancel here."),
        error_messages={
            "required": _("Write your email address: we send the confirmation there."),
            "invalid": _("Write an email address like name@example.jp."),
        },
    )
    phone = forms.CharField(label=_("Telephone (optional)"), max_length=30, required=False)
    emergency_contact = forms.CharField(
        label=_("Emergency contact"),
        max_length=200,
        help_text=_("A name and a telephone number, for example: 母 052-000-0000."),
        error_messages={"required": _("Give someone we can call in an emergency.")},
    )
    allergies = forms.CharField(
        label=_("Allergies (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    assistance = forms.CharField(
        label=_("Assistance you need (optional)"),
        required=False,
        max_length=500,
        help_text=_("For example: a wheelchair, a sign-language interpreter, a quiet place."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photo_consent = forms.TypedChoiceField(
        label=_("May we take photos of you for the council's newsletter and website?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether we may take photos of you.")},
    )
    guardian_name = forms.CharField(
        label=_("Guardian's name (under 18)"), max_length=100, required=False
    )
    guardian_email = forms.EmailField(
        label=_("Guardian's email (under 18)"),
        required=False,
        help_text=_("Under 18, your guardian confirms your place through a link we email them."),
        error_messages={"invalid": _("Write an email address like name@example.jp.")},
    )

    field_order = [
        "name",
        "name_kana",
        "school",
        "grade",
        "age",
        "email",
        "phone",
        "emergency_contact",
        "allergies",
        "assistance",
        "photo_consent",
        "guardian_name",
        "guardian_email",
        "website",
    ]

    def __init__(self, *args, opportunity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        if opportunity is not None:
            # Only the school years this opportunity takes; any other is refused here.
            taken = opportunity.grades_taken
            grade = self.fields["grade"]
            grade.choices = [("", _("Choose")), *((g, GRADE_LABELS[g]) for g in taken)]
            grade.error_messages["invalid_choice"] = _(
                "This experience is for: %(audience)s. Choose one of the school years offered."
            ) % {"audience": opportunity.audience}
            if rules.ADULT not in taken:
                grade.error_messages["required"] = _("Choose your school year.")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        age = cleaned.get("age")
        if age is not None and rules.needs_guardian(age):
            if not cleaned.get("guardian_name", "").strip():
                self.add_error("guardian_name", _("Under 18, write your guardian's name."))
            guardian_email = (cleaned.get("guardian_email") or "").strip().lower()
            if "guardian_email" not in self.errors:
                if not guardian_email:
                    self.add_error("guardian_email", _("Under 18, write your guardian's email."))
                elif guardian_email == cleaned.get("email"):
                    self.add_error(
                        "guardian_email", _("Your guardian's email must be their own address.")
                    )
        return cleaned


class EmailForm(PublicForm):
    email = forms.EmailField(
        label=_("Email"),
        error_messages={
            "required": _("Write the email address you signed up with."),
            "invalid": _("Write an email address like name@example.jp."),
        },
    )


class VerifyForm(forms.Form):
    default_renderer = PublicFormRenderer

    number = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        help_text=_("For example KC-2026-000123-X."),
        error_messages={"required": _("Write the certificate number.")},
    )
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("Printed under the number, for example 7KQ4-M2XD-9HTA."),
        error_messages={"required": _("Write the verification code printed on the certificate.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class RangeForm(forms.Form):
    default_renderer = PublicFormRenderer

    date_from = forms.DateField(
        label=pgettext_lazy("dates", "From"), required=False, input_formats=DATE_FORMATS
    )
    date_to = forms.DateField(
        label=pgettext_lazy("dates", "Until"), required=False, input_formats=DATE_FORMATS
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("date_from")
            and cleaned.get("date_to")
            and cleaned["date_to"] < cleaned["date_from"]
        ):
            self.add_error("date_to", _("The end of the period comes after its start."))
        return cleaned


class PlainDateFilterField(forms.DateField):
    input_formats = DATE_FORMATS

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
        return super().to_python(value)


class PlainDateFilter(django_filters.DateFilter):
    field_class = PlainDateFilterField


def default_activities(request=None):
    return Activity.objects.default_locale()


class SessionFilterSet(django_filters.FilterSet):
    """The listing's filters. Each field says what went wrong in words, never a 500."""

    date_from = PlainDateFilter(
        field_name="start",
        lookup_expr="date__gte",
        label=pgettext_lazy("dates", "From"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 12}),
        help_text=_("For example 2026-08-01."),
        error_messages={"invalid": _("Write the date as year-month-day, for example 2026-08-01.")},
    )
    date_to = PlainDateFilter(
        field_name="start",
        lookup_expr="date__lte",
        label=pgettext_lazy("dates", "Until"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 12}),
        error_messages={"invalid": _("Write the date as year-month-day, for example 2026-08-31.")},
    )
    district = django_filters.ModelChoiceFilter(
        queryset=SchoolDistrict.objects.all(),
        label=_("School district"),
        empty_label=_("All districts"),
    )
    activity = django_filters.ModelChoiceFilter(
        queryset=default_activities,
        label=_("Activity"),
        empty_label=_("All activities"),
        method="filter_activity",
    )
    grade = django_filters.ChoiceFilter(
        choices=GRADE_CHOICES,
        label=_("My school year"),
        empty_label=_("Any"),
        method="filter_grade",
    )
    free = django_filters.BooleanFilter(
        label=_("Only with free places"),
        widget=forms.CheckboxInput,
        method="filter_free",
    )
    q = django_filters.CharFilter(label=_("Keyword"), method="filter_keyword")

    class Meta:
        model = Session
        fields = ["date_from", "date_to", "district", "activity", "grade", "free", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["district"].label_from_instance = lambda obj: obj.display_name
        self.form.fields["activity"].label_from_instance = lambda obj: obj.display_name
        # The same district and activity choices whether the query is valid or not.
        for name, field in self.form.fields.items():
            if self.form.is_bound and name in self.form.errors:
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = f"id_{name}-error"

    def filter_activity(self, queryset, name, value):
        return queryset.filter(opportunity__activity__translation_key=value.translation_key)

    def filter_grade(self, queryset, name, value):
        value = int(value)
        if value == rules.ADULT:
            return queryset.filter(opportunity__open_to_adults=True)
        return queryset.filter(
            Q(opportunity__grade_from__isnull=True) | Q(opportunity__grade_from__lte=value),
            Q(opportunity__grade_to__isnull=True) | Q(opportunity__grade_to__gte=value),
        )

    def filter_free(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(taken__lt=F("capacity"))

    def filter_keyword(self, queryset, name, value):
        words = unicodedata.normalize("NFKC", value).split()
        if not words:
            return queryset
        # Words match the title in any language: the sessions are the same in all of them.
        pages = public(OpportunityPage.objects.live())
        for word in words[:5]:
            pages = pages.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(host__icontains=word)
            )
        keys = pages.values("translation_key")
        places = Q()
        for word in words[:5]:
            places &= Q(place_name__icontains=word) | Q(district__name__icontains=word)
        return queryset.filter(Q(opportunity__translation_key__in=keys) | places)
