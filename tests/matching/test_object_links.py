"""One kind of emailed link to an object (kokoron.core.signed_links.ObjectLink), used by the
proposals, sign-ups, certificates and education's links: a token names the object by pk and
nonce, for one purpose, for a while."""

import datetime as dt
import time

from django.core import signing

import pytest

from kokoron.core.signed_links import LinkError, ObjectLink, new_nonce
from matching.factories import ProposalFactory
from matching.models import Proposal

pytestmark = pytest.mark.django_db

ANSWER = ObjectLink("kokoron.tests.answer", dt.timedelta(days=1))


def test_a_token_finds_its_object_again_and_nothing_else():
    proposal, other = ProposalFactory(), ProposalFactory()
    token = ANSWER.token(proposal)
    assert ANSWER.read(token, Proposal.objects.all()) == proposal
    # A queryset that leaves the object out (another need's proposals) does not find it.
    with pytest.raises(LinkError) as caught:
        ANSWER.read(token, Proposal.objects.exclude(pk=proposal.pk))
    assert caught.value.code == "invalid"
    assert ANSWER.read(ANSWER.token(other), Proposal.objects.all()) == other


def test_a_new_nonce_voids_every_link_issued():
    proposal = ProposalFactory()
    token = ANSWER.token(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(nonce=new_nonce())
    with pytest.raises(LinkError) as caught:
        ANSWER.read(token, Proposal.objects.all())
    assert caught.value.code == "invalid"


def test_a_token_of_another_purpose_is_refused():
    proposal = ProposalFactory()
    token = ObjectLink("kokoron.tests.other", dt.timedelta(days=1)).token(proposal)
    with pytest.raises(LinkError) as caught:
        ANSWER.read(token, Proposal.objects.all())
    assert caught.value.code == "invalid"


def test_an_old_token_is_expired_and_the_lifetime_may_be_read_when_used(monkeypatch, settings):
    proposal = ProposalFactory()
    staff_set = {"days": 1}
    link = ObjectLink("kokoron.tests.answer", lambda: dt.timedelta(days=staff_set["days"]))
    two_days_ago = time.time() - 2 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: two_days_ago)
    token = link.token(proposal)
    monkeypatch.undo()
    with pytest.raises(LinkError) as caught:
        link.read(token, Proposal.objects.all())
    assert caught.value.code == "expired"
    staff_set["days"] = 3  # staff lengthened it: the same token is good again
    assert link.read(token, Proposal.objects.all()) == proposal


def test_url_is_the_sites_absolute_address_of_the_view(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://kokoron.example.jp"
    proposal = ProposalFactory()
    url = ANSWER.url("matching:proposal", proposal)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert url.startswith("https://kokoron.example.jp/")
    assert ANSWER.read(token, Proposal.objects.all()) == proposal
