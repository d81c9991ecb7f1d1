"""The text handling now indexes each Japanese run's first and last character, so that a query
mixing scripts (第2火曜日) is found: an existing index must be rebuilt.

The rebuild is queued for the django-q2 cluster rather than done here: it reads every indexed
model as the code has it, which needs every app's migrations applied, not only this one's
dependencies. A fresh database has nothing indexed and queues nothing.
"""

from django.db import migrations


def queue_rebuild(apps, schema_editor):
    from django_q.tasks import async_task

    index_entry = apps.get_model("wagtailsearch", "IndexEntry")
    if index_entry.objects.using(schema_editor.connection.alias).exists():
        async_task("kokoron.search.tasks.rebuild_index", task_name="search: rebuild index")


class Migration(migrations.Migration):
    dependencies = [
        ("sitesearch", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(queue_rebuild, migrations.RunPython.noop)]
