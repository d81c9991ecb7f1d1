"""What /search/ searches: the core's pages and whatever the plugins contribute.

A plugin contributes a kind of result through the SEARCH_HOOK of kokoron.plugins:

    from kokoron import plugins
    from kokoron.search.registry import SearchContribution, SearchHit, search_queryset

    @hooks.register(plugins.SEARCH_HOOK)
    def register_search():
        return SearchContribution(kind="services", label=_("Services"), search=find_services)

where find_services(query, language_code) returns SearchHits (title, url, text, date), best
first. search_queryset() runs a query through the site's search backend (Japanese-aware)
over any indexed queryset.

Speed: the caller takes at most `limit` hits of a contribution (MAX_PER_KIND on /search/,
a few for the suggestions as one types). A search function that accepts a keyword argument
`limit`, find_services(query, language_code, limit=MAX_PER_KIND), is given it and should
build no more hits than that (the costly part: loading objects, URLs, text); return a
HitList(hits, total) so the page still shows how many matches there are in all. Functions
without it are called as before and their hits cut to the limit.
"""

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import islice

from kokoron.plugins import SEARCH_HOOK, registered

# At most this many matches of one kind are ranked and shown.
MAX_PER_KIND = 100


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    text: str = ""
    when: date | datetime | None = None
    # Shown small above the title: a category, a district, a newsletter issue...
    meta: str = ""
    # A finer group than the contribution's kind (pages: news, newsletters, events...).
    group: str = ""
    group_label: str = ""


class HitList(list):
    """SearchHits, best first, that know how many matches there were in all (the list itself
    holds at most MAX_PER_KIND). A contribution may return a plain list or iterable instead."""

    def __init__(self, hits=(), total=None):
        super().__init__(hits)
        self.total = len(self) if total is None else max(total, len(self))


@dataclass(frozen=True)
class SearchContribution:
    kind: str
    label: str
    search: Callable[[str, str], Iterable[SearchHit]]
    order: int = 100
    extra: dict = field(default_factory=dict)


@cache
def _takes_limit(function):
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # a builtin or a callable without a signature
        return False
    return any(
        parameter.name == "limit" or parameter.kind is inspect.Parameter.VAR_KEYWORD
        for parameter in parameters
    )


def run_contribution(contribution, query, language_code, limit=MAX_PER_KIND):
    """A contribution's hits for a query (at most limit) and how many matches in all."""
    if _takes_limit(contribution.search):
        found = contribution.search(query, language_code, limit=limit) or []
    else:
        found = contribution.search(query, language_code) or []
    hits = list(islice(found, limit))
    total = getattr(found, "total", None) or len(hits)
    return hits, max(total, len(hits))


def search_queryset(queryset, query, limit=MAX_PER_KIND):
    """The objects of an indexed queryset that match a query, in the engine's order, and how
    many there are in all: (objects, total)."""
    results = queryset.search(query)
    objects = list(results[:limit])
    total = results.count() if len(objects) >= limit else len(objects)
    return objects, total


def contributions():
    """Every kind of result, the core's pages first, then the plugins' in their order."""
    from .pages import page_contributions

    found = [*page_contributions(), *registered(SEARCH_HOOK)]
    return sorted(
        (item for item in found if isinstance(item, SearchContribution)),
        key=lambda item: item.order,
    )
