"""pydantic models of the JSON contract; imports nothing from spaCy."""

from .base import TrialsModel
from .trial import (
    SOURCE_FORMATS,
    Age,
    Arm,
    Criterion,
    Eligibility,
    Enrollment,
    Intervention,
    Outcome,
    Source,
    SourceFormat,
    Trial,
)

__all__ = [
    "SOURCE_FORMATS",
    "Age",
    "Arm",
    "Criterion",
    "Eligibility",
    "Enrollment",
    "Intervention",
    "Outcome",
    "Source",
    "SourceFormat",
    "Trial",
    "TrialsModel",
]
