"""Links staff and imports give: http(s) web addresses only (a javascript: link would run in a
reader's browser), menu links as paths on the site too; and images that would unpack into
gigabytes (decompression bombs) refused at upload."""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model

import pytest
from PIL import Image

from kokoron.core.validators import validate_site_path_or_web_address, validate_web_address
from kokoron.core.web_addresses import is_site_path, is_web_address
from kokoron.navigation.blocks import LinkBlock
from kokoron.pages.blocks import CallToActionBlock


@pytest.mark.parametrize(
    "value",
    [
        "https://kokoron.example.jp/",
        "http://example.jp/path?x=1#top",
        "https://社協.example.jp/ボランティア",
        "https://[2001:db8::1]:8443/",
        "HTTPS://EXAMPLE.JP/",
    ],
)
def test_web_addresses_are_accepted(value):
    assert is_web_address(value)
    validate_web_address(value)


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.jp/",
        "mailto:someone@example.jp",
        "//example.jp/",
        "/relative/path",
        "https://",
        "https:///path",
        'https://example.jp/"onclick=alert(1)',
        "https://example.jp/<script>",
        "https://exa mple.jp/",
        "https://example.jp:port/",
        "",
        "h" * 2001,
        None,
    ],
)
def test_anything_else_is_refused(value):
    assert not is_web_address(value)
    with pytest.raises(ValidationError):
        validate_web_address(value)


def test_menu_links_may_also_be_paths_on_the_site():
    for value in ["/directory/", "/volunteer/ask/?from=menu", "https://city.example.jp/"]:
        validate_site_path_or_web_address(value)
    for value in ["//evil.example/", "javascript:alert(1)", "directory/", '/a"b']:
        assert not is_site_path(value)
        with pytest.raises(ValidationError):
            validate_site_path_or_web_address(value)


def test_a_button_link_to_javascript_is_refused_in_the_editor():
    block = CallToActionBlock()
    value = block.to_python({"text": "押す", "page": None, "url": "javascript:alert(1)"})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "url" in error.value.block_errors
    ok = block.to_python({"text": "押す", "page": None, "url": "https://example.jp/"})
    assert block.clean(ok)["url"] == "https://example.jp/"


def test_a_menu_link_to_javascript_is_refused_in_the_editor():
    block = LinkBlock()
    value = block.to_python({"label": "x", "page": None, "url": "javascript:alert(1)"})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "url" in error.value.block_errors
    assert block.clean(block.to_python({"label": "x", "page": None, "url": "/directory/"}))


def _png(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (8000, 7000),  # 56 megapixels: over Wagtail's limit, under twice Pillow's
        (11000, 10000),  # 110 megapixels: Pillow refuses to decode it at all
    ],
)
@pytest.mark.django_db
def test_an_image_that_would_unpack_into_too_many_pixels_is_refused(staff_client, width, height):
    data = _png(width, height)
    assert len(data) < 200_000  # small to upload
    response = staff_client.post(
        "/admin/images/add/",
        {"title": "爆弾", "file": SimpleUploadedFile("bomb.png", data, content_type="image/png")},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any("50000000" in error for error in errors), errors
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_an_ordinary_photo_is_accepted(staff_client):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "white").save(buffer, "JPEG")
    response = staff_client.post(
        "/admin/images/add/",
        {
            "title": "写真",
            "file": SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    assert get_image_model().objects.get().width == 1200
