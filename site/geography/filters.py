from django.utils.translation import gettext_lazy as _

import django_filters

from .models import Neighbourhood, SchoolDistrict


class NeighbourhoodFilterSet(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(
        queryset=SchoolDistrict.objects.all(), label=_("school district")
    )

    class Meta:
        model = Neighbourhood
        fields = ["district"]
