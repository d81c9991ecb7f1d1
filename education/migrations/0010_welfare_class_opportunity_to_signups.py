"""A welfare class's opportunity is the sign-ups' OpportunityPage now (signups, issue 17).

State only: the table is the same. It runs before matching forgets its sign-up models.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0009_kana_readings_in_hiragana"),
        ("signups", "0001_initial"),
    ]
    run_before = [("matching", "0017_signups_to_their_own_app")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="welfareclassopportunity",
                    name="opportunity",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="signups.opportunitypage",
                        verbose_name="volunteer experience or course",
                    ),
                ),
            ],
        ),
    ]
