"""Gold corpora: readers (brat, NeuroTrialNER/BigBio JSON, our JSONL) and the label mapping.

No spaCy here: gold is read as character offsets, so evaluation does not depend on a tokenizer.

    >>> from nlp_trials.gold import load_gold
    >>> gold = load_gold("../shared/corpora/chia", corpus="chia")
    >>> gold.labels, gold.counts["documents"]
"""

from __future__ import annotations

from .bigbio import parse_bigbio_records, read_bigbio
from .brat import is_discontinuous, parse_brat, read_brat, read_brat_dir
from .jsonl import parse_jsonl, read_jsonl
from .load import CORPUS_FORMATS, GoldSet, load_gold, read_gold
from .mapping import (
    CORPORA,
    LabelMapping,
    MappedDocument,
    RelationRule,
    load_mapping,
    map_document,
    states_time_amount,
)
from .models import (
    GoldArgument,
    GoldAttribute,
    GoldCorpus,
    GoldDocument,
    GoldEquivalence,
    GoldEvent,
    GoldNote,
    GoldRelation,
    GoldSpan,
    GoldWarning,
    LabeledDocument,
    LabeledRelation,
    LabeledSpan,
)

__all__ = [
    "CORPORA",
    "CORPUS_FORMATS",
    "GoldArgument",
    "GoldAttribute",
    "GoldCorpus",
    "GoldDocument",
    "GoldEquivalence",
    "GoldEvent",
    "GoldNote",
    "GoldRelation",
    "GoldSet",
    "GoldSpan",
    "GoldWarning",
    "LabelMapping",
    "LabeledDocument",
    "LabeledRelation",
    "LabeledSpan",
    "MappedDocument",
    "RelationRule",
    "is_discontinuous",
    "load_gold",
    "load_mapping",
    "map_document",
    "parse_bigbio_records",
    "parse_brat",
    "parse_jsonl",
    "read_bigbio",
    "read_brat",
    "read_brat_dir",
    "read_gold",
    "read_jsonl",
    "states_time_amount",
]
