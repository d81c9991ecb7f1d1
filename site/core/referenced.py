"""Model pieces the plugins' registers share: a reference number people quote on the phone,
and querysets of translatable snippets in the default language."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale


class ReferencedModel(models.Model):
    """A model with a short reference number that people quote on the phone."""

    reference_prefix = "R"
    reference = models.CharField(_("reference number"), max_length=20, blank=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.reference:
            self.reference = f"{self.reference_prefix}-{self.pk:06d}"
            type(self).objects.filter(pk=self.pk).update(reference=self.reference)


class LocalizedQuerySet(models.QuerySet):
    def default_locale(self):
        return self.filter(locale=Locale.get_default())
