"""Choosing a school district or a neighbourhood on a public form or filter: each is named as
the reader knows it (its Japanese name, or its name in Latin letters for other languages)."""

from django import forms

import django_filters


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class PlaceChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PlaceChoiceField


def school_districts():
    """Every school district, in the order the filters list them (kept in the page cache's
    fragments, made again when a district is saved or deleted)."""
    from .models import SchoolDistrict

    return list(SchoolDistrict.objects.all())
