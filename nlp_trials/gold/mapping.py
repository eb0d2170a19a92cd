"""Map raw corpus labels to ours, as ``../shared/README.md`` specifies for evaluations of record.

Plain label tables are data (``nlp_trials/gold/mappings/<corpus>.json``). The rules that depend on
relations, event roles or the text are code, named in the JSON's ``rules`` list:

``chia_value``
    Chia ``Value`` -> LAB_VALUE only when a ``Measurement`` ``Has_value`` it (``R Has_value
    Arg1:<Measurement> Arg2:<Value>``). Values of a Person (age), Procedure, Condition, ... are not lab
    values and are left out.
``chia_temporal``
    Chia ``Temporal`` -> DURATION only when it states an amount of time (:func:`states_time_amount`):
    "within 6 months" yes, "history of", "prior", "active" no.
``lct_comparison``
    LCT writes a comparison as an ``Eq-Comparison`` span that triggers an ``Eq-Comparison`` event
    (``E5 Eq-Comparison:T30 Value:T31 Operator:T32``), and that event fills a role of another event
    (``E3 Observation:T20 Name:T21 Numeric-Filter:E5``). The ``Eq-Comparison`` span is LAB_VALUE when
    its event is the ``Numeric-Filter`` of an ``Observation`` (not of an ``Age``), and DURATION when it
    fills a ``Temporality`` or ``Duration`` role of any event and states an amount of time (LCT puts
    "history" and "previously" in Temporality roles too). Role names lose brat's numeric suffix
    (``Temporality2`` is ``Temporality``).

Relations are mapped by the JSON ``relations`` table, keyed by the raw relation label (brat ``R``
lines) or, for events, by ``<event type>:<role>`` with the event's ``Name`` span (else its trigger)
as head and the role's span (an event's trigger) as tail. A relation is kept only when both ends were
mapped to the labels the table names, so ``Has_value`` from a Measurement becomes HAS_VALUE and a
``Has_value`` from a Person does not.

Discontinuous spans (text other than whitespace between fragments) are scored as their covering span
by default (``discontinuous="cover"``): a prediction of either part then still overlaps the gold span,
where dropping it would turn a correct prediction into a false positive; the cost is that an exact match
needs the whole cover. ``discontinuous="drop"`` leaves them out. Either way they are counted
(``discontinuous:<LABEL>``) so a report can say how many there were.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from ..errors import GoldError, message
from .models import GoldDocument, GoldEvent, GoldModel, GoldSpan, LabeledDocument, LabeledRelation, LabeledSpan

# Our labels used by the rules below; they match nlp_trials.labels (a test checks it).
LAB_VALUE = "LAB_VALUE"
DURATION = "DURATION"
# Our relation labels produced by the mapping tables.
HAS_VALUE = "HAS_VALUE"
HAS_DURATION = "HAS_DURATION"

RuleName = Literal["chia_value", "chia_temporal", "lct_comparison"]
DiscontinuousPolicy = Literal["cover", "drop"]
DISCONTINUOUS_POLICIES: tuple[str, ...] = DiscontinuousPolicy.__args__  # type: ignore[attr-defined]

#: Corpora with a mapping file shipped in the package, and the identity mapping of our own JSONL.
CORPORA: tuple[str, ...] = ("chia", "lct", "neurotrialner", "jsonl")

# Number words a temporal expression spells out ("six months", "one year").
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|half|dozen"
)
# Time units. Single letters (h, d, y) only count next to a digit, which the digit test already covers:
# alone they would match stray letters. "daily"/"weekly" are frequencies, not amounts, and are left out.
_TIME_UNITS = (
    r"sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?|decades?|"
    r"fortnights?|centur(?:y|ies)"
)
_TIME_AMOUNT = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b|\b(?:{_TIME_UNITS})\b", re.IGNORECASE)


def states_time_amount(text: str) -> bool:
    """True when a temporal expression states an amount of time: a number or a time unit.

    "6 months", "within 4 weeks prior to randomization", "past year", "Day 1" are amounts (the README's
    rule is a number or a unit, so time points with a number count too); "history of", "prior",
    "active", "at screening", "daily" are not.
    """
    return _TIME_AMOUNT.search(text) is not None


class RelationRule(GoldModel):
    """One row of a mapping's relation table."""

    raw: str = Field(
        title="Raw relation",
        description="Raw relation label ('Has_value'), or '<event type>:<role>' for a relation read from an event role ('Observation:Numeric-Filter').",
    )
    head: tuple[str, ...] = Field(min_length=1, title="Head labels", description="Our labels the mapped head span may have.")
    tail: tuple[str, ...] = Field(min_length=1, title="Tail labels", description="Our labels the mapped tail span may have.")
    label: str = Field(title="Label", description="Our relation label ('HAS_VALUE').")


