import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters

from kokoron.geography.models import SchoolDistrict

from .models import Activity, Need, Person, Training, Volunteer, VolunteerTraining


class NeedFilterSet(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=Need.State.choices, label=_("State"))
    district = django_filters.ModelChoiceFilter(
        queryset=SchoolDistrict.objects.all(), label=_("School district")
    )
    category = django_filters.ModelChoiceFilter(
        queryset=lambda request: Activity.objects.default_locale(), label=_("Kind of help")
    )
    urgency = django_filters.ChoiceFilter(choices=Need.Urgency.choices, label=_("Urgency"))
    days_open = django_filters.NumberFilter(
        method="filter_days_open", label=_("Open at least (days)"), min_value=0
    )
    open_only = django_filters.BooleanFilter(method="filter_open", label=_("Open needs only"))

    class Meta:
        model = Need
        fields = ["state", "district", "category", "urgency", "channel"]

    def filter_days_open(self, queryset, name, value):
        if value is None:
            return queryset
        cutoff = timezone.now() - dt.timedelta(days=int(value))
        return queryset.filter(created_at__lte=cutoff).exclude(state__in=Need.CLOSED_STATES)

    def filter_open(self, queryset, name, value):
        if value:
            return queryset.filter(state__in=Need.OPEN_STATES)
        return queryset


class VolunteerFilterSet(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(
        queryset=SchoolDistrict.objects.all(),
        label=_("Goes to"),
        method="filter_district",
    )
    activities = django_filters.ModelChoiceFilter(
        queryset=lambda request: Activity.objects.default_locale(), label=_("Activity")
    )

    class Meta:
        model = Volunteer
        fields = ["status", "district", "activities", "gender"]

    def filter_district(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(goes_to=value) | Q(person__district=value)).distinct()


class PersonFilterSet(django_filters.FilterSet):
    class Meta:
        model = Person
        fields = ["district"]


class VolunteerTrainingFilterSet(django_filters.FilterSet):
    """Trainings done: of one training, running out within some days, or run out already."""

    training = django_filters.ModelChoiceFilter(
        queryset=lambda request: Training.objects.default_locale(), label=_("Training")
    )
    expiring_within = django_filters.NumberFilter(
        method="filter_expiring_within",
        label=_("Expiring within (days)"),
        min_value=0,
        max_value=3650,
    )
    expired = django_filters.BooleanFilter(method="filter_expired", label=_("Expired"))

    class Meta:
        model = VolunteerTraining
        fields = ["training"]

    def filter_expiring_within(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=int(value))
        )

    def filter_expired(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return queryset.filter(expires_on__lt=today)
        return queryset.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
