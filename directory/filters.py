"""Filter sets: the public directory's filters and the admin's."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

import django_filters

from kokoron.core.forms import PublicFormRenderer
from kokoron.core.kana import to_hiragana
from kokoron.core.kept_choices import KeptChoicesMixin
from kokoron.geography.forms import school_districts
from kokoron.geography.models import SchoolDistrict
from kokoron.pages import cache as page_cache

from . import generation
from .models import (
    Accessibility,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    active_language,
)
from .schedule_rules import DAY_CODES

KEPT_SECONDS = 24 * 60 * 60
WEEKDAY_CHOICES = [
    ("mo", _("Monday")),
    ("tu", _("Tuesday")),
    ("we", _("Wednesday")),
    ("th", _("Thursday")),
    ("fr", _("Friday")),
    ("sa", _("Saturday")),
    ("su", _("Sunday")),
]


class FastSelect(forms.Select):
    """A select rendered in Python: the same HTML as Django's, without a template per option.

    The filter form is on every page of the list, and template-rendered options were a third of
    its time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    "" if option_value is None else option_value,
                    mark_safe(" selected") if str(option_value or "") in selected else "",
                    label,
                )
                for option_value, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


def terms_of(taxonomy_slug):
    queryset = TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy_slug)
    if active_language() != settings.LANGUAGE_CODE:
        queryset = queryset.prefetch_related("translations")
    return queryset


def kept_terms(taxonomy_slug):
    """A taxonomy's terms for the filter, made once per change of the directory."""
    key = f"directory.filter-terms:{taxonomy_slug}:{active_language()}"
    current = generation.current()
    found = cache.get(key)
    if found is not None and found[0] == current:
        return found[1]
    terms = list(terms_of(taxonomy_slug))
    cache.set(key, (current, terms), KEPT_SECONDS)
    return terms


