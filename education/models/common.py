"""What the education models share: grades and school periods, the default-language filter
of equipment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GRADES = [
    (1, _("Elementary school, 1st grade")),
    (2, _("Elementary school, 2nd grade")),
    (3, _("Elementary school, 3rd grade")),
    (4, _("Elementary school, 4th grade")),
    (5, _("Elementary school, 5th grade")),
    (6, _("Elementary school, 6th grade")),
    (7, _("Junior high school, 1st year")),
    (8, _("Junior high school, 2nd year")),
    (9, _("Junior high school, 3rd year")),
]
GRADE_LABELS = dict(GRADES)
# School periods (校時) 1 to 6; the fields that use them say "period".
PERIODS = [(n, str(n)) for n in range(1, 7)]


def default_locale_only():
    """Choices of equipment: the items in the default language, which hold the stock."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


__all__ = ["GRADES", "GRADE_LABELS", "PERIODS", "default_locale_only"]
