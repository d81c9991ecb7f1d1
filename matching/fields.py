"""Form fields for a volunteer's time: the weekly availability grid and days away.

Both are plain checkboxes and text boxes (no JavaScript), each with its own label for screen
readers, and both are used by the register form, the admin and the volunteer's own page.
"""

import datetime as dt
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokoron.core.choices import WEEKDAYS

from . import tasks, weekgrid
from .models import VolunteerAbsence

PERIOD_LABELS = {
    "morning": _("Morning"),
    "afternoon": _("Afternoon"),
    "evening": _("Evening"),
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def parse_date(text):
    """A date typed as text (full-width digits, 2026/5/1, 2026年5月1日), or None."""
    text = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def slot_text(slot):
    if not isinstance(slot, dict):
        return "?"
    return f"{dict(WEEKDAYS).get(slot.get('weekday'), '?')} {slot.get('start')}-{slot.get('end')}"


class AvailabilityGridWidget(forms.Widget):
    """A table of weekdays (rows) by parts of the day (columns), one checkbox per cell."""

    template_name = "matching/widgets/availability_grid.html"

    class Media:
        css = {"all": ["matching/widgets.css"]}

    def format_value(self, value):
        """The ticked cells: from stored slots (a list of dicts) or from a submitted form."""
        if not value:
            return set()
        if all(isinstance(item, dict) for item in value):
            return weekgrid.cells_from_slots(value)
        return {cell for cell in map(weekgrid.parse_cell, value) if cell}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        ticked = self.format_value(value)
        base = context["widget"]["attrs"].get("id") or f"id_{name}"
        periods = [
            {"name": period, "label": PERIOD_LABELS[period], "times": f"{start}-{end}"}
            for period, start, end in weekgrid.PERIODS
        ]
        rows = []
        for weekday, day_label in WEEKDAYS:
            cells = []
            for period in periods:
                value_text = weekgrid.cell_value(weekday, period["name"])
                cells.append(
                    {
                        "value": value_text,
                        "id": f"{base}_{value_text}",
                        "checked": (weekday, period["name"]) in ticked,
                        "label": f"{day_label} {period['label']} ({period['times']})",
                    }
                )
            rows.append({"label": day_label, "cells": cells})
        recorded = value if value and all(isinstance(item, dict) for item in value) else []
        context["widget"].update(
            periods=periods,
            rows=rows,
            # Stored times the grid cannot show exactly: listed, and kept while the ticks
            # are left as they are (see weekgrid.keep_recorded).
            off_grid=[] if weekgrid.fits_grid(recorded) else [slot_text(s) for s in recorded],
        )
        return context

    def id_for_label(self, id_):
        return f"{id_}_{weekgrid.cell_value(0, weekgrid.PERIOD_NAMES[0])}" if id_ else id_

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # no box ticked is an answer too


class AvailabilityGridField(forms.Field):
    """Cleans to the stored form: a list of {"weekday", "start", "end"} slots."""

    widget = AvailabilityGridWidget
    default_error_messages = {
        "required": _("Tick at least one time of the week when you are usually free."),
        "invalid": _("Some ticked times could not be read. Please tick them again."),
    }

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        cells = [weekgrid.parse_cell(item) for item in value]
        if not all(cells):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return weekgrid.slots_from_cells(cells)

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        return weekgrid.cells_from_slots(initial or []) != weekgrid.cells_from_slots(
            self.to_python(data) if data else []
        )


class DaysAwayWidget(forms.Widget):
    """Rows of first and last day; the rows given plus `extra` empty ones (no JavaScript:
    more rows appear after saving)."""

    template_name = "matching/widgets/days_away.html"
    extra = 2

    class Media:
        css = {"all": ["matching/widgets.css"]}

    def format_value(self, value):
        rows = []
        for first, last in value or ():
            rows.append(
                (
                    first.isoformat() if isinstance(first, dt.date) else (first or ""),
                    last.isoformat() if isinstance(last, dt.date) else (last or ""),
                )
            )
        return rows

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id") or f"id_{name}"
        rows = self.format_value(value)
        rows += [("", "")] * self.extra
        context["widget"]["rows"] = [
            {
                "number": number,
                "first": first,
                "last": last,
                "first_id": f"{base}_first_{number}",
                "last_id": f"{base}_last_{number}",
            }
            for number, (first, last) in enumerate(rows, start=1)
        ]
        return context

    def id_for_label(self, id_):
        return f"{id_}_first_1" if id_ else id_

    def value_from_datadict(self, data, files, name):
        if not hasattr(data, "getlist"):
            return data.get(name)
        firsts, lasts = data.getlist(f"{name}_first"), data.getlist(f"{name}_last")
        length = max(len(firsts), len(lasts))
        firsts += [""] * (length - len(firsts))
        lasts += [""] * (length - len(lasts))
        return list(zip(firsts, lasts, strict=True))

    def value_omitted_from_data(self, data, files, name):
        return f"{name}_first" not in data and f"{name}_last" not in data


class DaysAwayField(forms.Field):
    """Cleans to a sorted list of (first day, last day); empty rows are left out."""

    widget = DaysAwayWidget

    def to_python(self, value):
        periods, errors = [], []
        today = timezone.localdate()
        for number, (first_text, last_text) in enumerate(value or (), start=1):
            first_text, last_text = str(first_text).strip(), str(last_text).strip()
            if not first_text and not last_text:
                continue
            if not first_text or not last_text:
                errors.append(
                    _("Period %(n)s: give both the first and the last day.") % {"n": number}
                )
                continue
            first, last = parse_date(first_text), parse_date(last_text)
            if first is None or last is None:
                errors.append(
                    _("Period %(n)s: write the dates as year-month-day, like 2026-05-01.")
                    % {"n": number}
                )
            elif last < first:
                errors.append(
                    _("Period %(n)s: the last day cannot be before the first.") % {"n": number}
                )
            elif last < today:
                errors.append(_("Period %(n)s: these days are already over.") % {"n": number})
            else:
                periods.append((first, last))
        if errors:
            raise ValidationError(errors)
        return sorted(periods)

    def has_changed(self, initial, data):
        try:
            return sorted(initial or []) != self.to_python(data)
        except ValidationError:
            return True


class AvailabilityFormMixin:
    """For forms that edit a recorded volunteer: times the grid cannot show are kept as they
    are while the ticks are left alone, so saving other answers loses nothing."""

    def clean_availability(self):
        recorded = self.initial.get("availability") or []
        return weekgrid.keep_recorded(recorded, self.cleaned_data["availability"])


def save_days_away(volunteer, periods, today):
    """Make the volunteer's days away that are not over yet `periods`; past ones stay, and so
    do the periods kept (with the reason told on the own page). A change refreshes the
    suggestions the volunteer is in, as a change of the volunteer does."""
    wanted = set(periods)
    current = list(
        volunteer.absences.filter(last_day__gte=today).values_list("pk", "first_day", "last_day")
    )
    kept = {(first, last) for _pk, first, last in current if (first, last) in wanted}
    gone = [pk for pk, first, last in current if (first, last) not in wanted]
    if not gone and kept == wanted:
        return
    volunteer.absences.filter(pk__in=gone).delete()
    VolunteerAbsence.objects.bulk_create(
        [
            VolunteerAbsence(volunteer=volunteer, first_day=first, last_day=last)
            for first, last in sorted(wanted - kept)
        ]
    )
    tasks.enqueue_volunteer_refresh(volunteer.pk)


def days_away_initial(volunteer, today):
    return list(volunteer.absences.filter(last_day__gte=today).values_list("first_day", "last_day"))
