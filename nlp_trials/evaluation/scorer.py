"""Span and relation scores of predictions against gold: per label, exact and overlap matching.

Definitions (all counts are over documents paired by id):

* **Exact**: a predicted span is a true positive when a gold span has the same start, end and label.
  Spans are sets: a span listed twice counts once.
* **Overlap**: gold and predicted spans of the same label are paired one to one when they share at
  least one character (zero-length spans never overlap). The pairing is greedy and deterministic:
  candidate pairs are taken in the order (identical offsets first, larger overlap first, then gold
  start, gold end, predicted start, predicted end), and a pair is kept when neither span is paired
  yet. The result is *maximal* (no unpaired gold span overlaps an unpaired prediction of its label),
  not necessarily *maximum*: with gold A=[0,10), B=[0,3) and predictions P=[0,9), Q=[9,10), A takes P
  (overlap 9), B and Q overlap nothing left, although A-Q and B-P would pair both. Taking the best
  overlap first is what a reader checking the pairs by eye expects, and the two differ only on
  fragmented, crossing spans.
* **P/R/F**: p = tp / (tp + fp), r = tp / (tp + fn), f = 2pr / (p + r); each is 0.0 (never NaN) when its
  denominator is 0, so empty gold or empty predictions score 0.
* **Micro**: tp, fp and fn summed over labels, then P/R/F.
* **Confusion** (overlap, one to one): rows are gold labels, columns predicted labels. The diagonal
  holds the same-label overlap pairs; spans left unpaired are then paired across labels by the same
  greedy rule (gold DRUG with predicted DISEASE -> ``confusion["DRUG"]["DISEASE"]``). A gold span still
  unpaired is ``confusion[label]["missed"]``; a prediction still unpaired is
  ``confusion["spurious"][label]``. Row sums are gold counts, column sums are prediction counts.
* **Relations**: a relation is (head span, tail span, label), spans by offsets only (the relation label
  already says what its arguments are). Exact: same offsets and label. Overlap: same label, head
  overlaps head and tail overlaps tail, paired one to one greedily (identical first, then larger head +
  tail overlap, then position).
* **Worst documents**: per document, exact span errors (fp + fn) and overlap errors, sorted by exact
  errors, then overlap errors, then relation errors (all descending), then id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..errors import EvaluationError, message
from ..gold.models import LabeledDocument, LabeledRelation, LabeledSpan

MISSED = "missed"
SPURIOUS = "spurious"

_Item = TypeVar("_Item")
#: (identical offsets, size of the shared text, position tuple), or None when the two do not overlap.
_Overlap = tuple[bool, int, tuple[int, ...]] | None


class ScoreModel(BaseModel):
    """Base of score models: unknown keys fail, so a renamed field cannot slip into a metrics file."""

    model_config = ConfigDict(extra="forbid")


class PRF(ScoreModel):
    """Precision, recall and F1 with the counts they come from."""

    p: float = Field(ge=0, le=1, title="Precision", description="tp / (tp + fp); 0.0 when nothing was predicted.")
    r: float = Field(ge=0, le=1, title="Recall", description="tp / (tp + fn); 0.0 when there is no gold.")
    f: float = Field(ge=0, le=1, title="F1", description="Harmonic mean of p and r; 0.0 when both are 0.")
    tp: int = Field(ge=0, title="True positives", description="Predictions paired with gold.")
    fp: int = Field(ge=0, title="False positives", description="Predictions not paired with gold.")
    fn: int = Field(ge=0, title="False negatives", description="Gold items not paired with a prediction.")

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> PRF:
        """Compute P/R/F from counts, 0.0 where a denominator is 0."""
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(p=p, r=r, f=f, tp=tp, fp=fp, fn=fn)


class MatchScores(ScoreModel):
    """Scores of one label (or the micro total) under both matching modes."""

    exact: PRF = Field(title="Exact", description="Same start, end and label.")
    overlap: PRF = Field(title="Overlap", description="Same label, at least one shared character, one-to-one.")


class RelationScores(ScoreModel):
    """Relation scores per relation label and in total."""

    labels: dict[str, MatchScores] = Field(default_factory=dict, title="Labels", description="Per relation label.")
    micro: MatchScores = Field(title="Micro", description="Summed over relation labels.")


class DocumentErrors(ScoreModel):
    """Error counts of one document, to find the worst ones."""

    id: str = Field(title="Id", description="Document id.")
    gold: int = Field(ge=0, title="Gold spans", description="Gold spans scored.")
    predicted: int = Field(ge=0, title="Predicted spans", description="Predicted spans scored.")
    exact_errors: int = Field(ge=0, title="Exact errors", description="fp + fn under exact matching.")
    overlap_errors: int = Field(ge=0, title="Overlap errors", description="fp + fn under overlap matching.")
    relation_errors: int = Field(ge=0, title="Relation errors", description="fp + fn of relations under exact matching.")


class ThresholdTestScores(ScoreModel):
    """LAB_TEST as the issue defines it, a test used as a threshold: the gold tests that have a value
    (head of a gold HAS_VALUE) against the predicted tests, and the predicted tests that have a value
    against the gold tests. A corpus whose test label covers more than thresholds (LCT's
    Observation-Name: "pain", "smoking") then counts neither its unvalued mentions as missed nor
    a predicted test with no value as spurious."""

    gold: int = Field(ge=0, title="Gold tests with a value", description="Distinct gold LAB_TEST spans that head a HAS_VALUE relation.")
    found: int = Field(ge=0, title="Found", description="Of those, how many a predicted LAB_TEST overlaps.")
    recall: float = Field(ge=0, le=1, title="Recall", description="found / gold; 0.0 when gold is 0.")
    predicted: int = Field(ge=0, title="Predicted tests with a value", description="Distinct predicted LAB_TEST spans that head a HAS_VALUE relation.")
    correct: int = Field(ge=0, title="Correct", description="Of those, how many overlap a gold LAB_TEST.")
    precision: float = Field(ge=0, le=1, title="Precision", description="correct / predicted; 0.0 when predicted is 0.")
    f: float = Field(ge=0, le=1, title="F1", description="Harmonic mean of precision and recall; 0.0 when both are 0.")


class AnnotatedOnlyScores(ScoreModel):
    """Span scores with the stretches a corpus left unannotated taken out (gold and predicted spans
    inside them are not counted): a diagnostic beside the evaluation of record, never instead of it."""

    stretches: int = Field(ge=0, title="Stretches", description="Unannotated stretches left out (LabeledDocument.unannotated).")
    labels: dict[str, MatchScores] = Field(default_factory=dict, title="Labels", description="Per span label, sorted.")
    micro: MatchScores = Field(title="Micro", description="Span scores summed over the labels of the evaluation of record.")


class Scores(ScoreModel):
    """Everything :func:`score` measures; ``model_dump()`` is the metrics JSON."""

    documents: int = Field(ge=0, title="Documents", description="Gold documents scored.")
    labels: dict[str, MatchScores] = Field(default_factory=dict, title="Labels", description="Per span label, sorted.")
    micro: MatchScores = Field(title="Micro", description="Span scores summed over labels (those of the evaluation of record when the gold has others).")
    relations: RelationScores = Field(title="Relations", description="Relation scores.")
    confusion: dict[str, dict[str, int]] = Field(
        default_factory=dict,
        title="Confusion",
        description="Gold label -> predicted label -> count of overlapping pairs; 'missed' column and 'spurious' row for unpaired spans.",
    )
    threshold_tests: ThresholdTestScores | None = Field(
        default=None,
        title="Threshold tests",
        description="LAB_TEST restricted to tests used as thresholds (see ThresholdTestScores); None when the gold has no LAB_TEST HAS_VALUE relation.",
    )
    annotated_only: AnnotatedOnlyScores | None = Field(
        default=None,
        title="Annotated stretches only",
        description="The span scores again without the stretches the gold left unannotated (see AnnotatedOnlyScores); None when it has none.",
    )
    worst_documents: list[DocumentErrors] = Field(default_factory=list, title="Worst documents", description="Documents with the most errors first.")
    unmatched_predictions: list[str] = Field(
        default_factory=list,
        title="Unmatched predictions",
        description="Ids of predicted documents with no gold document; they are not scored.",
    )


def score(
    gold: Iterable[LabeledDocument],
    predicted: Iterable[LabeledDocument],
    *,
    labels: Collection[str] | None = None,
    relation_labels: Collection[str] | None = None,
    worst: int = 10,
    micro_labels: Collection[str] | None = None,
    skip_unannotated: bool = False,
) -> Scores:
    """Score predicted spans and relations against gold.

    Args:
        gold: Gold documents (e.g. ``load_gold(...).documents``).
        predicted: Predicted documents, paired with gold by id. A gold document without a prediction
            scores as an empty prediction; a prediction without gold is listed in
            ``unmatched_predictions`` and not scored.
        labels: Score only these span labels (gold and predictions are filtered to them, and each is
            reported even with zero counts). Pass the gold's labels so labels the corpus does not
            annotate (DOSE in Chia) are not counted as false positives. Default: all labels seen.
        relation_labels: The same for relation labels.
        worst: How many documents ``worst_documents`` lists.
        micro_labels: The labels the micro total sums over (the evaluation of record's, when the
            gold also carries labels beyond it, such as PROCEDURE). Default: every scored label.
        skip_unannotated: Leave out the gold and predicted spans (and their relations) that lie
            inside a stretch the gold document lists as unannotated (``unannotated``).

    Returns:
        The scores.

    Raises:
        EvaluationError: [E219] duplicate document ids; [E218] a predicted text that differs from the
            gold text (offsets would not point at the same characters).
    """
    gold_docs = _by_id(gold, side="gold")
    pred_docs = _by_id(predicted, side="predicted")
    span_counts: dict[str, dict[str, Counter[str]]] = {"exact": _table(), "overlap": _table()}
    rel_counts: dict[str, dict[str, Counter[str]]] = {"exact": _table(), "overlap": _table()}
    confusion: defaultdict[str, Counter[str]] = defaultdict(Counter)
    seen_labels: set[str] = set(labels or ())
    seen_rel_labels: set[str] = set(relation_labels or ())
    doc_errors: list[DocumentErrors] = []

    for doc_id, gold_doc in gold_docs.items():
        pred_doc = pred_docs.get(doc_id)
        if pred_doc is not None:
            _check_text(gold_doc, pred_doc)
        skip = gold_doc.unannotated if skip_unannotated else ()
        gold_spans = _spans(gold_doc, labels, skip)
        pred_spans = _spans(pred_doc, labels, skip) if pred_doc is not None else []
        seen_labels.update(s.label for s in gold_spans)
        seen_labels.update(s.label for s in pred_spans)
        exact = _count_exact(gold_spans, pred_spans, key=lambda s: s.key, label=lambda s: s.label)
        pairs = _overlap_pairs_by_label(gold_spans, pred_spans)
        overlap = _count_pairs(gold_spans, pred_spans, pairs, label=lambda s: s.label)
        _add(span_counts["exact"], exact)
        _add(span_counts["overlap"], overlap)
        _confuse(confusion, gold_spans, pred_spans, pairs)

        gold_rels = _relations(gold_doc, relation_labels, skip)
        pred_rels = _relations(pred_doc, relation_labels, skip) if pred_doc is not None else []
        seen_rel_labels.update(r.label for r in gold_rels)
        seen_rel_labels.update(r.label for r in pred_rels)
        rel_exact = _count_exact(gold_rels, pred_rels, key=lambda r: r.key, label=lambda r: r.label)
        rel_pairs = _greedy_pairs(gold_rels, pred_rels, _relation_overlap)
        rel_overlap = _count_pairs(gold_rels, pred_rels, rel_pairs, label=lambda r: r.label)
        _add(rel_counts["exact"], rel_exact)
        _add(rel_counts["overlap"], rel_overlap)

        doc_errors.append(
            DocumentErrors(
                id=doc_id,
                gold=len(gold_spans),
                predicted=len(pred_spans),
                exact_errors=_errors(exact),
                overlap_errors=_errors(overlap),
                relation_errors=_errors(rel_exact),
            )
        )

    doc_errors.sort(key=lambda d: (-d.exact_errors, -d.overlap_errors, -d.relation_errors, d.id))
    thresholds = threshold_test_scores([(g, pred_docs.get(i)) for i, g in gold_docs.items()])
    return Scores(
        threshold_tests=thresholds,
        documents=len(gold_docs),
        labels={label: _match_scores(span_counts, label) for label in sorted(seen_labels)},
        micro=_micro(span_counts, seen_labels if micro_labels is None else set(micro_labels)),
        relations=RelationScores(
            labels={label: _match_scores(rel_counts, label) for label in sorted(seen_rel_labels)},
            micro=_micro(rel_counts, seen_rel_labels),
        ),
        confusion={row: dict(sorted(cols.items())) for row, cols in sorted(confusion.items())},
        worst_documents=[d for d in doc_errors if _has_errors(d)][: max(worst, 0)],
        unmatched_predictions=sorted(set(pred_docs) - set(gold_docs)),
    )


TEST_LABEL = "LAB_TEST"
VALUE_RELATION = "HAS_VALUE"


def threshold_test_scores(pairs: Iterable[tuple[LabeledDocument, LabeledDocument | None]]) -> ThresholdTestScores | None:
    """:class:`ThresholdTestScores` over (gold, predicted) document pairs; None without gold threshold tests."""
    gold_n = found = pred_n = correct = 0

    def valued(doc: LabeledDocument) -> set[tuple[int, int]]:
        return {(r.head.start, r.head.end) for r in doc.relations if r.label == VALUE_RELATION and r.head.label == TEST_LABEL}

    def tests(doc: LabeledDocument) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in doc.spans if s.label == TEST_LABEL]

    def overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
        return any(span[0] < b and a < span[1] for a, b in others)

    for gold, pred in pairs:
        gold_valued = valued(gold)
        pred_tests = tests(pred) if pred is not None else []
        gold_n += len(gold_valued)
        found += sum(overlaps(s, pred_tests) for s in gold_valued)
        if pred is not None:
            pred_valued = valued(pred)
            gold_tests = tests(gold)
            pred_n += len(pred_valued)
            correct += sum(overlaps(s, gold_tests) for s in pred_valued)
    if not gold_n:
        return None
    recall = found / gold_n
    precision = correct / pred_n if pred_n else 0.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ThresholdTestScores(gold=gold_n, found=found, recall=recall, predicted=pred_n, correct=correct, precision=precision, f=f)


def overlap_pairs(gold: Sequence[LabeledSpan], predicted: Sequence[LabeledSpan]) -> list[tuple[int, int]]:
    """One-to-one overlap pairing of two span lists, ignoring labels, by the greedy rule of this module.

    Returns:
        (gold index, predicted index) pairs in the order they were chosen.
    """
    return _greedy_pairs(gold, predicted, _span_overlap)


def _table() -> dict[str, Counter[str]]:
    """tp/fp/fn counters keyed by label."""
    return defaultdict(Counter)


def _by_id(docs: Iterable[LabeledDocument], *, side: str) -> dict[str, LabeledDocument]:
    found: dict[str, LabeledDocument] = {}
    for doc in docs:
        if doc.id in found:
            raise EvaluationError(message("E219", side=side, id=doc.id))
        found[doc.id] = doc
    return found


def _check_text(gold: LabeledDocument, pred: LabeledDocument) -> None:
    if gold.text is None or pred.text is None or gold.text == pred.text:
        return
    pos = next((i for i, (a, b) in enumerate(zip(gold.text, pred.text)) if a != b), min(len(gold.text), len(pred.text)))
    raise EvaluationError(message("E218", id=gold.id, pos=pos))


def _spans(doc: LabeledDocument, labels: Collection[str] | None, skip: Sequence[tuple[int, int]] = ()) -> list[LabeledSpan]:
    # Sets of (start, end, label): a span listed twice is one span. Sorted for determinism.
    unique = {s.key: s for s in doc.spans if (labels is None or s.label in labels) and not _within(s, skip)}
    return [unique[k] for k in sorted(unique)]


def _relations(doc: LabeledDocument, labels: Collection[str] | None, skip: Sequence[tuple[int, int]] = ()) -> list[LabeledRelation]:
    unique = {
        r.key: r
        for r in doc.relations
        if (labels is None or r.label in labels) and not _within(r.head, skip) and not _within(r.tail, skip)
    }
    return [unique[k] for k in sorted(unique)]


def _within(span: LabeledSpan, stretches: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in stretches)


def _count_exact(
    gold: Sequence[_Item], pred: Sequence[_Item], *, key: Callable[[_Item], Hashable], label: Callable[[_Item], str]
) -> dict[str, Counter[str]]:
    gold_keys = {key(g) for g in gold}
    pred_keys = {key(p) for p in pred}
    counts: dict[str, Counter[str]] = _table()
    for g in gold:
        counts[label(g)]["tp" if key(g) in pred_keys else "fn"] += 1
    for p in pred:
        if key(p) not in gold_keys:
            counts[label(p)]["fp"] += 1
    return counts


def _count_pairs(
    gold: Sequence[_Item], pred: Sequence[_Item], pairs: list[tuple[int, int]], *, label: Callable[[_Item], str]
) -> dict[str, Counter[str]]:
    paired_gold = {g for g, _ in pairs}
    paired_pred = {p for _, p in pairs}
    counts: dict[str, Counter[str]] = _table()
    for i, g in enumerate(gold):
        counts[label(g)]["tp" if i in paired_gold else "fn"] += 1
    for j, p in enumerate(pred):
        if j not in paired_pred:
            counts[label(p)]["fp"] += 1
    return counts


def _overlap_pairs_by_label(gold: Sequence[LabeledSpan], pred: Sequence[LabeledSpan]) -> list[tuple[int, int]]:
    def same_label_overlap(g: LabeledSpan, p: LabeledSpan) -> _Overlap:
        return _span_overlap(g, p) if g.label == p.label else None

    return _greedy_pairs(gold, pred, same_label_overlap)


def _span_overlap(g: LabeledSpan, p: LabeledSpan) -> _Overlap:
    shared = min(g.end, p.end) - max(g.start, p.start)
    if shared <= 0:
        return None
    return ((g.start, g.end) == (p.start, p.end), shared, (g.start, g.end, p.start, p.end))


def _relation_overlap(g: LabeledRelation, p: LabeledRelation) -> _Overlap:
    if g.label != p.label:
        return None
    head = min(g.head.end, p.head.end) - max(g.head.start, p.head.start)
    tail = min(g.tail.end, p.tail.end) - max(g.tail.start, p.tail.start)
    if head <= 0 or tail <= 0:
        return None
    return (g.key == p.key, head + tail, g.key[:4] + p.key[:4])


def _greedy_pairs(
    gold: Sequence[_Item], pred: Sequence[_Item], measure: Callable[[_Item, _Item], _Overlap]
) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing. ``measure(g, p)`` returns None (no pair) or (identical, size, position)."""
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            found = measure(g, p)
            if found is not None:
                identical, size, position = found
                # Index tie-breakers last: inputs are sorted and de-duplicated, so they only separate
                # spans that differ by label alone, and keep the order stable.
                candidates.append((not identical, -size, position, i, j))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, i, j in candidates:
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        pairs.append((i, j))
    return pairs


