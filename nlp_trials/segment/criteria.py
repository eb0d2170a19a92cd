"""Criterion splitter (being written)."""

from __future__ import annotations

from ..schema import Criterion


def split_criteria(text: str, start: int = 0, end: int | None = None) -> list[Criterion]:
    """Split ``text[start:end]`` into criteria whose offsets index ``text``."""
    raise NotImplementedError
