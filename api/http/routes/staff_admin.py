"""Admin-only console pages: staff accounts (create, change role, disable) and clinic settings."""

from __future__ import annotations

from typing import Annotated

import yaml
from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from agent.staff import ROLES, Role, StaffError
from api.http.deps import AdminPage, EngineDep, SettingsDep, StaffServiceDep
from api.http.staff.templates import render
from api.http.staff.trail import record

router = APIRouter(prefix="/staff/admin", tags=["staff console"], include_in_schema=False)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


async def _accounts_page(
    request: Request,
    session: AdminPage,
    staff: StaffServiceDep,
    *,
    message: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "accounts.html",
        session,
        page="accounts",
        accounts=await staff.accounts(),
        roles=ROLES,
        message=message,
        error=error,
        status_code=status_code,
    )


@router.get("/accounts")
async def accounts(request: Request, session: AdminPage, staff: StaffServiceDep) -> Response:
    """Every staff account, with forms to add one and to change role or access."""
    return await _accounts_page(request, session, staff)


@router.post("/accounts")
async def add_account(
    request: Request,
    session: AdminPage,
    staff: StaffServiceDep,
    email: Annotated[str, Form(max_length=320)],
    role: Annotated[str, Form(max_length=20)] = "receptionist",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """Create an account (password optional: single sign-on only without one)."""
    if role not in ROLES:
        return await _accounts_page(request, session, staff, error="Unknown role.", status_code=422)
    try:
        account = await staff.create_account(email, role, password or None)  # type: ignore[arg-type]
    except StaffError as exc:
        return await _accounts_page(request, session, staff, error=str(exc), status_code=422)
    await record(
        request, session.account, "staff-account-create", action="C",
        entities=(), required=False,
    )  # fmt: skip
    return await _accounts_page(
        request, session, staff, message=f"Account {account.email} created.", status_code=201
    )


@router.post("/accounts/{account_id}")
async def change_account(
    request: Request,
    account_id: str,
    session: AdminPage,
    staff: StaffServiceDep,
    role: Annotated[str, Form(max_length=20)],
    active: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Change an account's role or access (its sessions end at once)."""
    if role not in ROLES:
        return await _accounts_page(request, session, staff, error="Unknown role.", status_code=422)
    if account_id == session.account.id:
        return await _accounts_page(
            request, session, staff, error="You cannot change your own account.", status_code=409
        )
    try:
        changed = await staff.update(account_id, role=_role(role), active=bool(active))
    except StaffError as exc:
        return await _accounts_page(request, session, staff, error=str(exc), status_code=404)
    await record(request, session.account, "staff-account-update", action="U", required=False)
    return await _accounts_page(request, session, staff, message=f"{changed.email} updated.")


def _role(role: str) -> Role:
    return "admin" if role == "admin" else "receptionist"


@router.get("/settings")
async def clinic_settings(
    request: Request, session: AdminPage, engine: EngineDep, settings: SettingsDep
) -> Response:
    """The practice's configuration and the service's settings, read-only, without secrets."""
    clinic = engine.clinic
    hours = clinic.opening_hours.model_dump(mode="json")
    opening = [(day, ", ".join(hours.get(day) or [])) for day in WEEKDAYS]
    service = [
        ("EHR", settings.fhir_base_url or "embedded store (SQLite)"),
        ("FHIR vendor profile", settings.fhir_vendor if settings.fhir_base_url else "—"),
        ("Brain", settings.brain),
        ("Checkpoints", "Postgres" if settings.checkpoint_url else "SQLite"),
        ("Single sign-on", settings.staff_oidc_issuer or "off"),
        ("Session length", f"{settings.staff_session_hours:g} h"),
        (
            "Lockout",
            f"{settings.staff_lockout_failures} failures in {settings.staff_lockout_minutes:g} min",
        ),
    ]
    return render(
        request,
        "settings.html",
        session,
        page="settings",
        opening=opening,
        emergency=clinic.emergency_numbers,
        service=service,
        clinic_yaml=yaml.safe_dump(
            clinic.model_dump(mode="json", exclude={"demo"}), allow_unicode=True, sort_keys=False
        ),
    )
