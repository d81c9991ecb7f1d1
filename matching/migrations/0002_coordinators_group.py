"""The Coordinators group: the only staff who see needs, people and their contacts."""

from django.db import migrations

GROUP = "Coordinators"
MODELS = [
    "activity",
    "training",
    "person",
    "volunteer",
    "volunteertraining",
    "volunteerabsence",
    "need",
    "needsuggestions",
    "batchrun",
    "batchplanitem",
    "proposal",
    "assignment",
    "neednote",
    "auditentry",
]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = list(
        Permission.objects.filter(content_type__app_label="matching", content_type__model__in=MODELS)
        .exclude(content_type__model="auditentry", codename__in=["change_auditentry", "delete_auditentry", "add_auditentry"])
    )
    permissions += list(
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    group.permissions.add(*permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
