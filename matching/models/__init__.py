"""People who help and people who ask: one Person per human, their Volunteer profile
(people.py), Needs, the engine's suggestions and batch plans, proposals sent to volunteers
(needs.py), and the sign-ups (matching.signups.models). Django finds them all here.

Personal data (names, contacts, descriptions) lives only in Person and Need, is seen only by
the Coordinators group, and never goes into logs or task arguments.
"""

from ..signups.models import (
    Certificate,
    OpportunityIndexPage,
    OpportunityPage,
    Session,
    SessionMessage,
    Signup,
)
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
    "Certificate",
    "Gender",
    "Need",
    "NeedNote",
    "NeedSuggestions",
    "OpportunityIndexPage",
    "OpportunityPage",
    "Person",
    "Proposal",
    "Session",
    "SessionMessage",
    "Signup",
    "Training",
    "Volunteer",
    "VolunteerAbsence",
    "VolunteerTraining",
    "validate_availability",
]
