"""`Cache-Control: private, no-store` on every response that may hold someone's personal data,
so that no shared cache, proxy or browser history keeps it.

NoStoreMiddleware marks, in one place:
- pages behind a signed link (a `token` in the URL's arguments or in its query string);
- every response to a form: any answer to a POST (or other unsafe method), and any page that
  renders a CSRF token, i.e. that holds a form which sends something;
- the admin;
- views decorated with `no_store` (a page that shows what a visitor just sent, a check of a
  certificate).
"""

from functools import wraps

from django.utils.cache import patch_cache_control

ADMIN_PREFIX = "/admin/"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
MARK = "kokoron_no_store"


def make_private(response):
    patch_cache_control(response, private=True, no_store=True)
    # Whatever the view said before no longer applies.
    cache_control = response.get("Cache-Control", "")
    kept = [
        part.strip()
        for part in cache_control.split(",")
        if part.strip().split("=")[0].lower() not in {"public", "max-age", "s-maxage"}
    ]
    response["Cache-Control"] = ", ".join(kept)
    return response


def no_store(view):
    """A view (or a routable page's route) whose every response is private, never stored."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return make_private(view(*args, **kwargs))

    setattr(wrapped, MARK, True)
    return wrapped


def is_private(request):
    match = getattr(request, "resolver_match", None)
    return (
        request.method not in SAFE_METHODS
        or request.path.startswith(ADMIN_PREFIX)
        or "token" in request.GET
        or (match is not None and "token" in match.kwargs)
        or getattr(request, "_kokoron_no_store_view", False)
        # get_token() was called: the page holds a form that sends something.
        or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
    )


class NoStoreMiddleware:
    """Inside CsrfViewMiddleware, which clears the CSRF flag this reads on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            make_private(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._kokoron_no_store_view = getattr(view_func, MARK, False)
