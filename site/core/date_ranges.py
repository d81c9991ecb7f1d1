"""Models that span a range of days, first to last, both included."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateRangeMixin:
    """`clean()` refuses a last day before the first. `first_day_field` and `last_day_field`
    name the two date fields."""

    first_day_field = "first_day"
    last_day_field = "last_day"

    def clean(self):
        super().clean()
        first = getattr(self, self.first_day_field)
        last = getattr(self, self.last_day_field)
        if first and last and last < first:
            raise ValidationError(
                {self.last_day_field: _("The last day cannot be before the first.")}
            )
