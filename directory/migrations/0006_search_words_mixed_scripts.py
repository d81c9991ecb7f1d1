"""The site's text handling now indexes each Japanese run's first and last character (so that
第2火曜日 is found): every entry's search words are computed again."""

from django.db import migrations

from directory.search_words import search_columns


def recompute_search_columns(apps, schema_editor):
    Service = apps.get_model("directory", "Service")
    ServiceTranslation = apps.get_model("directory", "ServiceTranslation")
    pairs = {}
    translations = ServiceTranslation.objects.order_by("service_id", "language_code")
    for service_id, name, description in translations.values_list(
        "service_id", "name", "description"
    ):
        pairs.setdefault(service_id, []).append((name, description))
    changed = []
    for service in Service.objects.select_related("organization").iterator(chunk_size=500):
        columns = search_columns(
            (service.name, service.name_kana, service.description, service.eligibility_description),
            (service.organization.name, service.organization.name_kana),
            pairs.get(service.pk, []),
        )
        if columns != (service.search_names, service.search_text):
            service.search_names, service.search_text = columns
            changed.append(service)
    Service.objects.bulk_update(changed, ["search_names", "search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_web_addresses_only"),
    ]

    operations = [migrations.RunPython(recompute_search_columns, migrations.RunPython.noop)]
