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
from django.db.models import CharField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.encoding import force_str

from wagtail.models import Page

from modelsearch import index as search_index
from modelsearch.backends.base import EmptySearchResults
from modelsearch.conf import get_app_config
from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase, PlainText, SearchQuery
from modelsearch.utils import get_descendants_content_types_pks

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
        if issubclass(model, Page):
            from .pages import store_indexed_texts

            store_indexed_texts([obj for obj in objs if type(obj) is obj.specific_class])


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
# Up to this many matches, a query's matches are ordered by the engine's score (bm25,
# ts_rank); past it, newest first (title matches first in both). Scoring costs ~10 µs a
# match, a common word matches thousands, and /search/ re-ranks the best 100 anyway
# (kokoron.search.ranking).
SCORE_LIMIT = 1_000
INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


class _NotRanked(Exception):
    """The query has a part (Not, MatchAll, prefix words) that Wagtail's own path handles."""


class RankedResultsMixin:
    """Relevance order computed in the database, one window of results at a time.

    Wagtail's database backends score every match (on SQLite with a correlated subquery per
    row), so a word found in most of 20,000 pages took seconds. Here a query of the kind that
    /search/ and the admin send (words as phrases, AND or OR) runs as:

    - one for the requested window, title matches first, then newest first, which also
      counts the matches that the queryset allows (count(*) OVER ()); when there are at most
      SCORE_LIMIT, a second query orders them by the engine's score instead (cheap then).
      SQLite counts first and takes a large window without sorting every match
      (RankedSQLiteResultsMixin._newest_window);
    - one loading the objects of that window.

    The queryset's restrictions (language, live, section...) are a condition on each match,
    so no match is lost. Anything else (Not, MatchAll, .search(fields=...), no relevance
    order, autocomplete) goes through Wagtail's own path. Subclasses give the engine's SQL:
    _match_sql().
    """

    def _ranked_applicable(self):
        compiler = self.query_compiler
        if not compiler.order_by_relevance or compiler.fields is not None:
            return False
        if type(compiler) is not self.backend.query_compiler_class:
            return False  # autocomplete: prefix words
        try:
            self._match_sql()
        except _NotRanked:
            return False
        return True

    def _from_where(self, titles=False):
        """(SQL from FROM to the end of WHERE, params, match details) of the allowed matches;
        with titles, of those with every word in their title (a subset: a word in the title
        is in the title or the body), found from the title's own match."""
        compiler = self.query_compiler
        cached = getattr(compiler, "_kokoron_from_where", None)
        if cached is None:
            match = self._match_sql()
            entry = get_app_config().get_model("IndexEntry")._meta.db_table
            content_types = get_descendants_content_types_pks(compiler.queryset.model)
            allowed_sql, allowed_params = self._allowed_condition(compiler.queryset.order_by())
            placeholders = ", ".join(["%s"] * len(content_types)) or "NULL"
            rest = f"AND e.content_type_id IN ({placeholders}) AND {allowed_sql}"
            cached = compiler._kokoron_from_where = (
                match,
                f"FROM {match['from'].format(entry=entry)} WHERE ",
                rest,
                [*content_types, *allowed_params],
            )
        match, start, rest, rest_params = cached
        where, where_params = (
            (match["title_where"], match["in_title_params"])
            if titles
            else (match["where"], match["where_params"])
        )
        return f"{start}{where} {rest}", [*where_params, *rest_params], match

    def _allowed_condition(self, queryset):
        """SQL condition (and params) that the match's entry `e` is an object of queryset."""
        allowed = queryset.annotate(_kokoron_object_id=Cast("pk", CharField(max_length=50))).values(
            "_kokoron_object_id"
        )
        sql, params = allowed.query.sql_with_params()
        return f"e.object_id IN ({sql})", params

    def _cursor(self):
        return connections[self.query_compiler.queryset.db].cursor()

    def _total(self):
        compiler = self.query_compiler
        total = getattr(compiler, "_kokoron_total", None)
        if total is None:
            sql, params, _match = self._from_where()
            with self._cursor() as cursor:
                cursor.execute(f"SELECT count(*) {sql}", params)
                total = compiler._kokoron_total = cursor.fetchone()[0]
        return total

    def _ids(self, query, params):
        with self._cursor() as cursor:
            cursor.execute(query, params)
            return [row[0] for row in cursor.fetchall()]

    def _window(self, start, stop):
        """[(object id, score)] of the allowed matches from start to stop, best first.

        Title matches first; then, when there are at most SCORE_LIMIT matches, by the
        engine's score (cheap for so few), else newest first (_newest_window).
        """
        sql, params, match = self._from_where()
        if stop is not None and stop <= start:
            return []
        total = getattr(self.query_compiler, "_kokoron_total", None)
        if total is None or total > SCORE_LIMIT:
            rows = self._newest_window(start, stop)
            if self._total() > SCORE_LIMIT:
                return rows
        order = "DESC" if match["descending"] else "ASC"
        query = (
            f"SELECT e.object_id, {match['score']} AS kokoron_score {sql} "
            f"ORDER BY ({match['in_title']}) DESC, kokoron_score {order}, e.id DESC"
        )
        query_params = [*match["score_params"], *params, *match["in_title_params"]]
        with self._cursor() as cursor:
            cursor.execute(*_limited(query, query_params, self._limit(start, stop, match)))
            return [(object_id, score) for object_id, score in cursor.fetchall()]

    def _newest_window(self, start, stop):
        """The window in the unscored order (title matches first, then newest first), with
        the count of every match in the same query (count(*) OVER ())."""
        sql, params, match = self._from_where()
        query = (
            f"SELECT e.object_id, count(*) OVER () {sql} "
            f"ORDER BY ({match['in_title']}) DESC, e.id DESC"
        )
        query_params = [*params, *match["in_title_params"]]
        with self._cursor() as cursor:
            cursor.execute(*_limited(query, query_params, self._limit(start, stop, match)))
            rows = cursor.fetchall()
        if rows:
            self.query_compiler._kokoron_total = rows[0][1]
        return [(object_id, 0.0) for object_id, _total in rows]

    @staticmethod
    def _limit(start, stop, match):
        if stop is None:
            return [f"{match['no_limit']} OFFSET %s", [start]]
        return ["%s OFFSET %s", [stop - start, start]]

    def _do_search(self):
        if not self._ranked_applicable():
            return super()._do_search()
        window = self._window(self.start, self.stop)
        queryset = self.query_compiler.queryset.order_by()
        to_pk = queryset.model._meta.pk.to_python
        keys = [(to_pk(object_id), score) for object_id, score in window]
        objects = queryset.in_bulk([pk for pk, _score in keys])
        results = []
        for pk, score in keys:
            obj = objects.get(pk)
            if obj is not None:
                if self._score_field:
                    setattr(obj, self._score_field, float(score))
                results.append(obj)
        return results

    def _do_count(self):
        if not self._ranked_applicable():
            return super()._do_count()
        count = self._total()
        return max(0, min(count - self.start, (self.stop or count) - self.start))


