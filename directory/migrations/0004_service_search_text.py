from django.db import migrations, models

from directory.search_words import search_columns


def fill_search_columns(apps, schema_editor):
    Service = apps.get_model("directory", "Service")
    ServiceTranslation = apps.get_model("directory", "ServiceTranslation")
    pairs = {}
    for service_id, name, description in ServiceTranslation.objects.values_list(
        "service_id", "name", "description"
    ):
        pairs.setdefault(service_id, []).append((name, description))
    filled = []
    for service in Service.objects.select_related("organization"):
        service.search_names, service.search_text = search_columns(
            (service.name, service.name_kana, service.description, service.eligibility_description),
            (service.organization.name, service.organization.name_kana),
            pairs.get(service.pk, []),
        )
        filled.append(service)
    Service.objects.bulk_update(filled, ["search_names", "search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_import_jobs_and_booklet_pdfs"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="search_names",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="service",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
    ]
