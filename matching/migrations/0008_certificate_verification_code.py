# Certificates get a random verification code; those already issued get theirs here (their
# holders can print the certificate again from their link to see it). Made unique in 0009.
from django.db import migrations, models

from matching.signups.rules import CODE_LENGTH, new_verification_code


def give_codes(apps, schema_editor):
    Certificate = apps.get_model("matching", "Certificate")
    used = set()
    for certificate in Certificate.objects.filter(verification_code__isnull=True).only("pk"):
        code = new_verification_code()
        while code in used:
            code = new_verification_code()
        used.add(code)
        Certificate.objects.filter(pk=certificate.pk).update(verification_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0007_referral_to_directory_organisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="verification_code",
            field=models.CharField(
                editable=False, max_length=CODE_LENGTH, null=True, verbose_name="verification code"
            ),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
    ]
