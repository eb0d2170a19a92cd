"""Lab thresholds, time windows and criterion entities: relations and objects of eligibility criteria.

Relations (:func:`eligibility_relations`, called by the ``trials_linker`` component on every text):

* HAS_VALUE from a LAB_TEST to its LAB_VALUE, and APPLIES_WHEN (APPLIES_UNLESS) from a value to
  the DISEASE of the patients it is (is not) for (:mod:`.thresholds`);
* HAS_DURATION from a DRUG, DISEASE or LAB_TEST to the DURATION that bounds it (:mod:`.windows`);
* HAS_DOSE from a DRUG to a DOSE a criterion sets for it ("aspirin ≥ 100 mg/day", "> 15 mg/day of
  prednisone"): the drug right after the dose when only "of" stands between them, else the nearest
  drug before it in its clause. A radiation dose ("more than 3000 cGy") is no drug's.

Objects (:func:`fill_eligibility`): each criterion's ``lab_thresholds``, ``time_windows`` and
``entities``, with offsets relative to the criterion's text, and the summary facts of
``eligibility`` (:mod:`.facts`). A time window that is a period of the calendar ("between January
2019 and July 2020") carries its dates (:mod:`nlp_trials.dates`) instead of an amount and anchor.
Thresholds are stated as written and, in ``eligible_if``, as an
eligible patient must satisfy them: an exclusion criterion's comparator is negated ('<' <-> '>=',
'<=' <-> '>', '=' -> '!=', 'between' -> 'outside').
"""

from __future__ import annotations

import re
from typing import Any

from ..dates import parse_calendar_period
from ..quantities import SIGN_RESULTS, postfix_comparator
from ..schema import Criterion, Eligibility, Trial
from ..schema.eligibility_objects import CriterionEntity, DoseThreshold, LabThreshold, Threshold, TimeWindow
from . import facts
from .boundaries import clause_start, same_clause
from .spans import HAS_DOSE, AnnotatedText, Entity, Relation, is_radiation_dose
from .thresholds import ValueLink, link_values, value_relations
from .windows import SUBJECT_LABELS, WindowReading, duration_relations, duration_subjects, read_window, untagged_subject

#: The DURATION kind (normalized name) of a period of the calendar ("between January 2019 and July 2020").
CALENDAR_PERIOD = "calendar period"

#: Most characters between a drug and the dose after it ("aspirin ≥ 100 mg/day").
MAX_DOSE_GAP = 60
_DOSE_BEFORE_DRUG_RE = re.compile(r"^[\s(]*(?:of\s+)?(?:the\s+)?$", re.I)
# Between a drug and the dose written right after it ("Doxorubicin no greater than 300 mg/m2",
# "aspirin: 100 mg", "tretinoin at a dose of 45 mg").
_DOSE_AFTER_DRUG_RE = re.compile(
    r"^[\s:,(]*(?:(?:(?:must|should|will|shall|is|are|was|were|to)\s+)?(?:be\s+)?(?:given|administered|dosed)\s+)?"
    r"(?:(?:at\s+)?(?:an?\s+|the\s+)?(?:total\s+|cumulative\s+|daily\s+|maximum\s+)?(?:dose|dosage|exposure)\s+(?:of\s+|is\s+|was\s+)?)?$",
    re.I,
)
#: A dose's frequency, which may stand between the dose and its comparator: "prednisone 10 mg daily
#: or less" (:func:`nlp_trials.quantities.postfix_comparator`).
_DOSE_FREQUENCY_GAP_RE = re.compile(r"\s*(?:(?:daily|per\s+day|a\s+day|/\s*day)\s+)?", re.I)
_NEGATED: dict[str, str] = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!=", "between": "outside"}
# "Minimum life expectancy of 3 months", "a maximum duration of 12 months": the bound named before
# the words the amount is of, a few words ahead of the amount.
_BOUND_AHEAD_RE = re.compile(r"\b(?:(?P<min>minimum|min\.)|(?P<max>maximum|max\.))\s+(?:[A-Za-z][\w-]*\s+){1,4}(?:of|is|was)\s+$", re.I)


