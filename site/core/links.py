"""Links that leave the site: in emails, feeds, calendars and printed pages.

Every absolute URL is the site's own address (WAGTAILADMIN_BASE_URL, which follows the port
`make run` serves in development) followed by a path, so that one setting moves them all.
"""

from django.conf import settings


def absolute_url(path):
    """The full address of a path on this site: absolute_url("/volunteer/me/…")."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"absolute_url takes a path on this site, not {path!r}")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def absolute(url):
    """A URL as Wagtail gives a page's: a path on this site made absolute, a full address (a
    page of another Site) as it is."""
    return url if url.startswith(("http://", "https://")) else absolute_url(url)