def _confuse(
    confusion: defaultdict[str, Counter[str]],
    gold: Sequence[LabeledSpan],
    pred: Sequence[LabeledSpan],
    same_label_pairs: list[tuple[int, int]],
) -> None:
    for i, _ in same_label_pairs:
        confusion[gold[i].label][gold[i].label] += 1
    paired_gold = {i for i, _ in same_label_pairs}
    paired_pred = {j for _, j in same_label_pairs}
    rest_gold = [g for i, g in enumerate(gold) if i not in paired_gold]
    rest_pred = [p for j, p in enumerate(pred) if j not in paired_pred]
    cross = overlap_pairs(rest_gold, rest_pred)
    for i, j in cross:
        confusion[rest_gold[i].label][rest_pred[j].label] += 1
    crossed_gold = {i for i, _ in cross}
    crossed_pred = {j for _, j in cross}
    for i, g in enumerate(rest_gold):
        if i not in crossed_gold:
            confusion[g.label][MISSED] += 1
    for j, p in enumerate(rest_pred):
        if j not in crossed_pred:
            confusion[SPURIOUS][p.label] += 1


def _add(total: dict[str, Counter[str]], part: dict[str, Counter[str]]) -> None:
    for label, counts in part.items():
        total[label].update(counts)


def _has_errors(doc: DocumentErrors) -> bool:
    return bool(doc.exact_errors or doc.overlap_errors or doc.relation_errors)


def _errors(counts: dict[str, Counter[str]]) -> int:
    return sum(c["fp"] + c["fn"] for c in counts.values())


def _prf(counts: Counter[str]) -> PRF:
    return PRF.from_counts(counts["tp"], counts["fp"], counts["fn"])


def _match_scores(counts: dict[str, dict[str, Counter[str]]], label: str) -> MatchScores:
    return MatchScores(exact=_prf(counts["exact"][label]), overlap=_prf(counts["overlap"][label]))


def _micro(counts: dict[str, dict[str, Counter[str]]], labels: Iterable[str]) -> MatchScores:
    totals = {mode: sum((counts[mode][label] for label in labels), Counter()) for mode in ("exact", "overlap")}
    return MatchScores(exact=_prf(totals["exact"]), overlap=_prf(totals["overlap"]))
