"""``frontdesk bench ...``: benchmarks that print JSON (commands added by their owners)."""

import typer

app = typer.Typer(help="Benchmarks; each prints one JSON object on stdout.", no_args_is_help=True)
