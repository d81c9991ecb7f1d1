from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kokoron.core"
    label = "core"
    verbose_name = _("Kokoron core")

    def ready(self):
        from django.conf import settings

        from PIL import Image

        from . import locking  # noqa: F401 - registers its system check
        from .request_memo import install as remember_locales_per_request
        from .setup import after_migrate

        post_migrate.connect(after_migrate, sender=self)
        remember_locales_per_request()
        # Pillow refuses to decode an image over twice this many pixels (a decompression bomb:
        # a small file that unpacks into gigabytes); Wagtail's upload refuses over it once.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
