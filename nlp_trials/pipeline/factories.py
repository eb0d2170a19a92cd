"""Every spaCy factory of nlp_trials, and nothing else.

Each ``make_*`` is thin: it validates its config through its type hints and returns the component
whose behaviour lives in its own module. The factories are exposed as ``spacy_factories`` entry
points (pyproject.toml), so ``spacy.load("models/trials_rules")`` works without importing
nlp_trials first.
"""

from __future__ import annotations

from pydantic import StrictBool, StrictStr
from spacy.language import Language

from ..labels import SPANS_KEY_CONTEXT, SPANS_KEY_ENTITIES
from .abbreviations import ABBREVIATION_LABELS, TrialsAbbreviations
from .context import TrialsContext
from .drug_spelling import TrialsDrugSpelling
from .ellipsis import TrialsEllipsis
from .hybrid import EXTEND_LABELS, HYBRID_LABELS, PAIR_GAP, PAIRED_LABELS, SPANS_KEY_MODEL, VALUE_RULES, ModelSpans, TrialsHybrid
from .linker import TrialsLinker
from .resolve import TrialsResolver
from .ruler import TrialsRuler
from .value_rules import ValueRules


@Language.factory(
    "trials_ruler",
    assigns=["doc.spans"],
    default_config={"spans_key": SPANS_KEY_ENTITIES, "phrase_matcher_attr": "LOWER", "overwrite": False},
)
def make_trials_ruler(
    nlp: Language, name: str, spans_key: StrictStr, phrase_matcher_attr: StrictStr, overwrite: StrictBool
) -> TrialsRuler:
    """Phrases and token patterns into ``doc.spans`` like ``span_ruler``, faster (see :mod:`.ruler`).

    ``phrase_matcher_attr`` is ``LOWER`` or ``ORTH`` (:data:`.ruler.PHRASE_ATTRS`).
    """
    return TrialsRuler(nlp, name, spans_key=spans_key, phrase_matcher_attr=phrase_matcher_attr, overwrite=overwrite)


@Language.factory(
    "trials_resolver",
    assigns=["doc.ents"],
    requires=["doc.spans"],
    default_config={"spans_key": SPANS_KEY_ENTITIES},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_trials_resolver(nlp: Language, name: str, spans_key: StrictStr) -> TrialsResolver:
    """The final non-overlapping entities from the rulers' candidates (see :mod:`.resolve`)."""
    return TrialsResolver(name, spans_key=spans_key)


@Language.factory(
    "trials_value_rules",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"spans_key": SPANS_KEY_ENTITIES},
)
def make_trials_value_rules(nlp: Language, name: str, spans_key: StrictStr) -> ValueRules:
    """Context rules over LAB_VALUE and DURATION candidates (see :mod:`.value_rules`)."""
    return ValueRules(name, spans_key=spans_key)


@Language.factory(
    "trials_drug_spelling",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"spans_key": SPANS_KEY_ENTITIES},
)
def make_trials_drug_spelling(nlp: Language, name: str, spans_key: StrictStr) -> TrialsDrugSpelling:
    """Drug names misspelt by one letter (see :mod:`.drug_spelling`)."""
    return TrialsDrugSpelling(name, spans_key=spans_key)


@Language.factory(
    "trials_abbreviations",
    assigns=["doc.spans", "doc._.trial_abbreviations"],
    requires=["doc.spans"],
    default_config={"spans_key": SPANS_KEY_ENTITIES, "labels": sorted(ABBREVIATION_LABELS)},
)
def make_trials_abbreviations(nlp: Language, name: str, spans_key: StrictStr, labels: list[StrictStr]) -> TrialsAbbreviations:
    """Short forms defined in the text take their long form's label and id everywhere (see :mod:`.abbreviations`)."""
    return TrialsAbbreviations(name, spans_key=spans_key, labels=labels)


@Language.factory(
    "trials_ellipsis",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"spans_key": SPANS_KEY_ENTITIES, "lexicons": ["trials_lexicon", "trials_measures"], "labels": ["DISEASE", "LAB_TEST"]},
)
def make_trials_ellipsis(nlp: Language, name: str, spans_key: StrictStr, lexicons: list[StrictStr], labels: list[StrictStr]) -> TrialsEllipsis:
    """Conjuncts that share a head ("breast or ovarian cancer", "total or direct bilirubin") become candidates, checked against the ``lexicons``' phrases (see :mod:`.ellipsis`)."""
    return TrialsEllipsis(nlp, name, spans_key=spans_key, lexicons=lexicons, labels=labels)


@Language.factory(
    "trials_context",
    assigns=["doc._.trial_context", "doc.spans"],
    requires=["doc.ents"],
    default_config={"spans_key": SPANS_KEY_CONTEXT},
)
def make_trials_context(nlp: Language, name: str, spans_key: StrictStr | None) -> TrialsContext:
    """ConText flags of doc.ents (negated, historical, conditional, exception), see :mod:`.context`."""
    return TrialsContext(nlp, name, spans_key=spans_key)


@Language.factory(
    "trials_linker",
    assigns=["doc._.trial_relations"],
    requires=["doc.ents"],
)
def make_trials_linker(nlp: Language, name: str) -> TrialsLinker:
    """Relations between entities (drug -> dose/route/frequency/schedule, test -> value ...), see :mod:`nlp_trials.link`."""
    return TrialsLinker(name)


# --- hybrid pipeline (rules + trained NER), see nlp_trials.pipeline.hybrid -----------------------
@Language.factory(
    "trials_model_spans",
    assigns=["doc.spans"],
    requires=["doc.ents"],
    default_config={"spans_key": SPANS_KEY_MODEL},
)
def make_trials_model_spans(nlp: Language, name: str, spans_key: StrictStr) -> ModelSpans:
    """Move the trained ner's entities to doc.spans[spans_key] so the rule resolver does not see them."""
    return ModelSpans(name, spans_key=spans_key)


@Language.factory(
    "trials_hybrid",
    assigns=["doc.ents", "doc._.trial_broader"],
    requires=["doc.ents", "doc.spans"],
    default_config={"spans_key": SPANS_KEY_MODEL, "labels": list(HYBRID_LABELS), "extend_labels": list(EXTEND_LABELS), "min_chars": 2, "paired_labels": dict(PAIRED_LABELS), "pair_gap": PAIR_GAP, "name_value_tests": True, "value_rules": VALUE_RULES},
)
def make_trials_hybrid(
    nlp: Language, name: str, spans_key: StrictStr, labels: list[StrictStr], extend_labels: list[StrictStr], min_chars: int,
    paired_labels: dict[StrictStr, StrictStr], pair_gap: int, name_value_tests: bool, value_rules: StrictStr | None,
) -> TrialsHybrid:
    """Add the model's spans of ``labels`` the rules miss; rules win every overlap but a DISEASE widening, see :mod:`.hybrid`."""
    return TrialsHybrid(name, spans_key=spans_key, labels=labels, extend_labels=extend_labels, min_chars=min_chars, paired_labels=paired_labels, pair_gap=pair_gap, name_value_tests=name_value_tests, nlp=nlp, value_rules=value_rules)