def _limited(query, params, limit):
    return f"{query} LIMIT {limit[0]}", [*params, *limit[1]]


def _check_words_only(query):
    """Raise _NotRanked unless the query is words (phrases) combined with AND and OR."""
    if isinstance(query, And | Or):
        for part in query.subqueries:
            _check_words_only(part)
    elif not isinstance(query, Phrase):
        raise _NotRanked


class RankedSQLiteResultsMixin(RankedResultsMixin):
    """SQLite FTS5: MATCH against the FTS table, scored by bm25() with the title counting more."""

    def _match_string(self, columns):
        from modelsearch.backends.database.sqlite.query import MatchExpression

        compiler = self.query_compiler
        search_query = compiler.build_search_query(
            compiler.query, config=compiler.get_config(self.backend)
        )
        match = MatchExpression(columns, search_query)
        fts_model = self._fts_model()
        connection = connections[compiler.queryset.db]
        sql_compiler = fts_model.objects.all().query.get_compiler(connection=connection)
        _template, (match_string,) = match.as_sql(sql_compiler, connection)
        return match_string

    @staticmethod
    def _fts_model():
        return get_app_config().get_model("SQLiteFTSIndexEntry")

    def _allowed_condition(self, queryset):
        """For integer keys, one primary-key lookup per match instead of the IN list of every
        allowed object (SQLite built the whole list, 20,000 pages, for each query: most of a
        search's time). SQLite's CAST never fails, and the content-type condition beside it
        keeps other models' entries, whose keys may not be numbers, out."""
        pk = queryset.model._meta.pk
        if pk.get_internal_type() not in INTEGER_KEYS:
            return super()._allowed_condition(queryset)
        allowed = queryset.filter(pk=RawSQL("CAST(e.object_id AS INTEGER)", [])).values("pk")
        sql, params = allowed.query.sql_with_params()
        return f"EXISTS ({sql})", params

    def _newest_window(self, start, stop):
        """Counted first (the scored order follows when there are few); else the window from
        the title matches, then from the others, each in the FTS table's own rowid order, so
        that SQLite stops at the window's end instead of sorting every match."""
        if self._total() <= SCORE_LIMIT:
            return []
        sql, params, match = self._from_where()
        title_sql, title_params, _match = self._from_where(titles=True)
        with self._cursor() as cursor:
            cursor.execute(f"SELECT count(*) {title_sql}", title_params)
            titles = cursor.fetchone()[0]
        ids = []
        if start < titles:
            query = f"SELECT e.object_id {title_sql} ORDER BY {match['newest']}"
            end = titles if stop is None else min(stop, titles)
            ids += self._ids(*_limited(query, title_params, self._limit(start, end, match)))
        if stop is None or stop > titles:
            query = (
                f"SELECT e.object_id {sql} AND NOT ({match['in_title']}) ORDER BY {match['newest']}"
            )
            first = max(0, start - titles)
            end = None if stop is None else stop - titles
            query_params = [*params, *match["in_title_params"]]
            ids += self._ids(*_limited(query, query_params, self._limit(first, end, match)))
        return [(object_id, 0.0) for object_id in ids]

    def _match_sql(self):
        _check_words_only(self.query_compiler.query)
        fts = self._fts_model()._meta.db_table
        return {
            # CROSS JOIN: SQLite then always starts from the FTS matches, never from every entry
            # of the content types (which it chose for a bare count).
            "from": f"{fts} CROSS JOIN {{entry}} e ON e.id = {fts}.rowid",
            "where": f"{fts} MATCH %s",
            "title_where": f"{fts} MATCH %s",
            "where_params": [self._match_string(self.query_compiler.FTS_TABLE_FIELDS)],
            # Weights of the FTS5 columns (autocomplete, body, title); lower is better.
            "score": f"bm25({fts}, 0.0, 1.0, {TITLE_WEIGHT})",
            "score_params": [],
            "descending": False,
            # The unary + keeps SQLite from looking the title matches up in the FTS table one
            # rowid at a time (each lookup a whole MATCH again).
            "in_title": f"+{fts}.rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)",
            # Newest first in the order the FTS table gives its rows: no sort, and the engine
            # stops at the window's end.
            "newest": f"{fts}.rowid DESC",
            "in_title_params": [self._match_string(["title"])],
            "no_limit": "-1",
        }


