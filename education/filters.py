from django.utils.translation import gettext_lazy as _

import django_filters

from kokoron.geography.models import SchoolDistrict

from .forms import programme_queryset
from .models import Booking, ClassRequest, Equipment, EquipmentLoan, Lecturer, School


class ClassRequestFilterSet(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(
        choices=ClassRequest.State.choices, label=_("State")
    )
    district = django_filters.ModelChoiceFilter(
        field_name="school__district",
        queryset=SchoolDistrict.objects.all(),
        label=_("School district"),
    )
    programme = django_filters.ModelChoiceFilter(
        field_name="programmes",
        queryset=lambda request: programme_queryset(),
        label=_("Programme"),
        distinct=True,
    )
    date = django_filters.DateFromToRangeFilter(
        field_name="dates__date", label=_("Preferred date"), distinct=True
    )

    class Meta:
        model = ClassRequest
        fields = ["state", "district", "school", "programme", "grade"]


class LecturerFilterSet(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(
        field_name="districts", queryset=SchoolDistrict.objects.all(), label=_("Travels to")
    )
    programmes = django_filters.ModelChoiceFilter(
        queryset=lambda request: programme_queryset(), label=_("Programme")
    )

    class Meta:
        model = Lecturer
        fields = ["kind", "active", "district", "programmes", "needs_escort", "needs_step_free"]


class BookingFilterSet(django_filters.FilterSet):
    date = django_filters.DateFromToRangeFilter(label=_("Date"))
    lecturer = django_filters.ModelChoiceFilter(
        field_name="people__lecturer",
        queryset=Lecturer.objects.all(),
        label=_("Person"),
        distinct=True,
    )
    item = django_filters.ModelChoiceFilter(
        field_name="loans__item",
        queryset=lambda request: Equipment.objects.default_locale(),
        label=_("Equipment"),
        distinct=True,
    )

    class Meta:
        model = Booking
        fields = ["state", "date", "lecturer", "item"]


class SchoolFilterSet(django_filters.FilterSet):
    class Meta:
        model = School
        fields = ["kind", "district", "active"]


class EquipmentLoanFilterSet(django_filters.FilterSet):
    out_on = django_filters.DateFilter(method="filter_out_on", label=_("Out on"))

    class Meta:
        model = EquipmentLoan
        fields = ["item", "out_on"]

    def filter_out_on(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(out_from__lte=value, back_on__gte=value)
