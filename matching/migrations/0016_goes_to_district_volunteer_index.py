from django.db import migrations


class Migration(migrations.Migration):
    """One need's pool is found from the volunteers who go to its district: an index on
    (district, volunteer) answers that from the index alone, however large the city."""

    dependencies = [("matching", "0015_kana_readings_in_hiragana")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX matching_goes_to_district_volunteer"
            " ON matching_volunteer_goes_to (schooldistrict_id, volunteer_id)",
            "DROP INDEX matching_goes_to_district_volunteer",
        ),
    ]
