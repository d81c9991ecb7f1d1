"""Translatable snippets (news and event categories…) offered as choices in the reader's
language: under a language's prefix, a section with no translation yet shows its Japanese
page, whose choices are the Japanese snippets; each is labelled with its translation."""

from django import forms

from wagtail.models import Locale

import django_filters

# The languages of the ward's foreign residents, beside Japanese, easy Japanese and English.
RESIDENT_LANGUAGES = ("zh-hans", "ko", "vi", "pt-br", "fil", "ne")


def ensure_translated_names(source, names, locales=None):
    """Translate a snippet that has a `name` into each language of `names` ({code: name}) whose
    locale exists and that has no translation of it yet (one made by staff is left alone).
    `locales` ({code: Locale}) saves the lookup when many snippets are translated."""
    if locales is None:
        locales = {loc.language_code: loc for loc in Locale.objects.filter(language_code__in=names)}
    for code, name in names.items():
        locale = locales.get(code)
        if locale is not None and source.get_translation_or_none(locale) is None:
            translated = source.copy_for_translation(locale)
            translated.name = name
            translated.save()


def localized_names(objects):
    """{pk: name in the active language} for translatable objects of one model, in at most two
    queries; an object without a translation in that language keeps its own name."""
    objects = list(objects)
    names = {obj.pk: obj.name for obj in objects}
    if not objects:
        return names
    locale = Locale.get_active()
    others = {obj.translation_key: obj for obj in objects if obj.locale_id != locale.pk}
    if others:
        translations = type(objects[0]).objects.filter(
            locale=locale, translation_key__in=list(others)
        )
        for key, name in translations.values_list("translation_key", "name"):
            names[others[key].pk] = name or names[others[key].pk]
    return names


class LocalizedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices and their names in the reader's language from one read of the queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objects = list(self.queryset)
        self.field.__dict__["_localized_names"] = localized_names(objects)
        for obj in objects:
            yield self.choice(obj)


class LocalizedChoiceField(forms.ModelChoiceField):
    iterator = LocalizedChoiceIterator

    def label_from_instance(self, obj):
        names = self.__dict__.get("_localized_names")
        if names is None or obj.pk not in names:
            names = self.__dict__["_localized_names"] = localized_names(self.queryset)
        return names.get(obj.pk, obj.name)


class LocalizedChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of translatable snippet that matches its translations too: a listing in one
    language also lists Japanese pages, whose category is the Japanese one."""

    field_class = LocalizedChoiceField

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        return qs.filter(**{f"{self.field_name}__translation_key": value.translation_key})


def label_categories(items):
    """Give each listed item whose category is translatable `category_label`, its category's
    name in the reader's language (one query for the whole list, none in the page's own
    language): under /vi/ a section without a translation lists its Japanese pages."""
    items = [item for item in items if getattr(item, "category_id", None)]
    if not items:
        return
    categories = {item.category_id: item.category for item in items}
    names = localized_names(categories.values())
    for item in items:
        item.category_label = names.get(item.category_id, item.category.name)
