"""How a person is recognised in stored text, and how they are taken out of it.

A request (APPI) names a person by email address, name and/or telephone. Records that hold
them in a field of their own are found by that field; free text (a coordinator's note, a
message, an email's context) is searched for each of them as people write them: the address
in any case, the name with or without the space between family and given name (half- or
full-width), the number with or without hyphens, spaces or brackets. No Django here.
"""

import re
import unicodedata
from dataclasses import dataclass

ERASED = "(erased)"
# Names shorter than this are too common to look for in free text (a one-letter name would
# match everywhere); they are still matched in name fields, where the whole field must agree.
MIN_NAME_IN_TEXT = 2
MIN_PHONE_DIGITS = 6
PHONE_SEPARATORS = r"[\s\-‐‑–—−－ー()（）.]*"  # noqa: RUF001 - the dashes people type


def normalize_email(value):
    return (value or "").strip().lower()


def normalize_name(value):
    """NFKC, single spaces: 山田　花子 and 山田 花子 are the same name."""
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def phone_digits(value):
    return "".join(ch for ch in unicodedata.normalize("NFKC", value or "") if ch.isdigit())


@dataclass(frozen=True)
class Subject:
    """The person a request is about, as staff typed them."""

    email: str = ""
    name: str = ""
    phone: str = ""

    @classmethod
    def of(cls, email="", name="", phone=""):
        return cls(normalize_email(email), normalize_name(name), phone_digits(phone))

    def __bool__(self):
        return bool(self.email or self.name or self.phone)

    def name_variants(self):
        """The ways the name may be written in text: as typed, without spaces, with a
        full-width space."""
        if len(self.name.replace(" ", "")) < MIN_NAME_IN_TEXT:
            return []
        variants = {self.name, self.name.replace(" ", ""), self.name.replace(" ", "\u3000")}
        return sorted(variants, key=len, reverse=True)

    def phone_pattern(self):
        if len(self.phone) < MIN_PHONE_DIGITS:
            return ""
        return PHONE_SEPARATORS.join(re.escape(digit) for digit in self.phone)

    def pattern(self):
        """One regular expression for every way the person appears in text, or None."""
        parts = [re.escape(variant) for variant in self.name_variants()]
        if self.email:
            parts.insert(0, re.escape(self.email))
        phone = self.phone_pattern()
        if phone:
            parts.append(rf"(?<!\d){phone}(?!\d)")
        if not parts:
            return None
        return re.compile("|".join(parts), re.IGNORECASE)

    def search_words(self):
        """Substrings a database can look for before the pattern decides: the address, the
        name variants and the last four digits of the number."""
        words = [*self.name_variants()]
        if self.email:
            words.append(self.email)
        if len(self.phone) >= MIN_PHONE_DIGITS:
            words.append(self.phone[-4:])
        return words

    def mentioned_in(self, text):
        pattern = self.pattern()
        return bool(pattern and text and pattern.search(unicodedata.normalize("NFKC", text)))

    def redact(self, text, replacement=ERASED):
        """The text with every mention of the person replaced."""
        pattern = self.pattern()
        if not pattern or not text:
            return text
        normalized = unicodedata.normalize("NFKC", text)
        if not pattern.search(normalized):
            return text
        return pattern.sub(replacement, normalized)

    def redact_value(self, value, replacement=ERASED):
        """The same for JSON: every string inside dicts and lists, keys included."""
        if isinstance(value, str):
            return self.redact(value, replacement)
        if isinstance(value, dict):
            return {
                self.redact(str(key), replacement): self.redact_value(item, replacement)
                for key, item in value.items()
            }
        if isinstance(value, list | tuple):
            return [self.redact_value(item, replacement) for item in value]
        return value

    def mentioned_in_value(self, value):
        return self.redact_value(value) != value