def stated_bound(text: str, start: int, at: int) -> str | None:
    """">=" or "<=" when a "minimum"/"maximum" between ``start`` and the amount at ``at`` bounds it
    ("Minimum life expectancy of 3 months"), else None."""
    m = _BOUND_AHEAD_RE.search(text, max(0, start), at)
    if m is None or m.end() != at:
        return None
    return ">=" if m.group("min") else "<="


# --- relations -------------------------------------------------------------------------------------


def dose_relations(text: str, entities: list[Entity]) -> list[Relation]:
    """HAS_DOSE from a DRUG to each DOSE of a criterion (see the module docstring)."""
    ents = sorted(entities, key=lambda e: (e.start, e.end))
    drugs = [e for e in ents if e.label == "DRUG"]
    out = []
    for dose in (e for e in ents if e.label == "DOSE" and not is_radiation_dose(e)):
        after = next((d for d in drugs if d.start >= dose.end), None)
        before = [d for d in drugs if d.end <= dose.start]
        gap_after = text[dose.end:after.start] if after is not None else ""
        # A capitalized drug right after the dose starts the next item of a run-on list when the drug
        # before already has the dose ("Daunorubicin no greater than 450 mg/m2 Doxorubicin ..."); a
        # lower-case one names what the amount is of ("> 25,000 IU vitamin A").
        owned = bool(before) and _DOSE_AFTER_DRUG_RE.match(text[before[-1].end:dose.start]) is not None
        next_item = owned and after is not None and after.text[:1].isupper() and "of" not in gap_after.lower()
        if after is not None and _DOSE_BEFORE_DRUG_RE.match(gap_after) and not next_item:
            out.append(Relation(head=after, tail=dose, label=HAS_DOSE))
        elif before and dose.start - before[-1].end <= MAX_DOSE_GAP and same_clause(text, before[-1].end, dose.start):
            out.append(Relation(head=before[-1], tail=dose, label=HAS_DOSE))
    return out


def eligibility_relations(text: str, entities: list[Entity]) -> list[Relation]:
    """HAS_VALUE (LAB_TEST -> LAB_VALUE), APPLIES_WHEN, HAS_DURATION and HAS_DOSE relations in one criterion."""
    return value_relations(text, entities) + duration_relations(text, entities) + dose_relations(text, entities)


# --- objects ---------------------------------------------------------------------------------------


def _key(e: Entity) -> str:
    return (e.norm or e.text).lower()


#: A value that ends in the pressure it bounds ("BP >140 mm Hg systolic") names that pressure.
_PRESSURE_VALUE_RE = re.compile(r"\b(systolic|diastolic)$", re.I)


def _pressure_key(key: str, written_value: str) -> str:
    """"blood pressure" with a value ending in "systolic"/"diastolic" is that pressure."""
    m = _PRESSURE_VALUE_RE.search(written_value) if key == "blood pressure" else None
    return f"{m.group(1).lower()} blood pressure" if m else key


def _numbers(parsed: dict[str, Any]) -> list[float]:
    """The numbers of a parsed value: its value, or the ends of its range."""
    return [parsed[k] for k in ("value", "low", "high") if parsed.get(k) is not None]


#: Names of the 0-5 scale that a performance status on the 0-100 scale cannot be.
_ECOG_NAME_RE = re.compile(r"\b(?:ecog|zubrod|who|eastern)\b", re.I)


def _performance_key(key: str, test_text: str, parsed: dict[str, Any]) -> str:
    """A performance status ("PS", "performance status") with a value on the 0-100 scale ("PS
    60-100%", "performance status ≥ 70") is Karnofsky's, not ECOG's."""
    if key != facts.ECOG_TEST or _ECOG_NAME_RE.search(test_text):
        return key
    if parsed.get("unit") == "%" or any(n > facts.ECOG_MAX for n in _numbers(parsed)):
        return facts.KARNOFSKY_TEST
    return key


