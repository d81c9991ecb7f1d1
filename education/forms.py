"""The teacher's request form, the status page's forms, feedback, and the board's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from kokoron.core.forms import PlainDateField, PublicForm, PublicFormRenderer
from kokoron.pages.privacy import public

from .engine import national_holiday
from .models import GRADES, MAX_PROGRAMMES, PERIODS, Feedback, ProgrammePage, School
from .reasons import holiday_name

DATE_PROBLEMS = {
    "past": _("This date has passed."),
    "too_soon": _(
        "This date is too soon: please ask at least %(days)s days ahead, from %(earliest)s. "
        "For an earlier class, please call us."
    ),
    "weekend": _("There are no school classes on this day (weekend)."),
    "holiday": _("This day is a school holiday."),
    "national_holiday": _("This day is a national holiday (%(holiday)s): there are no classes."),
}
# An optional date's periods start empty: nothing is chosen for the teacher.
NO_PERIOD = [("", _("Please choose"))]
# Counts are typed as text with a numeric keyboard, like the dates: the same size as the
# other fields, and full-width digits are understood.
COUNT_WIDGET = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.district.display_name})"


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.localized.title


def programme_queryset():
    default = Locale.get_default()
    return public(
        ProgrammePage.objects.live()
        .filter(locale=default)
        .order_by("path")
        .select_related("locale")
    )


class DatesMixin:
    """Up to three preferred dates with their school periods, checked against the calendar."""

    DATES = 3

    def add_date_fields(self):
        for n in range(1, self.DATES + 1):
            self.fields[f"date_{n}"] = PlainDateField(
                label=_("Preferred date %(n)s") % {"n": n},
                required=n == 1,
                help_text=_("For example 2027/6/10.") if n == 1 else "",
            )
            # The first date's periods are proposed (3rd and 4th, the usual double period);
            # the optional dates' are empty until the teacher chooses them.
            self.fields[f"first_period_{n}"] = forms.TypedChoiceField(
                label=_("From period (date %(n)s)") % {"n": n},
                choices=PERIODS if n == 1 else NO_PERIOD + PERIODS,
                coerce=int,
                empty_value=None,
                initial=3 if n == 1 else None,
                required=False,
            )
            self.fields[f"last_period_{n}"] = forms.TypedChoiceField(
                label=_("To period (date %(n)s)") % {"n": n},
                choices=PERIODS if n == 1 else NO_PERIOD + PERIODS,
                coerce=int,
                empty_value=None,
                initial=4 if n == 1 else None,
                required=False,
            )

    def clean_dates(self, calendar):
        dates, seen = [], set()
        for n in range(1, self.DATES + 1):
            date = self.cleaned_data.get(f"date_{n}")
            first = self.cleaned_data.get(f"first_period_{n}")
            last = self.cleaned_data.get(f"last_period_{n}")
            if date is None:
                if n > 1 and (first or last) and f"date_{n}" not in self.errors:
                    self.add_error(
                        f"date_{n}",
                        _("Please give the date for these periods, or leave the periods empty."),
                    )
                continue
            problem = calendar.date_problem(date)
            if problem:
                self.add_error(
                    f"date_{n}",
                    DATE_PROBLEMS[problem]
                    % {
                        "days": calendar.lead_days,
                        "earliest": calendar.earliest().strftime("%Y/%m/%d"),
                        "holiday": holiday_name(national_holiday(date)),
                    },
                )
                continue
            if date in seen:
                self.add_error(f"date_{n}", _("This date is already one of your choices."))
                continue
            if first is None:
                self.add_error(f"first_period_{n}", _("Please choose from which period."))
                continue
            last = last or first
            if last < first:
                self.add_error(f"last_period_{n}", _("The last period comes before the first."))
                continue
            seen.add(date)
            dates.append((date, first, last))
        return dates


class RequestForm(DatesMixin, PublicForm):
    school = SchoolChoiceField(
        label=_("School"), queryset=School.objects.filter(active=True).select_related("district")
    )
    teacher_name = forms.CharField(label=_("Your name"), max_length=80)
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send the reference number and the link to follow the request here."),
    )
    phone = forms.CharField(label=_("School telephone"), max_length=30, required=False)
    grade = forms.TypedChoiceField(label=_("Grade"), choices=GRADES, coerce=int)
    classes = forms.IntegerField(
        label=_("Number of classes"), min_value=1, max_value=8, initial=1, widget=COUNT_WIDGET
    )
    pupils = forms.IntegerField(
        label=_("Number of pupils"), min_value=1, max_value=400, widget=COUNT_WIDGET
    )
    programme = ProgrammeChoiceField(label=_("Programme"), queryset=ProgrammePage.objects.none())
    # Up to MAX_PROGRAMMES in one visit: "programme", then "programme_2", "programme_3".
    step_free = forms.BooleanField(
        label=_("The venue can be reached without steps"), required=False
    )
    has_lift = forms.BooleanField(label=_("The building has a lift"), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, calendar, **kwargs):
        super().__init__(*args, **kwargs)
        self.calendar = calendar
        self.fields["programme"].queryset = programme_queryset()
        self.fields["programme"].help_text = _("See the programme menu for what each one is.")
        # The further programmes come right after the first, before the dates.
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("programme") + 1
        extra = [
            (
                f"programme_{n}",
                ProgrammeChoiceField(
                    label=_("Programme %(n)s (optional, the same visit)") % {"n": n},
                    queryset=programme_queryset(),
                    required=False,
                ),
            )
            for n in range(2, MAX_PROGRAMMES + 1)
        ]
        self.fields = dict(fields[:at] + extra + fields[at:])
        self.add_date_fields()
        # The honeypot last, out of the way.
        self.fields["website"] = self.fields.pop("website")

    def programme_fields(self):
        return ["programme"] + [f"programme_{n}" for n in range(2, MAX_PROGRAMMES + 1)]

    def clean(self):
        cleaned = forms.Form.clean(self)
        grade = cleaned.get("grade")
        # Each programme is checked on its own field, so the message says which one.
        self.programmes = []
        for name in self.programme_fields():
            programme = cleaned.get(name)
            if programme is None:
                continue
            if programme in self.programmes:
                self.add_error(name, _("This programme is already one of your choices."))
                continue
            if grade and grade not in programme.grades:
                self.add_error(
                    name,
                    _("%(programme)s is for %(grades)s; please choose another one for this grade.")
                    % {
                        "programme": programme.localized.title,
                        "grades": programme.localized.specific.grade_range,
                    },
                )
                continue
            self.programmes.append(programme)
        pupils, classes = cleaned.get("pupils"), cleaned.get("classes")
        if self.programmes and pupils and classes:
            smallest = min(self.programmes, key=lambda p: p.group_size)
            if pupils > smallest.group_size * classes:
                self.add_error(
                    "pupils",
                    _("At most %(n)s pupils a class for %(programme)s: please add classes.")
                    % {"n": smallest.group_size, "programme": smallest.localized.title},
                )
        self.dates = self.clean_dates(self.calendar)
        return cleaned


class ChangeDatesForm(DatesMixin, forms.Form):
    default_renderer = PublicFormRenderer

    def __init__(self, *args, calendar, **kwargs):
        super().__init__(*args, **kwargs)
        self.calendar = calendar
        self.add_date_fields()

    def clean(self):
        cleaned = super().clean()
        self.dates = self.clean_dates(self.calendar)
        return cleaned


class FeedbackForm(forms.ModelForm):
    default_renderer = PublicFormRenderer

    rating = forms.TypedChoiceField(
        label=_("How was the class?"),
        choices=[
            (5, _("5 - very good")),
            (4, _("4 - good")),
            (3, _("3 - all right")),
            (2, _("2 - not so good")),
            (1, _("1 - poor")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["rating", "pupils_reached", "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 4}), "pupils_reached": COUNT_WIDGET}


class ImpossibleForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the teacher"), max_length=200)


class ProposeForm(forms.Form):
    choice = forms.IntegerField(min_value=0, max_value=20, widget=forms.HiddenInput)
