from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

import django_filters

from kokoron.core.kept_choices import KeptChoicesMixin
from kokoron.core.localized import LocalizedChoiceFilter
from kokoron.geography.forms import PlaceChoiceFilter, school_districts
from kokoron.geography.models import SchoolDistrict
from kokoron.pages import cache as page_cache

from .models import EventCategory, EventDate, EventPage


class MonthField(forms.DateField):
    """A month written as 2026-05 (what <input type="month"> sends)."""

    input_formats = ["%Y-%m"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    default_error_messages = {"invalid": _("Give a month as year-month, e.g. 2026-05.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", self.input_formats)
        kwargs.setdefault("widget", self.widget)
        super().__init__(**kwargs)


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, qs, value):
        if not value:
            return qs
        in_month = EventDate.objects.filter(
            page=OuterRef("pk"), start__year=value.year, start__month=value.month
        )
        return qs.filter(Exists(in_month))


class EventFilterSet(KeptChoicesMixin, django_filters.FilterSet):
    month = MonthFilter(label=_("Month"))
    district = PlaceChoiceFilter(
        label=_("School district"),
        to_field_name="slug",
        queryset=SchoolDistrict.objects.all(),
        empty_label=_("All districts"),
    )
    category = LocalizedChoiceFilter(
        label=_("Category"),
        to_field_name="slug",
        queryset=EventCategory.objects.none(),
        empty_label=_("All categories"),
    )

    class Meta:
        model = EventPage
        fields = ["month", "district", "category"]

    def __init__(self, data=None, queryset=None, *, index, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["category"].queryset = EventCategory.objects.filter(locale_id=index.locale_id)
        self.index = index

    def kept_choices(self):
        categories = self.filters["category"].queryset
        return {
            "category": page_cache.fragment(
                f"event-categories:{self.index.locale_id}", None, lambda: list(categories)
            ),
            "district": page_cache.fragment("school-districts", None, school_districts),
        }