def _test_groups(text: str, tests: tuple[Entity, ...]) -> list[tuple[Entity, str, int, int]]:
    """One (test, text, start, end) per concept: "platelet count (PLT)" is one test written twice."""
    groups: list[tuple[Entity, str, int, int]] = []
    for t in tests:
        if groups and _key(groups[-1][0]) == _key(t) and len(text[groups[-1][3]:t.start].strip()) <= 2:
            first, _, start, _ = groups[-1]
            end = t.end + 1 if text[t.end:t.end + 1] == ")" and "(" in text[start:t.start] else t.end
            groups[-1] = (first, text[start:end], start, end)
        else:
            groups.append((t, t.text, t.start, t.end))
    return groups


def _parsed(value: Entity) -> dict[str, Any]:
    return dict(value.value or {})


def _parts(parsed: dict[str, Any]) -> list[float] | None:
    parts = parsed.get("parts")
    return list(parts) if parts else None


def eligible_threshold(kind: str, comparator: str | None, parsed: dict[str, Any], result: str | None) -> Threshold | None:
    """The threshold as an eligible patient must satisfy it (negated for an exclusion criterion)."""
    if comparator is None:
        if result is None and parsed.get("value") is None and not parsed.get("parts"):
            return None
        comparator = "="  # a bare number or result is what the patient must (not) have
    if kind == "exclusion":
        comparator = _NEGATED[comparator]
    return Threshold(
        comparator=comparator,  # type: ignore[arg-type]
        value=parsed.get("value"),
        low=parsed.get("low"),
        high=parsed.get("high"),
        parts=_parts(parsed),
        unit=parsed.get("unit"),
        reference=parsed.get("reference"),
        result=result,
    )


#: The human body's temperatures on each scale: a body temperature written with a bare degree sign
#: ("> 38.5°", "≥ 100.4°") is read in the scale its number falls in.
_BODY_TEMPERATURE_SCALES: tuple[tuple[float, float, str], ...] = ((30.0, 45.0, "Cel"), (86.0, 113.0, "[degF]"))


#: A temperature's number ends in a bare degree sign or scale letter: "> 38.5°", "greater than 100.5 F".
_BARE_DEGREE_RE = re.compile(r"\d\s*(?:°|[CF])$")


def _temperature_unit(parsed: dict[str, Any], written: str, tests: tuple[Entity, ...]) -> dict[str, Any]:
    """``parsed`` with the scale of a body temperature written with "°" or "C"/"F" alone, when its numbers fall in one."""
    if parsed.get("unit") is not None or not _BARE_DEGREE_RE.search(written) or any(_key(t) != "body temperature" for t in tests):
        return parsed
    numbers = _numbers(parsed)
    for low, high, unit in _BODY_TEMPERATURE_SCALES:
        if numbers and all(low <= n <= high for n in numbers):
            return {**parsed, "unit": unit}
    return parsed


#: ECG intervals, measured in milliseconds: "m/sec" after one is a typo of "msec", not a speed.
_ECG_INTERVALS = frozenset({"qtc interval", "qt interval", "pr interval", "qrs duration"})


def _interval_unit(parsed: dict[str, Any], tests: tuple[Entity, ...]) -> dict[str, Any]:
    """``parsed`` in ms when an ECG interval's value was written "m/sec" ("QTc > 500 m/sec")."""
    if parsed.get("unit") == "m/s" and tests and all(_key(t) in _ECG_INTERVALS for t in tests):
        return {**parsed, "unit": "ms"}
    return parsed


