import django.db.models
from django.db import migrations

import matching.signups.rules


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0008_certificate_verification_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="verification_code",
            field=django.db.models.CharField(
                default=matching.signups.rules.new_verification_code,
                editable=False,
                max_length=12,
                unique=True,
                verbose_name="verification code",
            ),
        ),
    ]
