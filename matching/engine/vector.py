"""The hard constraints and the score over many (need, volunteer) pairs at once, with numpy.

The same rules as rules.py, which states them one pair at a time and gives the reasons; here
they are arrays, because the batch looks at millions of pairs and a Python loop over them was
what made it slow. tests/matching/test_engine.py checks that both agree on random instances.

    Problem(demands, candidates, context)
        .passes(constraint, d, c)   which pairs (demand index d, candidate index c) meet it
        .score(d, c)                the soft score of each pair
        .edges()                    every allowed pair with its score, sorted by (d, c)
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .rules import CONSTRAINTS, Context, dates_of

# Pairs evaluated at once in edges(): bounds the memory of the temporary arrays.
CHUNK_PAIRS = 400_000
ANY = -1  # "no district" / "no activity" in the pool index, and "none" in codes
NEVER_EXPIRES = dt.date.max.toordinal()
NO_DATE = -1


def micros(time: dt.time) -> int:
    """A time of day as microseconds since midnight: exact, and comparable as an integer."""
    return ((time.hour * 60 + time.minute) * 60 + time.second) * 1_000_000 + time.microsecond


class Codes:
    """Small consecutive integer codes for ids of any kind; None is ANY (-1)."""

    def __init__(self):
        self.codes = {}

    def __call__(self, key) -> int:
        if key is None:
            return ANY
        return self.codes.setdefault(key, len(self.codes))

    def __len__(self):
        return len(self.codes)


def pair_key(c, code):
    """One int64 per (candidate, code) pair, for membership tests against sorted arrays."""
    return (np.asarray(c, dtype=np.int64) << 32) | np.asarray(code, dtype=np.int64)


def member(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def keys_of(pairs) -> np.ndarray:
    """Sorted unique keys of (candidate, code) pairs."""
    if not pairs:
        return np.zeros(0, dtype=np.int64)
    c, code = zip(*pairs, strict=True)
    return np.unique(pair_key(c, code))


class Problem:
    """Demands and candidates as arrays, for one context."""

    def __init__(self, demands, candidates, context: Context):
        self.demands = list(demands)
        self.candidates = list(candidates)
        self.context = context
        self.districts = Codes()
        self.activities = Codes()
        self.people = Codes()
        self.genders = Codes()
        self.genders("")  # "" (not stated / no requirement) is always code 0
        self.neighbourhoods = Codes()
        self.languages = Codes()
        for language in sorted(
            {language for x in self.candidates for language in x.languages}
            | {language for x in self.demands for language in x.required_languages}
            | {language for x in self.demands for language in x.preferred_languages}
        ):
            self.languages(language)
        self.words = max(1, -(-len(self.languages) // 64))
        self.trainings = sorted(
            {t for d in self.demands for t in (*d.required_trainings, *d.preferred_trainings)}
        )
        self._demand_arrays()
        self._candidate_arrays()

    # Building

    def _language_bits(self, languages) -> list[int]:
        words = [0] * self.words
        for language in languages:
            code = self.languages(language)
            words[code // 64] |= 1 << (code % 64)
        return words

    def _language_matrix(self, sets) -> np.ndarray:
        return np.array([self._language_bits(s) for s in sets], dtype=np.uint64).reshape(
            len(sets), self.words
        )

    def _demand_arrays(self):
        demands = self.demands
        n = len(demands)
        self.dates = [dates_of(demand, self.context) for demand in demands]
        width = max((len(dates) for dates in self.dates), default=0)
        self.date_matrix = np.full((n, width), NO_DATE, dtype=np.int64)
        for i, dates in enumerate(self.dates):
            self.date_matrix[i, : len(dates)] = [date.toordinal() for date in dates]
        self.last = np.array(
            [dates[-1].toordinal() if dates else NO_DATE for dates in self.dates], dtype=np.int64
        )
        self.d_district = np.array([self.districts(x.district) for x in demands], dtype=np.int64)
        self.d_neighbourhood = np.array(
            [self.neighbourhoods(x.neighbourhood) for x in demands], dtype=np.int64
        )
        self.d_activity = np.array([self.activities(x.activity) for x in demands], dtype=np.int64)
        self.d_recipient = np.array([self.people(x.recipient) for x in demands], dtype=np.int64)
        self.d_weekday = np.array([x.when.weekday for x in demands], dtype=np.int64)
        self.d_start = np.array([micros(x.when.start) for x in demands], dtype=np.int64)
        self.d_end = np.array([micros(x.when.end) for x in demands], dtype=np.int64)
        self.d_required_languages = self._language_matrix([x.required_languages for x in demands])
        self.d_preferred_languages = self._language_matrix([x.preferred_languages for x in demands])
        self.d_required_gender = np.array(
            [self.genders(x.required_gender) for x in demands], dtype=np.int64
        )
        self.d_preferred_gender = np.array(
            [self.genders(x.preferred_gender) for x in demands], dtype=np.int64
        )
        self.d_required_training = {
            t: np.array([t in x.required_trainings for x in demands], dtype=bool)
            for t in self.trainings
        }
        self.d_preferred_training = {
            t: np.array([t in x.preferred_trainings for x in demands], dtype=bool)
            for t in self.trainings
        }

    def _candidate_arrays(self):
        candidates = self.candidates
        n = len(candidates)
        weights = self.context.weights
        today = self.context.today.toordinal()
        self.active = np.array([x.active for x in candidates], dtype=bool)
        capacity = np.array([x.capacity for x in candidates], dtype=np.int64)
        load = np.array([x.load for x in candidates], dtype=np.int64)
        self.capacity_left = np.maximum(0, capacity - load)
        self.c_district = np.array([self.districts(x.district) for x in candidates], dtype=np.int64)
        self.c_neighbourhood = np.array(
            [self.neighbourhoods(x.neighbourhood) for x in candidates], dtype=np.int64
        )
        self.c_gender = np.array([self.genders(x.gender) for x in candidates], dtype=np.int64)
        self.c_languages = self._language_matrix([x.languages for x in candidates])
        goes, does, experience, familiar, away = [], [], [], [], []
        for c, x in enumerate(candidates):
            goes += [(c, self.districts(d)) for d in {*x.goes_to, x.district} if d is not None]
            does += [(c, self.activities(a)) for a in x.activities]
            experience += [(c, self.activities(a), n) for a, n in x.experience.items() if n]
            familiar += [(c, self.people(p)) for p in x.familiar]
            away += [(c, first.toordinal(), last.toordinal()) for first, last in x.away]
        self.goes_keys = keys_of(goes)
        self.does_keys = keys_of(does)
        self.familiar_keys = keys_of(familiar)
        if experience:
            c, a, counts = (
                np.array(column, dtype=np.int64) for column in zip(*experience, strict=True)
            )
            order = np.argsort(pair_key(c, a))
            self.experience_keys = pair_key(c, a)[order]
            self.experience_counts = counts[order]
        else:
            self.experience_keys = self.experience_counts = np.zeros(0, dtype=np.int64)
        self._build_declined()
        self._build_slots()
        self._build_away(away)
        self.expiry = {}
        for t in self.trainings:
            expiry = np.full(n, NO_DATE, dtype=np.int64)
            for c, x in enumerate(candidates):
                if t in x.trainings:
                    date = x.trainings[t]
                    expiry[c] = NEVER_EXPIRES if date is None else date.toordinal()
            self.expiry[t] = expiry
        # Fairness, per candidate
        light = np.zeros(n, dtype=np.int64)
        has_capacity = capacity > 0
        light[has_capacity] = (
            weights.light_load * (capacity - load)[has_capacity] // capacity[has_capacity]
        )
        # Days waited; never waiting (no date) counts as 0 days, which earns nothing.
        waited = np.array(
            [
                0 if x.waiting_since is None else today - x.waiting_since.toordinal()
                for x in candidates
            ],
            dtype=np.int64,
        )
        waiting = np.minimum(
            weights.waiting_max, np.maximum(0, waited) // weights.waiting_days_per_point
        )
        self.fairness = np.maximum(0, light) + waiting
        adjacency = np.zeros((max(1, len(self.districts)),) * 2, dtype=bool)
        for district, neighbours in self.context.adjacency.items():
            for other in neighbours:
                # Only districts someone uses matter; codes for the others are not needed.
                if district in self.districts.codes and other in self.districts.codes:
                    adjacency[self.districts.codes[district], self.districts.codes[other]] = True
        self.adjacency = adjacency

    def _build_declined(self):
        by_id = {}
        for i, demand in enumerate(self.demands):
            by_id.setdefault(demand.id, []).append(i)
        pairs = [
            (c, i)
            for c, x in enumerate(self.candidates)
            for demand_id in x.declined
            for i in by_id.get(demand_id, ())
        ]
        self.declined_keys = keys_of(pairs)

    def _build_slots(self):
        """Weekly slots as (candidate, weekday, k) arrays of start and end, padded."""
        n = len(self.candidates)
        rows = [
            (c, slot.weekday, micros(slot.start), micros(slot.end))
            for c, x in enumerate(self.candidates)
            for slot in x.availability
        ]
        c, weekday, start, end = (
            (np.array(column, dtype=np.int64) for column in zip(*rows, strict=True))
            if rows
            else (np.zeros(0, dtype=np.int64),) * 4
        )
        # k: the slot's rank among the same candidate's slots on the same weekday
        day = c * 7 + weekday
        order = np.argsort(day, kind="stable")
        day = day[order]
        first = np.searchsorted(day, day)
        k = np.empty(len(day), dtype=np.int64)
        k[order] = np.arange(len(day)) - first
        depth = int(k.max()) + 1 if len(k) else 0
        # Padding never covers anything: it starts after and ends before every time.
        self.slot_start = np.full((n, 7, depth), np.iinfo(np.int64).max, dtype=np.int64)
        self.slot_end = np.full((n, 7, depth), -1, dtype=np.int64)
        self.slot_start[c, weekday, k] = start
        self.slot_end[c, weekday, k] = end

    def _build_away(self, ranges):
        """Days away as a (candidate with days away) x (day of the demands' dates) matrix."""
        n = len(self.candidates)
        self.away_row = np.full(n, -1, dtype=np.int64)
        valid = self.date_matrix[self.date_matrix != NO_DATE]
        if not ranges or not len(valid):
            self.away_days = np.zeros((0, 0), dtype=bool)
            self.away_base = 0
            return
        self.away_base = int(valid.min())
        width = int(valid.max()) - self.away_base + 1
        rows = sorted({c for c, _, _ in ranges})
        self.away_row[rows] = np.arange(len(rows))
        self.away_days = np.zeros((len(rows), width), dtype=bool)
        for c, first, last in ranges:
            begin = max(first - self.away_base, 0)
            end = min(last - self.away_base, width - 1)
            if begin <= end:
                self.away_days[self.away_row[c], begin : end + 1] = True

    # The hard constraints

    def passes(self, constraint: str, d: np.ndarray, c: np.ndarray) -> np.ndarray:
        return getattr(self, f"_{constraint}")(d, c)

    def _active(self, d, c):
        return self.active[c]

    def _capacity(self, d, c):
        return self.capacity_left[c] > 0

    def _district(self, d, c):
        district = self.d_district[d]
        return (district == ANY) | member(self.goes_keys, pair_key(c, district))

    def _activity(self, d, c):
        activity = self.d_activity[d]
        return (activity == ANY) | member(self.does_keys, pair_key(c, activity))

    def _declined(self, d, c):
        return ~member(self.declined_keys, pair_key(c, d))

    def _time(self, d, c):
        if self.slot_start.shape[2] == 0:
            return np.zeros(len(d), dtype=bool)
        weekday = self.d_weekday[d]
        starts = self.slot_start[c, weekday]
        ends = self.slot_end[c, weekday]
        return ((starts <= self.d_start[d][:, None]) & (ends >= self.d_end[d][:, None])).any(axis=1)

    def _away(self, d, c):
        ok = np.ones(len(d), dtype=bool)
        row = self.away_row[c]
        some = np.flatnonzero(row >= 0)
        if not len(some):
            return ok
        row, dates = row[some], self.date_matrix[d[some]]
        away = np.zeros(len(some), dtype=bool)
        for column in range(dates.shape[1]):
            day = dates[:, column]
            known = day != NO_DATE
            offset = np.where(known, day - self.away_base, 0)
            away |= known & self.away_days[row, offset]
        ok[some] = ~away
        return ok

    def _language(self, d, c):
        required = self.d_required_languages[d]
        return ((required & ~self.c_languages[c]) == 0).all(axis=1)

    def _gender(self, d, c):
        required = self.d_required_gender[d]
        return (required == 0) | (required == self.c_gender[c])

    def _training(self, d, c):
        ok = np.ones(len(d), dtype=bool)
        for t in self.trainings:
            asked = self.d_required_training[t][d]
            ok &= ~asked | (self.expiry[t][c] >= self.last[d])
        return ok

    # The soft score

    def score(self, d: np.ndarray, c: np.ndarray) -> np.ndarray:
        weights = self.context.weights
        points = self.fairness[c].copy()
        neighbourhood = self.d_neighbourhood[d]
        same_neighbourhood = (neighbourhood != ANY) & (self.c_neighbourhood[c] == neighbourhood)
        district, home = self.d_district[d], self.c_district[c]
        same_district = ~same_neighbourhood & (district != ANY) & (home == district)
        adjacent = (
            ~same_neighbourhood
            & ~same_district
            & (district != ANY)
            & (home != ANY)
            & self.adjacency[np.maximum(district, 0), np.maximum(home, 0)]
        )
        points += weights.same_neighbourhood * same_neighbourhood
        points += weights.same_district * same_district
        points += weights.adjacent_district * adjacent
        activity = self.d_activity[d]
        if len(self.experience_keys):
            keys = pair_key(c, activity)
            at = np.minimum(
                np.searchsorted(self.experience_keys, keys), len(self.experience_keys) - 1
            )
            done = np.where(
                (activity != ANY) & (self.experience_keys[at] == keys),
                self.experience_counts[at],
                0,
            )
            points += np.where(
                done > 0, np.minimum(weights.experience_max, done * weights.experience_each), 0
            )
        recipient = self.d_recipient[d]
        points += weights.familiar * (
            (recipient != ANY) & member(self.familiar_keys, pair_key(c, recipient))
        )
        shared = np.bitwise_count(self.d_preferred_languages[d] & self.c_languages[c])
        points += weights.preferred_each * shared.sum(axis=1, dtype=np.int64)
        preferred = self.d_preferred_gender[d]
        points += weights.preferred_each * ((preferred != 0) & (preferred == self.c_gender[c]))
        for t in self.trainings:
            asked = self.d_preferred_training[t][d]
            points += weights.preferred_each * (asked & (self.expiry[t][c] >= self.last[d]))
        return points

    # Every allowed pair

    def pools(self):
        """Candidate indices by (district, activity), either of them ANY: the first four
        constraints (active, capacity left, district, activity) met by construction."""
        index = {}
        for c, x in enumerate(self.candidates):
            if not x.active or x.capacity_left <= 0:
                continue
            districts = {self.districts(d) for d in {*x.goes_to, x.district} if d is not None}
            activities = {self.activities(a) for a in x.activities}
            for district in (*districts, ANY):
                for activity in (*activities, ANY):
                    index.setdefault((district, activity), []).append(c)
        return {key: np.array(members, dtype=np.int64) for key, members in index.items()}

    def edges(self):
        pools = self.pools()
        empty = np.zeros(0, dtype=np.int64)
        parts_d, parts_c, parts_s = [], [], []
        chunk_d, chunk_c, size = [], [], 0

        def flush():
            d, c = np.concatenate(chunk_d), np.concatenate(chunk_c)
            for constraint in CONSTRAINTS[4:]:
                keep = self.passes(constraint, d, c)
                d, c = d[keep], c[keep]
            parts_d.append(d)
            parts_c.append(c)
            parts_s.append(self.score(d, c))

        for i in range(len(self.demands)):
            if not self.dates[i]:
                continue
            pool = pools.get((int(self.d_district[i]), int(self.d_activity[i])), empty)
            if not len(pool):
                continue
            chunk_d.append(np.full(len(pool), i, dtype=np.int64))
            chunk_c.append(pool)
            size += len(pool)
            if size >= CHUNK_PAIRS:
                flush()
                chunk_d, chunk_c, size = [], [], 0
        if chunk_d:
            flush()
        if not parts_d:
            return empty, empty.copy(), empty.copy()
        return np.concatenate(parts_d), np.concatenate(parts_c), np.concatenate(parts_s)