#: Right before a test: the criterion denies it ("No thrombocytopenia < 100,000/mm3", "without ANC
#: < 1,000/mm3", "No recent history of weight loss greater than 10%"), so an eligible patient is on
#: the other side of its value.
#: A word that denies what follows; not "with or without", not "no greater than".
_DENY = r"(?<!\bwith or )\b(?:no(?!\s+(?:more|less|greater|fewer|higher|lower|later|earlier|longer|shorter|sooner)\b)|without"
_DENIED_TEST_RE = re.compile(
    _DENY + r"|absence\s+of|free\s+of)\s+(?:(?:recent|prior|previous|past|documented|known|clinical)\s+)?(?:(?:evidence|history|signs?|symptoms?)\s+of\s+)?"
    r"(?:(?:any|known|active|significant|clinically\s+significant|severe|recent|unexplained|unintentional|unintended)\s+)?$",
    re.I,
)
#: ... or denies the patients with the test's value ("No diabetics with fasting blood sugar greater
#: than 200 mg/dL", "no patients with ANC < 1,000/mm3").
_DENIED_WITH_RE = re.compile(r"\b(?:no|without)\s+(?:[a-z]+\s+){1,3}with\s+(?:(?:a|an|any)\s+)?$", re.I)
#: ... or denies a condition the test in brackets right after it defines ("No uncontrolled
#: hypertension (diastolic greater than 100 mm Hg)").
_DENIED_IN_BRACKETS_RE = re.compile(
    _DENY + r")\s+[^()\[\];\n]{1,60}[(\[]\s*(?:(?:i\.e\.|e\.g\.|defined\s+as)\s*,?\s*)?$", re.I
)
#: ... or denies a list whose last item is the test ("No active bleeding or bilirubin > 3 mg/dL"); a
#: capital "OR" joins PDQ's items, each its own ("No clinical history of heart disease Normal ECG OR
#: Ejection fraction at least 45%").
_DENIED_LIST_RE = re.compile(_DENY + r")\s+[^()\[\];:,.\n]{1,50}?\s(?-i:or|nor)\s+(?:(?:an?|any)\s+)?$", re.I)
_OTHER_KIND = {"inclusion": "exclusion", "exclusion": "inclusion"}


def lab_thresholds(criterion: Criterion, text: str, links: list[ValueLink]) -> list[LabThreshold]:
    """The criterion's thresholds: one per test concept and value."""
    out: list[LabThreshold] = []
    by_value: dict[tuple[int, int], dict[str, Any]] = {}
    for link in links:
        parsed = _parsed(link.value)
        if parsed.get("comparator") is None and link.variant_of is not None:
            # "Hb ≥ 9 g/dL or 5.6 mmol/L": the variant is bounded the same way.
            parsed["comparator"] = by_value.get(link.variant_of.key, {}).get("comparator")
        by_value[link.value.key] = parsed
        numeric = any(parsed.get(k) is not None for k in ("value", "low", "high", "parts"))
        # One space between words: a wrapped line ("within normal\n     limits") is the same result.
        written = " ".join(link.value.text.split())
        parsed = _interval_unit(_temperature_unit(parsed, written, link.tests), link.tests)
        first = min(link.tests, key=lambda t: t.start)
        if numeric and parsed.get("comparator") is None:
            bound = stated_bound(text, first.start - 12, link.value.start)
            parsed = {**parsed, "comparator": bound} if bound else parsed
        result = None if numeric else SIGN_RESULTS.get(written, written.lower())
        comparator = parsed.get("comparator") if numeric else None
        flagged = link.value.context.get("exception") or any(t.context.get("exception") for t in link.tests)
        # What denies the threshold is written before it, test or value first ("No blastic phase
        # CML (30% or more blasts ...)").
        lead = min(first.start, link.value.start)
        denied = bool(
            _DENIED_TEST_RE.search(text, max(0, lead - 40), lead)
            or _DENIED_IN_BRACKETS_RE.search(text, max(0, lead - 80), lead)
            or _DENIED_WITH_RE.search(text, max(0, lead - 50), lead)
            or _DENIED_LIST_RE.search(text, max(0, lead - 60), lead)
        ) and same_clause(text, first.start, link.value.start)
        kind = _OTHER_KIND.get(criterion.kind, criterion.kind) if denied else criterion.kind
        eligible = None if link.is_condition or flagged else eligible_threshold(kind, comparator, parsed, result)
        for test, test_text, t_start, t_end in _test_groups(text, link.tests):
            start, end = min(t_start, link.value.start), max(t_end, link.value.end)
            out.append(
                LabThreshold(
                    test=_performance_key(_pressure_key(_key(test), written), test_text, parsed),
                    test_id=test.code,
                    test_text=test_text,
                    comparator=comparator,
                    value=parsed.get("value") if numeric else None,
                    low=parsed.get("low"),
                    high=parsed.get("high"),
                    parts=_parts(parsed),
                    unit=parsed.get("unit"),
                    reference=parsed.get("reference"),
                    result=result,
                    applies_when=None if link.unless else link.qualifier,
                    applies_when_norm=link.disease.norm if link.disease is not None and not link.unless else None,
                    applies_unless=link.qualifier if link.unless else None,
                    applies_unless_norm=link.disease.norm if link.disease is not None and link.unless else None,
                    is_condition=link.is_condition,
                    eligible_if=eligible,
                    text=text[start:end],
                    start=start,
                    end=end,
                    value_start=link.value.start,
                    value_end=link.value.end,
                )
            )
    return out


