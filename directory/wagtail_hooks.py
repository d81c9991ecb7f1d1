from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from kokoron.core.admin_views import PluginOverviewView, register_overview
from kokoron.navigation.demo import add_menu_link
from kokoron.plugins import DEMO_DATA_HOOK


class DirectoryOverview(PluginOverviewView):
    page_title = _("Directory")
    header_icon = "folder-open-inverse"
    description = _(
        "The ward's health, medical and welfare resources, consultation windows and gathering "
        "places, and the printed booklet for professionals."
    )


register_overview(
    name="directory",
    view=DirectoryOverview,
    menu_label=_("Directory"),
    icon_name="folder-open-inverse",
    order=300,
)


@hooks.register(DEMO_DATA_HOOK)
def directory_demo(context):
    add_menu_link(
        {
            "ja": "地域の相談先・たまり場",
            "en": "Local resources",
            "ja-easy": "そうだん できる ところ",
        },
        "/directory/",
    )
