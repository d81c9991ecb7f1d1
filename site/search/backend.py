"""A Wagtail search backend that understands Japanese, over Wagtail's own database backends.

Configure it as WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "kokoron.search.backend"}}.
It picks Wagtail's database backend for the database in use (SQLite FTS5, PostgreSQL, the
fallback elsewhere) and changes two things only:

- indexing: every value of every search field of every indexed model (pages, snippets,
  images, documents, the plugins' models) is stored as the tokens of kokoron.search.text
  (normalised, Japanese runs as bigrams) followed by the readings of known words
  (kokoron.search.readings), so both engines index words they can match;
- querying: a query (a string, or the query objects Wagtail's admin builds) becomes the same
  tokens: each word a phrase, words AND-combined; nothing the user typed ever reaches the
  engine's query syntax.

Ranking, scores, filters and the admin's search work as Wagtail's do. After switching an
existing site to this backend, run `manage.py update_index` once.
"""

import copy
from functools import cache

from django.db import connection
from django.utils.encoding import force_str

from modelsearch import index as search_index
from modelsearch.backends.base import EmptySearchResults
from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase, PlainText, SearchQuery

from . import text


def flatten(value):
    """A field's searchable value as one string, as Wagtail's indexers join it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return " ".join(flatten(item) for item in value)
    if isinstance(value, dict):
        return " ".join(flatten(item) for item in value.values())
    return force_str(value)


def indexed_value(value):
    """What the index stores for a field value: tokens, then the readings of known words."""
    from .readings import readings_for

    raw = flatten(value)
    if not raw:
        return ""
    tokens = text.index_text(raw)
    readings = readings_for(raw)
    return f"{tokens} {text.index_text(readings)}" if readings else tokens


class _TokenizingField:
    """Mixed into a copy of a search field: its value is indexed as tokens."""

    def get_value(self, obj):
        # Wagtail's indexers ask for each value up to three times (title, body, autocomplete).
        cache = getattr(obj, "_search_values", None)
        if cache is not None and id(self) in cache:
            return cache[id(self)]
        value = indexed_value(super().get_value(getattr(obj, "_search_original", obj)))
        if cache is not None:
            cache[id(self)] = value
        return value


class _TokenizingRelatedFields:
    def get_value(self, obj):
        return super().get_value(getattr(obj, "_search_original", obj))


@cache
def _tokenizing_class(field_class):
    mixin = (
        _TokenizingRelatedFields
        if issubclass(field_class, search_index.RelatedFields)
        else _TokenizingField
    )
    return type(f"Tokenizing{field_class.__name__}", (mixin, field_class), {})


def tokenizing_fields(fields):
    wrapped = []
    for field in fields:
        if isinstance(field, search_index.FilterField):
            wrapped.append(field)
            continue
        clone = copy.copy(field)
        clone.__class__ = _tokenizing_class(type(field))
        if isinstance(field, search_index.RelatedFields):
            clone.fields = tokenizing_fields(field.fields)
        wrapped.append(clone)
    return wrapped


class _IndexedObject:
    """What Wagtail's indexers see of an object: its pk, and search fields that tokenize."""

    def __init__(self, obj, fields):
        self._search_original = obj
        self._search_values = {}
        self.pk = obj.pk
        self._fields = fields

    def get_search_fields(self):
        return self._fields


class TokenizingIndexMixin:
    def add_items(self, model, objs):
        fields = tokenizing_fields(model.get_search_fields())
        super().add_items(model, [_IndexedObject(obj, fields) for obj in objs])


def _phrase(tokens):
    return Phrase(" ".join(tokens))


def convert_query(query, prefix_last=False, operator="and"):
    """A user's query (string or Wagtail query object) as tokens; None when nothing is left."""
    if isinstance(query, MatchAll):
        return query
    if isinstance(query, str | PlainText):
        string = query if isinstance(query, str) else query.query_string
        if isinstance(query, PlainText):
            operator = str(query.operator).lower()
        words = text.query_words(string)
        if not words:
            return None
        parts = [_phrase(tokens) for tokens in words]
        last = words[-1]
        if prefix_last and len(last) == 1:
            # Suggestions: the last word may be half typed ("volun", "ぼ").
            parts[-1] = PlainText(last[0])
        if len(parts) == 1:
            return parts[0]
        return Or(parts) if operator == "or" else And(parts)
    if isinstance(query, Phrase):
        tokens = text.phrase_tokens(query.query_string)[: text.MAX_QUERY_CHARS]
        return _phrase(tokens) if tokens else None
    if isinstance(query, And | Or):
        parts = [convert_query(part, prefix_last, operator) for part in query.subqueries]
        parts = [part for part in parts if part is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else type(query)(parts)
    if isinstance(query, Not):
        inner = convert_query(query.subquery, prefix_last, operator)
        return Not(inner) if inner is not None else None
    if isinstance(query, Boost):
        inner = convert_query(query.subquery, prefix_last, operator)
        return Boost(inner, query.boost) if inner is not None else None
    if isinstance(query, SearchQuery):
        # Fuzzy and anything newer: searched as plain words.
        return convert_query(getattr(query, "query_string", ""), prefix_last, operator)
    return None


class JapaneseSearchMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        prefix_last = query_compiler_class is self.autocomplete_query_compiler_class
        operator = str(kwargs.get("operator") or "and").lower()
        converted = convert_query(query, prefix_last=prefix_last, operator=operator)
        if converted is None:
            return EmptySearchResults()
        return super()._search(query_compiler_class, converted, model_or_queryset, **kwargs)


@cache
def japanese_backend_class(base_class):
    index_class = type(
        f"Japanese{base_class.index_class.__name__}",
        (TokenizingIndexMixin, base_class.index_class),
        {},
    )
    return type(
        f"Japanese{base_class.__name__}",
        (JapaneseSearchMixin, base_class),
        {"index_class": index_class},
    )


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """The Japanese-aware backend over the database backend that fits the connection."""
    from wagtail.search.backends.database import SearchBackend as database_backend

    base = database_backend(params)
    params = dict(params)
    if connection.vendor == "postgresql":
        # The same tokens on both engines: no stemming or stop words on top of ours.
        params.setdefault("SEARCH_CONFIG", "simple")
    return japanese_backend_class(type(base))(params)
