"""Data models of gold annotations: raw corpus annotations and the mapped, scorable form.

Two layers, kept apart on purpose:

* ``Gold*`` models hold a corpus exactly as it was written (raw labels such as Chia ``Value`` or LCT
  ``Eq-Comparison``, brat ids, events, attributes). Readers produce them and never interpret labels.
* ``Labeled*`` models hold what a score is computed on: character spans with *our* labels
  (``DRUG``, ``LAB_VALUE``, ...) and relations between such spans. The label mapping
  (:mod:`nlp_trials.gold.mapping`) turns the first into the second, and a pipeline's predictions are
  written in the second form too, so the scorer compares like with like.

Offsets are character offsets into ``text`` as read with ``newline=""``: a ``\\r\\n`` counts as two
characters, as in the brat corpora.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import message

WarningKind = Literal[
    "malformed_line",
    "bad_offsets",
    "text_mismatch",
    "duplicate_id",
    "dangling_reference",
    "whitespace_trimmed",
    "missing_text",
    "missing_annotations",
    "invalid_json",
    "invalid_record",
    "duplicate_document",
    "not_accepted",
    "unreadable",
]
WARNING_KINDS: tuple[str, ...] = WarningKind.__args__  # type: ignore[attr-defined]


class GoldModel(BaseModel):
    """Base of the gold models: unknown keys fail, and values are frozen once read.

    Gold is the measuring stick; freezing it means no evaluation step can edit it in passing.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldWarning(GoldModel):
    """A problem found while reading gold data. The offending line or item was skipped (or, for
    ``whitespace_trimmed``, repaired); reading went on."""

    code: str = Field(title="Code", description="Error code of the message, e.g. 'E200' (see nlp_trials.errors).")
    kind: WarningKind = Field(title="Kind", description="Category of the problem, for counting warnings by kind.")
    path: str | None = Field(default=None, title="Path", description="File the problem was found in.")
    line: int | None = Field(
        default=None, ge=1, title="Line", description="1-based line number in that file; null for file-level problems."
    )
    message: str = Field(title="Message", description="Coded, human-readable message naming the id, offsets and text.")


class GoldSpan(GoldModel):
    """A text-bound annotation (brat ``T`` line, or a span of a JSON corpus), with its raw label."""

    id: str = Field(title="Id", description="Annotation id as written in the corpus ('T12', 'T12_mml'), or generated ('T1', ...) for JSON corpora.")
    label: str = Field(title="Label", description="Raw corpus label, unmapped ('Value', 'Eq-Comparison', 'CONDITION').")
    start: int = Field(ge=0, title="Start", description="Start of the first fragment (character offset, inclusive).")
    end: int = Field(ge=0, title="End", description="End of the last fragment (character offset, exclusive).")
    fragments: tuple[tuple[int, int], ...] = Field(
        title="Fragments",
        description="(start, end) of each fragment, sorted in text order; one fragment for a continuous span. Brat writes discontinuous spans as '83 90;95 110'.",
    )
    text: str = Field(
        title="Text",
        description="The document text of each fragment, in the order the annotation lists them, joined by one space (brat's convention for discontinuous spans).",
    )
    discontinuous: bool = Field(
        default=False,
        title="Discontinuous",
        description=(
            "True when text other than whitespace lies between two fragments. Fragments separated only by "
            "whitespace (brat splits a span where it crosses a line break) are continuous."
        ),
    )

    @model_validator(mode="after")
    def _check_fragments(self) -> GoldSpan:
        if not self.fragments or self.fragments[0][0] != self.start or self.fragments[-1][1] != self.end:
            raise ValueError("fragments must be non-empty and run from start to end")
        return self


class GoldRelation(GoldModel):
    """A binary relation (brat ``R`` line), from ``head`` (first argument) to ``tail`` (second)."""

    id: str = Field(title="Id", description="Relation id ('R3').")
    label: str = Field(title="Label", description="Raw relation label ('Has_value', 'Caused-By').")
    head: str = Field(title="Head", description="Id of the first argument (a span or, in LCT, an event).")
    tail: str = Field(title="Tail", description="Id of the second argument.")


class GoldArgument(GoldModel):
    """One role of an event."""

    role: str = Field(title="Role", description="Role as written, with brat's numeric suffix for repeated roles ('Name', 'Value2').")
    target: str = Field(title="Target", description="Id of the span or event filling the role.")


class GoldEvent(GoldModel):
    """A brat event (``E`` line): a typed trigger span with role arguments. LCT builds every criterion
    from these, e.g. an ``Observation`` event whose ``Numeric-Filter`` role is an ``Eq-Comparison`` event."""

    id: str = Field(title="Id", description="Event id ('E4').")
    label: str = Field(title="Label", description="Event type ('Observation', 'Eq-Comparison').")
    trigger: str = Field(title="Trigger", description="Id of the trigger span.")
    arguments: tuple[GoldArgument, ...] = Field(default=(), title="Arguments", description="Roles in the order written.")


class GoldAttribute(GoldModel):
    """A brat attribute (``A`` line, or the legacy ``M`` line) on a span, event or relation."""

    id: str = Field(title="Id", description="Attribute id ('A2').")
    name: str = Field(title="Name", description="Attribute name ('Eq-Operator-Value', 'Negated').")
    target: str = Field(title="Target", description="Id of the annotation the attribute is on.")
    value: str | None = Field(default=None, title="Value", description="Attribute value ('GTEQ'); null for a binary attribute.")


class GoldEquivalence(GoldModel):
    """A brat equivalence (``*`` line): the members are alternatives or co-referent (Chia writes
    ``* OR T5 T6 T7``)."""

    label: str = Field(title="Label", description="Equivalence type ('OR', 'Equiv').")
    members: tuple[str, ...] = Field(min_length=2, title="Members", description="Ids of the equivalent spans.")
    line: int | None = Field(default=None, ge=1, title="Line", description="Line of the .ann file (equivalences have no id).")


