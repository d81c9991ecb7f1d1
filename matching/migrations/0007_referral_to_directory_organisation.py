# The directory's organisations have UUIDs; the old integer column could never hold one (it was
# always empty), so it is replaced rather than converted (PostgreSQL has no integer-to-uuid cast).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0006_rich_text_furigana"),
    ]

    operations = [
        migrations.RemoveField(model_name="need", name="referred_organization_id"),
        migrations.AddField(
            model_name="need",
            name="referred_organization_id",
            field=models.UUIDField(blank=True, null=True, verbose_name="directory organisation"),
        ),
    ]
