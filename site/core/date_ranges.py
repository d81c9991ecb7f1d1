"""Models that span a range of days, first to last, both included."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateRangeMixin:
    """A last day never before the first. `first_day_field` and `last_day_field` name the two
    date fields; `date_range_errors()` is there for a `clean()` that gathers several errors."""

    first_day_field = "first_day"
    last_day_field = "last_day"

    def date_range_errors(self):
        first = getattr(self, self.first_day_field)
        last = getattr(self, self.last_day_field)
        if first and last and last < first:
            return {self.last_day_field: _("The last day cannot be before the first.")}
        return {}

    def clean(self):
        super().clean()
        if errors := self.date_range_errors():
            raise ValidationError(errors)
