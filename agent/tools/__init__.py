"""Typed tools over the scheduling backend, each marked read or write.

``SchedulingTools`` is the toolkit; ``ToolScope`` says which patient and which ids a call may
touch; ``ToolError`` is what a tool returns instead of raising.
"""

from agent.tools.base import ErrorCode, ToolError, ToolKind, ToolScope, error_from_exception, tool
from agent.tools.models import (
    AppointmentInfo,
    AppointmentList,
    BookArgs,
    CancelArgs,
    FindPatientArgs,
    FindPractitionersArgs,
    FindSlotsArgs,
    ListAppointmentsArgs,
    PatientInfo,
    PatientMatches,
    PractitionerInfo,
    PractitionerList,
    RegisteredPatient,
    RegisterPatientArgs,
    RescheduleArgs,
    SlotList,
    SlotOption,
    StaffTaskArgs,
    TaskCode,
    TaskInfo,
    TaskPriority,
    TaskPriorityArgs,
)
from agent.tools.scheduling import TASK_SYSTEM, SchedulingTools

__all__ = [
    "TASK_SYSTEM",
    "AppointmentInfo",
    "AppointmentList",
    "BookArgs",
    "CancelArgs",
    "ErrorCode",
    "FindPatientArgs",
    "FindPractitionersArgs",
    "FindSlotsArgs",
    "ListAppointmentsArgs",
    "PatientInfo",
    "PatientMatches",
    "PractitionerInfo",
    "PractitionerList",
    "RegisterPatientArgs",
    "RegisteredPatient",
    "RescheduleArgs",
    "SchedulingTools",
    "SlotList",
    "SlotOption",
    "StaffTaskArgs",
    "TaskCode",
    "TaskInfo",
    "TaskPriority",
    "TaskPriorityArgs",
    "ToolError",
    "ToolKind",
    "ToolScope",
    "error_from_exception",
    "tool",
]
