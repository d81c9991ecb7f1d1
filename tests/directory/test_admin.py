import datetime as dt

from django.core.exceptions import ValidationError

import pytest

from directory.models import Schedule, Service

pytestmark = pytest.mark.django_db


def test_overview_links_to_every_directory_screen(staff_client):
    html = staff_client.get("/admin/directory/").content.decode()
    for path in ["organizations", "services", "locations", "terms", "taxonomies"]:
        assert f"/admin/directory/{path}/" in html
        assert staff_client.get(f"/admin/directory/{path}/").status_code == 200


def test_service_list_filters_by_term_and_district(staff_client, small_directory, terms, districts):
    response = staff_client.get(
        "/admin/directory/services/", {"terms": terms[("kind", "gathering-place")].pk}
    )
    html = response.content.decode()
    assert "御器所いきいきサロン" in html and "川名こども食堂" in html
    assert "西部いきいき支援センター" not in html
    html = staff_client.get(
        "/admin/directory/services/", {"district": districts["kawana"].pk}
    ).content.decode()
    assert "川名こども食堂" in html and "御器所いきいきサロン" not in html


def test_staff_edit_a_service_with_its_schedule(staff_client, small_directory):
    salon = small_directory["salon"]
    response = staff_client.get(f"/admin/directory/services/edit/{salon.pk}/")
    assert response.status_code == 200
    assert "2TU,4TU" in response.content.decode()


def test_reading_is_stored_in_hiragana_and_sorts(small_directory):
    salon = Service.objects.get(pk=small_directory["salon"].pk)
    salon.name_kana = "ゴキソイキイキサロン"
    salon.save()
    salon.refresh_from_db()
    assert salon.name_kana == "ごきそいきいきさろん"
    assert list(Service.objects.values_list("name", flat=True)) == [
        "川名こども食堂",
        "御器所いきいきサロン",
        "昭和区西部いきいき支援センター",
    ]


def test_schedule_rows_validate_their_days(small_directory):
    row = Schedule(
        service=small_directory["salon"],
        freq="WEEKLY",
        byday="XX",
        opens_at=dt.time(10),
        closes_at=dt.time(12),
    )
    with pytest.raises(ValidationError):
        row.clean()
    row.byday = "MO"
    row.clean()
