"""The Volunteer Center's demo step. (Running load_demo twice leaves the same rows in every
table: tests/site/test_demo.py checks that for all plugins, so it is not repeated here.)"""

import pytest

from kokoron.core.forms import KANA
from matching.models import Need, Person, Volunteer

pytestmark = pytest.mark.django_db


def test_demo_builds_volunteers_and_needs(whole_demo):
    assert Volunteer.objects.count() == 300
    assert Need.objects.count() == 80
    assert Need.objects.filter(repeats_weekly=True).exists()
    assert Need.objects.filter(state=Need.State.MATCHING, suggestions__isnull=False).exists()
    person = Person.objects.filter(volunteer__isnull=False).first()
    assert KANA.match(person.name_kana.replace(" ", ""))
    # A resident who receives help also gives it.
    assert Person.objects.filter(requests__isnull=False, volunteer__isnull=False).exists()
