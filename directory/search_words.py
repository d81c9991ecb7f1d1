"""The words a directory entry is found by, as two strings the database matches with LIKE.

Pure: no Django. Tokens come from the site's Japanese-aware text handling
(kokoron.search.text), joined by spaces with a space at each end, so that a phrase of
consecutive tokens is a plain substring (the rule of text.matches, done by the database).
"""

from kokoron.search import text


def joined_tokens(*values):
    return f" {' '.join(text.tokens(' '.join(v for v in values if v)))} "


def search_columns(service, organization, translations):
    """(names, everything) of an entry from plain values: the service's (name, kana,
    description, eligibility), its organisation's (name, kana) and its translations'
    (name, description) pairs. Names rank first; everything is what a keyword may match."""
    name, kana, description, eligibility = service
    translated_names = [pair[0] for pair in translations]
    translated_descriptions = [pair[1] for pair in translations]
    names = joined_tokens(name, kana, *translated_names)
    everything = joined_tokens(
        name,
        kana,
        *translated_names,
        description,
        eligibility,
        *organization,
        *translated_descriptions,
    )
    return names, everything


def needles(query):
    """One substring per word of the query; an entry matches when it holds all of them."""
    return [f" {' '.join(phrase)} " for phrase in text.query_words(query)]
