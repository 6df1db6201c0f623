"""HTTP statuses and OperationOutcomes become domain errors; diagnostics stay in ``detail``."""

from __future__ import annotations

import pytest

from fhir_adapters.errors import (
    BackendUnavailableError,
    ForbiddenError,
    InvalidRequestError,
    ResourceNotFoundError,
    SchedulingError,
    VersionConflictError,
)
from fhir_adapters.rest.errors import error_for_status, outcome_text
from tests.fhir_adapters.rest.harness import outcome


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, InvalidRequestError),
        (422, InvalidRequestError),
        (401, ForbiddenError),
        (403, ForbiddenError),
        (404, ResourceNotFoundError),
        (410, ResourceNotFoundError),
        (409, VersionConflictError),
        (412, VersionConflictError),
        (423, VersionConflictError),
        (429, BackendUnavailableError),
        (500, BackendUnavailableError),
        (503, BackendUnavailableError),
        (504, BackendUnavailableError),
        (418, SchedulingError),
    ],
)
def test_status_maps_to_a_domain_error(status: int, error: type[SchedulingError]) -> None:
    assert type(error_for_status(status, None, what="GET Slot")) is error


def test_server_diagnostics_go_to_detail_not_to_the_message() -> None:
    body = outcome("processing", "Patient Zoé Dupont born 1980-02-03 is locked")
    err = error_for_status(412, body, what="PUT Slot")
    assert "Zoé" not in str(err)
    assert err.detail is not None and "PUT Slot -> HTTP 412" in err.detail
    assert "processing" in err.detail


def test_outcome_text_reads_details_and_ignores_other_bodies() -> None:
    body = {
        "resourceType": "OperationOutcome",
        "issue": [{"code": "invalid", "details": {"text": "bad date"}}],
    }
    assert outcome_text(body) == "invalid: bad date"
    assert outcome_text({"resourceType": "Patient"}) is None
    assert outcome_text("not json") is None


def test_long_diagnostics_are_cut() -> None:
    detail = error_for_status(500, outcome("exception", "x" * 5000)).detail or ""
    assert len(detail) < 700
