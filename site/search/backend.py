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

from django.db import connection, connections
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


# How much more a match in the title counts than one in the body (SQLite's bm25 weights).
TITLE_WEIGHT = 2.0
# Past this many matches only the title matches are scored (see _ordered_object_ids).
BM25_LIMIT = 2_000


class RankedSQLiteResultsMixin:
    """Relevance ordering on SQLite in two plain queries instead of Wagtail's correlated one.

    Wagtail's SQLite backend scores each result with a subquery that runs the full-text match
    again per row: a word found in 1,500 of 20,000 pages took 27 s. Here one FTS5 query gives
    every match with its score, one query keeps those the queryset allows (language, live,
    section), and only the requested slice of objects is loaded.
    """

    def _ranked_applicable(self):
        from modelsearch.backends.database.sqlite.query import normalize

        compiler = self.query_compiler
        if not compiler.order_by_relevance:
            return False
        normalized = normalize(compiler.query)
        return not isinstance(normalized, MatchAll | Not) and type(normalized).__name__ != "AndNot"

    def _fts_matches(self):
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.conf import get_app_config
        from modelsearch.utils import get_descendants_content_types_pks

        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        search_query = compiler.build_search_query(normalize(compiler.query), config=config)
        columns = compiler.fields or compiler.FTS_TABLE_FIELDS
        match = MatchExpression(columns, search_query)
        fts_model = get_app_config().get_model("SQLiteFTSIndexEntry")
        content_types = get_descendants_content_types_pks(compiler.queryset.model)
        return fts_model, match, columns, content_types

    def _sql_parts(self, columns_override=None):
        fts_model, match, columns, content_types = self._fts_matches()
        if columns_override is not None:
            from modelsearch.backends.database.sqlite.query import MatchExpression

            match = MatchExpression(columns_override, match.query)
        connection = connections[self.query_compiler.queryset.db]
        sql_compiler = fts_model.objects.all().query.get_compiler(connection=connection)
        _template, (match_string,) = match.as_sql(sql_compiler, connection)
        fts = fts_model._meta.db_table
        entry = fts_model._meta.get_field("index_entry").related_model._meta.db_table
        placeholders = ", ".join(["%s"] * len(content_types)) or "NULL"
        where = (
            f"FROM {fts} JOIN {entry} e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND e.content_type_id IN ({placeholders})"
        )
        return connection, fts, columns, where, [match_string, *content_types]

    def _ordered_object_ids(self):
        """{object id: score} of every match, best first: bm25 with the title counting double.

        Scoring a match costs about 10 µs; past BM25_LIMIT matches only the matches in the
        title are scored and come first, then the others, newest first.
        """
        connection, fts, columns, where, params = self._sql_parts()
        # bm25 weights of the FTS5 columns (autocomplete, body, title).
        weights = "1.0, 0.0, 0.0" if "autocomplete" in columns else f"0.0, 1.0, {TITLE_WEIGHT}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {where}", params)
            total = cursor.fetchone()[0]
            if total <= BM25_LIMIT or "title" not in columns or len(columns) == 1:
                cursor.execute(
                    f"SELECT e.object_id, bm25({fts}, {weights}) AS score {where} ORDER BY score",
                    params,
                )
                rows = cursor.fetchall()
            else:
                _c, _f, _cols, title_where, title_params = self._sql_parts(["title"])
                cursor.execute(
                    f"SELECT e.object_id, bm25({fts}, {weights}) AS score {title_where} "
                    "ORDER BY score",
                    title_params,
                )
                rows = cursor.fetchall()
                cursor.execute(f"SELECT e.object_id, 0.0 {where} ORDER BY {fts}.rowid DESC", params)
                rows += cursor.fetchall()
        scores = {}
        for object_id, score in rows:
            scores.setdefault(str(object_id), score)
        return scores

    def _allowed_matches(self):
        """The queryset restricted to the matches (one query; the FTS5 match is a subquery)."""
        fts_model, match, _columns, content_types = self._fts_matches()
        matches = fts_model.objects.filter(match).filter(
            index_entry__content_type__in=content_types
        )
        return self.query_compiler.queryset.order_by().filter(
            pk__in=matches.values("index_entry__object_id")
        )

    def _ranked(self):
        """[(score, pk)] of every match the queryset allows, best first."""
        compiler = self.query_compiler
        ranked = getattr(compiler, "_kokoron_ranked", None)
        if ranked is None:
            scores = self._ordered_object_ids()
            order = {object_id: position for position, object_id in enumerate(scores)}
            allowed = self._allowed_matches().values_list("pk", flat=True)
            ranked = sorted(
                ((scores[str(pk)], pk) for pk in allowed if str(pk) in scores),
                key=lambda pair: order[str(pair[1])],
            )
            compiler._kokoron_ranked = ranked
        return ranked

    def _do_search(self):
        if not self._ranked_applicable():
            return super()._do_search()
        window = self._ranked()[self.start : self.stop]
        objects = self.query_compiler.queryset.order_by().in_bulk([pk for _score, pk in window])
        results = []
        for score, pk in window:
            obj = objects.get(pk)
            if obj is not None:
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
        return results

    def _do_count(self):
        if not self._ranked_applicable():
            return super()._do_count()
        count = len(self._ranked())
        return max(0, min(count - self.start, (self.stop or count) - self.start))


@cache
def japanese_backend_class(base_class):
    index_class = type(
        f"Japanese{base_class.index_class.__name__}",
        (TokenizingIndexMixin, base_class.index_class),
        {},
    )
    attributes = {"index_class": index_class}
    if base_class.__name__ == "SQLiteSearchBackend":
        attributes["results_class"] = type(
            "RankedSQLiteSearchResults", (RankedSQLiteResultsMixin, base_class.results_class), {}
        )
    return type(f"Japanese{base_class.__name__}", (JapaneseSearchMixin, base_class), attributes)


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """The Japanese-aware backend over the database backend that fits the connection."""
    from wagtail.search.backends.database import SearchBackend as database_backend

    base = database_backend(params)
    params = dict(params)
    if connection.vendor == "postgresql":
        # The same tokens on both engines: no stemming or stop words on top of ours.
        params.setdefault("SEARCH_CONFIG", "simple")
    return japanese_backend_class(type(base))(params)
