from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from kokoron.core import views as core_views
from kokoron.core.sitemap import AllLanguagesSitemap
from kokoron.newsletters import views as newsletter_views
from kokoron.plugins import enabled_plugins

handler500 = core_views.server_error

# Outside the language prefix: the admin, documents, machine-readable files and plugin APIs.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}}, name="sitemap"),
    # The List-Unsubscribe address of subscription emails (RFC 8058 one-click).
    path(
        "list-unsubscribe/",
        newsletter_views.one_click_unsubscribe,
        name="newsletter_one_click_unsubscribe",
    ),
]
for plugin in enabled_plugins():
    if plugin.api_urls:
        urlpatterns.append(path(plugin.api_url_prefix, include(plugin.api_urls)))

if settings.DEBUG or settings.SERVE_MEDIA:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Inside it: Japanese at /, other languages at /<code>/. Wagtail's pages come last, as they
# answer every path that nothing before them took.
localized_patterns = []
for plugin in enabled_plugins():
    if plugin.public_urls:
        localized_patterns.append(path(plugin.url_prefix, include(plugin.public_urls)))
localized_patterns.append(path("search/", include("kokoron.search.urls")))
localized_patterns.append(
    path("display/", core_views.display_preferences, name="display_preferences")
)
# Wagtail's own page view is replaced by one that shows a page not yet translated in Japanese.
localized_patterns += [p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"]
localized_patterns.append(re_path(serve_pattern, core_views.serve, name="wagtail_serve"))

urlpatterns += i18n_patterns(*localized_patterns, prefix_default_language=False)
