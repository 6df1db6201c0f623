"""Root of the ``frontdesk`` CLI; each command group lives in its own module."""

from __future__ import annotations

import typer

from api.cli import (
    bench,
    chat,
    check_ehr,
    eval_cmd,
    jobs,
    maintenance,
    outreach,
    practice,
    seed,
    serve,
    staff,
)

app = typer.Typer(
    name="frontdesk",
    help="An AI front desk for medical practices: chat, seed the demo clinic, benchmark, evaluate.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("seed", help=seed.seed.__doc__)(seed.seed)
app.command("chat", help=chat.chat.__doc__)(chat.chat)
app.command("serve", help=serve.serve.__doc__)(serve.serve)
app.command("eval", help=eval_cmd.eval_command.__doc__)(eval_cmd.eval_command)
app.command("check-ehr", help=check_ehr.check_ehr.__doc__)(check_ehr.check_ehr)
app.add_typer(bench.app, name="bench")
app.add_typer(maintenance.app, name="maintenance")
app.add_typer(jobs.app, name="jobs")
app.add_typer(outreach.app, name="outreach")
app.add_typer(staff.app, name="staff")
app.add_typer(practice.app, name="practice")

if __name__ == "__main__":
    app()
