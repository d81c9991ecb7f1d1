"""The forms of a volunteer's own page (reached by the signed link emailed to them): their
usual week and days away, the hours they gave, a date they cannot come."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokoron.core.forms import PlainDateField, PublicForm, PublicFormRenderer

from .fields import AvailabilityFormMixin, AvailabilityGridField, DaysAwayField, days_away_initial

HOURS_ERRORS = {
    "required": _("Write the hours you gave."),
    "invalid": _("Write the hours as a number, for example 1.5."),
    "min_value": _("The hours cannot be below 0."),
    "max_value": _("Write at most 999 hours."),
    "max_decimal_places": _("Write the hours with at most one decimal, for example 1.5."),
    "max_digits": _("Write at most 999 hours."),
}


class OwnPageLinkForm(PublicForm):
    """Ask for the link to one's own page."""

    email = forms.EmailField(
        label=_("The email address you registered with"),
        error_messages={
            "required": _("Write your email address."),
            "invalid": _("Write an email address like name@example.jp."),
        },
    )
    field_order = ["email", "website"]


class OwnAvailabilityForm(AvailabilityFormMixin, PublicForm):
    availability = AvailabilityGridField(label=_("When you are usually free"))
    days_away = DaysAwayField(
        label=_("Days you will be away"),
        required=False,
        help_text=_("For example a trip: we will not ask you on those days."),
    )
    field_order = ["availability", "days_away"]

    def __init__(self, *args, volunteer, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "availability": volunteer.availability,
                "days_away": days_away_initial(volunteer, timezone.localdate()),
            },
        )
        super().__init__(*args, **kwargs)
        del self.fields["website"]  # reached by a signed link: no robots here


class HoursForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    hours = forms.DecimalField(
        label=_("Hours you gave"),
        min_value=0,
        max_value=999,
        max_digits=4,
        decimal_places=1,
        error_messages=HOURS_ERRORS,
    )


# The longest time one report of "I cannot come" takes in: longer, the volunteer pauses.
MAX_DAYS_AWAY = 92


class AbsenceForm(forms.Form):
    """From the volunteer's own page: a date (or a period) they cannot come, and why."""

    default_renderer = PublicFormRenderer

    first_day = PlainDateField(
        label=_("The date you cannot come (or the first day)"),
        help_text=_("For example 2026-05-01."),
        error_messages={
            "required": _("Give the date you cannot come."),
            "invalid": _("Write the date as year-month-day, for example 2026-05-01."),
        },
    )
    last_day = PlainDateField(
        label=_("Last day (for more than one day)"),
        required=False,
        help_text=_("Leave it empty for one day."),
        error_messages={
            "invalid": _("Write the date as year-month-day, for example 2026-05-01."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (if you wish)"),
        required=False,
        max_length=200,
        help_text=_("Only the Volunteer Center sees it."),
        error_messages={"max_length": _("Write at most %(limit_value)d characters.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_away_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first = data.get("first_day")
        if first is None:
            return data
        last = data.get("last_day") or first
        data["last_day"] = last
        if first < timezone.localdate():
            self.add_error("first_day", _("This date has passed. Give a date from today on."))
        elif last < first:
            self.add_error("last_day", _("The last day cannot be before the first."))
        elif (last - first).days >= MAX_DAYS_AWAY:
            self.add_error(
                "last_day",
                _("For more than three months, please pause your registration below instead."),
            )
        return data


class WithdrawAbsenceForm(forms.Form):
    absence = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
