from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from kokoron.core.admin_views import PluginOverviewView, register_overview
from kokoron.navigation.demo import add_menu_link
from kokoron.plugins import DEMO_DATA_HOOK


class VolunteerCenterOverview(PluginOverviewView):
    page_title = _("Volunteer Center")
    header_icon = "group"
    description = _(
        "Residents' everyday needs, the volunteer register, the matching engine's proposals "
        "and student volunteer experiences."
    )


register_overview(
    name="matching",
    view=VolunteerCenterOverview,
    menu_label=_("Volunteer Center"),
    icon_name="group",
    order=310,
)


@hooks.register(DEMO_DATA_HOOK)
def matching_demo(context):
    add_menu_link(
        {"ja": "ボランティア", "en": "Volunteering", "ja-easy": "ボランティア"}, "/volunteer/"
    )
