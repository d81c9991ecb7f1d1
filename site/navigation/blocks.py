from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from kokoron.core.languages import localize_path
from kokoron.core.validators import validate_site_path_or_web_address


class LinkStructValue(blocks.StructValue):
    def href(self):
        if page := self.get("page"):
            return page.localized.url
        return localize_path(self.get("url"))

    def text(self):
        if label := self.get("label"):
            return label
        if page := self.get("page"):
            return page.localized.title
        return self.get("url")


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to an address (a plugin's pages, another site)."""

    label = blocks.CharBlock(label=_("Label"), required=False, max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Or an address"),
        required=False,
        max_length=300,
        help_text=_("A path on this site such as /directory/, or a full address."),
    )

    class Meta:
        icon = "link"
        value_class = LinkStructValue

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("page") and not cleaned.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address."))}
            )
        if cleaned.get("url"):
            try:
                validate_site_path_or_web_address(cleaned["url"])
            except ValidationError as error:
                raise StructBlockValidationError(block_errors={"url": error}) from None
        if cleaned.get("url") and not cleaned.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError(_("A link to an address needs a label."))}
            )
        return cleaned
