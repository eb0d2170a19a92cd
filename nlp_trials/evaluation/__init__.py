"""Scoring of predicted spans and relations against mapped gold (no spaCy needed).

    >>> from nlp_trials.gold import load_gold
    >>> from nlp_trials.evaluation import score
    >>> gold = load_gold("../shared/corpora/chia", corpus="chia")
    >>> scores = score(gold.documents, predictions, labels=gold.labels, relation_labels=gold.relation_labels)
    >>> scores.model_dump()["labels"]["DRUG"]["overlap"]["f"]
"""

from __future__ import annotations

from .scorer import (
    MISSED,
    PRF,
    SPURIOUS,
    DocumentErrors,
    MatchScores,
    RelationScores,
    Scores,
    overlap_pairs,
    score,
)

__all__ = [
    "MISSED",
    "PRF",
    "SPURIOUS",
    "DocumentErrors",
    "MatchScores",
    "RelationScores",
    "Scores",
    "overlap_pairs",
    "score",
]
