"""Plain criteria text: a list of criteria, with or without Inclusion/Exclusion headings."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import RecordError
from ..schema import Eligibility, Source, Trial
from ..segment import split_criteria
from .normalize import NCT_RE


def parse(text: str, *, path: str | None = None) -> Iterator[Trial | RecordError]:
    """One Trial whose criteria index the text itself; an NCT id in the text becomes the Trial's id."""
    m = NCT_RE.search(text)
    yield Trial(
        id=m.group(0) if m else None,
        source=Source(path=path, format="text"),
        eligibility=Eligibility(criteria=split_criteria(text)),
    )
