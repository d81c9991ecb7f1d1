"""Finding directory entries by words, Japanese-aware: the site search's contribution (/search/)
and the directory list's keyword.

Entries are matched with the site's own text handling (kokoron.search.text: width, kana and
notation variants folded, bigrams), so 車いす, 車椅子 and くるまいす find each other. The
database search index is not used: it keys rows by text ids, and services have UUIDs, which
SQLite stores in another form. Instead each process keeps the tokens of the active entries,
rebuilt when any entry changes (a few seconds for 10,000 entries, once).
"""

import threading
from dataclasses import dataclass

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kokoron.search import text
from kokoron.search.registry import MAX_PER_KIND, HitList, SearchContribution, SearchHit

from .listing import load_listing
from .models import Service, ServiceTranslation, Taxonomy


@dataclass(frozen=True)
class Entry:
    """An entry's tokens joined by spaces, with a space at each end, so that a phrase of
    consecutive tokens is a plain substring (the same rule as text.matches, done in C)."""

    pk: object
    names: str
    body: str


def _joined(value):
    return f" {' '.join(text.tokens(value))} "


_lock = threading.Lock()
_state = {"key": None, "entries": ()}


def _version():
    services = Service.objects.aggregate(count=Count("id"), changed=Max("last_modified"))
    translations = ServiceTranslation.objects.aggregate(count=Count("id"), last=Max("id"))
    return (services["count"], services["changed"], translations["count"], translations["last"])


def _build():
    extra = {}
    for service_id, name, description in ServiceTranslation.objects.values_list(
        "service_id", "name", "description"
    ):
        extra.setdefault(service_id, []).extend([name, description])
    entries = []
    rows = Service.objects.active().order_by("sort_name", "id")
    for pk, name, kana, description, eligibility, organization in rows.values_list(
        "id", "name", "name_kana", "description", "eligibility_description", "organization__name"
    ):
        names = " ".join([name, kana, *extra.get(pk, [])[::2]])
        body = " ".join([names, description, eligibility, organization, *extra.get(pk, [])])
        entries.append(Entry(pk, _joined(names), _joined(body)))
    return tuple(entries)


def entries():
    key = _version()
    with _lock:
        if _state["key"] == key:
            return _state["entries"]
    built = _build()
    with _lock:
        _state.update(key=key, entries=built)
    return built


def matching_ids(query):
    """Ids of the active entries that hold every word of the query: names first, then 五十音."""
    words = text.query_words(query)
    if not words:
        return []
    needles = [f" {' '.join(phrase)} " for phrase in words]
    in_name, elsewhere = [], []
    for entry in entries():
        if all(needle in entry.body for needle in needles):
            in_name_too = all(needle in entry.names for needle in needles)
            (in_name if in_name_too else elsewhere).append(entry.pk)
    return in_name + elsewhere


def find_services(query, language_code):
    ids = matching_ids(query)
    with translation.override(language_code):
        hits = []
        for service in load_listing(ids[:MAX_PER_KIND]):
            kinds = [t.display_name for t in service.terms_of(Taxonomy.KIND)]
            places = service.locations()
            district = places[0].school_district if places else None
            meta = [*kinds, district.display_name] if district else kinds
            hits.append(
                SearchHit(
                    title=service.display_name,
                    url=reverse("directory:service", kwargs={"pk": service.pk}),
                    text=text.excerpt(service.display_description, query),
                    meta=" · ".join(str(m) for m in meta),
                )
            )
        return HitList(hits, len(ids))


def contribution():
    return SearchContribution(
        kind="directory", label=_("Local resources"), search=find_services, order=50
    )
