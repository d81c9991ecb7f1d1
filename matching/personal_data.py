"""Personal data on a person's request (APPI): what every register's export and erasure
share. The sign-ups (a person's history), the Volunteer Center's people and education's
teachers and lecturers each gather their own data; this module turns it into the download
(JSON, or CSV as field/value rows) and writes the audit entry, which names the record and
what was done, never the data."""

from django.http import HttpResponse, JsonResponse

from kokoron.core.spreadsheets import SpreadsheetWriter

from . import audit
from .models import AuditEntry

FORMATS = ("json", "csv")


def flatten(data, prefix=""):
    """[(dotted field name, value)] of nested dicts and lists, for a flat CSV."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, (list, tuple)):
        items = enumerate(data)
    else:
        return [(prefix, "" if data is None else data)]
    rows = []
    for key, value in items:
        rows += flatten(value, f"{prefix}.{key}" if prefix else str(key))
    return rows


def download(data, filename, fmt="json"):
    """The data as an attachment: JSON as it is, or CSV with one field a row."""
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 only with its mark
        writer = SpreadsheetWriter(response)
        writer.writerow(["field", "value"])
        writer.writerows(flatten(data))
        return response
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def _record(action, anchor, what, user):
    if user is None:  # whoever audit.acting() names already
        return audit.record(action, anchor, what)
    with audit.acting(user):
        return audit.record(action, anchor, what)


def exported(anchor, what, user=None):
    """Write the export of `anchor`'s data (a record, or one of a person's records) to the log."""
    return _record(AuditEntry.Action.EXPORT, anchor, what, user)


def erased(anchor, what, user=None):
    """Write the erasure to the log; call it before erasing, while the record is whole."""
    return _record(AuditEntry.Action.DELETE, anchor, what, user)
