"""Word lists the value rules consult, kept as data (``patterns/term_lists.jsonl``).

The span rulers' patterns say what a phrase *is*; these lists say what a word *means next to a
value*: "thrombocytopenia < 150 G/L" is a threshold on the platelet count, "Hypertensive (>160/100
mmHg)" one on blood pressure, "TBI" in a transplant text is total body irradiation. One JSON object
per line::

    {"list": "measured_condition", "term": "thrombocytopenia", "means": "platelet count"}
    {"list": "treatment_short_form", "term": "TBI", "means": "total body irradiation"}
    {"list": "treatment_context", "term": "conditioning", "means": "TBI"}

:data:`LISTS` names every list, what its terms are and what ``means`` must hold. A curator adds a
measured condition by adding a line; ``nlp-trials assemble`` validates the file (file, line and
the allowed values in every message) and saves the lists inside the model with the
``trials_value_rules`` component, which hands them to the rules of
:mod:`nlp_trials.pipeline.value_rules` (pure functions that take them as an argument).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import PatternError, message
from .json_lines import json_lines


@dataclass(frozen=True)
class ListSpec:
    """What one list holds."""

    description: str
    #: What ``means`` holds: a LAB_TEST key ("platelet count"), a name, a term of another list, or
    #: nothing.
    means: Literal["test", "name", "short form", "disease id", "none"]
    #: Terms compared as written ("TBI") rather than lower-cased.
    case_sensitive: bool = False


#: Every list a ``term_lists.jsonl`` line may name.
LISTS: dict[str, ListSpec] = {
    "scored_symptom": ListSpec(
        "a symptom criteria grade on a numeric scale ('Pain > 4'); means: the test its score is", "test"
    ),
    "measured_condition": ListSpec(
        "a condition a measurement defines ('Thrombocytopenia < 150 G/L'); means: that measurement", "test"
    ),
    "measured_adjective": ListSpec(
        "a word describing a patient by a measurement ('Hypertensive (>160/100 mmHg)'); means: that measurement",
        "test",
    ),
    "treatment_short_form": ListSpec(
        "a short form that names a condition and a treatment ('TBI'); means: the treatment", "name", case_sensitive=True
    ),
    "treatment_context": ListSpec(
        "a word of a text that speaks of the treatment ('conditioning'); means: the treatment_short_form it decides",
        "short form",
    ),
    "treatment_given_before": ListSpec(
        "a word right before a treatment_short_form that says it is given ('undergo', 'low-dose')", "none"
    ),
    "treatment_given_after": ListSpec(
        "a word right after a treatment_short_form that says it is given ('dose')", "none"
    ),
    "institution_word": ListSpec(
        "a word that, capitalized, makes a run of capitalized words an institution's or a grading "
        "system's name, whose condition words name no condition ('institute' of 'National Cancer Institute')",
        "none",
    ),
    "staging_test": ListSpec(
        "a LAB_TEST key of a staging system, which a lone letter or numeral may follow as its value ('child-pugh score': 'Child-Pugh B')",
        "none",
    ),
    "drug_salt": ListSpec("a salt word that belongs to the drug before it ('mesylate' of 'imatinib mesylate')", "none"),
    "drug_formulation": ListSpec(
        "a formulation word that belongs to the drug before it and makes another product of it ('liposome' of "
        "'doxorubicin HCl liposome'); means: the word its normalized name opens with ('liposomal')",
        "name",
    ),
    "signed_receptor": ListSpec(
        "an abbreviation that is a receptor test only with a result ('ER' of 'ER-positive', 'ER and PR negative'), "
        "as written; means: the test",
        "test",
        case_sensitive=True,
    ),
    "drug_test": ListSpec(
        "a test name that is also a drug, a drug where it is given and not measured ('albumin infusion')", "none"
    ),
    "measured_only": ListSpec(
        "a word that is a test only with a value or a measurement word next to it ('weight' of 'Weight < 50 kg')", "none"
    ),
    "organ_function": ListSpec(
        "a LAB_TEST key of an organ's function that, named as abnormal, is a disorder ('impaired renal function'); "
        "means: the disorder's pattern id",
        "disease id",
    ),
    "vehicle": ListSpec("a drink or diluent a volume names, which is no dose ('with 240 mL of water')", "none"),
    "capsule_material": ListSpec("what a capsule is made of, no drug before 'capsule' ('gelatin' of 'gelatin capsule')", "none"),
    "nutrient": ListSpec("a food's nutrient an amount names, which is no dose ('a meal that contains more than 20 grams of carbohydrate')", "none"),
    "physiology_word": ListSpec(
        "a word that, right after a drug's name, makes it the body's own substance at work, no drug given "
        "('secretion' of 'insulin secretion', 'signaling' of 'insulin signaling')",
        "none",
    ),
    "occurrence_word": ListSpec(
        "a word before a condition that says which occurrence, how it is known or since when, not what condition "
        "('second' of 'second malignancy', 'known', 'documented', 'current'): a model's name over it and a rule "
        "condition keeps the rule condition and its id",
        "none",
    ),
    "severity_word": ListSpec(
        "a word before a condition that says how severe or how controlled it is, not what condition "
        "('uncontrolled' of 'uncontrolled hypertension', 'symptomatic' of 'symptomatic angina'): "
        "a model's name over it and a rule condition is that condition: it keeps the rule condition's id",
        "none",
    ),
    "medication_word": ListSpec(
        "a word that, right after a condition, names the drugs taken for it ('medication' of 'COPD medication')", "none"
    ),
    "toxicity_before": ListSpec(
        "a word shortly before a toxicity that makes it the patient's ('unresolved', 'history', 'recovered')", "none"
    ),
    "toxicity_after": ListSpec(
        "a word right after a toxicity that makes it the patient's ('from', 'attributed', 'related')", "none"
    ),
    "institution_condition": ListSpec(
        "the last word of a condition that institutions and grading systems are named after "
        "('cancer' of 'National Cancer Institute', 'events' of 'Criteria for Adverse Events')",
        "none",
    ),
}

_EXAMPLE = '{"list": "measured_condition", "term": "thrombocytopenia", "means": "platelet count"}'


class TermRecord(BaseModel):
    """One line of ``term_lists.jsonl``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    list: str = Field(description="The list the term belongs to; one of LISTS.")
    term: str = Field(min_length=1, description="The word or phrase, lower-cased unless the list is case-sensitive.")
    means: str | None = Field(default=None, description="What the term stands for, as the list says.")

    def to_dict(self) -> dict[str, Any]:
        """The record as a line holds it (``means`` only when set)."""
        return {"list": self.list, "term": self.term, **({"means": self.means} if self.means is not None else {})}


