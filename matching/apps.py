from django.utils.translation import gettext_lazy as _

from kokoron import plugins


class MatchingConfig(plugins.PluginConfig):
    name = "matching"
    label = "matching"
    verbose_name = _("Volunteer Center")
    url_prefix = "volunteer/"
    public_urls = "matching.urls"

    def ready(self):
        super().ready()
        from . import audit, signals  # noqa: F401 - connects the audit log and the task triggers
