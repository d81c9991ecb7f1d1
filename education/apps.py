from django.utils.translation import gettext_lazy as _

from kokoron import plugins


class EducationConfig(plugins.PluginConfig):
    name = "education"
    label = "education"
    verbose_name = _("Welfare education")
    url_prefix = "education/"
    public_urls = "education.urls"
    # Lecturer assignment reuses the matching engine, and classes reuse its sign-ups.
    requires = ("matching",)