def _check(record: TermRecord) -> str | None:
    """What is wrong with ``record`` on its own, or None."""
    spec = LISTS.get(record.list)
    if spec is None:
        return f"unknown list {record.list!r}"
    if record.term != " ".join(record.term.split()):
        return f"term {record.term!r} has leading, trailing or repeated spaces"
    if not spec.case_sensitive and record.term != record.term.lower():
        return f"term {record.term!r} must be lower-cased (the rules compare it lower-cased)"
    if spec.means == "none":
        return None if record.means is None else f"list {record.list!r} takes no 'means'"
    if not record.means or record.means != " ".join(record.means.split()):
        return f"list {record.list!r} needs 'means' ({spec.description.split('; means: ')[-1]})"
    if spec.means == "test" and (record.means != record.means.lower() or "|" in record.means or ":" in record.means):
        return f"'means' {record.means!r} must be a lower-cased test name without '|' or ':' (it becomes lab_test:<means>)"
    if spec.means == "disease id" and not record.means.startswith("disease:"):
        return f"'means' {record.means!r} must be a DISEASE pattern id such as 'disease:kidney failure|DOID:1074'"
    return None


class TermLists:
    """Validated term lists, read-only: ``terms.mapping("measured_condition")["anemia"] == "hemoglobin"``."""

    def __init__(self, records: Iterable[TermRecord] = ()) -> None:
        self.records: tuple[TermRecord, ...] = tuple(records)
        by_list: dict[str, dict[str, str | None]] = {name: {} for name in LISTS}
        for r in self.records:
            by_list[r.list][r.term] = r.means
        self._by_list = {name: MappingProxyType(terms) for name, terms in by_list.items()}

    def mapping(self, name: str) -> Mapping[str, str | None]:
        """The terms of list ``name`` and what each means (None for lists without a meaning)."""
        return self._by_list[name]

    def __len__(self) -> int:
        return len(self.records)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TermLists) and self.records == other.records

    def to_dicts(self) -> list[dict[str, Any]]:
        """The records as lines of ``term_lists.jsonl`` hold them."""
        return [r.to_dict() for r in self.records]


