"""nlp_trials: clinical-trial records into structured, checkable data.

    >>> import nlp_trials
    >>> for trial in nlp_trials.read("corpus/samples"):
    ...     print(trial.id, len(trial.eligibility.criteria))
"""

from __future__ import annotations

from .errors import NlpTrialsError, RecordError
from .records import detect_format, read, read_results
from .schema import (
    Age,
    Arm,
    Criterion,
    Eligibility,
    Enrollment,
    Intervention,
    Outcome,
    Source,
    Trial,
)
from .segment import split_criteria

__version__ = "0.1.0"


def load(path=None, **kwargs):  # type: ignore[no-untyped-def]
    """Load the assembled spaCy pipeline (default ``models/trials_rules``, assembled on first use).

    Imported lazily so that reading records never pays for importing spaCy.
    """
    from .pipeline.assemble import load as _load

    return _load(path, **kwargs)

__all__ = [
    "Age",
    "Arm",
    "Criterion",
    "Eligibility",
    "Enrollment",
    "Intervention",
    "NlpTrialsError",
    "Outcome",
    "RecordError",
    "Source",
    "Trial",
    "__version__",
    "detect_format",
    "load",
    "read",
    "read_results",
    "split_criteria",
]
