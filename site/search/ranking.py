"""How search results are ordered. No Django here.

The engines' own score (BM25 on SQLite, ts_rank on PostgreSQL) knows nothing of what the
tokens were, so results are re-ranked here: title over body, a whole word over part of a
longer one, and newer dated items (news, newsletters) a little higher.
"""

import math
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from .text import normalize, query_terms

# Only the start of a long body is looked at for ranking.
BODY_CHARS = 3000
# Folded titles and bodies kept per process: the same results come back query after query.
FOLDED_CACHE = 4096

PARTICLES = frozenset("のをにがはとでへやもか")

TITLE_ALL_TERMS = 10.0
TITLE_SOME_TERMS = 4.0
TITLE_EXACT = 6.0
WHOLE_WORD_TITLE = 4.0
WHOLE_WORD_BODY = 1.5
BODY_ALL_TERMS = 2.0
RECENCY_MAX = 1.5
RECENCY_HALF_LIFE_DAYS = 180
ENGINE_ORDER = 0.5


def _script(char):
    code = ord(char)
    if 0x3040 <= code <= 0x309F:
        return "hiragana"
    if 0x30A0 <= code <= 0x30FF:
        return "katakana"
    if unicodedata.category(char).startswith("L") or char.isdigit():
        return "kanji" if code >= 0x3400 else "latin"
    return None


def _is_boundary(text, index, edge_char):
    """Whether position index (just outside a match) ends a word next to edge_char."""
    if index < 0 or index >= len(text):
        return True
    char = text[index]
    script = _script(char)
    if script is None:
        return True
    if char in PARTICLES and _script(edge_char) != "hiragana":
        return True
    return script != _script(edge_char)


def has_whole_word(folded, term):
    """Whether a term appears in folded text as a word of its own, not inside a longer one."""
    start = folded.find(term)
    while start != -1:
        end = start + len(term)
        if _is_boundary(folded, start - 1, term[0]) and _is_boundary(folded, end, term[-1]):
            return True
        start = folded.find(term, start + 1)
    return False


@dataclass
class Candidate:
    item: object
    title: str
    body: str = ""
    when: date | datetime | None = None
    engine_position: int = 0
    score: float = 0.0


@lru_cache(maxsize=FOLDED_CACHE)
def _folded(text):
    return normalize(text)


def score(candidate, terms, today):
    title = _folded(candidate.title or "")
    body = _folded((candidate.body or "")[:BODY_CHARS])
    value = 0.0
    if terms:
        in_title = [term for term in terms if term in title]
        if len(in_title) == len(terms):
            value += TITLE_ALL_TERMS
        elif in_title:
            value += TITLE_SOME_TERMS * len(in_title) / len(terms)
        if title.strip() == " ".join(terms):
            value += TITLE_EXACT
        value += WHOLE_WORD_TITLE * sum(has_whole_word(title, t) for t in terms) / len(terms)
        value += WHOLE_WORD_BODY * sum(has_whole_word(body, t) for t in terms) / len(terms)
        if all(term in body for term in terms):
            value += BODY_ALL_TERMS
    when = candidate.when
    if isinstance(when, datetime):
        when = when.date()
    if isinstance(when, date):
        age = max(0, (today - when).days)
        value += RECENCY_MAX * math.pow(0.5, age / RECENCY_HALF_LIFE_DAYS)
    value += ENGINE_ORDER / (1 + candidate.engine_position)
    return value


def rank(candidates, query, today):
    """The candidates, best first; each gets its score."""
    terms = query_terms(query)
    for candidate in candidates:
        candidate.score = score(candidate, terms, today)
    return sorted(candidates, key=lambda candidate: -candidate.score)
