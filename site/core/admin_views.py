"""Admin pieces that plugins build on."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, NullAdminURLFinder
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


# The views a ModelViewSet makes, with the URL names of their result twins.
MODEL_VIEWS = {
    "index": ("index", "index_results"),
    "add": ("add",),
    "edit": ("edit",),
    "delete": ("delete",),
    "history": ("history", "history_results"),
    "usage": ("usage",),
    "inspect": ("inspect",),
    "copy": ("copy",),
}


class ServedViewsMixin:
    """A ModelViewSet that serves only some of its views (`served_views`): the others have no
    URL, and no button, column or usage listing links to them. Dropping URLs alone is not
    enough: Wagtail still draws a superuser's Add button and links a referenced object's edit
    screen, each a NoReverseMatch."""

    served_views: frozenset = frozenset({"index"})

    def _served_url_names(self):
        return {name for view in self.served_views for name in MODEL_VIEWS[view]}

    def get_urlpatterns(self):
        served = self._served_url_names()
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in served]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for view, names in MODEL_VIEWS.items():
            if view not in self.served_views:
                view_kwargs.update({f"{name}_url_name": None for name in names})
        return view_kwargs

    @property
    def url_finder_class(self):
        if "edit" in self.served_views:
            return super().url_finder_class
        if "inspect" in self.served_views:
            return type(
                "_InspectURLFinder",
                (ModelAdminURLFinder,),
                {"edit_url_name": self.get_url_name("inspect")},
            )
        return NullAdminURLFinder


class ActionPermissionMixin:
    """An admin screen that reveals or changes personal data: `view_permission` to see it, and
    for each thing done on it the permission of its effect (delete_* to erase, change_* to
    change, a named permission to export). A POST names its action in `action`; an export is a
    GET with `format`, looked up as "format=<format>". An action that is not listed is refused
    to everyone, so an action added later is never open to viewers by default. Without the
    view permission Wagtail's own refusal applies; with it but without the action's, the
    answer is a 403 page that says so. `can` in the template context tells which actions the
    user may take."""

    view_permission = ""
    action_permissions: dict = {}

    def required_permissions(self, request):
        required = [self.view_permission]
        if request.method == "POST":
            action = request.POST.get("action", "")
            required.append(self.action_permissions.get(action, ""))
        export = request.GET.get("format")
        if export:
            required.append(self.action_permissions.get(f"format={export}", ""))
        return required

    def dispatch(self, request, *args, **kwargs):
        required = self.required_permissions(request)
        if not request.user.has_perm(self.view_permission):
            raise PermissionDenied  # Wagtail's answer: back to the admin home, with a message
        if not all(required) or not request.user.has_perms(required):
            # The screen is theirs, the action is not: a refusal that says so (403).
            return TemplateResponse(
                request, "core/admin/refused.html", {"back": request.path}, status=403
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can"] = {
            action.replace("format=", "export_"): user.has_perm(permission)
            for action, permission in self.action_permissions.items()
        }
        return context
