"""Label constants and ``doc.spans`` keys shared by pattern files, components and evaluation.

Pattern files (``patterns/*.jsonl``) may only use labels from :data:`ENTITY_LABELS`; the pattern
loader rejects anything else with the allowed set in the message. The concept kind in a pattern
``id`` is the label lower-cased (``DRUG`` -> ``drug:cisplatin|DRUGBANK:DB00515``), see
``patterns/README.md``.
"""

from __future__ import annotations

from typing import Final

DRUG: Final = "DRUG"
DOSE: Final = "DOSE"
ROUTE: Final = "ROUTE"
FREQUENCY: Final = "FREQUENCY"
SCHEDULE: Final = "SCHEDULE"
LAB_TEST: Final = "LAB_TEST"
LAB_VALUE: Final = "LAB_VALUE"
DISEASE: Final = "DISEASE"
DURATION: Final = "DURATION"
PROCEDURE: Final = "PROCEDURE"

#: Every label a span ruler pattern may carry, in a stable order.
ENTITY_LABELS: Final[tuple[str, ...]] = (
    DRUG,
    DOSE,
    ROUTE,
    FREQUENCY,
    SCHEDULE,
    LAB_TEST,
    LAB_VALUE,
    DISEASE,
    DURATION,
    PROCEDURE,
)

#: ``doc.spans`` key of the lexicon and syntax rulers (drugs, diseases, routes, ...). Overlapping
#: candidates stay here; only the final non-overlapping choice goes to ``doc.ents``.
SPANS_KEY_ENTITIES: Final = "trials_entities"
#: ``doc.spans`` key of numbers, units, comparators and ranges found by the quantity rules.
SPANS_KEY_QUANTITIES: Final = "trials_quantities"
#: ``doc.spans`` key of context cues (negation, history, hypothetical, ...).
SPANS_KEY_CONTEXT: Final = "trials_context"

SPANS_KEYS: Final[tuple[str, ...]] = (SPANS_KEY_ENTITIES, SPANS_KEY_QUANTITIES, SPANS_KEY_CONTEXT)

__all__ = [
    "DISEASE",
    "DOSE",
    "DRUG",
    "DURATION",
    "ENTITY_LABELS",
    "FREQUENCY",
    "LAB_TEST",
    "LAB_VALUE",
    "PROCEDURE",
    "ROUTE",
    "SCHEDULE",
    "SPANS_KEYS",
    "SPANS_KEY_CONTEXT",
    "SPANS_KEY_ENTITIES",
    "SPANS_KEY_QUANTITIES",
]
