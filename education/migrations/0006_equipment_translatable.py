"""Equipment becomes a translatable snippet. Every existing item is the Japanese source (the
default locale) with its own translation key; an English name kept until now becomes the
item's English translation where that language is on. Loans and programmes keep pointing at
the Japanese item, which holds the stock."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import education.models


def forwards(apps, schema_editor):
    Equipment = apps.get_model("education", "Equipment")
    Locale = apps.get_model("wagtailcore", "Locale")
    default, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    languages = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    english = Locale.objects.get_or_create(language_code="en")[0] if "en" in languages else None
    for item in Equipment.objects.filter(locale__isnull=True):
        item.translation_key = uuid.uuid4()
        item.locale = default
        item.save(update_fields=["translation_key", "locale"])
        if english is not None and item.name_en:
            Equipment.objects.create(
                name=item.name_en,
                name_en="",
                count=item.count,
                notes=item.notes,
                translation_key=item.translation_key,
                locale=english,
            )


def backwards(apps, schema_editor):
    Equipment = apps.get_model("education", "Equipment")
    for item in Equipment.objects.exclude(locale__language_code=settings.LANGUAGE_CODE):
        source = Equipment.objects.filter(
            translation_key=item.translation_key, locale__language_code=settings.LANGUAGE_CODE
        ).first()
        if source is not None and item.locale.language_code == "en":
            source.name_en = item.name
            source.save(update_fields=["name_en"])
        item.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("education", "0005_request_programmes"),
    ]

    operations = [
        # Empty first, then one key and the default locale for every row, then required.
        migrations.AddField(
            model_name="equipment",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="equipment",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="equipment",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="equipment",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="equipment",
            unique_together={("translation_key", "locale")},
        ),
        migrations.RemoveField(model_name="equipment", name="name_en"),
        migrations.AlterModelOptions(
            name="equipment",
            options={
                "ordering": ["name", "pk"],
                "verbose_name": "equipment",
                "verbose_name_plural": "equipment",
            },
        ),
        migrations.AlterField(
            model_name="equipmentloan",
            name="item",
            field=models.ForeignKey(
                limit_choices_to=education.models.default_locale_only,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="loans",
                to="education.equipment",
            ),
        ),
        migrations.AlterField(
            model_name="programmeequipment",
            name="item",
            field=models.ForeignKey(
                limit_choices_to=education.models.default_locale_only,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="education.equipment",
                verbose_name="item",
            ),
        ),
    ]
