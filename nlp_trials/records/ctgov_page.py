"""Reader stub: being written (see issue 2)."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import RecordError
from ..schema import Trial


def sniff(text: str) -> bool:
    return False


def parse(text: str, *, path: str | None = None) -> Iterator[Trial | RecordError]:
    raise NotImplementedError
