"""The locked dependency sets (``requirements/*.lock``) still match ``pyproject.toml``: every
dependency of the extras a lock is for is pinned there, at a version the project accepts, with
hashes (so ``pip install --require-hashes`` can install it). Regenerate with ``make lock``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PINNED = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)

LOCKS = {"server.lock": ("api", "postgres"), "dev.lock": ("api", "voice", "postgres", "dev")}


def _pins(lock: Path) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PINNED.findall(lock.read_text())}


def _wanted(extras: tuple[str, ...]) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    return [r for r in map(Requirement, lines) if canonicalize_name(r.name) != "frontdesk"]


@pytest.mark.parametrize("lock_name", sorted(LOCKS))
def test_every_declared_dependency_is_pinned_within_its_range(lock_name: str) -> None:
    pins = _pins(ROOT / "requirements" / lock_name)
    for requirement in _wanted(LOCKS[lock_name]):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in {lock_name}: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock_name} pins {name}=={pins[name]} outside {requirement.specifier}"
        )


@pytest.mark.parametrize("lock_name", sorted(LOCKS))
def test_every_pin_carries_hashes(lock_name: str) -> None:
    text = (ROOT / "requirements" / lock_name).read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[-1])
    pinned = [b for b in blocks if PINNED.match(b)]
    assert pinned
    for block in pinned:
        assert "--hash=sha256:" in block, block.splitlines()[0]
