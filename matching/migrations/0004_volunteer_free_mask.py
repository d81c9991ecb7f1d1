from django.db import migrations, models

from matching.engine import week


def compute_masks(apps, schema_editor):
    Volunteer = apps.get_model("matching", "Volunteer")
    for volunteer in Volunteer.objects.only("pk", "availability").iterator():
        mask = week.free_mask(week.slots_from_json(volunteer.availability))
        Volunteer.objects.filter(pk=volunteer.pk).update(free_mask=mask)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0003_signups"),
    ]

    operations = [
        migrations.AddField(
            model_name="volunteer",
            name="free_mask",
            field=models.CharField(blank=True, editable=False, max_length=336),
        ),
        migrations.RunPython(compute_masks, migrations.RunPython.noop),
    ]
