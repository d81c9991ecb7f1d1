"""A cache of anonymous page views, per language, cleared for what a publish changes.

A day when thousands open the new newsletter should cost a few cache reads, not thousands of
page renders. `PageCacheMiddleware` answers a Wagtail page request from Django's cache before
any routing or SQL (the URL named wagtail_serve), and stores a page response that is the same
for every anonymous visitor with the same display settings. Entries are keyed by scheme, host,
active language, display settings (text size, contrast, furigana: twelve variants at most,
kokoron.core.display), path and query string.

Clearing works by generations: every stored entry records the generation of the page that
served it (and a site-wide one). Publishing, unpublishing, moving or deleting a page gives new
generations to the pages whose content depends on it: itself and its translations, its
ancestors (the section listing with its feeds and calendars, the home page), its descendants
when it moves or goes, and the district pages; making a page private or public again (a
view restriction saved or deleted) clears it the same way, with its descendants. Their
entries are then stale and are rendered again on the next view. Saving the header menu or the
footer, which every page shows, gives a new site-wide generation. Anything else (a plugin's
data on a district page) shows within `KOKORON_PAGE_CACHE_SECONDS`.

Beside whole pages, `fragment()` keeps what every view would otherwise query for again: the
header menu and footer with their links, the links to a page's other languages, the request's
Site, whether any view restriction exists. These serve editors and every other visitor too, and
are made anew after any publish, unpublish, move, deletion, privacy change, or save of the menu,
the footer or a Site (a content generation that each of those changes). The route to a page
(`route`) is kept the same way.

A plugin's public view (the directory, the volunteer experiences) is served the same way when
it is marked with `cached_view(group)`: its entries are stale after any change that makes the
pages' entries stale (a publish, the menu) and after `clear_views(group)`, which the plugin
calls when its own data changes (`clear_views_on_change`).

Never cached: a visitor with any cookie but the CSRF and display-settings ones (logged-in
editors, a session, pending messages); previews (served by the admin, not here); responses that
set a cookie, carry a CSRF token, say `Cache-Control: private/no-store/no-cache`, or are not 200.
"""

import hashlib
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import get_max_age

from wagtail.models import Page, Site

from kokoron.core import display

# Wagtail's page view, by its URL name (the core may wrap the view itself).
SERVE_URL_NAME = "wagtail_serve"
PREFIX = "kokoron.page"
SITE_WIDE = f"{PREFIX}.generation:site"
MAX_QUERY_LENGTH = 200
SKIP_CACHE_CONTROL = {"private", "no-store", "no-cache"}
# Cookies that leave a page the same for everyone who sends the same values: the CSRF token
# (its forms are never cached) and the display settings (part of the key).
DISPLAY_COOKIES = frozenset(display.cookie_name(name) for name in display.CHOICES)
# Set on the request: the key to store the response under, and the page that served it.
KEY_ATTRIBUTE = "_kokoron_page_cache_key"
PAGE_ATTRIBUTE = "_kokoron_served_page_id"


def timeout():
    return getattr(settings, "KOKORON_PAGE_CACHE_SECONDS", 0)


def generation_key(page_id):
    return f"{PREFIX}.generation:{page_id}"


def display_variant(request, language):
    """The display settings in effect, as a key: a tampered cookie counts as the default."""
    chosen = display.preferences(request.COOKIES, language)
    return "-".join(chosen[name] for name in display.CHOICES)


def entry_key(request):
    query = request.META.get("QUERY_STRING", "")
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"{PREFIX}:{language}:{display_variant(request, language)}:{digest}"


def cacheable_request(request):
    """A GET with no cookie but the CSRF and display ones: what every anonymous visitor with
    these display settings would see.

    Any other cookie (a session, pending messages) may change the page.
    """
    return (
        timeout() > 0
        and request.method == "GET"
        and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME, *DISPLAY_COOKIES}
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
    )


def cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page that used this response's Content-Security-Policy nonce is made for one visitor.
    if getattr(request, "_csp_nonce", None):
        return False
    cache_control = {
        part.strip().split("=")[0].lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }
    if cache_control & SKIP_CACHE_CONTROL or get_max_age(response) == 0:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return False
    return b'name="csrfmiddlewaretoken"' not in response.content


def dependencies(served_by):
    """The generations an entry depends on: its page's and the site's; a view's, the site's
    and the content's (a view lists what the pages publish)."""
    if isinstance(served_by, str):
        return [generation_key(served_by), SITE_WIDE, CONTENT]
    return [generation_key(served_by), SITE_WIDE]


