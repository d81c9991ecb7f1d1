"""Admin pieces that plugins build on."""

from django.urls import path, reverse
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class PluginOverviewView(WagtailAdminTemplateMixin, TemplateView):
    """A plugin's landing screen in the admin: what it does and where its screens are."""

    template_name = "core/admin/plugin_overview.html"
    description = ""
    # (label, url name) pairs of the plugin's admin screens.
    sections: tuple[tuple[str, str], ...] = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["description"] = self.description
        context["sections"] = self.sections
        return context


def register_overview(*, name, view, menu_label, icon_name, order):
    """Register a plugin's overview screen at /admin/<name>/ and its entry in the admin menu."""
    url_name = f"{name}_overview"

    @hooks.register("register_admin_urls")
    def register_admin_urls():
        return [path(f"{name}/", view.as_view(), name=url_name)]

    @hooks.register("register_admin_menu_item")
    def register_menu_item():
        return MenuItem(menu_label, reverse(url_name), name=name, icon_name=icon_name, order=order)