class RankedPostgresResultsMixin(RankedResultsMixin):
    """PostgreSQL: each word matched in the title or the body tsvector (so that their GIN
    indexes serve it), scored by ts_rank as Wagtail scores (title * title_norm + body)."""

    def _match_sql(self):
        from modelsearch.backends.database.postgres.weights import get_sql_weights

        query = self.query_compiler.query
        _check_words_only(query)
        config = self.query_compiler.get_config(self.backend) or "simple"
        where, where_params = _pg_condition(query, config)
        tsquery, tsquery_params = _pg_tsquery(query, config)
        weights = get_sql_weights()
        return {
            "from": "{entry} e",
            "where": where,
            "where_params": where_params,
            "score": (
                f"ts_rank(%s::float4[], e.title, {tsquery}) * e.title_norm"
                f" + ts_rank(%s::float4[], e.body, {tsquery})"
            ),
            "score_params": [weights, *tsquery_params, weights, *tsquery_params],
            "descending": True,
            "in_title": f"e.title @@ {tsquery}",
            "in_title_params": tsquery_params,
            "no_limit": "ALL",
        }


def _pg_tsquery(query, config):
    """SQL of the tsquery of words (phrases) combined with AND and OR."""
    if isinstance(query, Phrase):
        return "phraseto_tsquery(%s::regconfig, %s)", [config, query.query_string]
    parts = [_pg_tsquery(part, config) for part in query.subqueries]
    operator = " && " if isinstance(query, And) else " || "
    return (
        "(" + operator.join(sql for sql, _params in parts) + ")",
        [param for _sql, params in parts for param in params],
    )


def _pg_condition(query, config):
    """WHERE condition: each word in the title or in the body, combined as the query says."""
    if isinstance(query, Phrase):
        tsquery, params = _pg_tsquery(query, config)
        return f"(e.title @@ {tsquery} OR e.body @@ {tsquery})", [*params, *params]
    parts = [_pg_condition(part, config) for part in query.subqueries]
    operator = " AND " if isinstance(query, And) else " OR "
    return (
        "(" + operator.join(sql for sql, _params in parts) + ")",
        [param for _sql, params in parts for param in params],
    )


@cache
def japanese_backend_class(base_class):
    index_class = type(
        f"Japanese{base_class.index_class.__name__}",
        (TokenizingIndexMixin, base_class.index_class),
        {},
    )
    attributes = {"index_class": index_class}
    ranked = {
        "SQLiteSearchBackend": RankedSQLiteResultsMixin,
        "PostgresSearchBackend": RankedPostgresResultsMixin,
    }.get(base_class.__name__)
    if ranked is not None:
        attributes["results_class"] = type(
            f"Ranked{base_class.results_class.__name__}", (ranked, base_class.results_class), {}
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