def dose_thresholds(criterion: Criterion, text: str, entities: list[Entity]) -> list[DoseThreshold]:
    """The criterion's drug doses (its HAS_DOSE pairs) as thresholds."""
    out = []
    values = [e for e in entities if e.label == "LAB_VALUE"]
    for rel in dose_relations(text, entities):
        drug, dose = rel.head, rel.tail
        parsed = _parsed(dose)
        if parsed.get("comparator") is None:
            gap = _DOSE_FREQUENCY_GAP_RE.match(text, dose.end)
            parsed["comparator"] = postfix_comparator(text, gap.end() if gap else dose.end)
        comparator = parsed.get("comparator")
        # An exception, or a dose that is the condition of a lab threshold ("LVEF at least 50% if
        # prior doxorubicin 550 mg/m2 or greater, epirubicin 900 mg/m2 or greater"), is no bound an
        # eligible patient meets; a dose a permission depends on is ("Prior chemotherapy allowed if
        # cumulative dose of doxorubicin no greater than 200 mg/m2").
        flagged = drug.context.get("exception") or dose.context.get("exception") or _conditions_a_value(text, min(drug.start, dose.start), values)
        start, end = min(drug.start, dose.start), max(drug.end, dose.end)
        out.append(
            DoseThreshold(
                drug=_key(drug),
                drug_id=drug.code,
                drug_text=drug.text,
                comparator=comparator,
                value=parsed.get("value"),
                low=parsed.get("low"),
                high=parsed.get("high"),
                parts=_parts(parsed),
                unit=parsed.get("unit"),
                eligible_if=None if comparator is None or flagged else eligible_threshold(criterion.kind, comparator, parsed, None),
                text=text[start:end],
                start=start,
                end=end,
            )
        )
    return out


#: What makes the rest of its clause the condition of the threshold before it: "if", "when", "in
#: patients with".
_CONDITION_LEAD_RE = re.compile(r"\b(?:if|when|in\s+(?:patients|subjects|those)\s+(?:with|who\s+(?:have|had)))\b", re.I)


def _conditions_a_value(text: str, at: int, values: list[Entity]) -> bool:
    """Is the amount at ``at`` inside the condition of a lab value written before it in its clause
    ("LVEF at least 50% if prior total dose of doxorubicin 550 mg/m2 or greater")?"""
    begin = clause_start(text, at)
    lead = None
    for m in _CONDITION_LEAD_RE.finditer(text, begin, at):
        lead = m
    return lead is not None and any(begin <= v.start and v.end <= lead.start() for v in values)


