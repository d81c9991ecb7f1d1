"""The ward's school districts (学区) and neighbourhoods (町内): where every place, need and
person is placed. Place names are not translated but read: kana for Japanese readers and
furigana, romaji for readers of Latin-script languages."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

KANA_HELP = _("Hiragana, used for sorting in 五十音 order and for furigana.")


class PlaceName(models.Model):
    name = models.CharField(_("name"), max_length=60)
    name_kana = models.CharField(_("reading (kana)"), max_length=120, help_text=KANA_HELP)
    name_romaji = models.CharField(
        _("name in Latin letters"), max_length=120, help_text=_("For example Gokiso.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name as the active language's readers know it."""
        if (translation.get_language() or "ja").startswith("ja"):
            return self.name
        return self.name_romaji


class SchoolDistrict(PlaceName):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    adjacent = models.ManyToManyField(
        "self",
        symmetrical=True,
        blank=True,
        verbose_name=_("adjacent districts"),
        help_text=_("Districts that share a border; used when looking for help nearby."),
    )

    class Meta:
        ordering = ["sort_order", "name_kana"]
        verbose_name = _("school district")
        verbose_name_plural = _("school districts")


class Neighbourhood(PlaceName):
    district = models.ForeignKey(
        SchoolDistrict,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("school district"),
    )

    class Meta:
        ordering = ["district__sort_order", "sort_order", "name_kana"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="unique_neighbourhood_name_per_district"
            )
        ]
