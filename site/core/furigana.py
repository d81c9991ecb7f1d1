"""Furigana written the way Japanese editors write them, rendered as <ruby>.

    BAR社会福祉協議会《しゃかいふくしきょうぎかい》  the base runs from the bar to 《
    福祉《ふくし》                                   without it, the run of kanji before 《

where BAR is the full-width vertical bar (U+FF5C) of Japanese input methods.

Plain logic without Django, working on HTML: only text between tags changes, never a tag, an
attribute, or what a <textarea>, <script>, <style> or <title> holds.
"""

import re

KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〆ヵヶ"
# A reading or an explicit base: up to 40 characters on one line, no marks, no tags.
BAR = "\uff5c"
_PART = f"[^{BAR}《》<>\n]{{1,40}}"
NOTATION = re.compile(
    f"{BAR}(?P<base>{_PART})《(?P<reading>{_PART})》|(?P<kanji>[{KANJI}]+)《(?P<kana>{_PART})》"
)
TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
RAW_ELEMENTS = ("textarea", "script", "style", "title")


def _parts(match):
    return match.group("base") or match.group("kanji"), match.group("reading") or match.group(
        "kana"
    )


def _ruby(match):
    base, reading = _parts(match)
    return f"<ruby>{base}<rp>(</rp><rt>{reading}</rt><rp>)</rp></ruby>"


def ruby(text):
    """Text (HTML-escaped, without tags) with every reading as <ruby>."""
    return NOTATION.sub(_ruby, text)


def strip(text):
    """Text with the readings left out: for <title>, descriptions and attributes."""
    return NOTATION.sub(lambda match: _parts(match)[0], text)


def to_ruby(html):
    """An HTML fragment or document with readings in its text as <ruby>."""
    if "《" not in html:
        return html
    pieces = TAG.split(html)
    raw = None
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            name = name.group(1).lower() if name else ""
            if raw is None and name in RAW_ELEMENTS and not piece.startswith("</"):
                raw = name
            elif raw == name and piece.startswith("</"):
                raw = None
        elif raw is None:
            pieces[index] = ruby(piece)
    return "".join(pieces)


def render_document(html):
    """A whole page: readings left out in <head> (title, descriptions), <ruby> in the rest."""
    if "《" not in html:
        return html
    head, separator, body = html.partition("</head>")
    if not separator:
        return to_ruby(html)
    return strip(head) + separator + to_ruby(body)