class LabelMapping(GoldModel):
    """How one corpus's raw labels become ours (the content of a ``mappings/<corpus>.json`` file)."""

    corpus: str = Field(title="Corpus", description="Corpus name ('chia').")
    description: str = Field(default="", title="Description", description="What the mapping does, for readers of the file.")
    labels: dict[str, str] = Field(default_factory=dict, title="Labels", description="Plain table: raw span label -> our label.")
    extra_labels: dict[str, str] = Field(
        default_factory=dict,
        title="Extra labels",
        description="Raw span label -> our label for labels beyond the evaluation of record ('Procedure' -> PROCEDURE): scored and reported per label, left out of the micro total.",
    )
    rules: tuple[RuleName, ...] = Field(default=(), title="Rules", description="Names of the coded rules applied after the table (see nlp_trials.gold.mapping).")
    relations: tuple[RelationRule, ...] = Field(default=(), title="Relations", description="Relation table.")
    unmapped: tuple[str, ...] = Field(default=(), title="Unmapped", description="Raw labels deliberately left out (documentation only).")
    stretch_labels: tuple[str, ...] = Field(
        default=(),
        title="Stretch labels",
        description=(
            "Raw labels that put a category on a whole stretch of text rather than name an entity (Chia's "
            "'Non-query-able'); a stretch with no mapped span inside is recorded as unannotated "
            "(LabeledDocument.unannotated)."
        ),
    )
    identity: bool = Field(default=False, title="Identity", description="Keep every label and relation as is (our own JSONL gold).")

    @property
    def target_labels(self) -> tuple[str, ...]:
        """Our span labels this mapping can produce, sorted (empty for the identity mapping)."""
        found = set(self.labels.values()) | set(self.extra_labels.values())
        for rule in self.rules:
            found.update(_RULE_TARGETS[rule])
        return tuple(sorted(found))

    @property
    def record_labels(self) -> tuple[str, ...]:
        """The labels of the evaluation of record (``../shared/README.md``): the target labels but the
        extra ones; the micro total is summed over these."""
        extra = set(self.extra_labels.values()) - set(self.labels.values())
        return tuple(label for label in self.target_labels if label not in extra)

    @property
    def relation_labels(self) -> tuple[str, ...]:
        """Our relation labels this mapping can produce, sorted."""
        return tuple(sorted({r.label for r in self.relations}))


class MappedDocument(GoldModel):
    """A mapped document and the counts of what the mapping did to it."""

    document: LabeledDocument = Field(title="Document", description="Spans and relations with our labels.")
    counts: dict[str, int] = Field(
        default_factory=dict,
        title="Counts",
        description=(
            "'spans:<LABEL>', 'discontinuous:<LABEL>' (covered or dropped, per policy), 'dropped_discontinuous:<LABEL>', "
            "'duplicate_spans', 'relations:<LABEL>', and per rule '<rule>:<outcome>' (e.g. 'chia_value:no_measurement')."
        ),
    )


