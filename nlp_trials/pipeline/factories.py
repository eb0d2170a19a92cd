"""Every spaCy factory of nlp_trials, and nothing else.

Each ``make_*`` is thin: it validates its config through its type hints and returns the component
whose behaviour lives in its own module. The factories are exposed as ``spacy_factories`` entry
points (pyproject.toml), so ``spacy.load("models/trials_rules")`` works without importing
nlp_trials first.
"""

from __future__ import annotations

from pydantic import StrictStr
from spacy.language import Language

from ..labels import SPANS_KEY_CONTEXT, SPANS_KEY_ENTITIES
from .context import TrialsContext
from .resolve import TrialsResolver
from .value_rules import ValueRules


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
    "trials_context",
    assigns=["doc._.trial_context", "doc.spans"],
    requires=["doc.ents"],
    default_config={"spans_key": SPANS_KEY_CONTEXT},
)
def make_trials_context(nlp: Language, name: str, spans_key: StrictStr | None) -> TrialsContext:
    """ConText flags of doc.ents (negated, historical, conditional, exception), see :mod:`.context`."""
    return TrialsContext(nlp, name, spans_key=spans_key)
