"""The outreach parts depend on a Protocol, not on the service that owns them."""

from __future__ import annotations

import ast
from pathlib import Path

import agent.outreach
from tests.fakes.outbound import Rig

PARTS = ("inbox.py", "recalls.py", "waitlist.py")


def test_parts_do_not_import_the_service() -> None:
    root = Path(agent.outreach.__file__).parent
    for name in PARTS:
        tree = ast.parse((root / name).read_text())
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert "agent.outreach.service" not in imported, name
        assert "agent.outreach.context" in imported, name


def test_the_service_is_an_outreach_context(rig: Rig) -> None:
    # The parts hold the very service that built them, seen through the Protocol.
    assert rig.outreach.waitlist.o is rig.outreach
    assert rig.outreach.inbox.waitlist is rig.outreach.waitlist
    assert rig.outreach.inbox.recalls is rig.outreach.recalls