class GoldNote(GoldModel):
    """A brat note (``#`` line) or normalization (``N`` line) attached to an annotation."""

    id: str = Field(title="Id", description="Note id ('#1', 'N2').")
    kind: Literal["note", "normalization"] = Field(title="Kind", description="'note' for '#' lines, 'normalization' for 'N' lines.")
    label: str = Field(title="Label", description="Note type ('AnnotatorNotes') or normalization type ('Reference').")
    target: str = Field(title="Target", description="Id of the annotated item.")
    reference: str | None = Field(default=None, title="Reference", description="For normalizations, the 'DB:ID' reference.")
    text: str = Field(default="", title="Text", description="The note text (or the normalized name).")


class GoldDocument(GoldModel):
    """One annotated document of a corpus, with raw labels, and the warnings raised while reading it."""

    id: str = Field(title="Id", description="Document id: the file stem for brat ('NCT00050349_inc'), the record id for JSON.")
    text: str = Field(title="Text", description="The document text, line breaks untranslated.")
    path: str | None = Field(default=None, title="Path", description="File the document was read from.")
    spans: tuple[GoldSpan, ...] = Field(default=(), title="Spans", description="Text-bound annotations in file order.")
    relations: tuple[GoldRelation, ...] = Field(default=(), title="Relations", description="Binary relations in file order.")
    events: tuple[GoldEvent, ...] = Field(default=(), title="Events", description="Events in file order.")
    attributes: tuple[GoldAttribute, ...] = Field(default=(), title="Attributes", description="Attributes in file order.")
    equivalences: tuple[GoldEquivalence, ...] = Field(default=(), title="Equivalences", description="Equivalence groups ('*' lines).")
    notes: tuple[GoldNote, ...] = Field(default=(), title="Notes", description="Notes and normalizations.")
    warnings: tuple[GoldWarning, ...] = Field(default=(), title="Warnings", description="Problems found in this document; the affected lines were skipped.")


class GoldCorpus(GoldModel):
    """The documents read from a gold file or directory, and corpus-level warnings (missing files,
    invalid records, duplicate ids) that belong to no document."""

    documents: tuple[GoldDocument, ...] = Field(default=(), title="Documents", description="Documents in a stable (sorted) order.")
    warnings: tuple[GoldWarning, ...] = Field(default=(), title="Warnings", description="Corpus-level warnings.")

    def all_warnings(self) -> list[GoldWarning]:
        """Corpus-level warnings followed by every document's warnings."""
        found = list(self.warnings)
        for doc in self.documents:
            found.extend(doc.warnings)
        return found


class LabeledSpan(GoldModel):
    """A span with one of our labels: the unit the scorer counts."""

    start: int = Field(ge=0, title="Start", description="Character offset, inclusive.")
    end: int = Field(ge=0, title="End", description="Character offset, exclusive.")
    label: str = Field(title="Label", description="Our label ('DRUG', 'LAB_VALUE', ...).")
    text: str | None = Field(default=None, title="Text", description="Covered text, for error listings; not used to match.")
    source_id: str | None = Field(default=None, title="Source id", description="Id of the gold annotation this span came from ('T12'), if any.")

    @model_validator(mode="after")
    def _check_order(self) -> LabeledSpan:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self

    @property
    def key(self) -> tuple[int, int, str]:
        """(start, end, label): the identity of a span under exact matching."""
        return (self.start, self.end, self.label)


class LabeledRelation(GoldModel):
    """A relation between two labeled spans, with one of our relation labels ('HAS_VALUE')."""

    head: LabeledSpan = Field(title="Head", description="Governing span (the lab test of a HAS_VALUE).")
    tail: LabeledSpan = Field(title="Tail", description="Dependent span (the value of a HAS_VALUE).")
    label: str = Field(title="Label", description="Our relation label.")

    @property
    def key(self) -> tuple[int, int, int, int, str]:
        """(head start, head end, tail start, tail end, label): identity under exact matching. Span labels
        are not part of it: the relation label already says what the arguments are."""
        return (self.head.start, self.head.end, self.tail.start, self.tail.end, self.label)


class LabeledDocument(GoldModel):
    """A document's spans and relations with our labels: mapped gold, or a pipeline's predictions."""

    id: str = Field(title="Id", description="Document id; gold and predictions are paired by it.")
    text: str | None = Field(
        default=None,
        title="Text",
        description="Document text. When both gold and prediction carry it, the scorer checks they are equal (offsets are meaningless otherwise).",
    )
    spans: tuple[LabeledSpan, ...] = Field(default=(), title="Spans", description="Spans; duplicates (same start, end, label) count once.")
    relations: tuple[LabeledRelation, ...] = Field(default=(), title="Relations", description="Relations; duplicates count once.")
    unannotated: tuple[tuple[int, int], ...] = Field(
        default=(),
        title="Unannotated stretches",
        description=(
            "(start, end) of the stretches the annotators labelled as a whole with a category of their own "
            "(Chia's Non-query-able, Non-representable, Competing_trial ...) and marked no entity within; a "
            "diagnostic score leaves the spans inside them out (gold only)."
        ),
    )


def gold_warning(code: str, kind: WarningKind, *, path: str | None, line: int | None = None, **kwargs: object) -> GoldWarning:
    """Build a :class:`GoldWarning` whose message is the coded message ``code`` of nlp_trials.errors."""
    return GoldWarning(
        code=code,
        kind=kind,
        path=path,
        line=line,
        message=message(code, path=path or "<text>", line=line, **kwargs),
    )
