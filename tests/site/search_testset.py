"""The Japanese search test set: realistic welfare texts and queries with their expected results.

Used three ways: directly on kokoron.search.text (tests/site/test_search_text.py), through the
real Wagtail search backend on SQLite or PostgreSQL (tests/site/test_search_backend.py), and by
bench/search.py for recall and precision.

`expected` is the complete set of documents a resident would want for the query (so precision
can be measured), `must_not` the ones a careless method returns wrongly.

Measurements (evaluate() below over all 79 CASES on the 39 DOCS, micro-averaged; index time
of the 39 documents in pure Python):

    method                                                recall  precision  index
    whitespace/punctuation words (Wagtail's SQLite FTS5)   0.07     1.00      0.6 ms
    character bigrams after NFKC only                      0.71     0.98      1.8 ms
    Janome 0.5 (IPADIC): base forms and readings            0.68     0.98    390 ms
    Janome, folded like ours, words ANDed                  0.79     0.98    275 ms
    bigrams + folding + variants (kokoron.search.text)     1.00     0.99      3.2 ms

Since then (issue 16) the set also has queries that mix kanji or kana with digits or Latin
letters (第2水曜日, Ｂ型, 3丁目): on the 92 CASES and 41 DOCS, bigrams alone found none of
第2水曜日, 第2水曜, 第２水曜日, 第2 and Ｂ型 (recall 0.97); with the first and last character of
each Japanese run indexed too, recall is 1.00 and precision 0.99 again.

Janome misses where a word is segmented differently inside a compound than alone (社協 in
昭和区社協, 車いす, 相談 in そうだん) and indexes about 100 times slower; bigrams with kana, width
and variant folding find every expected result. Their one kind of false hit is a bigram that
spans two words (京都 inside 東京都, 区民 inside 昭和区民生委員): two of the cases.
"""

import json
from pathlib import Path

# The documents and the cases are kept in search_testset.json, beside this file.
_DATA = json.loads(Path(__file__).with_suffix(".json").read_text(encoding="utf-8"))
# (key, kind, title, body, reading, published as yyyy-mm-dd or "")
DOCS = [
    (d["key"], d["kind"], d["title"], d["body"], d["reading"], d["published"])
    for d in _DATA["docs"]
]
# (query, expected keys, must-not keys, what the case shows)
CASES = [(c["query"], set(c["expected"]), set(c["must_not"]), c["why"]) for c in _DATA["cases"]]


def evaluate(documents_matching):
    """Micro-averaged recall and precision of a search function over CASES.

    `documents_matching(query)` returns the set of keys of DOCS it finds.
    """
    relevant_found = relevant = found = 0
    misses = []
    for query, expected, _must_not, _why in CASES:
        result = set(documents_matching(query))
        relevant_found += len(result & expected)
        relevant += len(expected)
        found += len(result)
        if result != expected:
            misses.append((query, sorted(expected - result), sorted(result - expected)))
    recall = relevant_found / relevant if relevant else 1.0
    precision = relevant_found / found if found else 1.0
    return recall, precision, misses


def searchable_text(doc):
    """The text a document is indexed with: title, body and reading."""
    _key, _kind, title, body, reading, _published = doc
    return " ".join(part for part in (title, body, reading) if part)
