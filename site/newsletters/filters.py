from django.utils.translation import gettext_lazy as _

import django_filters

from .models import NewsletterIssuePage


class NewsletterFilterSet(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="publication_date__year",
        empty_label=_("All years"),
    )

    class Meta:
        model = NewsletterIssuePage
        fields = ["year"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        years = [
            day.year for day in queryset.order_by().dates("publication_date", "year", order="DESC")
        ]
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]
