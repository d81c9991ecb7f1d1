"""Suggest a correction: a public form on every entry, into the staff's moderation queue."""

import pytest

from directory.models import CorrectionSuggestion

pytestmark = pytest.mark.django_db


def test_a_reader_suggests_a_correction_and_staff_see_it(client, staff_client, small_directory):
    salon = small_directory["salon"]
    page = client.get(f"/directory/services/{salon.pk}/").content.decode()
    assert f"/directory/services/{salon.pk}/correction/" in page
    response = client.post(
        f"/directory/services/{salon.pk}/correction/",
        {"message": "第4火曜は休みになりました。", "name": "", "email": "", "website": ""},
    )
    assert response.status_code == 302
    suggestion = CorrectionSuggestion.objects.get()
    assert suggestion.service == salon and suggestion.status == CorrectionSuggestion.NEW
    thanks = client.get(response["Location"]).content.decode()
    assert 'role="status"' in thanks
    queue = staff_client.get("/admin/directory/corrections/").content.decode()
    assert "御器所いきいきサロン" in queue
    assert (
        staff_client.get(f"/admin/directory/corrections/edit/{suggestion.pk}/").status_code == 200
    )


@pytest.mark.parametrize(
    "data",
    [
        {"message": ""},
        {"message": "ok"},
        {"message": "電話番号が違います。", "email": "not-an-email"},
        {"message": "電話番号が違います。", "website": "http://spam.example"},
        {"message": "x" * 3000},
    ],
)
def test_bad_suggestions_change_nothing_and_say_why(client, small_directory, data):
    salon = small_directory["salon"]
    response = client.post(f"/directory/services/{salon.pk}/correction/", data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not CorrectionSuggestion.objects.exists()


def test_correction_of_an_unknown_service_is_404(client, db):
    response = client.get("/directory/services/00000000-0000-0000-0000-000000000000/correction/")
    assert response.status_code == 404


def test_one_address_may_send_only_a_few_suggestions_an_hour(client, small_directory):
    url = f"/directory/services/{small_directory['salon'].pk}/correction/"
    for n in range(5):
        assert client.post(url, {"message": f"電話番号が変わりました。その{n}"}).status_code == 302
    refused = client.post(url, {"message": "電話番号が変わりました。その6"})
    assert refused.status_code == 429
    assert "ここから送られた提案が多すぎます" in refused.content.decode()
    assert CorrectionSuggestion.objects.count() == 5
    other = client.post(url, {"message": "もう一件です。"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
