"""Lookups that cannot change during one request, made once per request.

Wagtail looks the active locale up in the database every time it is asked
(`Locale.get_active()`, `get_default()`, `page.localized`), which a page with a list of
translatable items asks once per item. Within a request a language's locale is the same row,
so `RequestMemoMiddleware` keeps what `LocaleManager.get_for_language` found for the length of
the request; outside a request (commands, tasks, tests calling models) nothing is kept.
"""

from contextvars import ContextVar

from wagtail.models.i18n import LocaleManager

_memo = ContextVar("kokoron_request_memo", default=None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def remembered(key, compute):
    """compute() once per request for this key; every time outside a request."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


# Kept as a patch of Wagtail's manager, the one monkeypatch left (issue 18): Wagtail's own code
# asks for the active locale on paths the project does not own (`TranslatableMixin.localized`
# in templates and plugins, once per listed item; `Page.route_for_request`, `pageurl`,
# wagtail-localize), and Wagtail offers no hook to memoize it; a memo in the project's code
# alone left those queries per item, over the pages' query budgets.
_get_for_language = LocaleManager.get_for_language


def _get_for_language_once(self, language_code):
    # A language without a locale raises each time (callers fall back on it): not kept.
    return remembered(
        ("locale", self.model._meta.label, language_code),
        lambda: _get_for_language(self, language_code),
    )


def install():
    """Called by kokoron.core's AppConfig.ready()."""
    LocaleManager.get_for_language = _get_for_language_once
