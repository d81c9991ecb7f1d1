from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    # Not "search": wagtail.search is "wagtailsearch", and django-modelsearch is "modelsearch".
    name = "kokoron.search"
    label = "sitesearch"
    verbose_name = _("Site search")
