from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .filters import NeighbourhoodFilterSet
from .models import Neighbourhood, SchoolDistrict


class SchoolDistrictViewSet(ModelViewSet):
    model = SchoolDistrict
    name = "school_districts"
    url_prefix = "geography/districts"
    icon = "site"
    form_fields = ["name", "name_kana", "name_romaji", "slug", "sort_order", "adjacent"]
    list_display = ["name", "name_kana", "name_romaji", "sort_order"]
    search_fields = ["name", "name_kana", "name_romaji"]
    ordering = ["sort_order", "name_kana"]


class NeighbourhoodViewSet(ModelViewSet):
    model = Neighbourhood
    name = "neighbourhoods"
    url_prefix = "geography/neighbourhoods"
    icon = "home"
    form_fields = ["district", "name", "name_kana", "name_romaji", "sort_order"]
    list_display = ["name", "name_kana", "district"]
    search_fields = ["name", "name_kana", "name_romaji"]
    filterset_class = NeighbourhoodFilterSet


class GeographyViewSetGroup(ViewSetGroup):
    menu_label = _("Districts")
    menu_icon = "site"
    menu_order = 800
    items = (SchoolDistrictViewSet, NeighbourhoodViewSet)


@hooks.register("register_admin_viewset")
def register_geography_viewsets():
    return GeographyViewSetGroup()
