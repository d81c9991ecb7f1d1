from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "kokoron.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from . import editorial

        post_migrate.connect(editorial.after_migrate, sender=self)
        editorial.connect_signals()
