import hashlib
from functools import cache
from pathlib import Path

from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_GET, require_POST

from wagtail import views as wagtail_views

from kokoron.pages import cache as page_cache

from . import display
from .languages import fallback_route


def serve(request, path):
    """Wagtail's page view, showing the Japanese page where a translation is missing, not 404."""
    if page_cache.route(request, path) is None:
        # Wagtail reads the route that it cached on the request.
        request._wagtail_route_for_request = fallback_route(request, path)
    return wagtail_views.serve(request, path)


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/authenticate_with_password/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


FAVICON = Path(__file__).parent / "static" / "kokoron" / "icons" / "favicon.ico"


@cache
def _favicon():
    data = FAVICON.read_bytes()
    return data, f'"{hashlib.sha256(data).hexdigest()[:32]}"'


# Browsers and feed readers ask for /favicon.ico whatever the page says: the static icon, public,
# cached for a week (its address carries no version), revalidated by its ETag.
@require_GET
@condition(etag_func=lambda request: _favicon()[1])
@cache_control(max_age=60 * 60 * 24 * 7, public=True)
def favicon(request):
    return HttpResponse(_favicon()[0], content_type="image/x-icon")


def server_error(request):
    # Rendered without context processors or the database: whatever failed may fail again.
    # Its one inline style carries this response's nonce (kokoron.core.csp).
    nonce = getattr(request, "csp_nonce", "")
    return HttpResponseServerError(
        loader.get_template("500.html").render({"csp_nonce": str(nonce)})
    )


# Only display cookies are set here: a forged post could change nothing else, and leaving out
# the CSRF token keeps the form on every page out of the way of the page cache.
@csrf_exempt
@require_POST
def display_preferences(request):
    """Remember the visitor's display choices and go back to where they were, on this site."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("wagtail_serve", args=("",))
    response = HttpResponseRedirect(back, status=303)
    for name, value in display.chosen(request.POST).items():
        response.set_cookie(
            display.cookie_name(name),
            value,
            max_age=display.COOKIE_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response
