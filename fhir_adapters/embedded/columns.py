"""Search columns computed from a resource's FHIR JSON before it is written.

The functions work on JSON dicts (``model_dump(mode="json")``) rather than models so the
same code serves single writes and bulk loads of a million slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.matching import fold, normalize_phone
from fhir_adapters.outreach_records import about_of, category_of, message_key_of, patient_of
from fhir_adapters.resources import ref_id

HOLD_EXPIRES_URL = "https://frontdesk.dev/fhir/StructureDefinition/hold-expires"
HOLD_TOKEN_URL = "https://frontdesk.dev/fhir/StructureDefinition/hold-token"
IDEMPOTENCY_SYSTEM = "https://frontdesk.dev/idempotency-key"
TASK_SYSTEM = "https://frontdesk.dev/task"

Json = dict[str, Any]


def parse_instant(text: str | None, what: str) -> datetime:
    """Parse a FHIR instant/dateTime with an offset; a missing or naive value is invalid."""
    if not text:
        raise InvalidRequestError(f"{what} is missing")
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise InvalidRequestError(f"{what} {text!r} is not a valid date-time") from error
    if value.tzinfo is None:
        raise InvalidRequestError(f"{what} must carry a time zone offset")
    return value


def instant(value: datetime) -> str:
    """FHIR instant text in UTC, e.g. ``2026-11-23T07:00:00.000Z``."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def epoch(value: datetime) -> int:
    """Whole epoch seconds of an aware datetime (the sortable form stored in columns)."""
    return int(value.timestamp())


def all_codes(concepts: list[Json] | None) -> list[str]:
    """Every coding code of a list of CodeableConcepts, in order."""
    return [
        str(c["code"]) for cc in concepts or [] for c in cc.get("coding") or [] if c.get("code")
    ]


def service_types_column(codes: list[str] | tuple[str, ...]) -> str:
    """Service type codes as ",a,b," (searchable with instr); "" when the slot takes any."""
    return f",{','.join(codes)}," if codes else ""


def service_types_of(column: str) -> list[str]:
    """The service type codes stored in a slot's service column."""
    return [code for code in column.split(",") if code]


def first_code(concepts: list[Json] | Json | None) -> str | None:
    """The first coding code of a CodeableConcept or of a list of them."""
    items = [concepts] if isinstance(concepts, dict) else concepts or []
    for concept in items:
        for coding in concept.get("coding") or []:
            if coding.get("code"):
                return str(coding["code"])
    return None


def extension_value(payload: Json, url: str) -> Any:
    """The ``value[x]`` of the first extension with ``url``, or None."""
    for ext in payload.get("extension") or []:
        if ext.get("url") == url:
            for key, value in ext.items():
                if key.startswith("value"):
                    return value
    return None


def set_extension(payload: Json, url: str, key: str, value: Any | None) -> None:
    """Set (or remove, when ``value`` is None) the extension with ``url``."""
    others = [e for e in payload.get("extension") or [] if e.get("url") != url]
    if value is not None:
        others.append({"url": url, key: value})
    if others:
        payload["extension"] = others
    else:
        payload.pop("extension", None)


def set_meta(payload: Json, version: int, now: datetime) -> None:
    """Stamp ``meta.versionId`` and ``meta.lastUpdated`` on a resource about to be written."""
    meta = dict(payload.get("meta") or {})
    meta["versionId"] = str(version)
    meta["lastUpdated"] = instant(now)
    payload["meta"] = meta


@dataclass(frozen=True)
class SlotPlace:
    """Who and where a slot's schedule is for, and its default service and specialty."""

    practitioner_id: str | None = None
    location_id: str | None = None
    service_types: tuple[str, ...] = ()
    specialty: str | None = None


def free_after(status: str, hold_expires: int | None) -> int | None:
    """0 when free, the hold expiry when held (free again after it), None otherwise."""
    if status == "free":
        return 0
    if status == "busy-tentative" and hold_expires is not None:
        return hold_expires
    return None


