"""Data migrations of matching keep what is there: run on rows made at the older schema."""

import datetime as dt

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from matching.signups import rules

BEFORE_CODES = ("matching", "0007_referral_to_directory_organisation")
WITH_CODES = ("matching", "0009_certificate_verification_code_unique")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_certificates_issued_before_codes_each_get_their_own(back_to_latest):
    apps = migrate(BEFORE_CODES)
    Certificate = apps.get_model("matching", "Certificate")
    for n in range(3):
        Certificate.objects.create(
            number=rules.certificate_number(2025, n + 1),
            name=f"生徒 {n}",
            email=f"pupil{n}@example.jp",
            date_from=dt.date(2025, 8, 1),
            date_to=dt.date(2025, 8, 1),
            lines=[],
            total_hours=3,
        )
    apps = migrate(WITH_CODES)
    codes = list(
        apps.get_model("matching", "Certificate").objects.values_list(
            "verification_code", flat=True
        )
    )
    assert len(codes) == 3 and len(set(codes)) == 3
    assert all(rules.normalize_verification_code(code) == code for code in codes)
