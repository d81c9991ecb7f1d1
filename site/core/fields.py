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


def fold_stored_readings(apps, models):
    """For a data migration: the readings already stored, each model's `name_kana`, in
    hiragana as KanaReadingField stores new ones. `models` are (app label, model name)."""
    for app_label, model_name in models:
        model = apps.get_model(app_label, model_name)
        changed = []
        for row in model.objects.exclude(name_kana="").only("pk", "name_kana").iterator():
            folded = to_hiragana(row.name_kana)
            if folded != row.name_kana:
                row.name_kana = folded
                changed.append(row)
        model.objects.bulk_update(changed, ["name_kana"], batch_size=500)
