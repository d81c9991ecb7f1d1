"""iCalendar (RFC 5545) files of events, in Asia/Tokyo, made with the icalendar package."""

from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags

import icalendar

TOKYO = ZoneInfo("Asia/Tokyo")


def build(name, events):
    """One calendar of the given (event page, absolute URL[, in Japanese]) tuples: one VEVENT
    per date. An event listed in Japanese in another language's calendar says so (RFC 5545's
    LANGUAGE parameter)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kokoron//Events//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    for event, url, *in_japanese in events:
        text = {"LANGUAGE": "ja"} if in_japanese and in_japanese[0] else {}
        location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
        for date in event.sorted_dates:
            item = icalendar.Event()
            # The same for every address the site is reached at, so calendars never duplicate.
            item.add("uid", f"event-{event.translation_key}-{date.pk}@kokoron")
            item.add("summary", event.title, parameters=text)
            item.add("dtstart", timezone.localtime(date.start, TOKYO))
            if date.end:
                item.add("dtend", timezone.localtime(date.end, TOKYO))
            item.add("dtstamp", timezone.now())
            if location:
                item.add("location", location, parameters=text)
            item.add(
                "description", strip_tags(f"{event.summary}\n\n{url}").strip(), parameters=text
            )
            item.add("url", url)
            if event.last_published_at:
                item.add("last-modified", event.last_published_at)
            cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def response(body, filename):
    result = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    result["Content-Disposition"] = f'inline; filename="{filename}"'
    return result
