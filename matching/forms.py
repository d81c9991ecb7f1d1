"""Public forms (no account): ask for help, register as a volunteer; and the board's forms."""

import datetime as dt
import unicodedata
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokoron.core.choices import LANGUAGE_CHOICES
from kokoron.core.forms import (
    PlainDateField,
    PublicForm,
    kana_reading,
    phone_number,
)
from kokoron.geography.forms import PlaceChoiceField
from kokoron.geography.models import Neighbourhood, SchoolDistrict

from .fields import (
    AvailabilityFormMixin,
    AvailabilityGridField,
    DaysAwayField,
    days_away_initial,
    save_days_away,
)
from .models import (
    Activity,
    Gender,
    Need,
    NeedNote,
    Person,
    Training,
    Volunteer,
)

TIME_FORMATS = ["%H:%M", "%H時%M分", "%H時"]


class PlainTimeField(forms.TimeField):
    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6})
    input_formats = TIME_FORMATS

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
        return super().to_python(value)


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ActivitiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def _district_fields(form):
    form.fields["district"] = PlaceChoiceField(
        queryset=SchoolDistrict.objects.all(),
        label=_("School district"),
        empty_label=_("Choose"),
        error_messages={"required": _("Choose your school district.")},
    )
    form.fields["neighbourhood"] = PlaceChoiceField(
        queryset=Neighbourhood.objects.select_related("district"),
        label=_("Neighbourhood (if you know it)"),
        required=False,
        empty_label=_("I do not know"),
    )