class TermChoiceFilter(django_filters.ModelChoiceFilter):
    """A term of one taxonomy, named in the URL by its code (?field=older-people)."""

    def __init__(self, taxonomy_slug, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("queryset", lambda request: terms_of(taxonomy_slug))
        kwargs.setdefault("widget", FastSelect)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(
            id__in=Service.terms.through.objects.filter(taxonomyterm_id=value.pk).values(
                "service_id"
            )
        )


class TermField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


TermChoiceFilter.field_class = TermField


class DistrictField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CheckboxFilter(django_filters.Filter):
    """A checkbox: ticked applies the filter, unticked leaves the list alone."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)


def services_in_district(district):
    at_location = ServiceAtLocation.objects.filter(location__school_district=district)
    in_area = ServiceArea.objects.filter(
        Q(school_district=district) | Q(neighbourhood__district=district)
    )
    return Q(id__in=at_location.values("service_id")) | Q(id__in=in_area.values("service_id"))


def services_open_at(queryset, moment):
    """Services open at a local date and time: the database narrows, the schedule rules decide."""
    code = DAY_CODES[moment.weekday()]
    rows = Schedule.objects.filter(
        byday__icontains=code, opens_at__lte=moment.time(), closes_at__gt=moment.time()
    )
    candidates = queryset.filter(id__in=rows.values("service_id")).prefetch_related("schedules")
    open_ids = [service.id for service in candidates if service.schedule().is_open(moment)]
    return queryset.filter(id__in=open_ids)


class PublicFilterForm(forms.Form):
    """The public search panel's form, drawn by the core's form renderer."""

    default_renderer = PublicFormRenderer


class DirectoryFilterSet(KeptChoicesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="filter_keyword",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    field = TermChoiceFilter(Taxonomy.FIELD, label=_("Field"), empty_label=_("Any field"))
    kind = TermChoiceFilter(Taxonomy.KIND, label=_("Kind"), empty_label=_("Any kind"))
    district = django_filters.ModelChoiceFilter(
        label=_("School district"),
        queryset=SchoolDistrict.objects.all(),
        to_field_name="slug",
        method="filter_district",
        empty_label=_("Any district"),
        widget=FastSelect,
    )
    day = django_filters.ChoiceFilter(
        label=_("Open on"),
        choices=WEEKDAY_CHOICES,
        method="filter_day",
        empty_label=_("Any day"),
        widget=FastSelect,
    )
    open_now = CheckboxFilter(label=_("Open now"), method="filter_open_now")
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=Language.CODES,
        method="filter_language",
        empty_label=_("Any language"),
        widget=FastSelect,
    )
    step_free = CheckboxFilter(label=_("Step-free access"), method="filter_step_free")
    free = CheckboxFilter(label=_("Free of charge"), method="filter_free")

    class Meta:
        model = Service
        fields = []
        form = PublicFilterForm

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        self.filters["district"].field_class = DistrictField

    def kept_choices(self):
        return {
            "field": kept_terms(Taxonomy.FIELD),
            "kind": kept_terms(Taxonomy.KIND),
            "district": page_cache.fragment("school-districts", None, school_districts),
        }

    def filter_keyword(self, queryset, name, value):
        words = value.split()
        every_word = Q()
        for word in words[:5]:
            kana = to_hiragana(word)
            every_word &= (
                Q(name__icontains=word)
                | Q(name_kana__contains=kana)
                | Q(description__icontains=word)
                | Q(organization__name__icontains=word)
                | Q(organization__name_kana__contains=kana)
                | Q(id__in=Service.objects.filter(translations__name__icontains=word).values("id"))
            )
        # The site's Japanese text handling also finds notation variants (車いす for 車椅子).
        from .search import keyword_condition

        tokens = keyword_condition(value)
        return queryset.filter(every_word | tokens if tokens is not None else every_word)

    def filter_district(self, queryset, name, value):
        return queryset.filter(services_in_district(value)) if value else queryset

    def filter_day(self, queryset, name, value):
        if not value:
            return queryset
        rows = Schedule.objects.filter(byday__icontains=value.upper())
        return queryset.filter(id__in=rows.values("service_id"))

    def filter_open_now(self, queryset, name, value):
        if not value:
            return queryset
        moment = timezone.localtime(self.now) if self.now else timezone.localtime()
        return services_open_at(queryset, moment.replace(tzinfo=None))

    def filter_language(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(id__in=Language.objects.filter(code=value).values("service_id"))

    def filter_step_free(self, queryset, name, value):
        if not value:
            return queryset
        places = ServiceAtLocation.objects.filter(
            location__accessibility__code=Accessibility.STEP_FREE
        )
        return queryset.filter(id__in=places.values("service_id"))

    def filter_free(self, queryset, name, value):
        return queryset.filter(fee_kind=Service.FREE) if value else queryset


# Admin --------------------------------------------------------------------------------------


class ServiceAdminFilterSet(django_filters.FilterSet):
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(), label=_("organization")
    )
    terms = django_filters.ModelChoiceFilter(
        queryset=TaxonomyTerm.objects.select_related("taxonomy"), label=_("term")
    )
    district = django_filters.ModelChoiceFilter(
        queryset=SchoolDistrict.objects.all(), label=_("school district"), method="filter_district"
    )
    unverified = django_filters.BooleanFilter(
        label=_("not verified for over a year"), method="filter_unverified"
    )

    class Meta:
        model = Service
        fields = ["status", "fee_kind", "organization", "terms"]

    def filter_district(self, queryset, name, value):
        return queryset.filter(services_in_district(value)) if value else queryset

    def filter_unverified(self, queryset, name, value):
        if value is None:
            return queryset
        year_ago = timezone.localdate() - dt.timedelta(days=365)
        stale = Q(assured_date__isnull=True) | Q(assured_date__lt=year_ago)
        return queryset.filter(stale) if value else queryset.exclude(stale)


class OrganizationAdminFilterSet(django_filters.FilterSet):
    kind = django_filters.ModelChoiceFilter(
        queryset=TaxonomyTerm.objects.filter(taxonomy__slug=Taxonomy.KIND),
        label=_("kind of service"),
        method="filter_kind",
    )

    class Meta:
        model = Organization
        fields = []

    def filter_kind(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(id__in=Service.objects.filter(terms=value).values("organization_id"))


class LocationAdminFilterSet(django_filters.FilterSet):
    class Meta:
        model = Location
        fields = ["school_district", "organization"]


class TaxonomyTermAdminFilterSet(django_filters.FilterSet):
    class Meta:
        model = TaxonomyTerm
        fields = ["taxonomy"]
