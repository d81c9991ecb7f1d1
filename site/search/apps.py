from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    # Not "search": wagtail.search is "wagtailsearch", and django-modelsearch is "modelsearch".
    name = "kokoron.search"
    label = "sitesearch"
    verbose_name = _("Site search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Reading
        from .signals import reading_changed

        post_save.connect(reading_changed, sender=Reading, dispatch_uid="sitesearch_reading_saved")
        post_delete.connect(
            reading_changed, sender=Reading, dispatch_uid="sitesearch_reading_deleted"
        )
