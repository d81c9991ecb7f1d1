"""Shared pieces of the directory's models: translations in child rows and kana readings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kokoron.core.kana import is_kana, sort_key, to_hiragana

KANA_HELP = _("The reading in hiragana, used to sort lists in 五十音 order.")


def language_choices():
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def active_language():
    return translation.get_language() or settings.LANGUAGE_CODE


def related(instance, name):
    """A relation's rows, from the prefetch cache when the view prefetched them.

    Reading the cache directly skips the queryset that modelcluster's managers build on every
    .all(), which is most of the cost of rendering a long list.
    """
    cache = getattr(instance, "_prefetched_objects_cache", {})
    if name in cache:
        return list(cache[name])
    return list(getattr(instance, name).all())


class TranslationBase(models.Model):
    language_code = models.CharField(_("language"), max_length=20, choices=language_choices)
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.name} ({self.language_code})"


class Translated(models.Model):
    """Objects whose name and description are read in the reader's language."""

    translated_fields = ("name", "description")

    class Meta:
        abstract = True

    def translation_for(self, language=None):
        language = language or active_language()
        if language == settings.LANGUAGE_CODE:
            return None
        rows = self.__dict__.get("_translation_rows")
        if rows is None:
            rows = {row.language_code: row for row in related(self, "translations")}
            self.__dict__["_translation_rows"] = rows
        return rows.get(language)

    def translated(self, field, language=None):
        row = self.translation_for(language)
        value = getattr(row, field, "") if row is not None else ""
        return value or getattr(self, field)

    @property
    def display_name(self):
        return self.translated("name")

    @property
    def display_description(self):
        return self.translated("description")


class Reading(models.Model):
    """A Japanese name with its kana reading and the key that sorts it in 五十音 order."""

    name = models.CharField(_("name"), max_length=250)
    name_kana = models.CharField(_("reading (kana)"), max_length=250, help_text=KANA_HELP)
    sort_name = models.CharField(max_length=250, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name_kana = to_hiragana(self.name_kana)
        self.sort_name = sort_key(self.name_kana)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.name_kana and not is_kana(self.name_kana):
            raise ValidationError({"name_kana": _("Write the reading in kana only.")})
