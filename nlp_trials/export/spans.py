"""Entities of an annotated Doc as plain dicts, the one shape every exporter starts from."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span


def span_record(span: Span) -> dict[str, Any]:
    """``{"start", "end", "label", "text"}`` plus the parsed attributes the label has.

    DOSE and LAB_VALUE carry ``comparator``, ``value`` or ``low``/``high`` (or ``parts``: "140/90 mmHg"), ``unit``, ``reference``;
    DURATION ``value`` or ``low``/``high``, ``unit``, ``days``; DRUG and DISEASE ``norm``, ``id`` (DRUG
    also ``kind``: agent, class, regimen or code), a DISEASE ``grade`` when one is written next to it
    ("Grade ≥ 2 neuropathy": ``{"comparator": ">=", "value": 2.0, "start", "end", "text"}``), a
    DISEASE the trained model named more narrowly than any vocabulary its ``broader`` concept
    (``{"norm", "id"}`` of the vocabulary disease inside it) and the context flags that are true.
    Other names carry ``norm`` where the pattern gave one.
    """
    out: dict[str, Any] = {"start": span.start_char, "end": span.end_char, "label": span.label_, "text": span.text}
    value = span._.value
    if value:
        for key in ("comparator", "value", "low", "high", "parts", "unit", "reference", "basis", "days", "low_days", "high_days"):
            if key in value:
                out[key] = list(value[key]) if key == "parts" else value[key]
    norm = span._.norm
    if norm:
        out["norm"] = norm
    code = span._.code
    if code:
        out["id"] = code
    kind = span._.kind
    if kind:
        out["kind"] = kind
    grade = span._.grade
    if grade:
        out["grade"] = grade
    broader = span._.broader
    if broader:
        out["broader"] = broader
    out.update({flag: True for flag, on in span._.context.items() if on})
    return out


def doc_spans(doc: Doc) -> list[dict[str, Any]]:
    return [span_record(ent) for ent in doc.ents]


def doc_relations(doc: Doc) -> list[dict[str, Any]]:
    """Relations the linker stored, as Prodigy-style head/child spans (empty until the linker runs)."""
    labels = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
    out = []
    for rel in doc._.trial_relations:
        head, tail = tuple(rel["head"]), tuple(rel["tail"])
        out.append(
            {
                "head_span": {"start": head[0], "end": head[1], "label": labels.get(head)},
                "child_span": {"start": tail[0], "end": tail[1], "label": labels.get(tail)},
                "label": rel["label"],
            }
        )
    return out
