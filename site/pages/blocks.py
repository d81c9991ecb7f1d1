"""The block set shared by every page's body."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from kokoron.core.validators import validate_web_address

RICH_TEXT_FEATURES = [
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
    "h3",
    "h4",
    "hr",
    "furigana",
]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class FigureBlock(blocks.StructBlock):
    # Wagtail's ImageBlock refuses an image without alt text unless it is marked decorative.
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/figure_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an address"), required=False)

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("page") and not cleaned.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address."))}
            )
        if cleaned.get("url"):
            try:
                validate_web_address(cleaned["url"])
            except ValidationError as error:
                raise StructBlockValidationError(block_errors={"url": error}) from None
        return cleaned


class NoticeBlock(blocks.StructBlock):
    """A boxed notice: a closure, a deadline, a warning about fraud."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/notice_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, icon="pilcrow"
    )
    figure = FigureBlock(label=_("Image"))
    notice = NoticeBlock(label=_("Notice"))
    call_to_action = CallToActionBlock(label=_("Button link"))
    document = DocumentBlock(label=_("Document"))
    embed = EmbedBlock(label=_("Video or embed"), max_width=800, icon="media")
    table = blocks.StructBlock(
        [
            ("caption", blocks.CharBlock(label=_("Caption"), max_length=200)),
            (
                "rows",
                blocks.ListBlock(
                    blocks.ListBlock(blocks.CharBlock(label=_("Cell")), label=_("Row")),
                    label=_("Rows (the first is the header)"),
                ),
            ),
        ],
        label=_("Table"),
        icon="table",
        template="blocks/table_block.html",
    )