def slot_row(payload: Json, place: SlotPlace, tz: ZoneInfo) -> tuple[Any, ...]:
    """Column values (status .. free_after) of a Slot, in the order of the slot table."""
    start = parse_instant(payload.get("start"), "Slot.start")
    end = parse_instant(payload.get("end"), "Slot.end")
    if end <= start:
        raise InvalidRequestError("Slot.end must be after Slot.start")
    local = start.astimezone(tz)
    status = str(payload.get("status"))
    expires_text = extension_value(payload, HOLD_EXPIRES_URL)
    hold_expires = epoch(parse_instant(expires_text, "hold expiry")) if expires_text else None
    token = extension_value(payload, HOLD_TOKEN_URL) if status == "busy-tentative" else None
    return (
        status,
        epoch(start),
        epoch(end),
        ref_id(str((payload.get("schedule") or {}).get("reference") or ""), "Schedule"),
        place.practitioner_id,
        place.location_id,
        service_types_column(all_codes(payload.get("serviceType")) or place.service_types),
        first_code(payload.get("specialty")) or place.specialty,
        local.hour * 3600 + local.minute * 60 + local.second,
        local.isoweekday(),
        token,
        free_after(status, hold_expires),
    )


def lapse_expired_hold(payload: Json, now: datetime) -> Json:
    """Show a Slot whose hold has expired as the free slot it has become (in place)."""
    if payload.get("status") == "busy-tentative":
        expires = extension_value(payload, HOLD_EXPIRES_URL)
        if expires and parse_instant(expires, "hold expiry") <= now:
            payload["status"] = "free"
            set_extension(payload, HOLD_EXPIRES_URL, "valueInstant", None)
            set_extension(payload, HOLD_TOKEN_URL, "valueString", None)
    return payload


def appointment_row(payload: Json) -> tuple[Any, ...]:
    """Column values (status, patient_id, slot_id, start_ts, idempotency_key)."""
    patient_id = None
    for participant in payload.get("participant") or []:
        patient_id = patient_id or ref_id(
            str((participant.get("actor") or {}).get("reference") or ""), "Patient"
        )
    slots = payload.get("slot") or []
    slot_id = ref_id(str(slots[0].get("reference") or ""), "Slot") if slots else None
    start = payload.get("start")
    key = next(
        (
            i.get("value")
            for i in payload.get("identifier") or []
            if i.get("system") == IDEMPOTENCY_SYSTEM
        ),
        None,
    )
    return (
        str(payload.get("status")),
        patient_id,
        slot_id,
        epoch(parse_instant(start, "Appointment.start")) if start else None,
        key,
    )


def patient_row(payload: Json) -> tuple[str | None, str | None, str | None]:
    """Folded family name, folded given names and birth date of a Patient."""
    names = payload.get("name") or []
    name = next((n for n in names if n.get("use") in ("official", "usual")), None)
    name = name or (names[0] if names else {})
    family = fold(name.get("family") or "") or None
    given = " ".join(fold(g) for g in name.get("given") or [] if g) or None
    return family, given, payload.get("birthDate")


def patient_keys(payload: Json, region: str) -> set[tuple[str, str]]:
    """(kind, value) lookup keys of a Patient: identifier values and E.164 phones."""
    keys = {
        ("identifier", str(i["value"])) for i in payload.get("identifier") or [] if i.get("value")
    }
    for telecom in payload.get("telecom") or []:
        if telecom.get("system") in ("phone", "sms") and telecom.get("value"):
            phone = normalize_phone(str(telecom["value"]), region)
            if phone:
                keys.add(("phone", phone))
    return keys


def task_code(payload: Json) -> str | None:
    """The frontdesk task code of a Task (``Task.code``)."""
    return first_code(payload.get("code"))


def communication_row(payload: Json) -> tuple[Any, ...]:
    """Column values (status, patient_id, about, category, message_key) of a Communication."""
    return (
        str(payload.get("status")),
        patient_of(payload),
        about_of(payload),
        category_of(payload),
        message_key_of(payload),
    )