def time_windows(text: str, entities: list[Entity]) -> list[TimeWindow]:
    """One window per DURATION of the criterion, with its anchor and subject."""
    durations = sorted((e for e in entities if e.label == "DURATION"), key=lambda e: e.start)
    readings = {d.key: read_window(text, d) for d in durations}
    subjects = duration_subjects(text, entities, {key: r.end for key, r in readings.items()})
    out = []
    for d in durations:
        parsed = _parsed(d)
        period = parse_calendar_period(d.text) if d.norm == CALENDAR_PERIOD else None
        if period is not None:
            # A period of the calendar names its dates; the words after it are no anchor.
            reading = WindowReading(relation=period.relation, keyword=None, direction=None, anchor=None, anchor_text=None, end=d.end)
        else:
            reading = readings[d.key]
        heads = subjects.get(d.key)
        if heads and reading.keyword == "since" and reading.anchor_text and d.text[:1].isupper():
            # A window that starts its own item, "... or steroids Other: At least 2 weeks since prior
            # retinoids": what it bounds is its anchor, not a name of the item before.
            heads = None
        if heads:
            subject: str | None = text[heads[0].start:heads[-1].end]
            subject_label: str | None = heads[0].label
        elif reading.keyword == "since" and reading.anchor_text:
            # "At least 4 weeks since prior radiotherapy": the window bounds the anchor event itself.
            subject, subject_label = reading.anchor_text, None
        else:
            subject, subject_label = untagged_subject(text, d), None
        if parsed.get("comparator") is None and parsed.get("value") is not None:
            # "minimum disease duration of 5 years", "a maximum duration of 12 months".
            bound = stated_bound(text, clause_start(text, d.start), d.start)
            parsed = {**parsed, "comparator": bound} if bound else parsed
        out.append(
            TimeWindow(
                comparator=parsed.get("comparator"),
                value=parsed.get("value"),
                low=parsed.get("low"),
                high=parsed.get("high"),
                unit=parsed.get("unit"),
                days=parsed.get("days", parsed.get("high_days")),
                relation=reading.relation,  # type: ignore[arg-type]
                start_date=period.start if period else None,
                end_date=period.end if period else None,
                direction=reading.direction,  # type: ignore[arg-type]
                anchor=reading.anchor,
                anchor_text=reading.anchor_text,
                subject=subject,
                subject_label=subject_label,
                text=text[d.start:reading.end],
                start=d.start,
                end=reading.end,
            )
        )
    return bracketed_variants(text, entities, share_anchors(text, out))


#: A bracket that opens right after a window and gives another amount for some of its subjects:
#: "At least 4 weeks since prior chemotherapy (6 weeks for nitrosoureas or mitomycin)".
_VARIANT_OPEN_RE = re.compile(r"[(\[]\s*(?:(?:at\s+least|a\s+minimum\s+of)\s+)?$", re.I)
_VARIANT_FOR_RE = re.compile(r"\s*(?:for|with|if\s+(?:given|received|treated\s+with))\s+", re.I)


def bracketed_variants(text: str, entities: list[Entity], windows: list[TimeWindow]) -> list[TimeWindow]:
    """A window in brackets right after another, for some things only ("At least 4 weeks since
    prior chemotherapy (6 weeks for nitrosoureas or mitomycin)"), is that window again with its
    own amount: it counts the same way from the same event, and bounds what follows "for"."""
    out = list(windows)
    for i in range(1, len(out)):
        prev, w = out[i - 1], out[i]
        # The bracket opens right before the amount, and right after the window before it, or
        # inside it when that window reads its anchor past the bracket ("within 4 weeks (6 weeks
        # for nitrosoureas) prior to entering the study").
        lead = text[prev.start : w.start]
        opened = _VARIANT_OPEN_RE.search(lead)
        named = _VARIANT_FOR_RE.match(text, w.end)
        if opened is None or named is None or w.anchor is not None or w.relation not in ("for", prev.relation):
            continue
        open_at = prev.start + opened.start()
        if re.search(r"[()\[\]]", lead[: opened.start()]) or (prev.end <= open_at and text[prev.end : open_at].strip()):
            continue
        close = min((pos for pos in (text.find(")", named.end()), text.find("]", named.end())) if pos >= 0), default=-1)
        if close < 0 or "\n\n" in text[named.end() : close] or close - named.end() > 120:
            continue
        inside = [e for e in entities if e.label in SUBJECT_LABELS and named.end() <= e.start and e.end <= close]
        if inside:
            subject, label = text[inside[0].start : inside[-1].end], inside[0].label
        else:
            subject, label = text[named.end() : close].strip() or None, None
        out[i] = w.model_copy(
            update={
                "comparator": w.comparator or prev.comparator,
                "relation": prev.relation,
                "direction": prev.direction,
                "anchor": prev.anchor,
                "anchor_text": prev.anchor_text,
                "subject": subject,
                "subject_label": label,
            }
        )
    return out


