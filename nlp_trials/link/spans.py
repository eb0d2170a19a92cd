"""Plain-data views of an annotated text: entities, relations, and the document they belong to.

The linker's rules take and return these, so they never touch spaCy: :func:`entities_of` and
:func:`annotated_text` are the only bridge from a ``Doc``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from ..documents import Document
from ..quantities import is_radiation_unit

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Relation labels the linker writes (head label -> tail label in the comments).
HAS_DOSE: Final = "HAS_DOSE"  # DRUG -> DOSE
HAS_ROUTE: Final = "HAS_ROUTE"  # DRUG -> ROUTE
HAS_FREQUENCY: Final = "HAS_FREQUENCY"  # DRUG -> FREQUENCY
HAS_SCHEDULE: Final = "HAS_SCHEDULE"  # DRUG -> SCHEDULE
HAS_DURATION: Final = "HAS_DURATION"  # DRUG, DISEASE, LAB_TEST -> DURATION
HAS_VALUE: Final = "HAS_VALUE"  # LAB_TEST -> LAB_VALUE
APPLIES_WHEN: Final = "APPLIES_WHEN"  # LAB_VALUE -> DISEASE (the patients a threshold is for)
APPLIES_UNLESS: Final = "APPLIES_UNLESS"  # LAB_VALUE -> DISEASE (the patients a threshold is not for)

RELATION_LABELS: Final[tuple[str, ...]] = (
    HAS_DOSE,
    HAS_ROUTE,
    HAS_FREQUENCY,
    HAS_SCHEDULE,
    HAS_DURATION,
    HAS_VALUE,
    APPLIES_WHEN,
    APPLIES_UNLESS,
)


@dataclass(frozen=True, slots=True)
class Entity:
    """One tagged span: offsets into its text, label, and what the pipeline parsed from it."""

    start: int
    end: int
    label: str
    text: str
    norm: str | None = None
    code: str | None = None
    value: dict[str, Any] | None = None
    context: dict[str, bool] = field(default_factory=dict)
    grade: dict[str, Any] | None = None
    broader: dict[str, Any] | None = None

    @property
    def key(self) -> tuple[int, int]:
        return (self.start, self.end)


def is_radiation_dose(entity: Entity) -> bool:
    """Is ``entity`` a DOSE of radiation ("74 Gy", "2 Gy per fraction"), which belongs to a
    radiotherapy and never to a drug?"""
    return entity.label == "DOSE" and is_radiation_unit((entity.value or {}).get("unit"))


@dataclass(frozen=True, slots=True)
class Relation:
    """A directed, labelled link from ``head`` to ``tail`` inside one text."""

    head: Entity
    tail: Entity
    label: str

    def to_dict(self) -> dict[str, Any]:
        """The form kept in ``doc._.trial_relations``: offsets only."""
        return {"head": [self.head.start, self.head.end], "tail": [self.tail.start, self.tail.end], "label": self.label}


@dataclass(slots=True)
class AnnotatedText:
    """One document (a criterion, an arm or intervention description, a summary) with its spans."""

    document: Document
    entities: list[Entity]
    relations: list[Relation]

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def field(self) -> str | None:
        return self.document.meta.get("field")


def entities_of(doc: "Doc") -> list[Entity]:
    """``doc.ents`` as :class:`Entity` objects with their parsed values and context flags."""
    from ..pipeline.extensions import register_extensions

    register_extensions()
    return [
        Entity(
            start=e.start_char,
            end=e.end_char,
            label=e.label_,
            text=e.text,
            norm=e._.norm,
            code=e._.code,
            value=e._.value,
            context=e._.context,
            grade=e._.grade,
            broader=e._.broader,
        )
        for e in doc.ents
    ]


def relations_from_offsets(entities: list[Entity], stored: list[dict[str, Any]]) -> list[Relation]:
    """Rebuild :class:`Relation` objects from ``doc._.trial_relations`` offsets (unknown offsets are dropped)."""
    by_key = {e.key: e for e in entities}
    out = []
    for rel in stored:
        head, tail = by_key.get(tuple(rel["head"])), by_key.get(tuple(rel["tail"]))
        if head is not None and tail is not None:
            out.append(Relation(head=head, tail=tail, label=rel["label"]))
    return out


def annotated_text(document: Document, doc: "Doc") -> AnnotatedText:
    """The plain-data view of ``doc``, the pipeline's output for ``document``."""
    entities = entities_of(doc)
    stored = doc._.trial_relations if doc.has_extension("trial_relations") else []
    return AnnotatedText(document=document, entities=entities, relations=relations_from_offsets(entities, stored))
