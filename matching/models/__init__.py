"""People who help and people who ask: one Person per human, their Volunteer profile
(people.py), Needs, the engine's suggestions and batch plans, proposals sent to volunteers
(needs.py). Django finds them all here. The sign-ups are an app of their own (label
"signups"): import their models from matching.signups.models.

Personal data (names, contacts, descriptions) lives only in Person and Need, is seen only by
the Coordinators group, and never goes into logs or task arguments.
"""

from .needs import (
    Assignment,
    BatchPlanItem,
    BatchRun,
    Need,
    NeedNote,
    NeedSuggestions,
    Proposal,
)
from .people import (
    Activity,
    Gender,
    Person,
    Training,
    Volunteer,
    VolunteerAbsence,
    VolunteerTraining,
    validate_availability,
)

__all__ = [
    "Activity",
    "Assignment",
    "BatchPlanItem",
    "BatchRun",
    "Gender",
    "Need",
    "NeedNote",
    "NeedSuggestions",
    "Person",
    "Proposal",
    "Training",
    "Volunteer",
    "VolunteerAbsence",
    "VolunteerTraining",
    "validate_availability",
]