#: Between two windows of one list that count from the same event: a coordinator and the next
#: window's subject ("Major surgery within 21 days or minor surgery within 7 days prior to randomization").
_SHARED_ANCHOR_GAP_RE = re.compile(r"^\s*(?:,\s*)?(?:or|and|and/or)\s+(?:[^\s;.]+\s+){0,5}$|^\s*,\s+(?:[^\s;.]+\s+){0,5}$")


def share_anchors(text: str, windows: list[TimeWindow]) -> list[TimeWindow]:
    """A "within" window with no anchor of its own counts from the anchor of the next one in the same
    list ("Major surgery within 21 days or minor surgery within 7 days prior to randomization":
    both count back from randomization), or else, when it ends the list, from the anchor of the one
    before ("Chemotherapy within 4 weeks prior to registration or nitrosoureas within 6 weeks")."""
    out = list(windows)
    for i in range(len(out) - 2, -1, -1):
        w, nxt = out[i], out[i + 1]
        if w.anchor is None and nxt.anchor is not None and _listed_windows(text, w, nxt):
            out[i] = w.model_copy(update={"anchor": nxt.anchor, "anchor_text": nxt.anchor_text, "direction": nxt.direction})
    for i in range(1, len(out)):
        prev, w = out[i - 1], out[i]
        last = i + 1 == len(out) or not _listed_windows(text, w, out[i + 1])
        if w.anchor is None and prev.anchor is not None and last and _listed_windows(text, prev, w):
            out[i] = w.model_copy(update={"anchor": prev.anchor, "anchor_text": prev.anchor_text, "direction": prev.direction})
    return out


def _listed_windows(text: str, first: TimeWindow, second: TimeWindow) -> bool:
    """Are two "within" windows items of one list: the second written a few words after the first,
    in the same clause, after "or", "and" or a comma?"""
    return (
        first.relation == "within" and second.relation == "within"
        and first.end <= second.start and same_clause(text, first.end, second.start)
        and _SHARED_ANCHOR_GAP_RE.match(text[first.end:second.start]) is not None
    )


def criterion_entities(entities: list[Entity]) -> list[CriterionEntity]:
    """The criterion's tagged spans as contract objects."""
    return [
        CriterionEntity(
            label=e.label,
            text=e.text,
            start=e.start,
            end=e.end,
            norm=e.norm,
            id=e.code,
            value=dict(e.value) if e.value else None,
            negated=bool(e.context.get("negated")),
            exception=bool(e.context.get("exception")),
            historical=bool(e.context.get("historical")),
            conditional=bool(e.context.get("conditional")),
            grade=dict(e.grade) if e.grade else None,
            broader=dict(e.broader) if e.broader else None,
        )
        for e in sorted(entities, key=lambda e: (e.start, e.end))
    ]


#: Sub-headings that name the test their items give the value of: "Life expectancy:" over "- At
#: least 8 weeks" (201 items of the 1,610 XML records), which read alone is an amount of time.
HEADING_TESTS: dict[str, str] = {"life expectancy": facts.LIFE_EXPECTANCY_TEST, "performance status": facts.ECOG_TEST}
#: A cooperative group's acronym written before its performance status ("SWOG 0-2", "CALGB 0-1").
_GROUP_RE = re.compile(r"[A-Z]{2,6}")
#: A performance status range under its sub-heading ("Performance status:" over "- WHO 0-2", "- 0-1"):
#: the WHO scale is ECOG's 0-4 (a Karnofsky or Lansky percentage names its own test and is a rule
#: threshold already).
_HEADING_SCALE_RE = re.compile(r"\s*(?:(?:WHO|ECOG|Zubrod|ZUBROD|SWOG|GOG|CALGB|ECOG/WHO)\s+)?(?P<low>[0-4])\s*(?:-|–|to|or)\s*(?P<high>[0-4])\b")


