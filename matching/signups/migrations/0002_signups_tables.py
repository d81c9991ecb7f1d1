"""The sign-ups' tables take their app's name: matching_signup becomes signups_signup, and so
on (the certificates' sign-ups table too), so that a table's name says whose it is.

Renaming keeps every row and id. The names PostgreSQL gave the keys, sequences and foreign-key
constraints stay as they were (matching_…): Django finds those by looking, not by name. The
index on (session, state) takes the name Django gives it in this app.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("signups", "0001_initial"),
        # No model of matching's state names these tables any more.
        ("matching", "0017_signups_to_their_own_app"),
    ]

    operations = [
        migrations.RenameIndex(
            model_name="signup",
            new_name="signups_sig_session_1e4ee1_idx",
            old_name="matching_si_session_2a96f8_idx",
        ),
        migrations.AlterModelTable(name="opportunityindexpage", table=None),
        migrations.AlterModelTable(name="opportunitypage", table=None),
        migrations.AlterModelTable(name="session", table=None),
        migrations.AlterModelTable(name="sessionmessage", table=None),
        migrations.AlterModelTable(name="signup", table=None),
        migrations.AlterModelTable(name="certificate", table=None),
    ]
