"""pydantic models of the JSON contract; imports nothing from spaCy."""

from .base import TrialsModel
from .eligibility_objects import CriterionEntity, DoseThreshold, LabThreshold, LineRange, ScoreRange, Threshold, TimeWindow
from .regimen import Regimen, RegimenDose, RegimenFrequency
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
    "CriterionEntity",
    "DoseThreshold",
    "Eligibility",
    "Enrollment",
    "Intervention",
    "LabThreshold",
    "LineRange",
    "Outcome",
    "Regimen",
    "RegimenDose",
    "RegimenFrequency",
    "ScoreRange",
    "Source",
    "SourceFormat",
    "Threshold",
    "TimeWindow",
    "Trial",
    "TrialsModel",
]
