"""kokoron.core.locking: a row or a name is held by one transaction at a time, on SQLite and
PostgreSQL alike, and a lock outside a transaction (which would end at once) is refused."""

import threading
import time

from django.contrib.auth.models import Group
from django.db import transaction

import pytest

from kokoron.core.locking import NotInTransaction, lock, lock_all, lock_name, sqlite_errors
from tests.concurrency import in_parallel, raised

HOLD = 0.3


class Occupancy:
    """Who is inside a critical section at once: the most at any moment."""

    def __init__(self):
        self.guard = threading.Lock()
        self.inside = 0
        self.most = 0

    def visit(self):
        with self.guard:
            self.inside += 1
            self.most = max(self.most, self.inside)
        time.sleep(HOLD)
        with self.guard:
            self.inside -= 1


@pytest.mark.django_db(transaction=True)
def test_a_row_lock_lets_one_transaction_in_at_a_time():
    group = Group.objects.create(name="locked")
    room = Occupancy()

    def work():
        with transaction.atomic():
            locked = lock(Group.objects, group.pk)
            room.visit()
            return locked.name

    results = in_parallel(work, work, work)
    assert results == ["locked"] * 3
    assert room.most == 1


@pytest.mark.django_db(transaction=True)
def test_a_named_lock_lets_one_transaction_in_at_a_time():
    room = Occupancy()

    def work():
        with transaction.atomic():
            lock_name("test", "someone@example.jp")
            room.visit()

    assert raised(in_parallel(work, work, work)) == []
    assert room.most == 1


@pytest.mark.django_db(transaction=True)
def test_a_lock_outside_a_transaction_is_refused():
    group = Group.objects.create(name="g")
    with pytest.raises(NotInTransaction):
        lock(Group.objects, group.pk)
    with pytest.raises(NotInTransaction):
        lock_name("test", "x")
    with transaction.atomic():
        assert lock(Group.objects, group.pk) == group
        assert lock(Group.objects, group.pk + 1000) is None
        assert lock_all(Group.objects.filter(pk=group.pk)) == [group]


def test_sqlite_must_begin_transactions_immediate():
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "kokoron"}
    immediate = {**sqlite, "OPTIONS": {"transaction_mode": "IMMEDIATE"}}
    assert sqlite_errors({"default": immediate, "other": postgres}) == []
    errors = sqlite_errors({"default": sqlite, "old": {**sqlite, "OPTIONS": {"timeout": 20}}})
    assert [error.id for error in errors] == ["kokoron.E001", "kokoron.E001"]
    assert "'old'" in errors[1].msg
