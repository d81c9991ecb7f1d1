"""A request names one to three programmes (ordered); each booked person says which one they
come for. Every existing request keeps its programme as its first (and only) one, and every
booked person gets their request's programme."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    ClassRequest = apps.get_model("education", "ClassRequest")
    RequestProgramme = apps.get_model("education", "RequestProgramme")
    BookedPerson = apps.get_model("education", "BookedPerson")
    RequestProgramme.objects.bulk_create(
        RequestProgramme(request_id=pk, programme_id=programme_id, rank=1)
        for pk, programme_id in ClassRequest.objects.values_list("pk", "programme_id")
    )
    for booked in BookedPerson.objects.select_related("booking__request"):
        booked.programme_id = booked.booking.request.programme_id
        booked.save(update_fields=["programme"])


def backwards(apps, schema_editor):
    ClassRequest = apps.get_model("education", "ClassRequest")
    RequestProgramme = apps.get_model("education", "RequestProgramme")
    for row in RequestProgramme.objects.filter(rank=1):
        ClassRequest.objects.filter(pk=row.request_id).update(programme_id=row.programme_id)


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0004_rich_text_furigana"),
    ]

    operations = [
        migrations.AddField(
            model_name="bookedperson",
            name="programme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="education.programmepage",
                verbose_name="programme",
            ),
        ),
        migrations.CreateModel(
            name="RequestProgramme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rank", models.PositiveSmallIntegerField(default=1, verbose_name="choice")),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="education.programmepage",
                        verbose_name="programme",
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="programme_rows",
                        to="education.classrequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "requested programme",
                "verbose_name_plural": "requested programmes",
                "ordering": ["request", "rank"],
            },
        ),
        migrations.AddConstraint(
            model_name="requestprogramme",
            constraint=models.UniqueConstraint(
                fields=("request", "programme"), name="one_row_per_programme"
            ),
        ),
        # While the old field is still there to read from.
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="classrequest", name="programme"),
        migrations.AddField(
            model_name="classrequest",
            name="programmes",
            field=models.ManyToManyField(
                related_name="requests",
                through="education.RequestProgramme",
                to="education.programmepage",
                verbose_name="programmes",
            ),
        ),
    ]
