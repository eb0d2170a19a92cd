"""Fixtures writing tiny inline gold files into tmp_path (tests never read ../shared)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write_brat(tmp_path: Path) -> Callable[..., Path]:
    """write_brat(name, text, ann, *, folder=None) -> path of the .txt. Written as bytes, so '\\r\\n' stays."""

    def write(name: str, text: str, ann: str | None, *, folder: str | None = None) -> Path:
        root = tmp_path / folder if folder else tmp_path
        root.mkdir(parents=True, exist_ok=True)
        txt = root / f"{name}.txt"
        txt.write_bytes(text.encode("utf-8"))
        if ann is not None:
            (root / f"{name}.ann").write_bytes(ann.encode("utf-8"))
        return txt

    return write