def _generations(keys):
    """The current values of these generations, made where missing."""
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
    if len(found) < len(keys):
        found = cache.get_many(keys)
    return tuple(found.get(key) for key in keys)


def lookup(request):
    entry = cache.get(entry_key(request))
    if entry is None:
        return None
    keys = dependencies(entry["page"])
    found = cache.get_many(keys)
    if tuple(found.get(key) for key in keys) != entry["generations"]:
        return None
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def store(request, response):
    page_id = getattr(request, PAGE_ATTRIBUTE)
    entry = {
        "page": page_id,
        "generations": _generations(dependencies(page_id)),
        "status": response.status_code,
        "headers": list(response.items()),
        "content": response.content,
    }
    cache.set(getattr(request, KEY_ATTRIBUTE), entry, timeout())


class PageCacheMiddleware:
    """Serves cached Wagtail page views; list it after LocaleMiddleware (the language) and
    before CsrfViewMiddleware and MessageMiddleware (so that it sees the cookies they set)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django has rendered template responses by now, and the middlewares listed after this
        # one have set their cookies.
        if (
            getattr(request, KEY_ATTRIBUTE, None)
            and getattr(request, PAGE_ATTRIBUTE, None)
            and cacheable_response(request, response)
        ):
            store(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        group = getattr(view_func, VIEW_GROUP_ATTRIBUTE, None)
        if match is None or not (group or match.url_name == SERVE_URL_NAME):
            return None
        if not cacheable_request(request):
            return None
        response = lookup(request)
        if response is None:
            setattr(request, KEY_ATTRIBUTE, entry_key(request))
            if group:
                setattr(request, PAGE_ATTRIBUTE, view_key(group))
        return response


# Plugins' public views

VIEW_GROUP_ATTRIBUTE = "kokoron_page_cache_group"


def view_key(group):
    return f"view:{group}"


def cached_view(group):
    """Mark a public view for the page cache: what it shows depends on the published pages,
    the menus and the data that `clear_views(group)` is called for. Only for views that show
    every visitor the same page (the cache stores nothing with a CSRF token, a cookie set, a
    status other than 200 or Cache-Control: private)."""

    def mark(view):
        setattr(view, VIEW_GROUP_ATTRIBUTE, group)
        return view

    return mark


def clear_views(group):
    """The stored views of this group are stale from now on."""
    cache.set(generation_key(view_key(group)), uuid.uuid4().hex, None)


def clear_views_on_change(app_label, group):
    """Clear the group's views whenever a model of this app is saved or deleted, or one of its
    many-to-many relations changes."""

    def changed(sender, **kwargs):
        if sender._meta.app_label == app_label:
            clear_views(group)

    for signal in (post_save, post_delete, m2m_changed):
        # Kept by the signal itself (weak=False): the receiver is made here.
        signal.connect(changed, weak=False, dispatch_uid=f"kokoron.page_cache.{app_label}")


def remember_page(page, request, serve_args, serve_kwargs):
    """before_serve_page hook: the page whose generation a stored response depends on."""
    setattr(request, PAGE_ATTRIBUTE, page.pk)


# Clearing


def clear(page_ids):
    """New generations for these pages: their stored views are stale from now on."""
    if page_ids:
        cache.set_many(
            {
                **{generation_key(pk): uuid.uuid4().hex for pk in page_ids},
                CONTENT: uuid.uuid4().hex,
            },
            None,
        )


def clear_site():
    cache.set_many({SITE_WIDE: uuid.uuid4().hex, CONTENT: uuid.uuid4().hex}, None)


# Parts of every page, kept between requests (also for editors and when the page cache is off)

# Changes with every publish, unpublish, move, deletion, privacy change and menu or footer save.
CONTENT = f"{PREFIX}.generation:content"
FRAGMENT_SECONDS = 24 * 60 * 60


def fragment(name, request, compute, seconds=FRAGMENT_SECONDS):
    """What `compute()` gives for this name, host and active language, computed again after
    any change to the published pages, the header menu or the footer, and at the latest after
    `seconds` (0: not kept; a function: called after `compute()`, for what the value itself
    says it is good for).

    For what every page shows and that would cost queries on each view: the menus, the links
    to other languages. One cache read when it is there.
    """
    if not seconds:
        return compute()
    key = fragment_key(name, request)
    generation, entry = _current(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    # Read before computing: a change meanwhile leaves this entry stale, not wrong.
    value = compute()
    keep = seconds() if callable(seconds) else seconds
    if keep > 0:
        cache.set(key, (generation, value), keep)
    return value


def fragment_key(name, request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    host = request.get_host() if request is not None else ""
    return f"{PREFIX}.fragment:{name}:{language}:{hashlib.sha256(host.encode()).hexdigest()[:16]}"


def _current(key):
    """The content generation (made where missing) and what is stored under `key`."""
    found = cache.get_many([key, CONTENT])
    generation = found.get(CONTENT)
    if generation is None:
        cache.add(CONTENT, uuid.uuid4().hex, None)
        return cache.get(CONTENT), None
    return generation, found.get(key)


def route(request, path):
    """Wagtail's route for this path (what `Page.route_for_request` finds), with one query for
    the page where the path is known to lead to it: without that, Wagtail walks the tree with
    two queries per level. A path leads elsewhere only after a publish, unpublish, move or
    deletion, or a Site's save (the content generation).

    Kept only for a path that names a page to its end (its page's own view, or a routable
    page's index): a routable page's sub-paths and unknown paths take Wagtail's way, so that
    no visitor can fill the cache with addresses.
    """
    components = [component for component in path.split("/") if component]
    digest = hashlib.sha256("/".join(components).encode()).hexdigest()
    key = fragment_key(f"route:{digest}", request)
    generation, entry = _current(key)
    if entry is not None and entry[0] == generation:
        result = _load_route(request, *entry[1])
        if result is not None:
            return result
    result = Page.route_for_request(request, path)
    # Found by the tree alone: each path component was a page's slug, the last page's own
    # route was asked for no more (the site's root page, loaded by the route, gives the depth).
    if result is not None:
        site = Site.find_for_request(request)
        if result.page.depth == site.root_page.depth + len(components):
            # With the parent that Wagtail's route leaves on the page (its link back).
            parent = getattr(result.page, "_cached_parent_obj", None)
            page = (result.page.pk, result.page._meta.label_lower, parent)
            cache.set(key, (generation, page), FRAGMENT_SECONDS)
    return result


def _load_route(request, page_id, label, parent):
    """The route to this page as Wagtail gives it, on the request where Wagtail reads it."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    page = model.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return None
    if parent is not None:
        page._cached_parent_obj = parent
    try:
        result = page.route(request, [])
    except Http404:
        return None
    request._wagtail_route_for_request = result
    return result


def dependent_pages(page, *, descendants=False, other_parent=None):
    """The ids of the pages whose views show something of this page."""
    from kokoron.districts.models import DistrictPage

    ids = set(
        Page.objects.filter(translation_key=page.translation_key).values_list("pk", flat=True)
    )
    ids.add(page.pk)
    ids.update(page.get_ancestors().values_list("pk", flat=True))
    if other_parent is not None:
        ids.add(other_parent.pk)
        ids.update(other_parent.get_ancestors().values_list("pk", flat=True))
    if descendants:
        ids.update(page.get_descendants().values_list("pk", flat=True))
    ids.update(DistrictPage.objects.values_list("pk", flat=True))
    return ids


def on_published(sender, instance, **kwargs):
    clear(dependent_pages(instance))


def on_unpublished(sender, instance, **kwargs):
    clear(dependent_pages(instance, descendants=True))


def on_moved(sender, instance, parent_page_before=None, **kwargs):
    clear(dependent_pages(instance, descendants=True, other_parent=parent_page_before))


def on_deleted(sender, instance, **kwargs):
    clear(dependent_pages(instance))


def on_privacy_changed(sender, instance, **kwargs):
    """A view restriction was set, changed or lifted: the page and everything under it
    (the restriction covers its descendants), and the listings that showed them."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        clear(dependent_pages(page, descendants=True))
    else:
        cache.set(CONTENT, uuid.uuid4().hex, None)


def on_site_wide_change(sender, instance=None, **kwargs):
    clear_site()


def on_choices_changed(sender, **kwargs):
    """A category, school district or neighbourhood was saved or deleted: the filters' lists
    are made again (kept fragments)."""
    cache.set(CONTENT, uuid.uuid4().hex, None)


class SiteMiddleware:
    """Gives each view its request's Wagtail Site from the cache; list it after
    PageCacheMiddleware (a page served from the cache needs no Site).

    Wagtail looks the request's Site up with a query on every view, and keeps what it found
    on the request (`request._wagtail_site`, read by `Site.find_for_request`): this sets it
    first. A Site changes only when one is saved or deleted (on_site_wide_change).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not hasattr(request, "_wagtail_site"):
            # The raw host, as Wagtail reads it (no ALLOWED_HOSTS check here).
            host = request._get_raw_host()
            request._wagtail_site = fragment(
                f"site:{host}", None, lambda: Site._find_for_request(request)
            )
