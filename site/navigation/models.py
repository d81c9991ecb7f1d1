"""Header navigation and footer, edited by staff, one per language."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin

from .blocks import LinkBlock


class PerLocaleQuerySet(models.QuerySet):
    def for_active_locale(self):
        """This language's version, else the default language's, else None: one query."""
        active = translation.get_language() or settings.LANGUAGE_CODE
        candidates = {
            item.locale.language_code: item
            for item in self.filter(
                locale__language_code__in={active, settings.LANGUAGE_CODE}
            ).select_related("locale")
        }
        return candidates.get(active) or candidates.get(settings.LANGUAGE_CODE)


class MainMenu(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=100, default="main")
    links = StreamField([("link", LinkBlock())], verbose_name=_("links"))

    objects = PerLocaleQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("links")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("header navigation")
        verbose_name_plural = _("header navigation")

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.locale})"


class Footer(TranslatableMixin, models.Model):
    council_name = models.CharField(_("council name"), max_length=120)
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("links"))

    objects = PerLocaleQuerySet.as_manager()

    panels = [
        FieldPanel("council_name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("fax"),
        FieldPanel("email"),
        FieldPanel("opening_hours"),
        FieldPanel("links"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer")
        verbose_name_plural = _("footer")

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.locale})"
