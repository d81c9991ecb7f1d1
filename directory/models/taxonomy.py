"""Taxonomies (the kinds of resource and fields of life) and their terms."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from kokoron.core.validators import WebAddressField

from .base import Translated, TranslationBase


class Taxonomy(models.Model):
    """A vocabulary of terms: the council's "field" (分野) and "kind" (種別) lists, and others."""

    FIELD = "field"
    KIND = "kind"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    uri = WebAddressField(_("URI"), blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self):
        return self.name


class TaxonomyTerm(Translated, ClusterableModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, related_name="terms", verbose_name=_("taxonomy")
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent term"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    term_uri = WebAddressField(_("term URI"), blank=True)

    class Meta:
        ordering = ["taxonomy__slug", "sort_order", "name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code")
        ]

    def __str__(self):
        return f"{self.name} ({self.taxonomy.name})" if self.taxonomy_id else self.name


class TaxonomyTermTranslation(TranslationBase):
    term = ParentalKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "language_code"], name="unique_term_language")
        ]
