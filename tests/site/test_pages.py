from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.tests.utils import get_test_image_file

import pytest

from kokoron.images.models import CustomImage
from kokoron.pages.blocks import BodyStreamBlock, CallToActionBlock, FigureBlock
from kokoron.pages.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_the_custom_image_model_is_wagtails_image_model():
    from wagtail.images import get_image_model

    assert get_image_model() is CustomImage


def test_an_image_needs_alt_text_unless_it_is_marked_decorative():
    image = CustomImage.objects.create(title="車いす体験", file=get_test_image_file())
    block = FigureBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python({"image": {"image": image.pk, "decorative": False, "alt_text": ""}})
        )
    decorative = block.clean(
        block.to_python({"image": {"image": image.pk, "decorative": True, "alt_text": ""}})
    )
    assert decorative["image"].decorative is True
    described = block.clean(
        block.to_python(
            {"image": {"image": image.pk, "decorative": False, "alt_text": "車いすを押す中学生"}}
        )
    )
    assert described["image"].contextual_alt_text == "車いすを押す中学生"


def test_a_button_link_needs_a_page_or_an_address():
    block = CallToActionBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"text": "申し込む", "page": None, "url": ""}))


def test_standard_page_renders_its_blocks(client, demo):
    home = demo.home_pages["ja"]
    page = StandardPageFactory(
        parent=home,
        slug="notice",
        title="年末年始の休業",
        body=BodyStreamBlock().to_python(
            [
                {"type": "heading", "value": {"text": "休業期間", "level": "h2"}},
                {
                    "type": "notice",
                    "value": {"title": "ご注意", "text": "<p>窓口はお休みです。</p>"},
                },
                {
                    "type": "table",
                    "value": {
                        "caption": "受付時間",
                        "rows": [["曜日", "時間"], ["平日", "9:00〜17:00"]],
                    },
                },
            ]
        ),
    )
    html = client.get(page.url).content.decode()
    assert '<h1 class="phrases">年末年始の<wbr>休業</h1>' in html
    assert "<h2>休業期間</h2>" in html
    assert '<aside class="notice" aria-label="ご注意">' in html
    assert '<th scope="col">曜日</th>' in html
    assert "<caption>受付時間</caption>" in html
