"""The site search page (/search/?q=) and its suggestions (/search/suggest/?q=)."""

import logging
import unicodedata

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from . import ranking, text
from .registry import MAX_PER_KIND, contributions, run_contribution

logger = logging.getLogger(__name__)

PER_PAGE = 10
PREVIEW_PER_GROUP = 5
SUGGESTIONS = 8


def clean_query(raw):
    """The query as shown back and searched: no control characters, surrogates or long runs."""
    kept = []
    for char in str(raw or "")[: text.MAX_QUERY_CHARS * 2]:
        category = unicodedata.category(char)
        if category in {"Cc", "Cs", "Co", "Cn"} or char == "\ufffd":
            kept.append(" ")
        elif category == "Cf":
            continue
        else:
            kept.append(char)
    return " ".join("".join(kept).split())[: text.MAX_QUERY_CHARS]


class Group:
    def __init__(self, key, label):
        self.key = key
        self.label = label
        self.results = []
        # True when the contribution had more matches than it listed (MAX_PER_KIND).
        self.more = False

    @property
    def count(self):
        return len(self.results)

    @property
    def best(self):
        return self.results[0].score if self.results else 0

    @property
    def preview(self):
        return self.results[:PREVIEW_PER_GROUP]


def run_search(query, language_code, limit=MAX_PER_KIND):
    """Every contribution's matches for a query (at most limit of each kind), grouped by kind
    and ranked, best group first."""
    groups = {}
    overall = 0
    for contribution in contributions():
        try:
            hits, total = run_contribution(contribution, query, language_code, limit)
        except Exception:
            # One kind failing (a plugin's bug) leaves the others; the query is not logged.
            logger.exception("Search contribution %s failed", contribution.kind)
            continue
        touched = set()
        for position, hit in enumerate(hits):
            key = hit.group or contribution.kind
            group = groups.get(key)
            if group is None:
                group = groups[key] = Group(key, hit.group_label or contribution.label)
            touched.add(key)
            group.results.append(
                ranking.Candidate(
                    item=hit,
                    title=hit.title,
                    body=hit.text,
                    when=hit.when,
                    engine_position=position,
                )
            )
        overall += total
        if total > len(hits):
            for key in touched:
                groups[key].more = True
    today = timezone.localdate()
    for group in groups.values():
        group.results = ranking.rank(group.results, query, today)
    return sorted(groups.values(), key=lambda group: -group.best), overall


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    selected_key = str(request.GET.get("kind", ""))[:100]
    groups, total = run_search(query, get_language()) if text.query_words(query) else ([], 0)
    selected = next((group for group in groups if group.key == selected_key), None)
    page_obj = None
    if selected is not None:
        page_obj = Paginator(selected.results, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        # The search forms' own value: other pages' "query" is their filters' query string.
        "search_query": query,
        "searched": bool(query),
        "groups": groups,
        "total": total,
        "selected": selected,
        "page_obj": page_obj,
    }
    return render(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Titles that match what has been typed so far, for the search box's suggestion list."""
    query = clean_query(request.GET.get("q", ""))
    suggestions = []
    if len(text.normalize(query).strip()) >= 2 and text.query_words(query):
        groups, _total = run_search(query, get_language(), limit=SUGGESTIONS)
        candidates = [(candidate, group) for group in groups for candidate in group.results]
        candidates.sort(key=lambda pair: -pair[0].score)
        for candidate, group in candidates[:SUGGESTIONS]:
            suggestions.append(
                {"title": candidate.title, "url": candidate.item.url, "kind": str(group.label)}
            )
    return JsonResponse({"query": query, "suggestions": suggestions})
