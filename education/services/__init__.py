"""The Django side of welfare education, the operations views, tasks and admin actions share.

    common          today, the coordinators' settings, a request's programmes in order
    links           signed links for teachers and lecturers, and the pages they open
    engine_bridge   models to the engine and back; suggestions for one request
    bookings        proposals, answers, confirmation, calling off, the teacher's changes
    batch           the plan over every pending request, and its chosen items proposed
    lifecycle       reminders, unanswered asks expired, classes done, feedback
    report          the yearly report

The names views, tasks and tests use are importable from here.
"""

from .batch import apply_items, booking_from_json, run_batch
from .bookings import (
    cancel,
    cancel_booking,
    change_dates,
    confirm_for_everyone,
    mark_impossible,
    propose,
    respond,
    still_possible,
)
from .common import programme_rows
from .engine_bridge import (
    calendar,
    pending_requests,
    problem,
    ratings_by_school,
    suggest,
    suggest_explained,
    to_programme,
)
from .lifecycle import daily, expire_unanswered, finish_classes, record_feedback
from .links import (
    REQUEST_LINK,
    answer_url,
    feedback_url,
    lecturer_feedback_url,
    person_from_token,
    person_token,
    request_from_token,
    request_token,
    status_url,
)
from .report import report

__all__ = [
    "REQUEST_LINK",
    "answer_url",
    "apply_items",
    "booking_from_json",
    "calendar",
    "cancel",
    "cancel_booking",
    "change_dates",
    "confirm_for_everyone",
    "daily",
    "expire_unanswered",
    "feedback_url",
    "finish_classes",
    "lecturer_feedback_url",
    "mark_impossible",
    "pending_requests",
    "person_from_token",
    "person_token",
    "problem",
    "programme_rows",
    "propose",
    "ratings_by_school",
    "record_feedback",
    "report",
    "request_from_token",
    "request_token",
    "respond",
    "run_batch",
    "status_url",
    "still_possible",
    "suggest",
    "suggest_explained",
    "to_programme",
]
