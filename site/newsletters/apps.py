from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "kokoron.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters and subscriptions")

    def ready(self):
        from . import subscriptions

        subscriptions.connect_signals()
