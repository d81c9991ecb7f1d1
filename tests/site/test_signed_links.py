"""Signed links: whatever a visitor does to a token, reading it is a LinkError with a code."""

import datetime as dt
import time

from django.core import signing

import pytest

from kokoron.core.signed_links import LinkError, sign_data, signed_data

SALT = "kokoron.tests.signed-links"
DAY = dt.timedelta(days=1)


def test_a_token_carries_its_data_back():
    token = sign_data({"i": 7, "n": "abc"}, SALT)
    assert signed_data(token, SALT, DAY) == {"i": 7, "n": "abc"}


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: t[:10], lambda t: "", None])
def test_forged_truncated_or_missing_tokens_are_invalid(mangle):
    token = sign_data({"i": 7}, SALT)
    with pytest.raises(LinkError) as caught:
        signed_data(mangle(token) if mangle else None, SALT, DAY)
    assert caught.value.code == "invalid"


def test_a_token_for_another_purpose_is_invalid():
    token = sign_data({"i": 7}, "kokoron.tests.other-purpose")
    with pytest.raises(LinkError) as caught:
        signed_data(token, SALT, DAY)
    assert caught.value.code == "invalid"


def test_a_signed_value_that_is_not_a_dict_is_invalid():
    token = signing.dumps([1, 2], salt=SALT, compress=True)
    with pytest.raises(LinkError) as caught:
        signed_data(token, SALT, DAY)
    assert caught.value.code == "invalid"


def test_an_old_token_is_expired(monkeypatch):
    two_days_ago = time.time() - 2 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: two_days_ago)
    token = sign_data({"i": 7}, SALT)
    monkeypatch.undo()
    with pytest.raises(LinkError) as caught:
        signed_data(token, SALT, DAY)
    assert caught.value.code == "expired"
