from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component

from kokoron.notifications.models import Notification
from kokoron.plugins import enabled_plugins


class SiteStatusPanel(Component):
    """What is switched on and whether email is getting out: the first thing staff check."""

    name = "kokoron_status"
    order = 50
    template_name = "core/admin/status_panel.html"

    def get_context_data(self, parent_context=None):
        waiting = Notification.objects.filter(status=Notification.Status.PENDING).count()
        failed = Notification.objects.filter(status=Notification.Status.FAILED).count()
        return {
            "title": _("Kokoron"),
            "plugins": [plugin.verbose_name for plugin in enabled_plugins()],
            "emails_waiting": waiting,
            "emails_failed": failed,
        }


@hooks.register("construct_homepage_panels")
def add_status_panel(request, panels):
    if request.user.is_superuser:
        panels.append(SiteStatusPanel())
