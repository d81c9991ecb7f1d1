"""Keeping the index in step with the readings table."""

import logging

from wagtail.search import index
from wagtail.search.backends import get_search_backend

from .readings import invalidate

logger = logging.getLogger(__name__)

# At most this many objects are re-indexed when a reading changes; `update_index` does all.
REINDEX_LIMIT = 500


def reindex_containing(word):
    """Re-index what contains a word, so that its new or changed reading is searchable."""
    backend = get_search_backend()
    for model in index.get_indexed_models():
        if model._meta.parents or model._meta.label == "sitesearch.Reading":
            continue
        results = backend.search(word, model, order_by_relevance=False)[:REINDEX_LIMIT]
        for obj in results:
            index.insert_or_update_object(getattr(obj, "specific", obj))


def reading_changed(sender, instance, **kwargs):
    invalidate()
    reindex_containing(instance.word)
