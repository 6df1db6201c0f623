"""``frontdesk staff``: create and list the staff console's accounts.

``frontdesk staff add EMAIL --role receptionist|admin`` asks for the password twice (or reads
one line from standard input with ``--password-stdin``, for scripts); ``--sso-only`` creates an
account that signs in through the practice's identity provider only.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from agent.settings import Settings
from agent.staff import ROLES, StaffError, build_staff_service

app = typer.Typer(help="Staff console accounts.", no_args_is_help=True)


@app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="The person's email (their login).")],
    role: Annotated[
        str, typer.Option("--role", help="receptionist (queue, schedule) or admin (everything).")
    ] = "receptionist",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    sso_only: Annotated[
        bool, typer.Option("--sso-only", help="No password: single sign-on only.")
    ] = False,
) -> None:
    """Create a staff account."""
    console = Console(highlight=False, stderr=True)
    if role not in ROLES:
        console.print(f"error: --role must be one of {', '.join(ROLES)}")
        raise typer.Exit(2)
    password: str | None = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not sso_only:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    service = build_staff_service(Settings())
    try:
        account = asyncio.run(service.create_account(email, role, password))  # type: ignore[arg-type]
    except (StaffError, ValueError) as exc:
        console.print(f"error: {_first_line(exc)}")
        raise typer.Exit(1) from None
    Console(highlight=False).print(f"created {account.role} account {account.email}")


@app.command("list")
def list_accounts() -> None:
    """List the staff accounts (never their passwords)."""
    accounts = asyncio.run(build_staff_service(Settings()).accounts())
    table = Table("email", "role", "active", "created")
    for account in accounts:
        table.add_row(
            account.email,
            account.role,
            "yes" if account.active else "no",
            account.created_at.date().isoformat(),
        )
    Console(highlight=False).print(table)


def _first_line(exc: Exception) -> str:
    # A pydantic error repeats the input; its first line says what was wrong without it.
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
