from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLanguagesSitemap(Sitemap):
    """Wagtail's sitemap covers the default language's tree; this one covers every language."""

    def items(self):
        in_any_language = Q()
        for root in self.get_wagtail_site().root_page.get_translations(inclusive=True):
            in_any_language |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_any_language)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
