"""Choices the Volunteer-Center plugins share: the languages people speak, the days of the week,
and the name of the group of staff who see people's contacts."""

from django.utils.translation import gettext_lazy as _

COORDINATORS_GROUP = "Coordinators"

LANGUAGE_CHOICES = [
    ("ja", _("Japanese")),
    ("ja-easy", _("Easy Japanese")),
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("ko", _("Korean")),
    ("vi", _("Vietnamese")),
    ("pt", _("Portuguese")),
    ("es", _("Spanish")),
    ("tl", _("Tagalog")),
    ("ne", _("Nepali")),
    ("jsl", _("Japanese Sign Language")),
]
LANGUAGE_CODES = {code for code, _label in LANGUAGE_CHOICES}
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
