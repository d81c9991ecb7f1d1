"""The approval workflow and its task named in Japanese.

Wagtail's workflow and task names are plain text shown as they are in the admin, in every
admin language (they are not translatable), so they are named in the council's working
language, like any other content. The groups keep their names: code and people refer to them.
"""

from django.db import migrations

RENAMES = [
    ("Workflow", "Outreach approval", "広報承認"),
    ("Task", "Approval by a manager", "管理職の承認"),
]


def rename(apps, pairs):
    for model_name, old, new in pairs:
        model = apps.get_model("wagtailcore", model_name)
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, RENAMES)


def backwards(apps, schema_editor):
    rename(apps, [(model_name, new, old) for model_name, old, new in RENAMES])


class Migration(migrations.Migration):
    dependencies = [("news", "0002_editorial_groups_and_workflow")]

    operations = [migrations.RunPython(forwards, backwards)]
