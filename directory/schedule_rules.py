"""Opening hours as Japanese local services keep them. Pure Python: no Django import.

A schedule is a set of rules, each naming weekdays, optionally which weeks of the month
(毎月第2・第4火曜), and one or more opening periods on those days (9:00〜12:00 and
13:00〜17:00). On top of the rules: whether the place closes on Japanese public holidays, and
yearly closures such as the year-end break (12/29〜1/3).

Rules map one-to-one onto HSDS 3 schedule rows (RFC 5545 `freq` and `byday`): a weekly rule is
`freq=WEEKLY, byday=MO,TU`; a monthly one is `freq=MONTHLY, byday=2TU,4TU`; one row per period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

EN_DASH = "\u2013"
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LAST = -1


def japanese_holiday(day: dt.date) -> bool:
    """Whether a date is a Japanese public holiday (国民の祝日, 振替休日, 国民の休日)."""
    import jpholiday

    return jpholiday.is_holiday(day)


def nth_of_month(day: dt.date) -> int:
    """1 for the first such weekday of the month, 2 for the second, up to 5."""
    return (day.day - 1) // 7 + 1


def is_last_of_month(day: dt.date) -> bool:
    return (day + dt.timedelta(days=7)).month != day.month


@dataclass(frozen=True, order=True)
class Period:
    opens: dt.time
    closes: dt.time

    def __post_init__(self):
        if self.closes <= self.opens:
            raise ValueError(f"A period must close after it opens: {self.opens} to {self.closes}")

    def contains(self, moment: dt.time) -> bool:
        return self.opens <= moment < self.closes

    def label(self) -> str:
        return f"{_clock(self.opens)}〜{_clock(self.closes)}"


@dataclass(frozen=True)
class Rule:
    """Opening periods on some weekdays (0 = Monday), every week or on some weeks of the month.

    `weeks` empty means every week; otherwise the numbers 1 to 5 of the weeks, or -1 for the last.
    """

    weekdays: frozenset[int]
    periods: tuple[Period, ...]
    weeks: frozenset[int] = frozenset()

    def __post_init__(self):
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ValueError("A rule needs weekdays between 0 (Monday) and 6 (Sunday).")
        if not self.periods:
            raise ValueError("A rule needs at least one opening period.")
        if not self.weeks <= {1, 2, 3, 4, 5, LAST}:
            raise ValueError("Weeks of the month are 1 to 5, or -1 for the last.")
        object.__setattr__(self, "periods", tuple(sorted(self.periods)))

    @property
    def monthly(self) -> bool:
        return bool(self.weeks)

    def applies_on(self, day: dt.date) -> bool:
        if day.weekday() not in self.weekdays:
            return False
        if not self.weeks:
            return True
        return nth_of_month(day) in self.weeks or (LAST in self.weeks and is_last_of_month(day))

    # HSDS / RFC 5545
    @property
    def freq(self) -> str:
        return "MONTHLY" if self.weeks else "WEEKLY"

    @property
    def byday(self) -> str:
        days = [DAY_CODES[d] for d in sorted(self.weekdays)]
        if not self.weeks:
            return ",".join(days)
        weeks = sorted(w for w in self.weeks if w != LAST) + ([LAST] if LAST in self.weeks else [])
        return ",".join(f"{w}{d}" for d in days for w in weeks)

    @classmethod
    def from_byday(cls, byday: str, periods: Iterable[Period]) -> Rule:
        """Parse an RFC 5545 BYDAY list such as "MO,TU,WE" or "2TU,4TU" or "-1FR"."""
        weekdays, weeks = set(), set()
        for item in (part.strip().upper() for part in byday.split(",")):
            if not item:
                continue
            code, number = item[-2:], item[:-2]
            if code not in DAY_CODES:
                raise ValueError(f"Unknown weekday in BYDAY: {item!r}")
            weekdays.add(DAY_CODES.index(code))
            if number:
                try:
                    weeks.add(int(number))
                except ValueError:
                    raise ValueError(f"Unknown week of the month in BYDAY: {item!r}") from None
        return cls(frozenset(weekdays), tuple(periods), frozenset(weeks))


@dataclass(frozen=True)
class AnnualClosure:
    """Closed every year from one month/day to another, possibly across the New Year."""

    start: tuple[int, int]
    end: tuple[int, int]

    def __post_init__(self):
        for month, day in (self.start, self.end):
            dt.date(2000, month, day)  # raises ValueError on 2/30 and friends

    def covers(self, day: dt.date) -> bool:
        md = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end


YEAR_END = AnnualClosure((12, 29), (1, 3))


@dataclass(frozen=True)
class Schedule:
    rules: tuple[Rule, ...] = ()
    closed_on_holidays: bool = True
    closures: tuple[AnnualClosure, ...] = ()
    is_holiday: Callable[[dt.date], bool] = field(default=japanese_holiday, compare=False)

    def is_closed_all_day(self, day: dt.date) -> bool:
        if any(closure.covers(day) for closure in self.closures):
            return True
        return self.closed_on_holidays and self.is_holiday(day)

    def opening_periods(self, day: dt.date) -> list[Period]:
        """The periods it is open on a date, earliest first, overlaps merged."""
        if self.is_closed_all_day(day):
            return []
        periods = sorted({p for rule in self.rules if rule.applies_on(day) for p in rule.periods})
        merged: list[Period] = []
        for period in periods:
            if merged and period.opens <= merged[-1].closes:
                last = merged.pop()
                period = Period(last.opens, max(last.closes, period.closes))
            merged.append(period)
        return merged

    def is_open(self, at: dt.datetime) -> bool:
        """Whether it is open at a local date and time."""
        return any(p.contains(at.time()) for p in self.opening_periods(at.date()))

    def open_weekdays(self) -> set[int]:
        return {day for rule in self.rules for day in rule.weekdays}

    def describe(self, language: str = "ja") -> str:
        return describe(self, language)


# Describing a schedule in words ---------------------------------------------------------------

DAY_NAMES = {
    "ja": ("月", "火", "水", "木", "金", "土", "日"),
    "ja-easy": ("げつ", "か", "すい", "もく", "きん", "ど", "にち"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
ORDINALS_EN = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", LAST: "last"}
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _clock(moment: dt.time) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def _runs(days: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive weekdays grouped: {0,1,2,3,4,6} -> [(0, 4), (6, 6)]."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][1] + 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


def _join_en(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _language(language: str) -> str:
    if language.startswith("ja-easy") or language == "ja_easy":
        return "ja-easy"
    return "ja" if language.startswith("ja") else "en"


def _days(rule: Rule, language: str) -> str:
    names = DAY_NAMES[language]
    parts = []
    for first, last in _runs(rule.weekdays):
        if last - first >= 2:
            sep = " to " if language == "en" else "〜"
            parts.append(f"{names[first]}{sep}{names[last]}")
        else:
            parts.extend(names[d] for d in range(first, last + 1))
    if language == "en":
        return _join_en(parts)
    return "・".join(parts)


def _weeks(rule: Rule, language: str) -> list[str]:
    ordered = sorted(w for w in rule.weeks if w != LAST) + ([LAST] if LAST in rule.weeks else [])
    if language == "en":
        return [ORDINALS_EN[w] for w in ordered]
    last = "最終" if language == "ja" else "さいご"
    prefix = "第" if language == "ja" else "だい"
    return [last if w == LAST else f"{prefix}{w}" for w in ordered]


def describe_rule(rule: Rule, language: str = "ja") -> str:
    language = _language(language)
    hours_sep = " and " if language == "en" else "、"
    hours = hours_sep.join(
        p.label().replace("〜", EN_DASH) if language == "en" else p.label() for p in rule.periods
    )
    days = _days(rule, language)
    if language == "en":
        if rule.weeks:
            return f"{_join_en(_weeks(rule, language))} {days} of each month, {hours}"
        return f"{days}, {hours}"
    if language == "ja":
        if rule.weeks:
            return f"毎月{'・'.join(_weeks(rule, language))}{days}曜 {hours}"
        return f"{days}曜 {hours}"
    if rule.weeks:
        return f"まいつき {'・'.join(_weeks(rule, language))} {days}ようび {hours}"
    return f"{days}ようび {hours}"


def _date_words(month: int, day: int, language: str) -> str:
    if language == "en":
        return f"{day} {MONTHS_EN[month - 1]}"
    if language == "ja":
        return f"{month}月{day}日"
    return f"{month}がつ{day}にち"


def describe(schedule: Schedule, language: str = "ja") -> str:
    """The schedule in a sentence or a few, in Japanese, easy Japanese or English."""
    language = _language(language)
    lines = [describe_rule(rule, language) for rule in _ordered_rules(schedule.rules)]
    if not lines:
        lines.append(
            {
                "ja": "開所日は要問合せ",
                "ja-easy": "あいて いる ひは といあわせて ください",
                "en": "Opening days on request",
            }[language]
        )
    if schedule.closed_on_holidays:
        lines.append(
            {"ja": "祝日休み", "ja-easy": "しゅくじつは やすみ", "en": "Closed on public holidays"}[
                language
            ]
        )
    elif schedule.rules:
        lines.append(
            {
                "ja": "祝日も開所",
                "ja-easy": "しゅくじつも あいて います",
                "en": "Open on public holidays",
            }[language]
        )
    for closure in schedule.closures:
        start = _date_words(*closure.start, language)
        end = _date_words(*closure.end, language)
        if closure == YEAR_END:
            lines.append(
                {
                    "ja": f"年末年始({start}〜{end})休み",
                    "ja-easy": f"{start} から {end} まで やすみ",
                    "en": f"Closed over the New Year ({start} to {end})",
                }[language]
            )
        else:
            lines.append(
                {
                    "ja": f"{start}〜{end}休み",
                    "ja-easy": f"{start} から {end} まで やすみ",
                    "en": f"Closed from {start} to {end}",
                }[language]
            )
    separator = ". " if language == "en" else "。"
    return separator.join(lines) + ("." if language == "en" else "")


def _ordered_rules(rules: Iterable[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda r: (bool(r.weeks), min(r.weekdays), r.periods))


def merge_rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """Rules with the same days and weeks gathered into one with all their periods.

    HSDS keeps one schedule row per period; the page reads better with one line per set of days.
    """
    gathered: dict[tuple[frozenset[int], frozenset[int]], set[Period]] = {}
    for rule in rules:
        gathered.setdefault((rule.weekdays, rule.weeks), set()).update(rule.periods)
    merged: dict[tuple[frozenset[int], tuple[Period, ...]], set[int]] = {}
    # Days with exactly the same periods and weeks read as one line: 月〜金 9:00〜17:00.
    for (weekdays, weeks), periods in gathered.items():
        key = (weeks, tuple(sorted(periods)))
        merged.setdefault(key, set()).update(weekdays)
    return tuple(Rule(frozenset(days), periods, weeks) for (weeks, periods), days in merged.items())
