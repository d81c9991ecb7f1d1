from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from kokoron.core.admin_views import PluginOverviewView, register_overview
from kokoron.navigation.demo import add_menu_link
from kokoron.plugins import DEMO_DATA_HOOK


class EducationOverview(PluginOverviewView):
    page_title = _("Welfare education")
    header_icon = "openquote"
    description = _(
        "The programme menu for schools, the lecturer network, teachers' requests and the "
        "student welfare school."
    )


register_overview(
    name="education",
    view=EducationOverview,
    menu_label=_("Welfare education"),
    icon_name="openquote",
    order=320,
)


@hooks.register(DEMO_DATA_HOOK)
def education_demo(context):
    add_menu_link(
        {"ja": "福祉教育", "en": "Welfare education", "ja-easy": "ふくしを まなぶ"}, "/education/"
    )
