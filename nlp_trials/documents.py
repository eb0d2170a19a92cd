"""The texts of a Trial that the entity pipeline reads, each with where it came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .schema import Trial

#: Fields annotate reads by default; ``detailed_description`` and ``brief_summary`` may be added.
DEFAULT_FIELDS: tuple[str, ...] = ("criteria", "arms", "interventions")
ALL_FIELDS: tuple[str, ...] = ("criteria", "arms", "interventions", "brief_summary", "detailed_description")


@dataclass(frozen=True)
class Document:
    """One text to annotate: ``text`` is exactly ``source[offset:offset + len(text)]`` of its field."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


def _trial_key(trial: Trial) -> str:
    if trial.id:
        return trial.id
    stem = Path(trial.source.path).stem if trial.source.path and trial.source.path != "-" else "text"
    return stem if trial.source.index is None else f"{stem}-{trial.source.index}"


def trial_documents(trial: Trial, *, fields: tuple[str, ...] = DEFAULT_FIELDS, whole_text: str | None = None) -> Iterator[Document]:
    """Yield the documents of ``trial``.

    A plain-text record (``whole_text`` given) is one document: the file's exact text, id the file's
    stem, so offsets are offsets into the file. Other records give one document per criterion
    (``meta.offset`` is the criterion's start in the file or in ``eligibility.text``) and per arm or
    intervention description (offsets into that description).
    """
    key = _trial_key(trial)
    base = {"trial_id": trial.id, "source": trial.source.path, "format": trial.source.format}
    if trial.source.index is not None:
        base["index"] = trial.source.index  # which record of a multi-record file
    if whole_text is not None:
        yield Document(id=key, text=whole_text, meta={**base, "field": "text", "offset": 0})
        return
    if "criteria" in fields:
        for c in trial.eligibility.criteria:
            meta = {**base, "field": "eligibility.criteria", "criterion_id": c.id, "kind": c.kind, "offset": c.start}
            if c.heading:
                meta["heading"] = c.heading  # the sub-heading the item stands under ("Age", "Life expectancy")
            yield Document(id=f"{key}:{c.id}", text=c.text, meta=meta)
    if "arms" in fields:
        for i, arm in enumerate(trial.arms):
            if arm.description:
                yield Document(id=f"{key}:arms[{i}]", text=arm.description, meta={**base, "field": f"arms[{i}].description", "arm": arm.label, "offset": 0})
    if "interventions" in fields:
        for i, iv in enumerate(trial.interventions):
            if iv.description:
                yield Document(
                    id=f"{key}:interventions[{i}]",
                    text=iv.description,
                    meta={**base, "field": f"interventions[{i}].description", "intervention": iv.name, "offset": 0},
                )
    for name in ("brief_summary", "detailed_description"):
        value = getattr(trial, name)
        if name in fields and value:
            yield Document(id=f"{key}:{name}", text=value, meta={**base, "field": name, "offset": 0})
