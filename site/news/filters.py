from django.utils.translation import gettext_lazy as _

import django_filters

from kokoron.core.kept_choices import KeptChoicesMixin
from kokoron.core.localized import LocalizedChoiceFilter
from kokoron.geography.forms import PlaceChoiceFilter, school_districts
from kokoron.geography.models import SchoolDistrict
from kokoron.pages import cache as page_cache

from .models import NewsCategory, NewsPage


class NewsFilterSet(KeptChoicesMixin, django_filters.FilterSet):
    category = LocalizedChoiceFilter(
        label=_("Category"),
        to_field_name="slug",
        queryset=NewsCategory.objects.none(),
        empty_label=_("All categories"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="date__year", empty_label=_("All years")
    )
    district = PlaceChoiceFilter(
        label=_("School district"),
        to_field_name="slug",
        queryset=SchoolDistrict.objects.all(),
        empty_label=_("All districts"),
    )

    class Meta:
        model = NewsPage
        fields = ["category", "year", "district"]

    def __init__(self, data=None, queryset=None, *, index, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["category"].queryset = NewsCategory.objects.filter(locale_id=index.locale_id)
        self.index = index
        years = [day.year for day in queryset.order_by().dates("date", "year", order="DESC")]
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]

    def kept_choices(self):
        categories = self.filters["category"].queryset
        return {
            "category": page_cache.fragment(
                f"news-categories:{self.index.locale_id}", None, lambda: list(categories)
            ),
            "district": page_cache.fragment("school-districts", None, school_districts),
        }
