from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignupsConfig(AppConfig):
    """Volunteer experiences and courses for students: a Django app of the matching plugin.

    Not a plugin of its own: it comes and goes with matching (matching.DJANGO_APPS), whose
    URLs, menus and hooks serve it.
    """

    name = "matching.signups"
    label = "signups"
    verbose_name = _("Volunteer experiences")

    def ready(self):
        # The listing is served from the page cache until a session or a sign-up changes (the
        # seats left) or a page is published.
        from kokoron.pages import cache as page_cache

        page_cache.clear_views_on_change(self.label, "experiences")
