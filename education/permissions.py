"""What each welfare-education action in the admin needs: the permission of its effect
(issue 14). Seeing a screen needs the view permission; erasing needs delete_*, changing
change_*, making add_*, and taking a person's data away (a download) the named export
permission. The Coordinators group holds them all (education.apps)."""

VIEW_REQUESTS = "education.view_classrequest"
VIEW_LECTURERS = "education.view_lecturer"
EXPORT = "education.export_personal_data"

REQUEST_PAGE = {
    "propose": "education.add_booking",
    "impossible": "education.change_classrequest",
    "confirm": "education.change_booking",
    "call_off": "education.change_booking",
}
BATCH = {
    "run": "education.add_batchrun",
    "apply": "education.add_booking",
    "apply_all": "education.add_booking",
}
TEACHER_DATA = {
    "format=json": EXPORT,
    "format=csv": EXPORT,
    "erase": "education.delete_classrequest",
}
LECTURER_DATA = {
    "format=json": EXPORT,
    "format=csv": EXPORT,
    "erase": "education.delete_lecturer",
}
