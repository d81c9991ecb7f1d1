"""Visitors' display preferences (text size, contrast, furigana), kept in cookies.

Plain logic without Django: the view and the template tag hand in the cookies and the form
data; anything that is not one of the choices is ignored.
"""

from datetime import timedelta

CHOICES = {
    "text": ("standard", "large", "largest"),
    "contrast": ("standard", "high"),
    "furigana": ("on", "off"),
}
COOKIE_PREFIX = "kokoron_"
COOKIE_AGE = timedelta(days=365)
# Easy Japanese is read by people learning kanji: its pages show readings unless turned off.
FURIGANA_BY_DEFAULT = {"ja-easy"}


def cookie_name(name):
    return f"{COOKIE_PREFIX}{name}"


def preferences(cookies, language_code):
    """The preferences in effect: each cookie if it holds a choice, else the default."""
    defaults = {
        "text": "standard",
        "contrast": "standard",
        "furigana": "on" if language_code in FURIGANA_BY_DEFAULT else "off",
    }
    return {
        name: value if (value := cookies.get(cookie_name(name))) in values else defaults[name]
        for name, values in CHOICES.items()
    }


def chosen(data):
    """The preferences a submitted form sets: only valid choices, the rest left as they were."""
    return {name: data[name] for name in CHOICES if data.get(name) in CHOICES[name]}


def html_classes(prefs):
    """Classes for <html>: text-large, contrast-high, furigana-off, ..."""
    return " ".join(f"{name}-{prefs[name]}" for name in CHOICES)
