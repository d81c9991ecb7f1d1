"""The suite's own guard: a server error during a test fails that test (tests/conftest.py)."""

import logging

from django.http import HttpResponseNotFound
from django.test import Client
from django.urls import path

import pytest

from tests.conftest import ServerErrorKeeper


def _broken(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [
    path("broken/", _broken),
    path("missing/", lambda request: HttpResponseNotFound()),
]


# This test reaches the 500 handler on purpose: the autouse guard would fail it.
@pytest.mark.server_error_expected
@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_server_error_is_seen_by_the_guard_and_a_not_found_is_not():
    keeper = ServerErrorKeeper()
    logger = logging.getLogger("django.request")
    logger.addHandler(keeper)
    try:
        client = Client(raise_request_exception=False)
        assert client.get("/missing/").status_code == 404
        assert keeper.errors == []
        assert client.get("/broken/").status_code == 500
    finally:
        logger.removeHandler(keeper)
    assert len(keeper.errors) == 1
    assert "/broken/" in keeper.errors[0]
    assert "RuntimeError: broken on purpose" in keeper.errors[0]
