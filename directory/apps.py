from django.utils.translation import gettext_lazy as _

from kokoron import plugins


class DirectoryConfig(plugins.PluginConfig):
    name = "directory"
    label = "directory"
    verbose_name = _("Directory")
    url_prefix = "directory/"
    public_urls = "directory.urls"
    api_url_prefix = "api/hsds/"
    api_urls = "directory.api_urls"

    def ready(self):
        super().ready()
        # search keeps each entry's search words up to date.
        from . import generation, search  # noqa: F401

        generation.connect()
        # The public list and pages are served from the page cache until an entry changes.
        from kokoron.pages import cache as page_cache

        page_cache.clear_views_on_change(self.label, "directory")
