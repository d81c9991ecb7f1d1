"""The engine's codes in the reader's language: Japan's national holidays by name."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The holidays by the names jpholiday gives (the law's); a name not here is shown as given.
HOLIDAYS = {
    "元日": gettext_lazy("New Year's Day"),
    "成人の日": gettext_lazy("Coming of Age Day"),
    "建国記念の日": gettext_lazy("National Foundation Day"),
    "天皇誕生日": gettext_lazy("The Emperor's Birthday"),
    "春分の日": gettext_lazy("Vernal Equinox Day"),
    "昭和の日": gettext_lazy("Showa Day"),
    "憲法記念日": gettext_lazy("Constitution Memorial Day"),
    "みどりの日": gettext_lazy("Greenery Day"),
    "こどもの日": gettext_lazy("Children's Day"),
    "海の日": gettext_lazy("Marine Day"),
    "山の日": gettext_lazy("Mountain Day"),
    "敬老の日": gettext_lazy("Respect for the Aged Day"),
    "秋分の日": gettext_lazy("Autumnal Equinox Day"),
    "スポーツの日": gettext_lazy("Sports Day"),
    "体育の日": gettext_lazy("Health and Sports Day"),
    "文化の日": gettext_lazy("Culture Day"),
    "勤労感謝の日": gettext_lazy("Labour Thanksgiving Day"),
    "国民の休日": gettext_lazy("Citizens' Holiday"),
    "振替休日": gettext_lazy("Substitute holiday"),
    "天皇の即位の日": gettext_lazy("Enthronement Day"),
    "即位礼正殿の儀": gettext_lazy("Enthronement Ceremony"),
    "即位の礼正殿の儀": gettext_lazy("Enthronement Ceremony"),
}
SUBSTITUTE = " 振替休日"


def holiday_name(name):
    """A national holiday's name (as education.engine.national_holiday gives it) in the
    active language: 建国記念の日 is National Foundation Day in English; a substitute
    holiday (春分の日 振替休日) names the holiday it stands for."""
    if not name:
        return ""
    if name.endswith(SUBSTITUTE):
        return _("Substitute holiday for %(holiday)s") % {
            "holiday": holiday_name(name.removesuffix(SUBSTITUTE))
        }
    return str(HOLIDAYS.get(name, name))