def heading_thresholds(
    criterion: Criterion, thresholds: list[LabThreshold], windows: list[TimeWindow]
) -> tuple[list[LabThreshold], list[TimeWindow]]:
    """The thresholds and windows of a criterion whose sub-heading names its test, when the criterion
    has none of that test already: under "Life expectancy" its first amount of time with no anchor
    nor subject is the test's value ("At least 8 weeks" -> life expectancy >= 8 weeks), under
    "Performance status" a score range the item starts with ("WHO 0-2" -> ECOG between 0 and 2)."""
    test = HEADING_TESTS.get(" ".join((criterion.heading or "").lower().split()))
    if test is None or any(t.test == test for t in thresholds):
        return thresholds, windows
    if test == facts.ECOG_TEST:
        # "SWOG 0-2", "GOG 0-1": the group's name is no test; its performance status scale is ECOG's.
        named = [
            t.model_copy(update={"test": test, "test_id": None})
            if _GROUP_RE.fullmatch(t.test_text) and all(0 <= n <= facts.ECOG_MAX for n in (t.low, t.high, t.value) if n is not None)
            else t
            for t in thresholds
        ]
        if any(t.test == test for t in named):
            return named, windows
        scale = _HEADING_SCALE_RE.match(criterion.text)
        if scale is None:
            return thresholds, windows
        parsed = {"comparator": "between", "low": float(scale.group("low")), "high": float(scale.group("high"))}
        return [*thresholds, _heading_threshold(criterion, test, parsed, scale.start("low"), scale.end("high"))], windows
    for i, w in enumerate(windows):
        if w.anchor is None and w.subject is None and w.relation == "for" and (w.value is not None or w.low is not None):
            parsed = {"comparator": w.comparator, "value": w.value, "low": w.low, "high": w.high, "unit": w.unit}
            return [*thresholds, _heading_threshold(criterion, test, parsed, w.start, w.end)], windows[:i] + windows[i + 1 :]
    return thresholds, windows


def _heading_threshold(criterion: Criterion, test: str, parsed: dict[str, Any], start: int, end: int) -> LabThreshold:
    """A threshold of ``test``, which the criterion's sub-heading names, on the value at ``start:end``."""
    return LabThreshold(
        test=test,
        test_text=" ".join((criterion.heading or "").split()),
        comparator=parsed["comparator"],
        value=parsed.get("value"),
        low=parsed.get("low"),
        high=parsed.get("high"),
        unit=parsed.get("unit"),
        eligible_if=eligible_threshold(criterion.kind, parsed["comparator"], parsed, None),
        text=criterion.text[start:end],
        start=start,
        end=end,
        value_start=start,
        value_end=end,
    )


def fill_criterion(criterion: Criterion, annotated: AnnotatedText) -> Criterion:
    """``criterion`` with the thresholds, windows and entities of its annotated text (a new object)."""
    text, entities = annotated.text, annotated.entities
    thresholds, windows = heading_thresholds(
        criterion, lab_thresholds(criterion, text, link_values(text, entities)), time_windows(text, entities)
    )
    if facts.is_age_heading(criterion.heading):
        # "Age:" over "- 15 to 65": the item's numbers are the ages (see facts.ages), no lab value.
        used = {(t.value_start, t.value_end) for t in thresholds}
        entities = [e for e in entities if e.label != "LAB_VALUE" or (e.start, e.end) in used]
    return criterion.model_copy(
        update={
            "lab_thresholds": thresholds,
            "dose_thresholds": dose_thresholds(criterion, text, entities),
            "time_windows": windows,
            "entities": criterion_entities(entities),
        }
    )


def fill_eligibility(trial: Trial, texts: list[AnnotatedText]) -> Eligibility:
    """``trial.eligibility`` with lab_thresholds, time_windows and entities per criterion, and summary facts."""
    by_id = {t.document.meta.get("criterion_id"): t for t in texts if t.field == "eligibility.criteria"}
    criteria = [fill_criterion(c, by_id[c.id]) if c.id in by_id else c for c in trial.eligibility.criteria]
    update: dict[str, Any] = {
        "criteria": criteria,
        "ecog": facts.ecog_range(criteria),
        "life_expectancy_weeks": facts.life_expectancy_weeks(criteria),
        "prior_lines": facts.prior_lines(criteria),
        "measurable_disease": facts.measurable_disease(criteria),
    }
    low, high = facts.ages(criteria)
    if trial.eligibility.minimum_age is None and trial.eligibility.maximum_age is None:
        update["minimum_age"], update["maximum_age"] = low, high
    return trial.eligibility.model_copy(update=update)