class AskForm(PublicForm):
    """「困りごとを相談する」: what, where, when, and how to reach you."""

    category = ActivityChoiceField(
        queryset=Activity.objects.none(),
        label=_("What do you need help with?"),
        empty_label=_("Choose"),
        error_messages={"required": _("Choose what you need help with.")},
    )
    description = forms.CharField(
        label=_("Tell us a little more"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        help_text=_("For example: I cannot carry heavy bags from the supermarket."),
        error_messages={"required": _("Tell us a little about what you need.")},
    )
    for_whom = forms.ChoiceField(
        label=_("Who needs the help?"),
        choices=Need.ForWhom.choices,
        widget=forms.RadioSelect,
        initial=Need.ForWhom.SELF,
    )
    date = PlainDateField(
        label=_("Date"),
        help_text=_("For example 2026-05-01. The date, or the first date if it is every week."),
        error_messages={
            "required": _("Give the date you need help."),
            "invalid": _("Write the date as year-month-day, for example 2026-05-01."),
        },
    )
    start_time = PlainTimeField(
        label=_("From"),
        help_text=_("For example 10:00."),
        error_messages={
            "required": _("Give the time the help should start."),
            "invalid": _("Write the time as hours:minutes, for example 10:00."),
        },
    )
    end_time = PlainTimeField(
        label=_("Until"),
        help_text=_("For example 11:30."),
        error_messages={
            "required": _("Give the time the help can end."),
            "invalid": _("Write the time as hours:minutes, for example 11:30."),
        },
    )
    repeats_weekly = forms.BooleanField(label=_("Every week"), required=False)
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages={"required": _("Write your name.")},
    )
    name_kana = forms.CharField(
        label=_("Reading of your name (kana)"), max_length=150, required=False
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("We send your reference number here."),
        error_messages={"invalid": _("Write an email address like name@example.jp.")},
    )
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    # The person helped, when it is not the one who asks: kept as their own record, as a
    # coordinator enters them, and only with their agreement.
    helped_name = forms.CharField(label=_("Their name"), max_length=100, required=False)
    helped_name_kana = forms.CharField(
        label=_("Reading of their name (kana)"), max_length=150, required=False
    )
    helped_phone = forms.CharField(
        label=_("Their telephone (if they have one)"), max_length=30, required=False
    )
    helped_address = forms.CharField(
        label=_("Their address (if you know it)"),
        max_length=250,
        required=False,
        help_text=_("Only the Volunteer Center's coordinators see it."),
    )
    helped_consent = forms.BooleanField(
        label=_(
            "They agree that we share this with the Volunteer Center and the volunteer who helps."
        ),
        required=False,
    )

    HELPED_FIELDS = [
        "helped_name",
        "helped_name_kana",
        "helped_phone",
        "helped_address",
        "helped_consent",
    ]
    field_order = [
        "category",
        "description",
        "for_whom",
        *HELPED_FIELDS,
        "district",
        "neighbourhood",
        "date",
        "start_time",
        "end_time",
        "repeats_weekly",
        "name",
        "name_kana",
        "email",
        "phone",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Activity.objects.default_locale()
        _district_fields(self)
        self.order_fields(self.field_order)

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if date < today:
            raise forms.ValidationError(_("The date has passed. Choose today or a later date."))
        if date > today + dt.timedelta(days=366):
            raise forms.ValidationError(_("Choose a date within a year."))
        return date

    def clean_helped_name_kana(self):
        return kana_reading(self.cleaned_data["helped_name_kana"])

    def clean_helped_phone(self):
        return phone_number(self.cleaned_data.get("helped_phone", ""))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        self._clean_helped(cleaned)
        return cleaned

    def _clean_helped(self, cleaned):
        for_whom = cleaned.get("for_whom")
        details = [
            name
            for name in ("helped_name", "helped_name_kana", "helped_phone", "helped_address")
            if cleaned.get(name) or name in self.errors
        ]
        if for_whom == Need.ForWhom.SELF:
            if details:
                self.add_error(
                    "for_whom",
                    _(
                        "You chose that the help is for you. Choose who needs the help, "
                        "or leave the other person's details empty."
                    ),
                )
            return
        if for_whom is None:
            return
        if not cleaned.get("helped_name", "").strip() and "helped_name" not in self.errors:
            self.add_error("helped_name", _("Write the name of the person who needs help."))
        if not cleaned.get("helped_consent"):
            self.add_error(
                "helped_consent",
                _(
                    "We can only take their details if they agree. Ask them first, "
                    "or ask them to call us."
                ),
            )

    @property
    def for_someone_else(self):
        return self.cleaned_data["for_whom"] != Need.ForWhom.SELF

    def field_group(self, names):
        return [self[name] for name in names]

    @property
    def fields_before_helped(self):
        names = list(self.fields)
        return self.field_group(names[: names.index(self.HELPED_FIELDS[0])])

    @property
    def helped_fields(self):
        return self.field_group(self.HELPED_FIELDS)

    @property
    def fields_after_helped(self):
        names = list(self.fields)
        return self.field_group(names[names.index(self.HELPED_FIELDS[-1]) + 1 :])


class RegisterForm(PublicForm):
    """「ボランティア登録」: who you are, where, what you can do and when."""

    name = forms.CharField(
        label=_("Your name"), max_length=100, error_messages={"required": _("Write your name.")}
    )
    name_kana = forms.CharField(
        label=_("Reading of your name (kana)"),
        max_length=150,
        error_messages={"required": _("Write the reading of your name in kana.")},
    )
    email = forms.EmailField(
        label=_("Email"),
        error_messages={
            "required": _("Write your email address: we send proposals there."),
            "invalid": _("Write an email address like name@example.jp."),
        },
    )
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    goes_to = forms.ModelMultipleChoiceField(
        queryset=SchoolDistrict.objects.all(),
        label=_("Other school districts you can go to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities = ActivitiesField(
        queryset=Activity.objects.none(),
        label=_("What you can do"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing you can do.")},
    )
    availability = AvailabilityGridField(label=_("When you are usually free"))
    days_away = DaysAwayField(
        label=_("Days you will be away (optional)"),
        required=False,
        help_text=_("For example a trip: we will not ask you on those days."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["ja"],
        error_messages={"required": _("Choose at least one language.")},
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=Gender.choices,
        required=False,
        help_text=_("Only used for needs that ask for a helper of a given gender."),
    )
    strengths = forms.CharField(
        label=_("Anything else you can do (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Volunteer Center keeps and uses these details to match me with needs."
        ),
        error_messages={"required": _("We can only register you with your agreement.")},
    )

    field_order = [
        "name",
        "name_kana",
        "email",
        "phone",
        "district",
        "neighbourhood",
        "goes_to",
        "activities",
        "availability",
        "days_away",
        "languages",
        "gender",
        "strengths",
        "consent",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = Activity.objects.default_locale()
        self.fields["goes_to"].label_from_instance = lambda obj: obj.display_name
        _district_fields(self)
        self.order_fields(self.field_order)


class ProposeForm(forms.Form):
    cascade = forms.BooleanField(
        label=_("If they say no or do not answer in time, ask the next suggestion"),
        required=False,
        initial=True,
    )


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("Move to"), choices=Need.State.choices)
    closed_reason = forms.CharField(
        label=_("Reason (for closing unmet)"), required=False, widget=forms.Textarea({"rows": 2})
    )
    referred_to = forms.CharField(label=_("Referred to (by name)"), required=False, max_length=200)
    referred_organization = forms.TypedChoiceField(
        label=_("Referred to (directory)"),
        required=False,
        coerce=uuid.UUID,
        empty_value=None,
        choices=(),
    )
    hours_given = forms.DecimalField(
        label=_("Hours each volunteer gave (when done)"),
        help_text=_("Leave empty to let the volunteers confirm their hours on their page."),
        required=False,
        min_value=0,
        max_value=999,
        decimal_places=1,
    )

    def __init__(self, *args, need, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.need = need
        self.fields["referred_organization"].choices = [("", "---"), *organizations]
        if not organizations:
            del self.fields["referred_organization"]

    def clean(self):
        cleaned = super().clean()
        state = cleaned.get("state")
        if state and not self.need.can_move_to(state):
            self.add_error("state", _("A need cannot move from this state to that one."))
        if state == Need.State.UNMET and not cleaned.get("closed_reason", "").strip():
            self.add_error("closed_reason", _("Say why the need is closed unmet."))
        if (
            state == Need.State.REFERRED
            and not cleaned.get("referred_to", "").strip()
            and not cleaned.get("referred_organization")
        ):
            self.add_error("referred_to", _("Name where the need is referred to."))
        return cleaned


class NoteForm(forms.ModelForm):
    class Meta:
        model = NeedNote
        fields = ["text", "follow_up_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}),
        }


class CoverForm(forms.Form):
    date = forms.DateField(
        label=_("Date the regular volunteer cannot come"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def person_from(form):
    data = form.cleaned_data
    return Person(
        name=data["name"].strip(),
        name_kana=data.get("name_kana", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        district=data["district"],
        neighbourhood=data.get("neighbourhood"),
    )


def helped_person_from(form):
    """The person helped, when someone asks for them: placed where the help is needed."""
    data = form.cleaned_data
    return Person(
        name=data["helped_name"].strip(),
        name_kana=data.get("helped_name_kana", ""),
        phone=data.get("helped_phone", ""),
        address=data.get("helped_address", "").strip(),
        district=data["district"],
        neighbourhood=data.get("neighbourhood"),
    )


class VolunteerAdminForm(AvailabilityFormMixin, forms.ModelForm):
    """The admin's volunteer form: availability as the weekly grid, and days away."""

    availability = AvailabilityGridField(label=_("weekly availability"), required=False)
    days_away = DaysAwayField(
        label=_("days away"),
        required=False,
        help_text=_("Periods still to come; past ones are kept in the record."),
    )

    class Meta:
        model = Volunteer
        fields = ["availability"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault(
                "days_away", days_away_initial(self.instance, timezone.localdate())
            )

    def save(self, commit=True):
        volunteer = super().save(commit=commit)
        if commit:
            save_days_away(volunteer, self.cleaned_data["days_away"], timezone.localdate())
        return volunteer


class VolunteerTrainingAdminForm(forms.ModelForm):
    """Staff record a training done: the trainings offered in the default language only (each
    translation is the same course), and the expiry worked out when left empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "training" in self.fields:
            self.fields["training"].queryset = Training.objects.default_locale()
        if "volunteer" in self.fields:
            self.fields["volunteer"].queryset = Volunteer.objects.select_related("person")
