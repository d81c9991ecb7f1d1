"""Welfare education: the programme pages, the schools, the lecturer network and equipment,
teachers' class requests, bookings and feedback.

    common      grades, periods, the default-language filter of equipment
    pages       the section's pages and programmes
    schools     schools, school holidays, the coordinators' settings
    lecturers   lecturers and supporters, their days away; equipment
    requests    class requests, bookings, the people booked, loans, feedback
    batch       the batch's runs and plan items

Personal data (teachers' and lecturers' names and contacts) is seen only by the Coordinators
group in the admin, and never goes into logs or task arguments.
"""

from .batch import BatchItem, BatchRun
from .common import GRADES, PERIODS, default_locale_only
from .lecturers import Equipment, Lecturer, LecturerAbsence
from .pages import (
    ProgrammeEquipment,
    ProgrammeIndexPage,
    ProgrammePage,
    WelfareClassOpportunity,
    WelfareClassPage,
    WelfareEducationPage,
)
from .requests import (
    MAX_PROGRAMMES,
    BookedPerson,
    Booking,
    ClassRequest,
    EquipmentLoan,
    Feedback,
    RequestDate,
    RequestProgramme,
)
from .schools import EducationSettings, School, SchoolHoliday

__all__ = [
    "GRADES",
    "MAX_PROGRAMMES",
    "PERIODS",
    "BatchItem",
    "BatchRun",
    "BookedPerson",
    "Booking",
    "ClassRequest",
    "EducationSettings",
    "Equipment",
    "EquipmentLoan",
    "Feedback",
    "Lecturer",
    "LecturerAbsence",
    "ProgrammeEquipment",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "RequestDate",
    "RequestProgramme",
    "School",
    "SchoolHoliday",
    "WelfareClassOpportunity",
    "WelfareClassPage",
    "WelfareEducationPage",
    "default_locale_only",
]
