"""What each problem code says to the reader, and problems to and from the job's JSON."""

from django.utils.translation import gettext_lazy as _

from ..sheet import Problem

MESSAGES = {
    "encoding": _("The file is neither UTF-8 nor Shift_JIS. Save it as CSV (UTF-8) and try again."),
    "empty": _("The file is empty."),
    "not_csv": _("The file could not be read as CSV."),
    "not_xlsx": _("The file could not be read as an Excel workbook (.xlsx)."),
    "not_package": _("The ZIP file has no datapackage.json: it is not an HSDS data package."),
    "archive_too_large": _(
        "The ZIP file unpacks to more than %(limit)s MB or holds more than %(members)s files."
    ),
    "bad_package": _("datapackage.json could not be read."),
    "too_many_rows": _("The file has more than %(limit)s rows."),
    "unknown_format": _("Upload a CSV file, an Excel workbook (.xlsx) or an HSDS ZIP package."),
    "missing_column": _("The column is missing."),
    "required": _("This cell must not be empty."),
    "kana": _("Write the reading in kana only."),
    "uuid": _("This is not a valid id (UUID)."),
    "postal_code": _("Write the postal code as 123-4567."),
    "phone": _("This is not a telephone number."),
    "email": _("This is not an email address."),
    "url": _("Write the address of the website beginning with http:// or https://."),
    "choice": _("Write one of: %(choices)s."),
    "yes_no": _("Write はい or いいえ."),
    "language": _("Unknown language: %(value)s."),
    "schedule": _(
        "The opening hours could not be read: %(value)s. Write them like "
        "月〜金 9:00〜17:00 or 毎月第2・第4火曜 10:00〜12:00."
    ),
    "time": _("This is not a time (write 9:00 or 13:30)."),
    "number": _("This is not a valid number."),
    "date": _("This is not a date (write 2026/4/1)."),
    "unknown_district": _("There is no school district or neighbourhood called %(value)s."),
    "unknown_term": _("Unknown %(taxonomy)s: %(value)s."),
    "unknown_reference": _("No row with the id %(value)s in this file or in the directory."),
    "duplicate": _("The same entry is already in row %(other)s."),
    "no_owner": _("The row belongs to neither a service nor an organization."),
    "unsupported": _("This value is not supported: %(value)s."),
    "database": _("The database refused the data: %(detail)s"),
}


def message(problem):
    text = MESSAGES.get(problem.code, problem.code)
    return str(text) % problem.params if problem.params else str(text)


def problem_dicts(problems):
    return [
        {"file": p.file, "row": p.row, "column": p.column, "code": p.code, "params": p.params}
        for p in problems
    ]


def problems_from_dicts(rows):
    return [
        Problem(r["row"], r["column"], r["code"], r.get("params") or {}, r["file"]) for r in rows
    ]
