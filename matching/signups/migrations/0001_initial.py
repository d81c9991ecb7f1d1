"""The sign-ups become an app of their own (issue 17), on the tables they have.

State only: nothing is copied. The models are taken over as they are in matching's state, on
matching's tables; matching 0017 then forgets them and hands over their content types, and
0002 renames the tables. To go back to before the move: `manage.py migrate signups zero`.
"""

import django.db.models.deletion
import django.utils.timezone
import kokoron.core.fields
import kokoron.core.signed_links
import matching.signups.rules
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("matching", "0016_goes_to_district_volunteer_index"),
        ("geography", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables are matching's: nothing to do in the database.
            state_operations=[
                migrations.CreateModel(
                    name="OpportunityIndexPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        ("intro", models.TextField(blank=True, verbose_name="introduction")),
                    ],
                    options={
                        "db_table": "matching_opportunityindexpage",
                        "verbose_name": "volunteer experiences index",
                    },
                    bases=("wagtailcore.page",),
                ),
                migrations.CreateModel(
                    name="OpportunityPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "summary",
                            models.TextField(
                                help_text="One or two sentences, shown in the listing.",
                                max_length=300,
                                verbose_name="summary",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("experience", "Volunteer experience"),
                                    ("course", "Course or training"),
                                    ("school", "Student welfare school"),
                                ],
                                default="experience",
                                max_length=12,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "host",
                            models.CharField(
                                blank=True,
                                help_text="The care home, school or group.",
                                max_length=150,
                                verbose_name="host",
                            ),
                        ),
                        (
                            "image",
                            wagtail.fields.StreamField(
                                [("image", 0)],
                                blank=True,
                                block_lookup={
                                    0: ("wagtail.images.blocks.ImageBlock", [], {"label": "Image"})
                                },
                                help_text="Describe the image for people who cannot see it, or mark it decorative.",
                                verbose_name="image",
                            ),
                        ),
                        (
                            "body",
                            wagtail.fields.StreamField(
                                [
                                    ("heading", 2),
                                    ("paragraph", 3),
                                    ("figure", 6),
                                    ("notice", 9),
                                    ("call_to_action", 13),
                                    ("document", 16),
                                    ("embed", 17),
                                    ("table", 22),
                                ],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Heading", "max_length": 120},
                                    ),
                                    1: (
                                        "wagtail.blocks.ChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("h2", "Section heading"),
                                                ("h3", "Subheading"),
                                            ],
                                            "label": "Level",
                                        },
                                    ),
                                    2: (
                                        "wagtail.blocks.StructBlock",
                                        [[("text", 0), ("level", 1)]],
                                        {},
                                    ),
                                    3: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "bold",
                                                "italic",
                                                "link",
                                                "document-link",
                                                "ol",
                                                "ul",
                                                "h3",
                                                "h4",
                                                "hr",
                                                "furigana",
                                            ],
                                            "icon": "pilcrow",
                                            "label": "Paragraph",
                                        },
                                    ),
                                    4: ("wagtail.images.blocks.ImageBlock", [], {"label": "Image"}),
                                    5: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Caption", "max_length": 250, "required": False},
                                    ),
                                    6: (
                                        "wagtail.blocks.StructBlock",
                                        [[("image", 4), ("caption", 5)]],
                                        {"label": "Image"},
                                    ),
                                    7: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Title", "max_length": 120},
                                    ),
                                    8: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "bold",
                                                "italic",
                                                "link",
                                                "document-link",
                                                "ol",
                                                "ul",
                                                "h3",
                                                "h4",
                                                "hr",
                                                "furigana",
                                            ],
                                            "label": "Text",
                                        },
                                    ),
                                    9: (
                                        "wagtail.blocks.StructBlock",
                                        [[("title", 7), ("text", 8)]],
                                        {"label": "Notice"},
                                    ),
                                    10: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Button text", "max_length": 60},
                                    ),
                                    11: (
                                        "wagtail.blocks.PageChooserBlock",
                                        (),
                                        {"label": "Page", "required": False},
                                    ),
                                    12: (
                                        "wagtail.blocks.URLBlock",
                                        (),
                                        {"label": "Or an address", "required": False},
                                    ),
                                    13: (
                                        "wagtail.blocks.StructBlock",
                                        [[("text", 10), ("page", 11), ("url", 12)]],
                                        {"label": "Button link"},
                                    ),
                                    14: (
                                        "wagtail.documents.blocks.DocumentChooserBlock",
                                        (),
                                        {"label": "Document"},
                                    ),
                                    15: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "label": "Link text",
                                            "max_length": 200,
                                            "required": False,
                                        },
                                    ),
                                    16: (
                                        "wagtail.blocks.StructBlock",
                                        [[("document", 14), ("title", 15)]],
                                        {"label": "Document"},
                                    ),
                                    17: (
                                        "wagtail.embeds.blocks.EmbedBlock",
                                        (),
                                        {
                                            "icon": "media",
                                            "label": "Video or embed",
                                            "max_width": 800,
                                        },
                                    ),
                                    18: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"label": "Caption", "max_length": 200},
                                    ),
                                    19: ("wagtail.blocks.CharBlock", (), {"label": "Cell"}),
                                    20: ("wagtail.blocks.ListBlock", (19,), {"label": "Row"}),
                                    21: (
                                        "wagtail.blocks.ListBlock",
                                        (20,),
                                        {"label": "Rows (the first is the header)"},
                                    ),
                                    22: (
                                        "wagtail.blocks.StructBlock",
                                        [[("caption", 18), ("rows", 21)]],
                                        {
                                            "icon": "table",
                                            "label": "Table",
                                            "template": "blocks/table_block.html",
                                        },
                                    ),
                                },
                                verbose_name="description",
                            ),
                        ),
                        (
                            "grade_from",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                choices=[
                                    (1, "Primary year 1"),
                                    (2, "Primary year 2"),
                                    (3, "Primary year 3"),
                                    (4, "Primary year 4"),
                                    (5, "Primary year 5"),
                                    (6, "Primary year 6"),
                                    (7, "Junior high year 1"),
                                    (8, "Junior high year 2"),
                                    (9, "Junior high year 3"),
                                    (10, "High school year 1"),
                                    (11, "High school year 2"),
                                    (12, "High school year 3"),
                                    (13, "University"),
                                ],
                                null=True,
                                verbose_name="from grade",
                            ),
                        ),
                        (
                            "grade_to",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                choices=[
                                    (1, "Primary year 1"),
                                    (2, "Primary year 2"),
                                    (3, "Primary year 3"),
                                    (4, "Primary year 4"),
                                    (5, "Primary year 5"),
                                    (6, "Primary year 6"),
                                    (7, "Junior high year 1"),
                                    (8, "Junior high year 2"),
                                    (9, "Junior high year 3"),
                                    (10, "High school year 1"),
                                    (11, "High school year 2"),
                                    (12, "High school year 3"),
                                    (13, "University"),
                                ],
                                null=True,
                                verbose_name="up to grade",
                            ),
                        ),
                        (
                            "open_to_adults",
                            models.BooleanField(
                                default=True, verbose_name="people who are not students may join"
                            ),
                        ),
                        (
                            "min_age",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="minimum age"
                            ),
                        ),
                        (
                            "max_age",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="maximum age"
                            ),
                        ),
                        (
                            "what_to_bring",
                            models.TextField(blank=True, verbose_name="what to bring"),
                        ),
                        (
                            "accessibility",
                            models.TextField(
                                blank=True,
                                help_text="Step-free access, toilets, help on request, a quiet room…",
                                verbose_name="accessibility",
                            ),
                        ),
                        (
                            "contact",
                            models.TextField(
                                blank=True,
                                help_text="Who to ask: telephone or email.",
                                verbose_name="contact",
                            ),
                        ),
                        (
                            "activity",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="matching.activity",
                                verbose_name="activity",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "matching_opportunitypage",
                        "verbose_name": "volunteer experience",
                        "verbose_name_plural": "volunteer experiences",
                    },
                    bases=("wagtailcore.page",),
                ),
                migrations.CreateModel(
                    name="Session",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "label",
                            models.CharField(
                                blank=True,
                                help_text="For example: morning group.",
                                max_length=80,
                                verbose_name="label",
                            ),
                        ),
                        ("start", models.DateTimeField(db_index=True, verbose_name="starts")),
                        ("end", models.DateTimeField(verbose_name="ends")),
                        ("place_name", models.CharField(max_length=150, verbose_name="place")),
                        (
                            "place_address",
                            models.CharField(blank=True, max_length=250, verbose_name="address"),
                        ),
                        (
                            "location_id",
                            models.UUIDField(
                                blank=True,
                                help_text="The place in the directory, when the directory is on.",
                                null=True,
                                verbose_name="directory location",
                            ),
                        ),
                        ("capacity", models.PositiveSmallIntegerField(verbose_name="places")),
                        (
                            "signup_opens",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="sign-up opens"
                            ),
                        ),
                        (
                            "signup_closes",
                            models.DateTimeField(
                                blank=True,
                                help_text="Empty: until it starts.",
                                null=True,
                                verbose_name="sign-up closes",
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="geography.schooldistrict",
                                verbose_name="school district",
                            ),
                        ),
                        (
                            "opportunity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sessions",
                                to="signups.opportunitypage",
                                verbose_name="volunteer experience",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "matching_session",
                        "verbose_name": "session",
                        "verbose_name_plural": "sessions",
                        "ordering": ["start", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="SessionMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("subject", models.CharField(max_length=150, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="message")),
                        (
                            "include_waitlist",
                            models.BooleanField(
                                default=False, verbose_name="also people on the waiting list"
                            ),
                        ),
                        (
                            "sent_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="sent"
                            ),
                        ),
                        (
                            "recipients",
                            models.PositiveIntegerField(default=0, verbose_name="recipients"),
                        ),
                        (
                            "sent_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="messages",
                                to="signups.session",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "matching_sessionmessage",
                        "verbose_name": "message to participants",
                        "verbose_name_plural": "messages to participants",
                        "ordering": ["-sent_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Signup",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "reference",
                            models.CharField(
                                blank=True,
                                db_index=True,
                                max_length=20,
                                verbose_name="reference number",
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("held", "Held for the guardian's consent"),
                                    ("confirmed", "Confirmed"),
                                    ("waitlisted", "On the waiting list"),
                                    ("offered", "Offered a place, to reconfirm"),
                                    ("cancelled", "Cancelled"),
                                    ("released", "Released: no consent in time"),
                                    ("lapsed", "Lapsed: not reconfirmed in time"),
                                ],
                                db_index=True,
                                max_length=12,
                                verbose_name="state",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "name_kana",
                            kokoron.core.fields.KanaReadingField(
                                max_length=150, verbose_name="reading (kana)"
                            ),
                        ),
                        (
                            "school",
                            models.CharField(blank=True, max_length=120, verbose_name="school"),
                        ),
                        (
                            "grade",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (1, "Primary year 1"),
                                    (2, "Primary year 2"),
                                    (3, "Primary year 3"),
                                    (4, "Primary year 4"),
                                    (5, "Primary year 5"),
                                    (6, "Primary year 6"),
                                    (7, "Junior high year 1"),
                                    (8, "Junior high year 2"),
                                    (9, "Junior high year 3"),
                                    (10, "High school year 1"),
                                    (11, "High school year 2"),
                                    (12, "High school year 3"),
                                    (13, "University"),
                                    (0, "Adult"),
                                ],
                                verbose_name="grade",
                            ),
                        ),
                        ("age", models.PositiveSmallIntegerField(verbose_name="age")),
                        (
                            "email",
                            models.EmailField(db_index=True, max_length=254, verbose_name="email"),
                        ),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=30, verbose_name="telephone"),
                        ),
                        (
                            "emergency_contact",
                            models.CharField(max_length=200, verbose_name="emergency contact"),
                        ),
                        ("allergies", models.TextField(blank=True, verbose_name="allergies")),
                        (
                            "assistance",
                            models.TextField(blank=True, verbose_name="assistance needed"),
                        ),
                        (
                            "photo_consent",
                            models.BooleanField(default=False, verbose_name="photos may be taken"),
                        ),
                        (
                            "guardian_name",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="guardian's name"
                            ),
                        ),
                        (
                            "guardian_email",
                            models.EmailField(
                                blank=True, max_length=254, verbose_name="guardian's email"
                            ),
                        ),
                        (
                            "guardian_confirmed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="guardian agreed"
                            ),
                        ),
                        (
                            "language",
                            models.CharField(
                                default="ja", max_length=10, verbose_name="language for emails"
                            ),
                        ),
                        (
                            "nonce",
                            models.CharField(
                                default=kokoron.core.signed_links.new_nonce,
                                editable=False,
                                max_length=32,
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="signed up"
                            ),
                        ),
                        (
                            "expires_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="hold until"),
                        ),
                        (
                            "confirmed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="confirmed"),
                        ),
                        (
                            "ended_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="ended"),
                        ),
                        (
                            "attended",
                            models.BooleanField(blank=True, null=True, verbose_name="attended"),
                        ),
                        (
                            "checked_in_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="checked in"),
                        ),
                        (
                            "hours",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=5,
                                null=True,
                                verbose_name="hours",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="signups",
                                to="signups.session",
                                verbose_name="session",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "matching_signup",
                        "verbose_name": "sign-up",
                        "verbose_name_plural": "sign-ups",
                        "ordering": ["created_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Certificate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "number",
                            models.CharField(
                                blank=True,
                                db_index=True,
                                max_length=24,
                                verbose_name="certificate number",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        ("email", models.EmailField(max_length=254, verbose_name="email")),
                        ("date_from", models.DateField(verbose_name="from")),
                        ("date_to", models.DateField(verbose_name="until")),
                        ("lines", models.JSONField(default=list)),
                        (
                            "total_hours",
                            models.DecimalField(
                                decimal_places=2, max_digits=7, verbose_name="hours in all"
                            ),
                        ),
                        (
                            "issued_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="issued"
                            ),
                        ),
                        (
                            "nonce",
                            models.CharField(
                                default=kokoron.core.signed_links.new_nonce,
                                editable=False,
                                max_length=32,
                            ),
                        ),
                        (
                            "verification_code",
                            models.CharField(
                                default=matching.signups.rules.new_verification_code,
                                editable=False,
                                max_length=12,
                                unique=True,
                                verbose_name="verification code",
                            ),
                        ),
                        (
                            "issued_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="issued by",
                            ),
                        ),
                        (
                            "signups",
                            models.ManyToManyField(
                                blank=True, related_name="certificates", to="signups.signup"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "matching_certificate",
                        "verbose_name": "certificate",
                        "verbose_name_plural": "certificates",
                        "ordering": ["-issued_at"],
                    },
                ),
                migrations.AddIndex(
                    model_name="signup",
                    index=models.Index(
                        fields=["session", "state"], name="matching_si_session_2a96f8_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="signup",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(
                            ("state__in", ("held", "offered", "confirmed", "waitlisted"))
                        ),
                        fields=("session", "email"),
                        name="one_live_signup_per_email_and_session",
                    ),
                ),
            ],
        ),
    ]
