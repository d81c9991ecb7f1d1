"""Trainings done before expiry dates were worked out: fill each empty one from its training's
years of validity (a training without them never expires and stays empty)."""

from django.db import migrations

from matching.engine.dates import expiry_date


def fill_expiry(apps, schema_editor):
    VolunteerTraining = apps.get_model("matching", "VolunteerTraining")
    rows = VolunteerTraining.objects.filter(
        expires_on__isnull=True, training__valid_years__isnull=False
    ).select_related("training")
    changed = []
    for row in rows.iterator(chunk_size=500):
        row.expires_on = expiry_date(row.completed_on, row.training.valid_years)
        if row.expires_on is not None:
            changed.append(row)
    VolunteerTraining.objects.bulk_update(changed, ["expires_on"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("matching", "0011_absence_reason_training_reminder")]

    # Going back leaves the dates: they are right either way.
    operations = [migrations.RunPython(fill_expiry, migrations.RunPython.noop)]
