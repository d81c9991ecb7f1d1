from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _

# Kept in fragments as the filters' lists (kokoron.core.kept_choices).
CHOICES = (
    "news.NewsCategory",
    "events.EventCategory",
    "geography.SchoolDistrict",
    "geography.Neighbourhood",
)


class PagesConfig(AppConfig):
    name = "kokoron.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self):
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import cache

        page_published.connect(cache.on_published, dispatch_uid="kokoron-page-cache-published")
        page_unpublished.connect(
            cache.on_unpublished, dispatch_uid="kokoron-page-cache-unpublished"
        )
        post_page_move.connect(cache.on_moved, dispatch_uid="kokoron-page-cache-moved")
        pre_delete.connect(cache.on_deleted, sender=Page, dispatch_uid="kokoron-page-cache-deleted")
        for signal in (post_save, post_delete):
            signal.connect(
                cache.on_privacy_changed,
                sender=PageViewRestriction,
                dispatch_uid=f"kokoron-page-cache-privacy-{signal is post_save}",
            )
        for label in CHOICES:
            for signal in (post_save, post_delete):
                signal.connect(
                    cache.on_choices_changed,
                    sender=label,
                    dispatch_uid=f"kokoron-fragments-{label}-{signal is post_save}",
                )
        for label in ("navigation.MainMenu", "navigation.Footer", "wagtailcore.Site"):
            for signal in (post_save, post_delete):
                signal.connect(
                    cache.on_site_wide_change,
                    sender=label,
                    dispatch_uid=f"kokoron-page-cache-{label}-{signal is post_save}",
                )
