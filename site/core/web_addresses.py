"""Web addresses the site shows as links: http or https to a named host, nothing a browser
would run (javascript:, data:) and no characters that could leave an attribute.

Pure Python, so that the directory's file checks can use it too; models and forms use
kokoron.core.validators.validate_web_address, which adds Django's own URL check.
"""

import re
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
MAX_LENGTH = 2000
# Spaces, control characters and the characters that end or escape an HTML attribute.
_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f<>\"'`\\]")
_HOST = re.compile(r"(?:[^\W_]|-)+(?:\.(?:[^\W_]|-)+)*\.?")


def is_web_address(value):
    if not isinstance(value, str) or not value or len(value) > MAX_LENGTH:
        return False
    if _FORBIDDEN.search(value):
        return False
    if not value.lower().startswith(tuple(f"{scheme}://" for scheme in WEB_SCHEMES)):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    host = parts.hostname or ""
    # An IPv6 literal comes back without its brackets, and is the only host with a colon.
    return bool(host) and (":" in host or bool(_HOST.fullmatch(host)))


def is_site_path(value):
    """A path on this site (/directory/), not one that a browser reads as another host (//)."""
    return (
        isinstance(value, str)
        and value.startswith("/")
        and not value.startswith("//")
        and len(value) <= MAX_LENGTH
        and not _FORBIDDEN.search(value)
    )
