"""Choosing a school district or a neighbourhood on a public form or filter: each is named as
the reader knows it (its Japanese name, or its name in Latin letters for other languages)."""

from django import forms

import django_filters


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class PlaceChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PlaceChoiceField
