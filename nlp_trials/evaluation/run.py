"""Run a pipeline over a gold corpus and score it (the only evaluation module that uses spaCy)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from spacy.language import Language

from ..gold import LabeledDocument, LabeledRelation, LabeledSpan, load_gold
from ..gold.load import GoldSet
from ..gold.logical_forms import LogicalFormCriterion
from ..schema import Trial
from .scorer import AnnotatedOnlyScores, Scores, score
from .values import ValueScores, score_values


def predict(nlp: Language, documents: Iterable[LabeledDocument], *, batch_size: int = 64, n_process: int = 1) -> list[LabeledDocument]:
    """The pipeline's entities and relations for each gold document's text, as scorable documents."""
    docs = list(documents)
    out = []
    for gold, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=batch_size, n_process=n_process)):
        spans = [LabeledSpan(start=e.start_char, end=e.end_char, label=e.label_, text=e.text) for e in doc.ents]
        by_offsets = {(s.start, s.end): s for s in spans}
        relations = []
        rels = doc._.trial_relations if doc.has_extension("trial_relations") else []
        for rel in rels:
            head, tail = by_offsets.get(tuple(rel["head"])), by_offsets.get(tuple(rel["tail"]))
            if head and tail:
                relations.append(LabeledRelation(head=head, tail=tail, label=rel["label"]))
        out.append(LabeledDocument(id=gold.id, text=gold.text, spans=spans, relations=relations))
    return out


def split_of(doc_id: str, *, parts: int = 2) -> int:
    """A stable split of documents by trial (NCT id prefix), so a trial's lists stay together."""
    trial = doc_id.split("_")[0]
    return int(hashlib.sha1(trial.encode()).hexdigest(), 16) % parts


def select_half(gold: GoldSet, half: int | None) -> GoldSet:
    """``gold`` restricted to the documents with ``split_of(id) == half`` (all when ``half`` is None).

    Half 1 of Chia and LCT is what training never reads (:func:`nlp_trials.train.training_part`).
    """
    if half is None:
        return gold
    kept = tuple(d for d in gold.documents if split_of(d.id) == half)
    return gold.model_copy(update={"documents": kept, "counts": {**gold.counts, "documents": len(kept)}})


def score_pipeline(nlp: Language, gold: GoldSet, *, worst: int = 10, n_process: int = 1) -> Scores:
    """Score ``nlp`` on already loaded gold; when the gold lists stretches it left unannotated, the
    span scores without them ride along as ``annotated_only``."""
    predictions = predict(nlp, gold.documents, n_process=n_process)
    options = {"labels": gold.labels, "relation_labels": gold.relation_labels, "micro_labels": gold.record_labels}
    scores = score(gold.documents, predictions, worst=worst, **options)
    stretches = sum(len(d.unannotated) for d in gold.documents)
    if stretches:
        inner = score(gold.documents, predictions, worst=0, skip_unannotated=True, **options)
        scores.annotated_only = AnnotatedOnlyScores(stretches=stretches, labels=inner.labels, micro=inner.micro)
    return scores


def evaluate(
    nlp: Language, gold_path: str, *, scheme: str, worst: int = 10, n_process: int = 1, half: int | None = None
) -> tuple[GoldSet, Scores]:
    """Score ``nlp`` on the gold corpus at ``gold_path`` read with ``scheme`` (chia, lct, neurotrialner, jsonl).

    ``half`` (0 or 1) scores only the documents of that half of the trials (:func:`split_of`).
    """
    gold = select_half(load_gold(gold_path, corpus=scheme), half)
    return gold, score_pipeline(nlp, gold, worst=worst, n_process=n_process)


def score_logical_forms(nlp: Language, criteria: list[LogicalFormCriterion], *, n_process: int = 1) -> ValueScores:
    """Link each criterion's text with ``nlp`` as a one-criterion record and score its lab thresholds
    and time windows against the comparisons of its logical form (:mod:`.values`)."""
    from ..enrich import enrich_trials

    trials = [
        Trial.model_validate({
            "id": c.id,
            "source": {"path": f"{c.annotator}/{c.id}" if c.annotator else c.id, "format": "text"},
            "eligibility": {"criteria": [{"id": "I1" if c.kind == "inclusion" else "E1", "kind": c.kind, "text": c.text, "start": 0, "end": len(c.text)}]},
        })
        for c in criteria
    ]
    linked = [t for t in enrich_trials(trials, nlp, fields=("criteria",), n_process=n_process) if isinstance(t, Trial)]
    rows = []
    for c, trial in zip(criteria, linked):
        criterion = trial.eligibility.criteria[0] if trial.eligibility and trial.eligibility.criteria else None
        rows.append((c.id, c.text, c.comparisons, criterion.lab_thresholds if criterion else [], criterion.time_windows if criterion else []))
    return score_values(rows)
