"""Models placed in a school district (学区) and, within it, a neighbourhood (町会)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class PlacedMixin:
    """A model with a school-district and a neighbourhood foreign key: the neighbourhood, when
    both are given, must lie in the school district. `district_field` names the district's
    field (directory's locations call it `school_district`)."""

    district_field = "district"

    def clean(self):
        super().clean()
        district_id = getattr(self, f"{self.district_field}_id")
        if self.neighbourhood_id and district_id and self.neighbourhood.district_id != district_id:
            raise ValidationError(
                {"neighbourhood": _("This neighbourhood is not in that school district.")}
            )
