"""Model fields the core and every plugin share."""

from django.db import models

from kokoron.core.kana import to_hiragana


class KanaReadingField(models.CharField):
    """A name's reading, stored in hiragana whether it was typed in katakana or hiragana (and
    full-width): people lists ordered by it then follow 五十音 order, instead of every
    katakana reading sorting after the last hiragana one."""

    def pre_save(self, model_instance, add):
        value = to_hiragana(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
