"""Domain errors of the scheduling layer.

Messages are written for a receptionist (and for an agent that will rephrase them to a
patient): they say what happened and what can be done, never a stack trace, a FHIR
OperationOutcome or patient data. Server diagnostics, when there are any, ride along in
``detail`` for logs and stay out of ``str(error)``.
"""

from __future__ import annotations


class SchedulingError(Exception):
    """Base class of every error the scheduling backends raise."""

    default_message = "The scheduling system could not complete the request."

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        super().__init__(message or self.default_message)
        self.detail = detail


class SlotTakenError(SchedulingError):
    """The slot is no longer free (booked or held by someone else)."""

    default_message = "That time slot has just been taken. Please choose another one."


class SlotInPastError(SchedulingError):
    """The slot starts before now."""

    default_message = "That time slot is in the past. Please choose a future time."


class SlotNotFoundError(SchedulingError):
    """No slot with that id exists."""

    default_message = "That time slot does not exist in the schedule."


class AppointmentNotFoundError(SchedulingError):
    """No appointment with that id exists (or it does not belong to the patient)."""

    default_message = "That appointment could not be found."


class AppointmentStateError(SchedulingError):
    """The appointment cannot make that transition (e.g. cancelling a cancelled visit)."""

    default_message = "That appointment can no longer be changed."


class PatientNotFoundError(SchedulingError):
    """No patient matches the details given."""

    default_message = "No patient record matches those details."


class AmbiguousPatientError(SchedulingError):
    """Several patients match; more details (birth date, phone) are needed."""

    default_message = "Several patients match those details; another detail is needed."

    def __init__(
        self, message: str | None = None, *, candidates: int = 0, detail: str | None = None
    ) -> None:
        super().__init__(message, detail=detail)
        self.candidates = candidates


class PractitionerNotFoundError(SchedulingError):
    """No practitioner matches the name or specialty given."""

    default_message = "No practitioner of the practice matches that name."


class ResourceNotFoundError(SchedulingError):
    """A referenced resource does not exist."""

    default_message = "The requested record does not exist."


class VersionConflictError(SchedulingError):
    """Someone else changed the record first (HTTP 409/412); re-read and try again."""

    default_message = "The record was changed by someone else at the same time."


class ForbiddenError(SchedulingError):
    """The EHR refused access (HTTP 401/403)."""

    default_message = "The scheduling system refused access to that record."


class BackendUnavailableError(SchedulingError):
    """The EHR or store did not answer (timeouts, 5xx, locked database)."""

    default_message = "The scheduling system is not reachable right now."


class SearchIncompleteError(BackendUnavailableError):
    """A search could not read every page within its bound: its answer would be partial.

    Raised instead of returning a truncated list, so "nothing free" is never said after a
    search that stopped early.
    """

    default_message = "I couldn't check the whole schedule just now."


class InvalidRequestError(SchedulingError):
    """The request itself is malformed (bad status code, bad date range, missing field)."""

    default_message = "The scheduling request is not valid."
