"""What the linker reads out of eligibility criteria: lab thresholds, time windows, tagged entities, summary facts.

These objects hang off :class:`nlp_trials.schema.trial.Criterion` and
:class:`nlp_trials.schema.trial.Eligibility`. Every ``start``/``end`` here is a character offset into
the criterion's own ``text`` (not into the file or ``eligibility.text``): add the criterion's
``start`` to get the offset in the source.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .base import TrialsModel

Comparator = Literal["<", "<=", "=", ">=", ">", "between"]
#: Comparators of ``eligible_if``: a negated "=" is "!=", a negated "between" is "outside".
EligibleComparator = Literal["<", "<=", "=", "!=", ">=", ">", "between", "outside"]
Reference = Literal["ULN", "LLN"]
WindowRelation = Literal["before", "after", "within", "for", "between"]
Direction = Literal["before", "after"]


class Threshold(TrialsModel):
    """A bound on a measured value, as an eligible patient must satisfy it."""

    comparator: EligibleComparator | None = Field(
        default=None,
        title="Comparator",
        description=(
            "How the patient's value must compare: '<', '<=', '=', '!=', '>=', '>', 'between' (low <= x <= high) "
            "or 'outside' (x < low or x > high, the negation of an excluded range); null when the text gives none."
        ),
    )
    value: float | None = Field(default=None, title="Value", description="The bound, for a single number; null for a range or a qualitative result.")
    low: float | None = Field(default=None, title="Low", description="Lower end of a range ('between'/'outside'); null otherwise.")
    high: float | None = Field(default=None, title="High", description="Upper end of a range ('between'/'outside'); null otherwise.")
    parts: list[float] | None = Field(
        default=None,
        title="Parts",
        description="The numbers of a value written with slashes, in order ('140/90 mmHg' -> [140, 90], systolic then diastolic); each part is compared with the comparator, and value is null. Null otherwise.",
    )
    unit: str | None = Field(default=None, title="Unit", description="UCUM unit of the bound ('10*9/L', 'g/dL', 'mL/min', 'ms', '%'); null for a multiple of a reference limit or a unitless score.")
    reference: Reference | None = Field(default=None, title="Reference", description="'ULN' or 'LLN' when the bound is a multiple of the upper or lower limit of normal ('≤ 2.5×ULN' -> value 2.5, reference 'ULN'); null for an absolute bound.")
    result: str | None = Field(default=None, title="Result", description="A qualitative result instead of a number ('positive', 'negative', 'abnormal'), lower case, one space between words; null for a number.")


class LabThreshold(TrialsModel):
    """A lab test (or measurement: blood pressure, LVEF, QTcF, SpO2, a score) with the value a criterion sets for it."""

    test: str = Field(title="Test", description="Canonical test name: the pipeline's normalized name of the LAB_TEST (e.g. 'absolute neutrophil count', 'alanine aminotransferase'), or the text lower-cased when it has none.")
    test_id: str | None = Field(default=None, title="Test id", description="Vocabulary id of the test, when the pipeline gives one.")
    test_text: str = Field(title="Test text", description="The test as written (with its abbreviation when written next to it: 'platelet count (PLT)').")
    comparator: Comparator | None = Field(default=None, title="Comparator", description="The comparator as written: '<', '<=', '=', '>=', '>' or 'between'; null when the value has none (a bare number or a qualitative result).")
    value: float | None = Field(default=None, title="Value", description="The number, for a single value ('≥ 1.5×10 9 /L' -> 1.5).")
    low: float | None = Field(default=None, title="Low", description="Lower end of a range ('0-1' -> 0); null for a single value.")
    high: float | None = Field(default=None, title="High", description="Upper end of a range ('0-1' -> 1); null for a single value.")
    parts: list[float] | None = Field(
        default=None,
        title="Parts",
        description="The numbers of a value written with slashes, in order ('140/90 mmHg' -> [140, 90], systolic then diastolic); each part is compared with the comparator, and value is null. Null otherwise.",
    )
    unit: str | None = Field(default=None, title="Unit", description="UCUM unit ('10*9/L', 'g/dL', 'umol/L', 'mL/min', 'mm[Hg]', 'ms', '%'); null for a multiple of ULN/LLN or a unitless value.")
    reference: Reference | None = Field(default=None, title="Reference", description="'ULN' or 'LLN' for a multiple of the limit of normal; null for an absolute value.")
    result: str | None = Field(default=None, title="Result", description="A qualitative value ('positive', 'negative', 'abnormal'), lower case, one space between words; a sign glued to the test ('HER2+', 'ER-') is written as 'positive' or 'negative'; null for a number.")
    applies_when: str | None = Field(
        default=None,
        title="Applies when",
        description=(
            "The patients the threshold is for, when it is only for some ('liver metastasis' in 'for patients with liver "
            "metastasis, AST and ALT < 5×ULN'): the tagged disease's text, else the qualifier as written; null when it is for everyone."
        ),
    )
    applies_when_norm: str | None = Field(default=None, title="Applies when (normalized)", description="Normalized name of the disease in applies_when, when it was tagged; null otherwise.")
    applies_unless: str | None = Field(
        default=None,
        title="Applies unless",
        description=(
            "The patients the threshold is not for, when it is for all but some ('due to marrow involvement' in 'neutrophils "
            "≥ 1.0 × 10^9/L unless due to marrow involvement', \"Gilbert's syndrome\" in '(except in patients with Gilbert's "
            "syndrome)'): the qualifier as written; null when it is for everyone. A value given for those patients ('..., then "
            "≤ 5 × ULN') is a threshold of its own whose applies_when they are."
        ),
    )
    applies_unless_norm: str | None = Field(default=None, title="Applies unless (normalized)", description="Normalized name of the disease in applies_unless, when it was tagged; null otherwise.")
    is_condition: bool = Field(
        default=False,
        title="Is a condition",
        description="True when the value is the condition of another requirement rather than a requirement itself ('If serum creatinine is > 1.5 × ULN, creatinine clearance > 50 mL/min': the creatinine value); such a threshold has no eligible_if.",
    )
    eligible_if: Threshold | None = Field(
        default=None,
        title="Eligible if",
        description=(
            "The threshold as an eligible patient must satisfy it. For an inclusion criterion it is the threshold itself; for an "
            "exclusion criterion the comparator is negated (exclusion 'QTcF > 480 ms' -> eligible if QTcF <= 480 ms; an excluded "
            "range 'between' -> 'outside'; an excluded '=' or result -> '!='), and negated once more when the criterion denies the "
            "test ('No thrombocytopenia < 100,000/mm3' in an inclusion -> eligible if platelets >= 100,000/mm3). Null for a condition "
            "(is_condition) or a value without a comparator."
        ),
    )
    text: str = Field(title="Text", description="The criterion text from the test to the value, as written.")
    start: int = Field(ge=0, title="Start", description="Offset of the first character of text, relative to the criterion's text.")
    end: int = Field(ge=0, title="End", description="Offset just past the last character of text, relative to the criterion's text.")
    value_start: int = Field(ge=0, title="Value start", description="Offset of the value (the LAB_VALUE span), relative to the criterion's text.")
    value_end: int = Field(ge=0, title="Value end", description="Offset just past the value, relative to the criterion's text.")


class DoseThreshold(TrialsModel):
    """A drug with the dose a criterion sets for it ("prednisone > 15 mg/day", "aspirin ≥ 100 mg/day")."""

    drug: str = Field(title="Drug", description="Normalized drug name (lower case), or the text lower-cased when the vocabulary has none.")
    drug_id: str | None = Field(default=None, title="Drug id", description="Vocabulary id of the drug, when known.")
    drug_text: str = Field(title="Drug text", description="The drug as written.")
    comparator: Comparator | None = Field(default=None, title="Comparator", description="The comparator as written ('>', '>=', ...); null for a dose without one.")
    value: float | None = Field(default=None, title="Value", description="The dose, for a single number.")
    low: float | None = Field(default=None, title="Low", description="Lower end of a dose range; null for a single value.")
    high: float | None = Field(default=None, title="High", description="Upper end of a dose range; null for a single value.")
    parts: list[float] | None = Field(
        default=None,
        title="Parts",
        description="The amounts of a fixed-dose combination written with slashes, in the order of the drug's name ('sacubitril/valsartan 49/51 mg' -> [49, 51]); value is then null. Null otherwise.",
    )
    unit: str | None = Field(default=None, title="Unit", description="UCUM unit of the dose ('mg/d', 'mg', 'mg/kg').")
    eligible_if: Threshold | None = Field(
        default=None,
        title="Eligible if",
        description="The dose an eligible patient may take: as written for an inclusion criterion, negated for an exclusion criterion (exclusion 'prednisone > 15 mg/day' -> eligible if <= 15 mg/d); null when the dose has no comparator.",
    )
    text: str = Field(title="Text", description="The criterion text from the drug to the dose (or the dose to the drug), as written.")
    start: int = Field(ge=0, title="Start", description="Offset of the first character of text, relative to the criterion's text.")
    end: int = Field(ge=0, title="End", description="Offset just past the last character of text, relative to the criterion's text.")


class TimeWindow(TrialsModel):
    """An amount of time a criterion sets, with the event it counts from."""

    comparator: Comparator | None = Field(default=None, title="Comparator", description="How the amount bounds the time: 'within 4 weeks' and 'in the past 4 weeks' -> '<=', 'at least 7 months' -> '>=', 'more than 3 days' -> '>', 'no longer than 14 days' -> '<='; null when not stated.")
    value: float | None = Field(default=None, title="Value", description="The amount, for a single number ('within 4 weeks' -> 4).")
    low: float | None = Field(default=None, title="Low", description="Lower end of a range ('2-3 days' -> 2); null for a single value.")
    high: float | None = Field(default=None, title="High", description="Upper end of a range ('2-3 days' -> 3); null for a single value.")
    unit: str | None = Field(default=None, title="Unit", description="UCUM time unit: 'min', 'h', 'd', 'wk', 'mo', 'a'.")
    days: float | None = Field(default=None, title="Days", description="The amount in days (months count 30 days, years 365); for a range the upper end.")
    relation: WindowRelation = Field(
        title="Relation",
        description=(
            "What the amount means: 'within' (no more than the amount away from the anchor: 'within 4 weeks prior to randomization'), "
            "'before' or 'after' (the amount before or after the anchor: '4 weeks before apheresis', 'at least 7 months after "
            "termination of study therapy'), 'for' (how long something lasts: 'for ≥ 2 weeks', 'for more than 3 days'). "
            "For a period of the calendar (start_date, end_date): 'between' two dates, 'after' a date ('since 01 January, 2018'), "
            "'before' a date ('before 2019')."
        ),
    )
    start_date: str | None = Field(
        default=None,
        title="Start date",
        description=(
            "For a period of the calendar, the date it starts on, ISO 8601 as precise as written ('between January 2019 and "
            "July 2020' -> '2019-01'; 'since 01 January, 2018' -> '2018-01-01'); slashed dates are read month first. Null for "
            "an amount of time."
        ),
    )
    end_date: str | None = Field(
        default=None,
        title="End date",
        description="For a period of the calendar, the date it ends on ('before 2019' -> '2019'), as start_date; null otherwise.",
    )
    direction: Direction | None = Field(default=None, title="Direction", description="Which side of the anchor the window lies on: 'before' ('prior to', 'before', 'preceding') or 'after' ('after', 'following', 'since'); null when the text does not say.")
    anchor: str | None = Field(
        default=None,
        title="Anchor",
        description=(
            "The event the window counts from, normalized: 'randomization', 'first dose', 'last dose', 'enrollment', 'screening', "
            "'study entry', 'informed consent', 'infusion', 'apheresis', 'surgery', 'diagnosis' ...; an event outside that table is "
            "given lower-cased as written, without the words that say which occurrence ('any other prior chemotherapy' -> 'chemotherapy', "
            "'administration of nitrosoureas' -> 'nitrosoureas') and with one name for synonyms ('radiation therapy' -> 'radiotherapy'); "
            "null when the text names none."
        ),
    )
    anchor_text: str | None = Field(default=None, title="Anchor text", description="The anchor as written ('the first dose of study treatment'), or null.")
    subject: str | None = Field(
        default=None,
        title="Subject",
        description="What the window bounds, as written: the drug, condition or test tagged nearest before it in its clause ('live attenuated vaccine', 'Myocardial infarction'), else the clause's words before the amount ('Major trauma or major surgery'); null when nothing precedes it.",
    )
    subject_label: str | None = Field(default=None, title="Subject label", description="Entity label of the subject (DRUG, DISEASE, LAB_TEST, PROCEDURE), or null when the subject is untagged text.")
    text: str = Field(title="Text", description="The window as written, from the amount through the anchor.")
    start: int = Field(ge=0, title="Start", description="Offset of the first character of text, relative to the criterion's text.")
    end: int = Field(ge=0, title="End", description="Offset just past the last character of text, relative to the criterion's text.")


class CriterionEntity(TrialsModel):
    """One span the pipeline tagged in a criterion."""

    label: str = Field(title="Label", description="Entity label: DRUG, DOSE, ROUTE, FREQUENCY, SCHEDULE, LAB_TEST, LAB_VALUE, DISEASE, DURATION or PROCEDURE.")
    text: str = Field(title="Text", description="The span as written.")
    start: int = Field(ge=0, title="Start", description="Offset of the span's first character, relative to the criterion's text.")
    end: int = Field(ge=0, title="End", description="Offset just past the span, relative to the criterion's text.")
    norm: str | None = Field(default=None, title="Normalized name", description="Normalized name of the concept (lower case), when the pipeline gives one.")
    id: str | None = Field(default=None, title="Id", description="Vocabulary id of the concept (e.g. 'DRUGBANK:DB00515', 'DOID:1612'), when known.")
    value: dict[str, Any] | None = Field(default=None, title="Parsed value", description="For DOSE, LAB_VALUE and DURATION: the parsed amount (comparator, value or low/high, unit in UCUM, reference, days ...); null otherwise.")
    negated: bool = Field(default=False, title="Negated", description="The text says it is absent ('no history of', 'without').")
    exception: bool = Field(default=False, title="Exception", description="Named as an exception to the criterion ('except', 'excluding').")
    historical: bool = Field(default=False, title="Historical", description="Stated as past ('history of', 'prior').")
    conditional: bool = Field(default=False, title="Conditional", description="Under a condition ('if', 'unless', 'for patients with').")
    grade: dict[str, Any] | None = Field(
        default=None,
        title="Grade",
        description="For a DISEASE: the grade bound written next to it ('Grade ≥ 2 neuropathy', 'diarrhea > grade 1', 'grade 3 or 4 hypertension'), as comparator ('>=', '>', '<=', '<', '=' or 'between') with value or low/high, and start/end/text of the grade phrase in the criterion's text; null when none is written.",
    )
    broader: dict[str, Any] | None = Field(
        default=None,
        title="Broader concept",
        description="For a DISEASE named more narrowly than any vocabulary entry (a name the trained model found around a vocabulary disease: 'ventricular arrhythmias' around 'arrhythmias'): that vocabulary disease, as {'norm', 'id'}. The span itself then has no id; this is the concept it is a kind of. Null otherwise.",
    )


class ScoreRange(TrialsModel):
    """An allowed range of a score, both ends included."""

    low: float | None = Field(default=None, title="Low", description="Lowest allowed value, or null when unbounded.")
    high: float | None = Field(default=None, title="High", description="Highest allowed value, or null when unbounded.")


class LineRange(TrialsModel):
    """How many prior lines of therapy a patient may have had."""

    min: int | None = Field(default=None, ge=0, title="Min", description="Fewest prior lines allowed ('failed at least two prior lines' -> 2), or null.")
    max: int | None = Field(default=None, ge=0, title="Max", description="Most prior lines allowed ('no more than 2 prior systemic therapies' -> 2, 'previously untreated' -> 0), or null.")
