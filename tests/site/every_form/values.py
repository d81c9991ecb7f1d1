"""Values people type: Hypothesis strategies for names, kana, email addresses, telephone
numbers, dates and times in the notations people write, and reading them back."""

import datetime as dt
import itertools
import unicodedata

from django.utils import timezone

from hypothesis import strategies as st

serial = itertools.count(1)
# Full-width digits and hyphen (U+FF10-FF19, U+FF0D), as Japanese keyboards often type them.
FULL_WIDTH = str.maketrans("0123456789-", "".join(chr(0xFF10 + n) for n in range(10)) + "\uff0d")


def typed(text):
    """The same digits, as typed: half-width or full-width."""
    return st.sampled_from([text, text.translate(FULL_WIDTH)])


def free_text(min_size=1, max_size=60):
    first = st.characters(categories=("L", "N"))
    rest = st.text(
        st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029"),
        max_size=max_size - 1,
    )
    text = st.builds(lambda a, b: (a + b).strip(), first, rest)
    return text.filter(lambda t: len(t) >= min_size)


def optional(strategy):
    return st.one_of(st.just(""), strategy)


KANA_LETTERS = "".join(chr(c) for c in range(0x3041, 0x3097)) + "".join(
    chr(c) for c in range(0x30A1, 0x30FB)
)
kana = st.builds(
    lambda a, b: a + b,
    st.sampled_from(KANA_LETTERS),
    st.text(st.sampled_from(KANA_LETTERS + "ー・ \u3000"), max_size=20),
).map(str.strip)
# A local part of letters and digits, maybe two parts joined by . _ or - (never two dots).
emails = st.from_regex(r"[A-Za-z0-9]{1,8}([._-][A-Za-z0-9]{1,8})?", fullmatch=True).map(
    lambda local: f"{local}.{next(serial)}@example.jp"
)
phones = (
    st.from_regex(r"0[1-9]{1,3}-[0-9]{2,4}-[0-9]{4}", fullmatch=True)
    .filter(lambda p: 10 <= len(p) <= 15)
    .flatmap(typed)
)


def dates(first, last):
    """A date between two dates (inclusive), written the ways people write dates."""
    days = (last - first).days
    return st.tuples(st.integers(0, days), st.sampled_from(DATE_FORMATS), st.booleans()).map(
        lambda t: write_date(first + dt.timedelta(days=t[0]), t[1], t[2])
    )


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def write_date(day, pattern, full_width):
    text = day.strftime(pattern)
    return text.translate(FULL_WIDTH) if full_width else text


def parse_date(text):
    text = unicodedata.normalize("NFKC", text).strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise AssertionError(f"the test wrote a date it cannot read: {text!r}")


def write_time(minutes, pattern):
    hour, minute = divmod(minutes, 60)
    if pattern == "%H時" and minute:
        pattern = "%H:%M"
    return dt.time(hour, minute).strftime(pattern)


def parse_time(text):
    text = unicodedata.normalize("NFKC", text).strip()
    for pattern in ("%H:%M", "%H時%M分", "%H時"):
        try:
            return dt.datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise AssertionError(f"the test wrote a time it cannot read: {text!r}")


def number(text):
    return int(unicodedata.normalize("NFKC", text))


def today():
    return timezone.localdate()


# Values for text fields by name, whatever the form (a spec may give its own).
TEXT = {
    "name": lambda: free_text(max_size=100),
    "teacher_name": lambda: free_text(max_size=80),
    "guardian_name": lambda: free_text(max_size=100),
    "name_kana": lambda: kana,
    "email": lambda: emails,
    "guardian_email": lambda: emails,
    "phone": lambda: optional(phones),
    "description": lambda: free_text(max_size=1000),
    "strengths": lambda: optional(free_text(max_size=1000)),
    "notes": lambda: optional(free_text(max_size=500)),
    "comments": lambda: optional(free_text(max_size=500)),
    "school": lambda: optional(free_text(max_size=120)),
    "emergency_contact": lambda: free_text(max_size=200),
    "allergies": lambda: optional(free_text(max_size=500)),
    "assistance": lambda: optional(free_text(max_size=500)),
    "message": lambda: free_text(min_size=5, max_size=500),
    "q": lambda: optional(free_text(max_size=40)),
    "website": lambda: st.just(""),  # the honeypot: people leave it empty
}
