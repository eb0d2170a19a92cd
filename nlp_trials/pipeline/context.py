"""ConText-style context of entities: negated, historical, conditional, exception.

Rules are data (``patterns/context.jsonl``), one JSON object per line, with medspaCy's ConText
fields::

    {"literal": "no history of", "category": "NEGATED_EXISTENCE", "direction": "FORWARD", "pattern": null}
    {"literal": "prior to", "category": "PSEUDO", "direction": "PSEUDO", "pattern": null}
    {"literal": ";", "category": "TERMINATE", "direction": "TERMINATE", "pattern": null}

How a document is read (the functions below, then :class:`TrialsContext` around them):

1. **Cues.** Every rule is matched: ``pattern: null`` phrase-matches the literal lower-cased, a list
   is a spaCy token pattern, run through the token trie
   (:class:`~nlp_trials.pipeline.token_matcher.TokenTrie`: the spaCy ``Matcher``'s matches, without
   trying every pattern at every token; patterns it cannot take fall back to a ``Matcher``). Overlapping cues are resolved longest first (then the earlier rule in
   the file), so "no history of" wins over "no" and "history of", and the PSEUDO cue "prior to"
   wins over "prior". PSEUDO cues then do nothing: they exist to hide shorter cues.
2. **Scopes.** A FORWARD cue reaches from its end to the end of the sentence (the whole doc when no
   sentence boundaries are set; the rule file terminates at "." ";" and line breaks itself) or of
   the brackets it stands in (:func:`cue_bounds`), at most ``max_scope`` tokens. BACKWARD mirrors
   it; BIDIRECTIONAL does both. A scope stops at the first *terminating* cue: a TERMINATE-direction cue of category TERMINATE stops every scope; one
   of another category stops only scopes of that category (the "," that ends a conditional clause
   but not a negated list); and a modifying cue whose category a rule lists in ``terminated_by``
   stops that rule's scope ("except" ends a negation: "no malignancy except basal cell carcinoma").
3. **Flags.** An entity whose label the rule allows (``allowed_types``, default DISEASE and DRUG)
   and which overlaps the scope, but not the cue itself, gets the category's flag:
   NEGATED_EXISTENCE -> ``negated``, HISTORICAL -> ``historical``, HYPOTHETICAL -> ``conditional``,
   EXCEPTION -> ``exception``.

The flags describe the text, never the criterion: "History of ILD" in an exclusion list is
``historical`` and not ``negated``; the criterion's kind (inclusion/exclusion) is kept apart
(``doc._.criterion_kind``) and this component never reads it. Phrases that only restate the kind
("is not allowed", "prohibited", "not eligible") are PSEUDO cues for that reason.

Differences from medspaCy's ConText, on purpose: a later cue of the same category does not cut an
earlier cue's scope (we output flags, not cue-target edges, and the cut would only lose reach);
TERMINATE cues may be limited to one category (above); string (regex) patterns are not supported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import srsly
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from spacy import util
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import SimpleFrozenList, ensure_path

from ..errors import ComponentError, PatternError, message
from ..labels import DISEASE, DRUG, ENTITY_LABELS, PROCEDURE, SPANS_KEY_CONTEXT
from .extensions import register_extensions
from .json_lines import json_lines
from .token_matcher import TokenColumns, TokenTrie

NEGATED_EXISTENCE = "NEGATED_EXISTENCE"
HISTORICAL = "HISTORICAL"
HYPOTHETICAL = "HYPOTHETICAL"
EXCEPTION = "EXCEPTION"
TERMINATE = "TERMINATE"
PSEUDO = "PSEUDO"

#: Every category a rule may have.
CATEGORIES: tuple[str, ...] = (NEGATED_EXISTENCE, HISTORICAL, HYPOTHETICAL, EXCEPTION, TERMINATE, PSEUDO)
#: Every direction a rule may have.
DIRECTIONS: tuple[str, ...] = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")
#: Directions of rules that modify entities (the others only terminate or hide cues).
MODIFIER_DIRECTIONS: tuple[str, ...] = ("FORWARD", "BACKWARD", "BIDIRECTIONAL")
#: The flag each modifying category sets on an entity (``doc._.trial_context``).
CATEGORY_FLAGS: dict[str, str] = {
    NEGATED_EXISTENCE: "negated",
    HISTORICAL: "historical",
    HYPOTHETICAL: "conditional",
    EXCEPTION: "exception",
}
#: Categories ``terminated_by`` may name (a PSEUDO cue never terminates anything).
TERMINATING_CATEGORIES: tuple[str, ...] = tuple(c for c in CATEGORIES if c != PSEUDO)
#: Labels a rule modifies when it sets no ``allowed_types``.
DEFAULT_ALLOWED_TYPES: tuple[str, ...] = (DISEASE, DRUG, PROCEDURE)
#: The keys a rule record may have (medspaCy's ConTextRule fields we use).
ALLOWED_KEYS: tuple[str, ...] = (
    "literal", "category", "direction", "pattern", "max_scope", "allowed_types", "terminated_by",
)

_EXAMPLE = '{"literal": "no history of", "category": "NEGATED_EXISTENCE", "direction": "FORWARD", "pattern": null}'
#: File name of the rules inside a saved component directory (same format as patterns/context.jsonl).
RULES_FILE = "rules.jsonl"
CFG_FILE = "cfg"


def _one_of(value: str, allowed: Sequence[str], what: str) -> str:
    upper = value.strip().upper()
    if upper not in allowed:
        raise ValueError(f"{value!r} is not a {what}; allowed: {', '.join(allowed)}")
    return upper


class ContextRule(BaseModel):
    """One ConText rule, as stored in a line of ``patterns/context.jsonl``.

    Categories, directions, labels and ``terminated_by`` are upper-cased on input (as medspaCy
    does) and checked against :data:`CATEGORIES`, :data:`DIRECTIONS`,
    :data:`nlp_trials.labels.ENTITY_LABELS` and :data:`TERMINATING_CATEGORIES`. Unknown keys are
    rejected.

    Attributes:
        literal: The cue phrase and the rule's readable, unique name ("no history of").
        category: What the cue means: NEGATED_EXISTENCE, HISTORICAL, HYPOTHETICAL (conditions of
            applicability: "if", "for patients with", "unless"), EXCEPTION, TERMINATE or PSEUDO.
        direction: FORWARD (entities after the cue), BACKWARD, BIDIRECTIONAL, TERMINATE (the cue
            ends scopes) or PSEUDO (the cue only hides shorter cues it overlaps: "not only").
        pattern: ``None`` phrase-matches ``literal`` lower-cased; a list is a spaCy token pattern.
        max_scope: The most tokens the scope reaches on each side (modifying rules only).
        allowed_types: The entity labels the rule modifies; ``None`` means
            :data:`DEFAULT_ALLOWED_TYPES`.
        terminated_by: Categories whose cues end this rule's scope (besides TERMINATE cues).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    literal: str
    category: str
    direction: str
    pattern: list[dict[str, Any]] | None = None
    max_scope: int | None = None
    allowed_types: tuple[str, ...] | None = None
    terminated_by: tuple[str, ...] = ()

    @field_validator("literal")
    @classmethod
    def _literal_valid(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the literal must not be empty")
        return value

    @field_validator("category")
    @classmethod
    def _category_allowed(cls, value: str) -> str:
        return _one_of(value, CATEGORIES, "category")

    @field_validator("direction")
    @classmethod
    def _direction_allowed(cls, value: str) -> str:
        return _one_of(value, DIRECTIONS, "direction")

    @field_validator("pattern", mode="before")
    @classmethod
    def _pattern_valid(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError(
                "a string pattern (regex) is not supported: use null to phrase-match the literal, "
                "or a spaCy token pattern (list of objects)"
            )
        if isinstance(value, list):
            from spacy.schemas import validate_token_pattern

            if not value:
                raise ValueError("a token pattern must not be empty")
            errors = validate_token_pattern(value)
            if errors:
                raise ValueError("invalid token pattern: " + "; ".join(errors))
        return value

    @field_validator("max_scope", mode="before")
    @classmethod
    def _max_scope_positive(cls, value: Any) -> Any:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
            raise ValueError(f"{value!r} is not a positive whole number of tokens")
        return value

    @field_validator("allowed_types", mode="before")
    @classmethod
    def _types_allowed(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str) or not isinstance(value, (list, tuple)) or not value:
            raise ValueError(f"{value!r} is not a non-empty list of labels")
        return tuple(_one_of(str(v), ENTITY_LABELS, "label") for v in value)

    @field_validator("terminated_by", mode="before")
    @classmethod
    def _terminators_allowed(cls, value: Any) -> Any:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ValueError(f"{value!r} is not a list of categories")
        return tuple(_one_of(str(v), TERMINATING_CATEGORIES, "terminating category") for v in value)

    @model_validator(mode="after")
    def _consistent(self) -> ContextRule:
        if self.category == PSEUDO and self.direction != "PSEUDO":
            raise ValueError("a PSEUDO rule must have direction PSEUDO")
        if self.category == TERMINATE and self.direction != "TERMINATE":
            raise ValueError("a TERMINATE rule must have direction TERMINATE")
        if self.pattern is None and self.literal != self.literal.strip():
            raise ValueError(
                f"phrase literal {self.literal!r} has leading/trailing whitespace; "
                "use a token pattern to match whitespace tokens"
            )
        if self.direction == "TERMINATE" and self.category == PSEUDO:
            raise ValueError("a TERMINATE-direction rule cannot have category PSEUDO")
        if not self.modifies:
            for key in ("max_scope", "allowed_types"):
                if getattr(self, key) is not None:
                    raise ValueError(
                        f"{key} applies only to {', '.join(MODIFIER_DIRECTIONS)} rules, "
                        f"not to a {self.direction} rule"
                    )
            if self.terminated_by:
                raise ValueError(
                    f"terminated_by applies only to {', '.join(MODIFIER_DIRECTIONS)} rules, "
                    f"not to a {self.direction} rule"
                )
        return self

    @property
    def modifies(self) -> bool:
        """Whether the rule flags entities (FORWARD, BACKWARD, BIDIRECTIONAL, not PSEUDO)."""
        return self.direction in MODIFIER_DIRECTIONS and self.category in CATEGORY_FLAGS

    @property
    def types(self) -> tuple[str, ...]:
        """The labels the rule modifies (``allowed_types`` or the default)."""
        return self.allowed_types if self.allowed_types is not None else DEFAULT_ALLOWED_TYPES

    @property
    def flag(self) -> str | None:
        """The flag the rule sets (``negated``, ...), ``None`` for TERMINATE and PSEUDO."""
        return CATEGORY_FLAGS.get(self.category)

    def terminates(self, other: ContextRule) -> bool:
        """Whether a cue of this rule ends the scope of a cue of ``other``."""
        if self.direction == "PSEUDO" or self.category == PSEUDO:
            return False
        if self.direction == "TERMINATE":
            # category TERMINATE ends every scope; another category only scopes of that category
            return self.category in (TERMINATE, other.category)
        # a modifying cue ends the scopes of rules that list its category ("except" ends "no")
        return self.category in other.terminated_by

    def to_dict(self) -> dict[str, Any]:
        """The record as a ``context.jsonl`` line holds it (optional fields only when set)."""
        data: dict[str, Any] = {
            "literal": self.literal,
            "category": self.category,
            "direction": self.direction,
            "pattern": self.pattern,
        }
        if self.max_scope is not None:
            data["max_scope"] = self.max_scope
        if self.allowed_types is not None:
            data["allowed_types"] = list(self.allowed_types)
        if self.terminated_by:
            data["terminated_by"] = list(self.terminated_by)
        return data


def _format_validation_error(err: ValidationError) -> str:
    parts = []
    for item in err.errors():
        loc = ".".join(str(x) for x in item["loc"][:1]) or "rule"
        msg = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            msg = "unknown key"
        elif item["type"] == "missing":
            msg = "required key missing"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


def _validate_rule(obj: Any, where: str) -> ContextRule:
    if isinstance(obj, ContextRule):
        return obj
    try:
        return ContextRule.model_validate(obj)
    except ValidationError as e:
        literal = obj.get("literal") if isinstance(obj, Mapping) else None
        raise PatternError(
            message(
                "E122",
                where=where,
                literal=literal,
                detail=_format_validation_error(e),
                keys=", ".join(ALLOWED_KEYS),
                categories=", ".join(CATEGORIES),
                directions=", ".join(DIRECTIONS),
                types=", ".join(ENTITY_LABELS),
                terminators=", ".join(TERMINATING_CATEGORIES),
            )
        ) from None


def _check_unique(rules: Sequence[tuple[str, ContextRule]]) -> None:
    first: dict[str, str] = {}
    for where, rule in rules:
        if rule.literal in first:
            raise PatternError(
                message("E125", where=where, literal=rule.literal, first=first[rule.literal])
            )
        first[rule.literal] = where


def validate_context_rules(
    rules: Iterable[ContextRule | Mapping[str, Any]], *, source: str = "<rules>"
) -> list[ContextRule]:
    """Validate rules given as dicts (or already as :class:`ContextRule`); literals must be unique.

    Args:
        rules: The rules, e.g. from ``srsly.read_jsonl`` or a config.
        source: Names the origin in error messages ("<rules>, rule 3: ...").

    Returns:
        The rules, in order.

    Raises:
        PatternError: Naming the rule's position, the problem and the allowed values.
    """
    checked: list[tuple[str, ContextRule]] = []
    for index, obj in enumerate(rules, start=1):
        where = f"{source}, rule {index}"
        if not isinstance(obj, (ContextRule, Mapping)):
            raise PatternError(message("E127", where=where, kind=type(obj).__name__, example=_EXAMPLE))
        checked.append((where, _validate_rule(dict(obj) if isinstance(obj, Mapping) else obj, where)))
    _check_unique(checked)
    return [rule for _, rule in checked]


def read_context_rules(path: str | Path) -> list[ContextRule]:
    """Read and validate a ConText rule file (JSON Lines; blank lines are skipped).

    Args:
        path: The ``.jsonl`` file, usually ``patterns/context.jsonl``.

    Returns:
        The rules, in file order (the order breaks ties between equally long overlapping cues).

    Raises:
        PatternError: Naming the file, the line and what is allowed, on the first bad line, on a
            duplicate literal, when the file cannot be read or holds no rule.
    """
    path = Path(path)
    checked: list[tuple[str, ContextRule]] = []
    for line_no, obj in json_lines(path, unreadable="E123", invalid="E120", example=_EXAMPLE):
        where = f"{path}, line {line_no}"
        if not isinstance(obj, dict):
            raise PatternError(message("E121", where=where, kind=type(obj).__name__, example=_EXAMPLE))
        checked.append((where, _validate_rule(obj, where)))
    if not checked:
        raise PatternError(message("E124", path=path))
    _check_unique(checked)
    return [rule for _, rule in checked]


# --------------------------------------------------------------------------- the algorithm


@dataclass(frozen=True)
class Cue:
    """A matched rule: the cue's tokens ``[start, end)`` and its scope ``[scope_start, scope_end)``."""

    rule: ContextRule
    start: int
    end: int
    scope_start: int = 0
    scope_end: int = 0


def select_cues(
    matches: Iterable[tuple[ContextRule, int, int]], order: Mapping[str, int] | None = None
) -> list[Cue]:
    """Non-overlapping cues: longest first, then the earlier rule (``order``), then the earlier start.

    PSEUDO cues are selected like any other, so they hide the shorter cues they overlap; they are
    kept in the result (callers skip them).

    Args:
        matches: ``(rule, start, end)`` token ranges, in any order.
        order: Rule literal -> position in the rule file (ties between equally long cues).

    Returns:
        The chosen cues, by position.
    """
    rank = order or {}
    ordered = sorted(
        matches, key=lambda m: (-(m[2] - m[1]), rank.get(m[0].literal, len(rank)), m[1])
    )
    taken: set[int] = set()
    chosen: list[Cue] = []
    for rule, start, end in ordered:
        if start >= end or any(i in taken for i in range(start, end)):
            continue
        chosen.append(Cue(rule, start, end))
        taken.update(range(start, end))
    return sorted(chosen, key=lambda c: c.start)


_OPEN = {"(": ")", "[": "]"}
_CLOSE = {")": "(", "]": "["}


def cue_bounds(
    doc: Doc, start: int, end: int, *, texts: Sequence[str] | None = None, sentences: bool | None = None
) -> tuple[int, int]:
    """The token range a cue's scope may not leave: its sentence, then its innermost brackets.

    The sentence is ``doc[start].sent`` when sentence boundaries are set, else the whole doc (the
    rule file ends scopes at "." ";" and line breaks itself). A cue inside "( ... )" or "[ ... ]"
    reaches no further than the brackets ("HIV (except treated HBV) or HCV": HCV is no exception);
    a cue outside reaches across them ("no HIV (or AIDS) or HBV": all negated).

    Args:
        doc: The document.
        start: The cue's first token.
        end: The token after the cue.
        texts: The tokens' texts, when the caller has them (saves making a Token per step).
        sentences: Whether ``doc`` has sentence boundaries, when the caller knows.
    """
    low, high = 0, len(doc)
    if sentences if sentences is not None else doc.has_annotation("SENT_START"):
        sent = doc[start].sent
        low, high = sent.start, sent.end
    if texts is None:
        texts = [t.text for t in doc[low:high]]
        texts = [""] * low + texts
    depth: dict[str, int] = {}
    for i in range(start - 1, low - 1, -1):
        text = texts[i]
        if text in _CLOSE:
            depth[_CLOSE[text]] = depth.get(_CLOSE[text], 0) + 1
        elif text in _OPEN:
            if depth.get(text, 0):
                depth[text] -= 1
            else:
                low = i + 1
                break
    depth = {}
    for i in range(end, high):
        text = texts[i]
        if text in _OPEN:
            depth[text] = depth.get(text, 0) + 1
        elif text in _CLOSE:
            if depth.get(_CLOSE[text], 0):
                depth[_CLOSE[text]] -= 1
            else:
                high = i
                break
    return low, high


def scope_cues(doc: Doc, cues: Sequence[Cue], *, texts: Sequence[str] | None = None) -> list[Cue]:
    """The modifying cues (no TERMINATE, no PSEUDO) with their scopes set and limited.

    Args:
        doc: The document the cues are in.
        cues: Non-overlapping cues, as :func:`select_cues` returns them.
        texts: The tokens' texts, when the caller has them.

    Returns:
        One :class:`Cue` per modifying cue, by position, with ``scope_start``/``scope_end`` set.
    """
    scoped: list[Cue] = []
    if not any(cue.rule.modifies for cue in cues):
        return scoped
    if texts is None:
        texts = [t.text for t in doc]
    sentences = doc.has_annotation("SENT_START")
    for cue in cues:
        rule = cue.rule
        if not rule.modifies:
            continue
        low, high = cue_bounds(doc, cue.start, cue.end, texts=texts, sentences=sentences)
        # FORWARD covers the tokens after the cue, BACKWARD those before it (as in medspaCy);
        # BIDIRECTIONAL both, the cue included (an entity overlapping its cue is never flagged)
        start = cue.end if rule.direction == "FORWARD" else cue.start
        end = cue.start if rule.direction == "BACKWARD" else cue.end
        if rule.direction in ("FORWARD", "BIDIRECTIONAL"):
            end = high if rule.max_scope is None else min(high, cue.end + rule.max_scope)
        if rule.direction in ("BACKWARD", "BIDIRECTIONAL"):
            start = low if rule.max_scope is None else max(low, cue.start - rule.max_scope)
        for other in cues:
            if other is cue or not other.rule.terminates(rule):
                continue
            if other.start >= cue.end:
                end = min(end, other.start)
            elif other.end <= cue.start:
                start = max(start, other.end)
        scoped.append(replace(cue, scope_start=start, scope_end=end))
    return scoped


def entity_flags(
    cues: Sequence[Cue], ents: Iterable[Span]
) -> list[tuple[Span, dict[str, bool]]]:
    """The flags of each entity that at least one scoped cue modifies.

    An entity is modified when its label is in the rule's types, it overlaps the cue's scope and
    it does not overlap the cue itself.

    Args:
        cues: Scoped cues from :func:`scope_cues`.
        ents: The entities, usually ``doc.ents``.

    Returns:
        ``(entity, {"negated": True, ...})`` for flagged entities only, in entity order; a flag is
        present only when true.
    """
    result: list[tuple[Span, dict[str, bool]]] = []
    for ent in ents:
        flags: dict[str, bool] = {}
        for cue in cues:
            flag = cue.rule.flag
            if flag is None or flag in flags or ent.label_ not in cue.rule.types:
                continue
            if ent.start < cue.end and ent.end > cue.start:
                continue
            if ent.start < cue.scope_end and ent.end > cue.scope_start:
                flags[flag] = True
        if flags:
            result.append((ent, flags))
    return result


def context_records(
    doc: Doc,
    matches: Iterable[tuple[ContextRule, int, int]],
    *,
    order: Mapping[str, int] | None = None,
    ents: Iterable[Span] | None = None,
) -> list[list[Any]]:
    """Everything at once: ``[[start_char, end_char, flags], ...]`` as ``doc._.trial_context`` holds it.

    Args:
        doc: The document.
        matches: Rule matches ``(rule, start, end)``, e.g. from :meth:`TrialsContext.match`.
        order: Rule literal -> file position (tie-break between equally long cues).
        ents: The entities to flag; ``doc.ents`` by default.
    """
    cues = scope_cues(doc, select_cues(matches, order))
    flagged = entity_flags(cues, doc.ents if ents is None else ents)
    return [[ent.start_char, ent.end_char, flags] for ent, flags in flagged]


# --------------------------------------------------------------------------- the component


class TrialsContext(Pipe):
    """Pipeline component: ConText flags of ``doc.ents`` into ``doc._.trial_context``.

    ``doc._.trial_context`` becomes ``[[start_char, end_char, {"negated": True, ...}], ...]`` for the
    entities with at least one flag (read back per span with ``span._.context``). The selected cues
    go to ``doc.spans[spans_key]`` (label = category, ``span.id_`` = the rule's literal) for
    inspection and evidence.

    Rules come from the constructor, :meth:`add_rules` or ``initialize(rules=...)``, and travel
    with the pipeline (``to_disk``/``to_bytes``); the component never reads ``patterns/`` itself.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "trials_context",
        *,
        rules: Iterable[ContextRule | Mapping[str, Any]] | None = None,
        spans_key: str | None = SPANS_KEY_CONTEXT,
    ) -> None:
        """Args:
            nlp: The pipeline; its tokenizer tokenizes phrase literals.
            name: The component's name.
            rules: Rules to start with (dicts are validated).
            spans_key: Where the cues go in ``doc.spans``; ``None`` keeps no cues.
        """
        register_extensions()
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.clear()
        if rules is not None:
            self.add_rules(rules)

    # -- rules

    def clear(self) -> None:
        """Remove every rule."""
        self._rules: list[ContextRule] = []
        self._by_literal: dict[str, ContextRule] = {}
        self._order: dict[str, int] = {}
        # Token patterns go to the trie under their rule's position; the rare ones it cannot run
        # (POS, extension attributes, ...) keep spaCy's semantics through the Matcher.
        self.trie = TokenTrie()
        self.matcher = Matcher(self.nlp.vocab, validate=True)
        self.phrase_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")

    @property
    def rules(self) -> tuple[ContextRule, ...]:
        """The rules, in the order they were added."""
        return tuple(self._rules)

    @property
    def labels(self) -> tuple[str, ...]:
        """The categories the rules use, sorted."""
        return tuple(sorted({r.category for r in self._rules}))

    def add_rules(self, rules: Iterable[ContextRule | Mapping[str, Any]]) -> None:
        """Add rules (dicts are validated; literals must stay unique across all rules).

        Raises:
            PatternError: On an invalid rule or a literal that is already used.
        """
        new = validate_context_rules(rules)
        _check_unique(
            [(f"rule {i}", r) for i, r in enumerate([*self._rules, *new], start=1)]
        )
        for rule in new:
            key = rule.literal
            self._order[key] = len(self._rules)
            self._rules.append(rule)
            self._by_literal[key] = rule
            if rule.pattern is None:
                self.phrase_matcher.add(key, [self.nlp.make_doc(rule.literal)])
            elif not self.trie.add(self._order[key], rule.pattern):
                self.matcher.add(key, [rule.pattern])
        self.trie.finish()

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        rules: Any = None,
    ) -> None:
        """Replace the rules with ``rules`` when given (``[initialize.components.<name>.rules]``).

        Args:
            get_examples: Unused (the component is not trained).
            nlp: Unused.
            rules: An iterable of :class:`ContextRule` or dicts, e.g. from the reader
                ``srsly.read_jsonl.v1`` or :func:`read_context_rules`. Typed ``Any`` on purpose:
                spaCy validates ``initialize`` settings from the signature, and this module's
                string annotations do not resolve there; :meth:`add_rules` validates instead,
                with file/rule positions and the allowed values in its messages.
        """
        if rules is not None:
            self.clear()
            self.add_rules(rules)

    # -- processing

    def match(self, doc: Doc, *, columns: TokenColumns | None = None) -> list[tuple[ContextRule, int, int]]:
        """Every rule match in ``doc`` as ``(rule, start, end)``, overlaps included.

        Args:
            doc: The document.
            columns: ``TokenColumns(list(doc))`` when the caller shares it with other steps.
        """
        strings = self.nlp.vocab.strings
        rules = self._rules
        found: list[tuple[ContextRule, int, int]] = []
        if self.trie.size:
            columns = TokenColumns(list(doc)) if columns is None else columns
            found.extend((rules[key], start, end) for key, start, end in self.trie.find(columns, len(doc)))
        if len(self.matcher):
            found.extend((self._by_literal[strings[key]], start, end) for key, start, end in self.matcher(doc))
        found.extend((self._by_literal[strings[key]], start, end) for key, start, end in self.phrase_matcher(doc))
        return found

    def set_annotations(
        self, doc: Doc, matches: Iterable[tuple[ContextRule, int, int]], *, texts: Sequence[str] | None = None
    ) -> None:
        """Write ``doc._.trial_context`` (and the cues to ``doc.spans``) from the rule matches.

        ``texts`` are the tokens' texts when the caller has them.
        """
        cues = select_cues(matches, self._order)
        flagged = entity_flags(scope_cues(doc, cues, texts=texts), doc.ents)
        # A new list every time: the extension's default list is shared between docs.
        doc._.trial_context = [[ent.start_char, ent.end_char, flags] for ent, flags in flagged]
        if self.spans_key is not None:
            doc.spans[self.spans_key] = SpanGroup(
                doc,
                name=self.spans_key,
                spans=[
                    Span(doc, c.start, c.end, label=c.rule.category, span_id=c.rule.literal)
                    for c in cues
                ],
            )

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            # One Token per token for the whole component: matching and scoping share the columns.
            columns = TokenColumns(list(doc))
            matches = self.match(doc, columns=columns)
            self.set_annotations(doc, matches, texts=columns["ORTH"])
            return doc
        except Exception as e:  # noqa: BLE001  (handed to nlp.set_error_handler)
            return error_handler(self.name, self, [doc], e)

    # -- serialization

    def _cfg(self) -> dict[str, Any]:
        return {"spans_key": self.spans_key}

    def _set_cfg(self, cfg: Mapping[str, Any]) -> None:
        self.spans_key = cfg.get("spans_key", self.spans_key)

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """The rules and settings as bytes."""
        serializers = {
            "rules": lambda: srsly.json_dumps([r.to_dict() for r in self._rules]),
            "cfg": lambda: srsly.json_dumps(self._cfg()),
        }
        return util.to_bytes(serializers, exclude)

    def from_bytes(
        self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> TrialsContext:
        """Load rules and settings saved by :meth:`to_bytes` (replacing the current rules)."""
        self.clear()
        deserializers = {
            "rules": lambda b: self.add_rules(srsly.json_loads(b)),
            "cfg": lambda b: self._set_cfg(srsly.json_loads(b)),
        }
        util.from_bytes(bytes_data, deserializers, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Write ``rules.jsonl`` (the rule file format) and ``cfg`` (JSON) into directory ``path``."""
        path = ensure_path(path)
        serializers = {
            RULES_FILE: lambda p: srsly.write_jsonl(p, [r.to_dict() for r in self._rules]),
            CFG_FILE: lambda p: srsly.write_json(p, self._cfg()),
        }
        util.to_disk(path, serializers, exclude)

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> TrialsContext:
        """Load a directory written by :meth:`to_disk` (replacing the current rules).

        Raises:
            ComponentError: When the directory or its rule file does not exist.
            PatternError: When the saved rules are invalid (file and line in the message).
        """
        path = ensure_path(path)
        if not path.is_dir():
            raise ComponentError(
                message("E126", component=self.name, path=path, detail="no such directory")
            )
        if "rules" not in exclude and not (path / RULES_FILE).is_file():
            raise ComponentError(
                message("E126", component=self.name, path=path, detail=f"no {RULES_FILE} file")
            )
        self.clear()
        deserializers = {
            RULES_FILE: lambda p: self.add_rules(read_context_rules(p)) if p.stat().st_size else None,
            CFG_FILE: lambda p: self._set_cfg(srsly.read_json(p)) if p.is_file() else None,
        }
        util.from_disk(path, deserializers, exclude)
        return self


__all__ = [
    "ALLOWED_KEYS",
    "CATEGORIES",
    "CATEGORY_FLAGS",
    "DEFAULT_ALLOWED_TYPES",
    "DIRECTIONS",
    "ContextRule",
    "Cue",
    "TrialsContext",
    "context_records",
    "entity_flags",
    "read_context_rules",
    "scope_cues",
    "cue_bounds",
    "select_cues",
    "validate_context_rules",
]
