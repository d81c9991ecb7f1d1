from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kokoron.search.text import excerpt, highlight_segments

register = template.Library()


@register.filter
def highlight(value, query):
    """The text, escaped, with the parts that match the query in <mark>."""
    parts = []
    for segment, is_match in highlight_segments(str(value or ""), query or ""):
        parts.append(f"<mark>{escape(segment)}</mark>" if is_match else escape(segment))
    return mark_safe("".join(parts))  # every segment is escaped above


@register.filter
def search_excerpt(value, query):
    return excerpt(str(value or ""), query or "")
