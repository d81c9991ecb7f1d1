"""Readings (よみがな) are kept in hiragana however they were typed, so that people lists
ordered by reading follow 五十音 order: a reading typed in katakana used to sort after every
hiragana one."""

import pytest

from matching.factories import PersonFactory
from matching.models import Person
from tests.conftest import migrate


@pytest.mark.django_db
def test_katakana_and_hiragana_readings_sort_together_in_gojuon_order():
    for kana in ("ワタナベ ケン", "あおき はな", "ｻﾄｳ ﾀﾛｳ", "いとう みき"):
        PersonFactory(name_kana=kana)
    readings = list(Person.objects.values_list("name_kana", flat=True))
    assert readings == ["あおき はな", "いとう みき", "さとう たろう", "わたなべ けん"]


@pytest.mark.django_db
def test_a_reading_is_stored_in_hiragana_by_save_and_bulk_create():
    person = PersonFactory(name_kana="ヤマダ")
    person.refresh_from_db()
    assert person.name_kana == "やまだ"
    Person.objects.bulk_create([Person(name="鈴木", name_kana="スズキ", reference="P-BULK-1")])
    assert Person.objects.get(reference="P-BULK-1").name_kana == "すずき"


BEFORE = ("matching", "0014_auditentry_to_core")
AFTER = ("matching", "0015_kana_readings_in_hiragana")


@pytest.mark.django_db(transaction=True)
def test_readings_stored_in_katakana_are_folded_by_the_migration(back_to_latest):
    apps = migrate(BEFORE)
    person_model = apps.get_model("matching", "Person")
    person_model.objects.create(name="渡辺", name_kana="ワタナベ", reference="P-OLD-1")
    person_model.objects.create(name="青木", name_kana="あおき", reference="P-OLD-2")
    apps = migrate(AFTER)
    readings = dict(
        apps.get_model("matching", "Person").objects.values_list("reference", "name_kana")
    )
    assert readings == {"P-OLD-1": "わたなべ", "P-OLD-2": "あおき"}
