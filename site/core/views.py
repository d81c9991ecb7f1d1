from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail import views as wagtail_views
from wagtail.models import Page

from .languages import fallback_route


def serve(request, path):
    """Wagtail's page view, showing the Japanese page where a translation is missing, not 404."""
    if Page.route_for_request(request, path) is None:
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


def server_error(request):
    # Rendered without context processors or the database: whatever failed may fail again.
    return HttpResponseServerError(loader.get_template("500.html").render())
