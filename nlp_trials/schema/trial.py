"""The Trial object: one clinical-trial record, whatever format it came from.

This module is the JSON contract users read (``nlp-trials schema`` prints it). Field names may be
extended, never renamed. Missing facts are ``null`` (or an empty list), never invented.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import TrialsModel
from .eligibility_objects import CriterionEntity, DoseThreshold, LabThreshold, LineRange, ScoreRange, TimeWindow
from .regimen import Regimen

SourceFormat = Literal[
    "ctgov-json", "ctgov-xml", "ctgov-page", "ctgov-classic-page", "veeva-page", "text"
]
SOURCE_FORMATS: tuple[str, ...] = SourceFormat.__args__  # type: ignore[attr-defined]

CriterionKind = Literal["inclusion", "exclusion"]
Sex = Literal["ALL", "FEMALE", "MALE"]
AgeUnit = Literal["YEARS", "MONTHS", "WEEKS", "DAYS", "HOURS", "MINUTES"]
EnrollmentType = Literal["ACTUAL", "ESTIMATED"]
OutcomeKind = Literal["primary", "secondary", "other"]


class Source(TrialsModel):
    """Where a Trial was read from."""

    path: str | None = Field(
        default=None,
        title="Path",
        description="File the record was read from; '-' for standard input, null for text passed in memory.",
    )
    format: SourceFormat = Field(
        title="Format",
        description=(
            "Input format: 'ctgov-json' (ClinicalTrials.gov API v2 JSON, API v1 JSON is read too), "
            "'ctgov-xml' (classic clinical_study XML), 'ctgov-page' (current ClinicalTrials.gov study page "
            "saved as text), 'ctgov-classic-page' (classic page with '|' tables), 'veeva-page' "
            "(ClinicalTrials.Veeva page), 'text' (plain criteria text)."
        ),
    )
    index: int | None = Field(
        default=None,
        ge=0,
        title="Record index",
        description="0-based position of the record in a multi-record file (JSON Lines, a studies page); null for single-record files.",
    )


class Enrollment(TrialsModel):
    """Planned or actual number of participants."""

    count: int | None = Field(default=None, ge=0, title="Count", description="Number of participants.")
    type: EnrollmentType | None = Field(
        default=None,
        title="Type",
        description="'ACTUAL' once enrolment is over, 'ESTIMATED' while planned; null when the record does not say.",
    )


class Age(TrialsModel):
    """An age limit as the record states it."""

    value: float = Field(ge=0, title="Value", description="The number, e.g. 18.")
    unit: AgeUnit = Field(title="Unit", description="Time unit of the value, upper case as in ClinicalTrials.gov: YEARS, MONTHS, WEEKS, DAYS, HOURS or MINUTES.")


class Criterion(TrialsModel):
    """One eligibility criterion, split out of the eligibility text."""

    id: str = Field(
        title="Id",
        description=(
            "Stable id: 'I' or 'E' for the list, then the item's number; nested items add '.n' "
            "(e.g. 'I1', 'E3', 'E4.2'). Numbers follow the source's own numbering when it is a clean "
            "increasing sequence, else the item's position."
        ),
    )
    kind: CriterionKind = Field(title="Kind", description="'inclusion' or 'exclusion'.")
    text: str = Field(
        title="Text",
        description="The criterion's text, exactly the characters source_text[start:end] (list marker left out).",
    )
    start: int = Field(ge=0, title="Start", description="Character offset where the criterion starts (see 'end').")
    end: int = Field(
        ge=0,
        title="End",
        description=(
            "Character offset just past the criterion. Offsets count characters (not bytes) into the "
            "file's exact text for page and text formats, and into eligibility.text for JSON and XML."
        ),
    )
    parent: str | None = Field(default=None, title="Parent", description="Id of the item this one is nested under, or null for a top-level item.")
    marker: str | None = Field(default=None, title="Marker", description="The list marker as written ('1.', '(a)', '*', '1\\.'), or null for an unmarked paragraph.")
    heading: str | None = Field(
        default=None,
        title="Heading",
        description="The nearest sub-heading above the item inside its list (e.g. 'PATIENT CHARACTERISTICS', 'Hepatic'), if any.",
    )
    lab_thresholds: list[LabThreshold] = Field(
        default_factory=list,
        title="Lab thresholds",
        description="Each lab test or measurement with the value this criterion sets for it (filled by the pipeline; empty with extract --no-nlp). Offsets are relative to this criterion's text.",
    )
    dose_thresholds: list[DoseThreshold] = Field(
        default_factory=list,
        title="Dose thresholds",
        description="Each drug with the dose this criterion sets for it ('prednisone > 15 mg/day'), filled by the pipeline; empty with extract --no-nlp. Offsets are relative to this criterion's text.",
    )
    time_windows: list[TimeWindow] = Field(
        default_factory=list,
        title="Time windows",
        description="Amounts of time this criterion sets, with their anchor event and subject (filled by the pipeline; empty with extract --no-nlp). Offsets are relative to this criterion's text.",
    )
    entities: list[CriterionEntity] = Field(
        default_factory=list,
        title="Entities",
        description="Spans the pipeline tagged in this criterion, with parsed values and context flags (empty with extract --no-nlp). Offsets are relative to this criterion's text, not to the source.",
    )

    @model_validator(mode="after")
    def _check_offsets(self) -> "Criterion":
        if self.end < self.start:
            raise ValueError(f"criterion {self.id}: end ({self.end}) is before start ({self.start})")
        return self


class Eligibility(TrialsModel):
    """Who may take part."""

    minimum_age: Age | None = Field(default=None, title="Minimum age", description="Lowest age allowed, or null if the record sets none. When the record has no structured age, the pipeline may fill it from the criteria text ('aged 18-75 years').")
    maximum_age: Age | None = Field(default=None, title="Maximum age", description="Highest age allowed, or null if the record sets none. When the record has no structured age, the pipeline may fill it from the criteria text ('aged 18-75 years').")
    sex: Sex | None = Field(default=None, title="Sex", description="Sexes eligible: ALL, FEMALE or MALE.")
    healthy_volunteers: bool | None = Field(default=None, title="Healthy volunteers", description="Whether healthy volunteers are accepted.")
    text: str | None = Field(
        default=None,
        title="Eligibility text",
        description=(
            "The eligibility criteria text criteria offsets point into, for JSON and XML records (XML "
            "text blocks have their line ends and indentation normalized). Null for page and text "
            "formats, whose offsets point into the file itself."
        ),
    )
    criteria: list[Criterion] = Field(default_factory=list, title="Criteria", description="Inclusion and exclusion criteria in source order.")
    ecog: ScoreRange | None = Field(
        default=None,
        title="ECOG",
        description="ECOG performance status an eligible patient may have, read from the criteria ('ECOG 0-1' -> low 0, high 1; exclusion 'ECOG ≥ 2' -> high 1); null when the criteria do not say, or give ranges that exclude each other (those of different cohorts) (filled by the pipeline).",
    )
    life_expectancy_weeks: float | None = Field(
        default=None,
        title="Life expectancy (weeks)",
        description="Minimum life expectancy required, in weeks (months count 30 days: '≥ 3 months' -> 12.9), read from the criteria; null when not stated.",
    )
    prior_lines: LineRange | None = Field(
        default=None,
        title="Prior lines",
        description="How many prior lines of therapy are allowed, read from the criteria; null when not stated.",
    )
    measurable_disease: str | bool | None = Field(
        default=None,
        title="Measurable disease",
        description="Whether an inclusion criterion requires measurable disease: the response criteria's name and version when given ('RECIST 1.1', 'RANO'), true when named without them; null when not required.",
    )


class Arm(TrialsModel):
    """An arm or group of the study."""

    label: str = Field(title="Label", description="The arm's name as the record gives it.")
    type: str | None = Field(
        default=None,
        title="Type",
        description="Arm type in ClinicalTrials.gov's vocabulary: EXPERIMENTAL, ACTIVE_COMPARATOR, PLACEBO_COMPARATOR, SHAM_COMPARATOR, NO_INTERVENTION or OTHER.",
    )
    description: str | None = Field(default=None, title="Description", description="Free-text description of the arm.")
    interventions: list[str] = Field(default_factory=list, title="Interventions", description="Names of the interventions given in this arm.")


class Intervention(TrialsModel):
    """A drug, device, procedure or other intervention of the study."""

    name: str = Field(title="Name", description="Intervention name as registered.")
    type: str | None = Field(
        default=None,
        title="Type",
        description="Intervention type in ClinicalTrials.gov's vocabulary: DRUG, BIOLOGICAL, DEVICE, PROCEDURE, RADIATION, BEHAVIORAL, GENETIC, DIETARY_SUPPLEMENT, COMBINATION_PRODUCT, DIAGNOSTIC_TEST or OTHER.",
    )
    description: str | None = Field(default=None, title="Description", description="Free-text description (often the dose and schedule).")
    other_names: list[str] = Field(default_factory=list, title="Other names", description="Synonyms, brand names and codes.")
    arms: list[str] = Field(default_factory=list, title="Arms", description="Labels of the arms that receive this intervention, when the record says.")


class Outcome(TrialsModel):
    """A registered outcome measure."""

    kind: OutcomeKind = Field(title="Kind", description="'primary', 'secondary' or 'other'.")
    measure: str = Field(title="Measure", description="What is measured.")
    time_frame: str | None = Field(default=None, title="Time frame", description="When it is measured, as written.")
    description: str | None = Field(default=None, title="Description", description="Further description of the measure.")


class Trial(TrialsModel):
    """One clinical-trial record, read from any supported format."""

    id: str | None = Field(default=None, title="Id", description="ClinicalTrials.gov identifier (NCT number), or null when the record has none.")
    source: Source = Field(title="Source", description="Where the record was read from.")
    other_ids: list[str] = Field(default_factory=list, title="Other ids", description="Sponsor, registry and secondary identifiers.")
    title: str | None = Field(default=None, title="Title", description="Brief title.")
    official_title: str | None = Field(default=None, title="Official title", description="Full official title.")
    acronym: str | None = Field(default=None, title="Acronym", description="Study acronym, if any.")
    status: str | None = Field(
        default=None,
        title="Status",
        description="Overall recruitment status in ClinicalTrials.gov's API v2 vocabulary (e.g. RECRUITING, NOT_YET_RECRUITING, COMPLETED).",
    )
    phases: list[str] = Field(
        default_factory=list,
        title="Phases",
        description="Phases in API v2 vocabulary: EARLY_PHASE1, PHASE1, PHASE2, PHASE3, PHASE4 or NA.",
    )
    study_type: str | None = Field(default=None, title="Study type", description="INTERVENTIONAL, OBSERVATIONAL or EXPANDED_ACCESS.")
    enrollment: Enrollment | None = Field(default=None, title="Enrollment", description="Number of participants, or null if not given.")
    start_date: str | None = Field(default=None, title="Start date", description="Study start date, ISO 8601 ('2025-11-20' or, when only the month is known, '2025-11').")
    completion_date: str | None = Field(default=None, title="Completion date", description="Study completion date, ISO 8601 as start_date.")
    conditions: list[str] = Field(default_factory=list, title="Conditions", description="Conditions or diseases studied, as registered.")
    sponsor: str | None = Field(default=None, title="Sponsor", description="Lead sponsor.")
    brief_summary: str | None = Field(default=None, title="Brief summary", description="Brief summary text.")
    detailed_description: str | None = Field(default=None, title="Detailed description", description="Detailed description text (older records keep dose schedules here).")
    arms: list[Arm] = Field(default_factory=list, title="Arms", description="Arms or groups of the study.")
    interventions: list[Intervention] = Field(default_factory=list, title="Interventions", description="Interventions of the study.")
    eligibility: Eligibility = Field(default_factory=Eligibility, title="Eligibility", description="Who may take part, with the split criteria.")
    outcomes: list[Outcome] = Field(default_factory=list, title="Outcomes", description="Registered outcome measures.")
    regimens: list[Regimen] = Field(
        default_factory=list,
        title="Regimens",
        description="Drug-dose schedules read from arm and intervention descriptions, the brief summary and the detailed description, one per drug and source text (filled by the pipeline; empty with extract --no-nlp).",
    )
