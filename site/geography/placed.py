"""Models placed in a school district (学区) and, within it, a neighbourhood (町会)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class PlacedMixin:
    """A model with a school-district and a neighbourhood foreign key: the neighbourhood, when
    both are given, must lie in the school district. `district_field` names the district's
    field (directory's locations call it `school_district`). A model whose `clean()` gathers
    several errors adds `place_errors()` to them; the others inherit this `clean()`."""

    district_field = "district"

    def place_errors(self):
        district_id = getattr(self, f"{self.district_field}_id")
        if self.neighbourhood_id and district_id and self.neighbourhood.district_id != district_id:
            return {"neighbourhood": _("This neighbourhood is not in that school district.")}
        return {}

    def clean(self):
        super().clean()
        if errors := self.place_errors():
            raise ValidationError(errors)
