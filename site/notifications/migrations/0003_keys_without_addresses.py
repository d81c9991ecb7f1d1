"""Keys of emails already queued or sent no longer hold the recipient's address (the same
digest as kokoron.notifications.service.private_key, copied so that this migration does not
change when that code does)."""

import re

from django.db import migrations
from django.utils.crypto import salted_hmac

ADDRESS_IN_KEY = re.compile(r"[\w.+-]+@[\w.-]+")


def private_key(key):
    return ADDRESS_IN_KEY.sub(
        lambda match: "a"
        + salted_hmac("kokoron.notifications.key", match.group().lower()).hexdigest()[:24],
        key,
    )


def rewrite_keys(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for notification in Notification.objects.filter(key__contains="@").only("pk", "key"):
        Notification.objects.filter(pk=notification.pk).update(key=private_key(notification.key))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_delivery_claims")]

    operations = [migrations.RunPython(rewrite_keys, migrations.RunPython.noop)]
