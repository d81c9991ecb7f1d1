"""Organisations and the places they work from: locations, their addresses and accessibility."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from kokoron.core.validators import WebAddressField
from kokoron.geography.models import Neighbourhood, SchoolDistrict
from kokoron.geography.placed import PlacedMixin

from .base import Reading, Translated, TranslationBase, related


class Organization(Translated, Reading, ClusterableModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(_("description"))
    email = models.EmailField(_("email"), blank=True)
    website = WebAddressField(_("website"), blank=True)
    legal_status = models.CharField(_("legal status"), max_length=120, blank=True)
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name


class OrganizationTranslation(TranslationBase):
    organization = ParentalKey(Organization, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "language_code"], name="unique_organization_language"
            )
        ]


class Location(PlacedMixin, Translated, Reading, ClusterableModel):
    translated_fields = ("name", "description", "transportation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("organization"),
    )
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(
        _("how to get there"), blank=True, help_text=_("For example: 5 minutes from the station.")
    )
    school_district = models.ForeignKey(
        SchoolDistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_locations",
        verbose_name=_("school district"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_locations",
        verbose_name=_("neighbourhood"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.neighbourhood_id and not self.school_district_id:
            self.school_district_id = self.neighbourhood.district_id
        super().save(*args, **kwargs)

    @property
    def display_transportation(self):
        return self.translated("transportation")

    @property
    def map_url(self):
        """OpenStreetMap at this place; a plain link, no script needed."""
        if self.latitude is None or self.longitude is None:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=18/{self.latitude}/{self.longitude}"
        )

    @property
    def address_list(self):
        return related(self, "addresses")

    @property
    def step_free(self):
        return any(a.code == Accessibility.STEP_FREE for a in related(self, "accessibility"))


class LocationTranslation(TranslationBase):
    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="translations")
    transportation = models.TextField(_("how to get there"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["location", "language_code"], name="unique_location_language"
            )
        ]


class Address(models.Model):
    TYPES = [("physical", _("physical")), ("postal", _("postal")), ("virtual", _("virtual"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(_("attention"), max_length=120, blank=True)
    address_1 = models.CharField(_("address"), max_length=250)
    address_2 = models.CharField(_("building"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120, default="名古屋市昭和区")
    region = models.CharField(_("region"), max_length=120, blank=True)
    state_province = models.CharField(_("prefecture"), max_length=120, default="愛知県")
    postal_code = models.CharField(_("postal code"), max_length=10)
    country = models.CharField(_("country"), max_length=2, default="JP")
    address_type = models.CharField(
        _("address type"), max_length=10, choices=TYPES, default="physical"
    )

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self):
        return f"〒{self.postal_code} {self.state_province}{self.city}{self.address_1}"

    @property
    def one_line(self):
        return f"〒{self.postal_code} {self.city}{self.address_1}{' ' + self.address_2 if self.address_2 else ''}"


class Accessibility(models.Model):
    STEP_FREE = "step_free"
    CODES = [
        (STEP_FREE, _("Step-free access")),
        ("accessible_toilet", _("Accessible toilet")),
        ("wheelchair_loan", _("Wheelchairs to borrow")),
        ("parking", _("Parking for people with disabilities")),
        ("hearing_loop", _("Hearing loop")),
        ("sign_language", _("Sign language on request")),
        ("braille", _("Braille signs")),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    code = models.CharField(_("feature"), max_length=30, choices=CODES)
    details = models.CharField(_("details"), max_length=250, blank=True)
    url = WebAddressField(_("URL"), blank=True)

    class Meta:
        verbose_name = _("accessibility feature")
        verbose_name_plural = _("accessibility features")
        constraints = [
            models.UniqueConstraint(fields=["location", "code"], name="unique_location_feature")
        ]

    def __str__(self):
        return str(self.get_code_display())