def load_mapping(corpus: str | Path) -> LabelMapping:
    """Load the mapping of a shipped corpus ('chia', 'lct', 'neurotrialner', 'jsonl') or a mapping file.

    Raises:
        GoldError: [E213] unknown corpus, [E215] invalid mapping file.
    """
    if corpus == "jsonl":
        return LabelMapping(corpus="jsonl", description="Our own JSONL gold: labels are already ours.", identity=True)
    if isinstance(corpus, str) and corpus in CORPORA:
        source = resources.files(__package__).joinpath("mappings", f"{corpus}.json")
        where = f"nlp_trials/gold/mappings/{corpus}.json"
    elif Path(corpus).is_file():
        source, where = Path(corpus), str(corpus)  # type: ignore[assignment]
    else:
        raise GoldError(message("E213", value=str(corpus), allowed=", ".join(CORPORA) + " or a mapping .json file"))
    try:
        return LabelMapping.model_validate(json.loads(source.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, ValidationError) as e:
        raise GoldError(message("E215", path=where, detail=" ".join(str(e).split()))) from e


def map_document(
    doc: GoldDocument, mapping: LabelMapping, *, discontinuous: DiscontinuousPolicy = "cover"
) -> MappedDocument:
    """Map one gold document's raw labels and relations to ours.

    Args:
        doc: The document as read (raw labels).
        mapping: The corpus mapping (:func:`load_mapping`).
        discontinuous: 'cover' scores a discontinuous span as its covering span; 'drop' leaves it out.

    Returns:
        The labeled document (spans sorted by start, end, label; duplicates collapsed) and counts.

    Raises:
        GoldError: [E216] unknown ``discontinuous`` policy.
    """
    if discontinuous not in DISCONTINUOUS_POLICIES:
        allowed = ", ".join(DISCONTINUOUS_POLICIES)
        raise GoldError(message("E216", name="discontinuous", value=discontinuous, allowed=allowed))
    counts: Counter[str] = Counter()
    assigned: dict[str, str] = {}
    for span in doc.spans:
        if mapping.identity:
            assigned[span.id] = span.label
        elif span.label in mapping.labels:
            assigned[span.id] = mapping.labels[span.label]
        elif span.label in mapping.extra_labels:
            assigned[span.id] = mapping.extra_labels[span.label]
    for rule in mapping.rules:
        found, rule_counts = _RULES[rule](doc)
        counts.update(rule_counts)
        for span_id, label in found.items():
            assigned.setdefault(span_id, label)

    by_key: dict[tuple[int, int, str], LabeledSpan] = {}
    by_source: dict[str, LabeledSpan] = {}
    for span in doc.spans:
        label = assigned.get(span.id)
        if label is None:
            continue
        if span.discontinuous:
            counts[f"discontinuous:{label}"] += 1
            if discontinuous == "drop":
                counts[f"dropped_discontinuous:{label}"] += 1
                continue
        key = (span.start, span.end, label)
        if key in by_key:
            counts["duplicate_spans"] += 1
        else:
            by_key[key] = LabeledSpan(
                start=span.start, end=span.end, label=label, text=doc.text[span.start : span.end], source_id=span.id
            )
        by_source[span.id] = by_key[key]
    spans = sorted(by_key.values(), key=lambda s: s.key)
    for span in spans:
        counts[f"spans:{span.label}"] += 1

    relations: dict[tuple[int, int, int, int, str], LabeledRelation] = {}
    for raw, head_id, tail_id in _relation_candidates(doc, identity=mapping.identity):
        head, tail = by_source.get(head_id), by_source.get(tail_id)
        if head is None or tail is None:
            continue
        label = raw if mapping.identity else _relation_label(mapping, raw, head.label, tail.label)
        if label is None:
            continue
        relation = LabeledRelation(head=head, tail=tail, label=label)
        relations.setdefault(relation.key, relation)
    for relation in relations.values():
        counts[f"relations:{relation.label}"] += 1
    stretches = unannotated_stretches(doc, mapping.stretch_labels, spans)
    counts["unannotated_stretches"] = len(stretches)
    document = LabeledDocument(
        id=doc.id,
        text=doc.text,
        spans=tuple(spans),
        relations=tuple(sorted(relations.values(), key=lambda r: r.key)),
        unannotated=stretches,
    )
    return MappedDocument(document=document, counts=dict(sorted(counts.items())))


def unannotated_stretches(
    doc: GoldDocument, labels: Collection[str], mapped: Sequence[LabeledSpan]
) -> tuple[tuple[int, int], ...]:
    """(start, end) of the spans of ``labels`` (raw) that hold none of the ``mapped`` spans, sorted.

    Chia's annotators gave a criterion they could not encode a category of its own ("Non-query-able",
    "Competing_trial") and then mostly marked nothing inside it; one they marked something in is
    annotated, so it stays scored.
    """
    if not labels:
        return ()
    wanted = set(labels)
    out = {
        (span.start, span.end)
        for span in doc.spans
        if span.label in wanted and not any(span.start <= m.start and m.end <= span.end for m in mapped)
    }
    return tuple(sorted(out))


def _relation_label(mapping: LabelMapping, raw: str, head_label: str, tail_label: str) -> str | None:
    for rule in mapping.relations:
        if rule.raw == raw and head_label in rule.head and tail_label in rule.tail:
            return rule.label
    return None


def _relation_candidates(doc: GoldDocument, *, identity: bool) -> list[tuple[str, str, str]]:
    """(raw label, head span id, tail span id) for every brat relation and every event role."""
    events = {e.id: e for e in doc.events}

    def span_of(ann_id: str) -> str:
        # A relation or role pointing at an event stands for the event's concept: its Name span.
        event = events.get(ann_id)
        return _head_span_id(event) if event is not None else ann_id

    found = [(r.label, span_of(r.head), span_of(r.tail)) for r in doc.relations]
    if identity:
        return found
    for event in doc.events:
        head = _head_span_id(event)
        for arg in event.arguments:
            role = _base_role(arg.role)
            if role == "Name":
                continue
            target = events.get(arg.target)
            tail = target.trigger if target is not None else arg.target
            found.append((f"{event.label}:{role}", head, tail))
    return found


def _head_span_id(event: GoldEvent) -> str:
    names = [arg.target for arg in event.arguments if _base_role(arg.role) == "Name"]
    return names[0] if names else event.trigger


def _base_role(role: str) -> str:
    # brat numbers repeated roles of one event: Value, Value2, Value3.
    return role.rstrip("0123456789")


# Rules: GoldDocument -> ({span id: our label}, counts of outcomes). Counts say how often each
# branch fired, so a corpus report can show how much the conditions removed.
_Rule = Callable[[GoldDocument], tuple[dict[str, str], Counter[str]]]


def _chia_value(doc: GoldDocument) -> tuple[dict[str, str], Counter[str]]:
    spans = {s.id: s for s in doc.spans}
    measured = {
        r.tail
        for r in doc.relations
        if r.label == "Has_value" and r.head in spans and spans[r.head].label == "Measurement"
    }
    found: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for span in doc.spans:
        if span.label != "Value":
            continue
        if span.id in measured:
            found[span.id] = LAB_VALUE
            counts["chia_value:has_value_from_measurement"] += 1
        else:
            counts["chia_value:no_measurement"] += 1
    return found, counts


def _chia_temporal(doc: GoldDocument) -> tuple[dict[str, str], Counter[str]]:
    found: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for span in doc.spans:
        if span.label != "Temporal":
            continue
        if states_time_amount(span.text):
            found[span.id] = DURATION
            counts["chia_temporal:time_amount"] += 1
        else:
            counts["chia_temporal:no_time_amount"] += 1
    return found, counts


def _lct_comparison(doc: GoldDocument) -> tuple[dict[str, str], Counter[str]]:
    spans: Mapping[str, GoldSpan] = {s.id: s for s in doc.spans}
    events = {e.id: e for e in doc.events}
    roles: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    for event in doc.events:
        for arg in event.arguments:
            target = events.get(arg.target)
            if target is not None and target.label == "Eq-Comparison":
                span_id = target.trigger
            elif arg.target in spans and spans[arg.target].label == "Eq-Comparison":
                # Not seen in LCT, but a role may point at the comparison span directly.
                span_id = arg.target
            else:
                continue
            roles[span_id].add((event.label, _base_role(arg.role)))
    found: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for span in doc.spans:
        if span.label != "Eq-Comparison":
            continue
        span_roles = roles.get(span.id, set())
        if ("Observation", "Numeric-Filter") in span_roles:
            found[span.id] = LAB_VALUE
            counts["lct_comparison:observation_numeric_filter"] += 1
        elif any(role in ("Temporality", "Duration") for _, role in span_roles):
            if states_time_amount(span.text):
                found[span.id] = DURATION
                counts["lct_comparison:temporal_time_amount"] += 1
            else:
                counts["lct_comparison:temporal_no_time_amount"] += 1
        else:
            counts["lct_comparison:other_role"] += 1
    return found, counts


_RULES: dict[str, _Rule] = {
    "chia_value": _chia_value,
    "chia_temporal": _chia_temporal,
    "lct_comparison": _lct_comparison,
}
_RULE_TARGETS: dict[str, tuple[str, ...]] = {
    "chia_value": (LAB_VALUE,),
    "chia_temporal": (DURATION,),
    "lct_comparison": (LAB_VALUE, DURATION),
}