#: No lists: the rules that consult them do nothing.
NO_TERMS = TermLists()


def validate_term_records(records: Iterable[TermRecord | Mapping[str, Any]], *, source: str = "<terms>") -> TermLists:
    """Validate records given as dicts (or :class:`TermRecord`): each on its own, then together.

    A term may appear once per list, and a ``treatment_context`` must name a
    ``treatment_short_form`` of the same records.

    Raises:
        PatternError: Naming the record's position, the problem and the allowed lists.
    """
    checked: list[tuple[str, TermRecord]] = []
    for index, obj in enumerate(records, start=1):
        checked.append(_validated(obj, f"{source}, record {index}"))
    return _together(checked)


def _validated(obj: object, where: str) -> tuple[str, TermRecord]:
    if isinstance(obj, TermRecord):
        record = obj
    elif isinstance(obj, Mapping):
        try:
            record = TermRecord.model_validate(dict(obj))
        except ValidationError as e:
            detail = "; ".join(f"{'.'.join(map(str, err['loc'])) or 'record'}: {err['msg']}" for err in e.errors())
            raise PatternError(_invalid(where, detail)) from None
    else:
        raise PatternError(message("E131", where=where, kind=type(obj).__name__, example=_EXAMPLE))
    problem = _check(record)
    if problem:
        raise PatternError(_invalid(where, problem))
    return where, record


def _invalid(where: str, detail: str) -> str:
    return message("E132", where=where, detail=detail, lists=", ".join(LISTS))


def _together(checked: list[tuple[str, TermRecord]]) -> TermLists:
    first: dict[tuple[str, str], str] = {}
    for where, r in checked:
        key = (r.list, r.term if LISTS[r.list].case_sensitive else r.term.lower())
        if key in first:
            raise PatternError(message("E133", where=where, term=r.term, list=r.list, first=first[key]))
        first[key] = where
    short_forms = {r.term for _, r in checked if r.list == "treatment_short_form"}
    for where, r in checked:
        if LISTS[r.list].means == "short form" and r.means not in short_forms:
            raise PatternError(_invalid(where, f"'means' {r.means!r} is no treatment_short_form term; those are {sorted(short_forms)}"))
    return TermLists(r for _, r in checked)


def read_term_lists(path: str | Path) -> TermLists:
    """Read and validate a term list file (JSON Lines; blank lines are skipped).

    Raises:
        PatternError: Naming the file, the line and what is allowed, on the first bad line, on a
            repeated term, when the file cannot be read or holds no record.
    """
    path = Path(path)
    checked = [
        _validated(obj, f"{path}, line {line_no}")
        for line_no, obj in json_lines(path, unreadable="E134", invalid="E130", example=_EXAMPLE)
    ]
    if not checked:
        raise PatternError(message("E135", path=path))
    return _together(checked)


__all__ = ["LISTS", "NO_TERMS", "ListSpec", "TermLists", "TermRecord", "read_term_lists", "validate_term_records"]
