"""Drug-dose schedules: relations from a DRUG to its modifiers, and the ``regimens`` built from them.

Attachment policy (:func:`regimen_relations`), inside the clauses of :mod:`.regimen_clauses`:

1. A ROUTE, DOSE or FREQUENCY written right before a drug ("oral indinavir", "100 mg/m2 of
   cisplatin", "weekly cisplatin") is that drug's.
2. Any other modifier belongs to the nearest drug before it in its clause ("topotecan (1.2 mg/m^2
   by IV on Days 1 to 5, every 21 days)", "Surufatinib: 250mg, QD, PO, Q3W"). Modifiers before
   every drug of their clause continue the drug of the previous clause when the clause opens with
   them ("Trastuzumab 4 mg/kg followed by 2 mg/kg IV weekly and paclitaxel ..."), else they are the
   first drug's ("On day 1, cisplatin ...").
3. A combination shares its closing cycle: when the last drug of a clause is followed by a cycle or
   a cycle count, every other drug of the clause that states no frequency or cycle of its own gets
   it too ("Epirubicin 90 mg/m2 iv in combination with Cyclophosphamide 600 mg/m2 iv every 21 days
   for 4 cycles": both every 21 days, 4 cycles; "lapatinib 750 mg daily and paclitaxel ... for 4
   cycles" keeps lapatinib daily, unless the clause says the cycle repeats: "..., repeats every 21
   days"; "TMX as in Arm I and octreotide IM every 21 days" keeps tamoxifen's schedule where it is
   written). Days close a plain list the same way: in "cyclophosphamide IV,
   methotrexate IV, and fluorouracil IV on days 1 and 8" (only routes, commas and "and" between
   the drugs, only routes and "on" before the days) every drug of the list that states no days,
   frequency or cycle is given on days 1 and 8; infusion details do not break the list ("cisplatin
   IV over 6 hours, etoposide IV, and vincristine IV by continuous infusion on day 1"), "or" joins
   one too, and a list may end before the clause does ("A IV and B IV on day 1 and C IV on day
   8"), and so do infusions one after the other ("paclitaxel IV over 3 hours followed by
   carboplatin IV over 1 hour on day 1": both on day 1, across the "followed by" that otherwise
   ends a clause). How long a shared frequency goes on is shared with it ("... weekly for 5
   weeks"). Drugs written as one product share everything after it but its dose
   ("rifampin/isoniazid FDC tablets orally, once daily"). Otherwise days, doses, routes and
   durations are never shared: "cisplatin on day 1 and fluorouracil on days 1-4" keeps each drug's
   days, and "X IV over 24 hours" is X's.
4. A clause without a drug that says the treatment repeats ("Courses repeat every 21 days for 6
   courses", "Treatment continues every 3 weeks") gives its cycle, cycle count and duration to every
   drug of its scope (paragraph or arm section, since the previous such clause; the whole text
   since then, inside its section ("OUTLINE:"), when its scope has no drug: "In all arms, courses
   repeat every 21 days") that states none of that kind; not a test, scan or sample repeated ("The
   FSH test will be repeated at 5 weeks"). A clause that names only drugs given before it, then how they repeat and for how long
   ("Treatment with fludarabine repeats every 28 days for 6 courses"), gives that to the last
   mention of each of those drugs.
5. A clause without a drug that starts with a dose or route ("...; 50 mg PO TID x 3 days beginning
   Day 29") continues the drug before it in the same scope.

A radiation dose ("74 Gy in 37 fractions", "2 Gy per fraction") is the radiotherapy's and never a
drug's (:func:`.spans.is_radiation_dose`). A radiotherapy named as a treatment of its own, and a
radiation dose, take the details written after them as a drug would ("cisplatin weekly and
radiotherapy 5 days a week for 6 weeks", "TBI 2x2 Gy day -3 to -2"), so that no drug gets them; not
one the drug is given during, with or after ("daily during radiotherapy for 6 weeks"). Days written
right after a stem cell infusion or transplant in their clause are its own ("with PBSC infused on day
3", "G-CSF-mobilized PBSC on day 0"), not the drug's before it. A drug named as
the event another drug's time is counted from ("G-CSF daily beginning 24 hours after completion of
ifosfamide infusion and continuing for 10 days", "following the last dose of vincristine") heads
nothing, so the details after it stay the other drug's; one with its own dose right after it does
("30 minutes prior to paclitaxel 175 mg/m2"). A frequency,
schedule or duration of follow-up ("Patients are followed every 3 months") is nobody's. Anything else
stays unattached.
:func:`build_regimens` then makes one :class:`Regimen` per drug mention and dose (see its
docstring for what is kept, merged and grouped as options).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..schema import Regimen, RegimenDose, RegimenFrequency, Trial
from ..schema.trial import Intervention
from .regimen_clauses import SEQUENCE_RE, Clause, clause_bounds
from .schedule_parse import (
    COUNT,
    Frequency,
    dose_intensity,
    parse_count,
    parse_cycle_length,
    parse_days,
    parse_frequency,
    repeated_days,
    rest_cycle_length,
    spaced_days,
    unit_time,
)
from .spans import (
    HAS_DOSE,
    HAS_DURATION,
    HAS_FREQUENCY,
    HAS_ROUTE,
    HAS_SCHEDULE,
    AnnotatedText,
    Entity,
    Relation,
    is_radiation_dose,
)

#: Modifier label -> relation label.
RELATION_OF: dict[str, str] = {
    "DOSE": HAS_DOSE,
    "ROUTE": HAS_ROUTE,
    "FREQUENCY": HAS_FREQUENCY,
    "SCHEDULE": HAS_SCHEDULE,
    "DURATION": HAS_DURATION,
}
#: DURATION ids that state how long something lasts; anchored windows ("within 4 weeks prior to
#: randomization") and recent periods are eligibility's, not a treatment length.
_TREATMENT_DURATIONS = frozenset({"time amount"})
_PREFIX_GAP_RE = re.compile(r"^[\s-]*(?:of\s+)?$", re.I)
_REPEAT_WORDS = r"repeat(?:s|ed|ing)?|recur(?:s|ring)?"
#: "Treatment repeats every 3 weeks", "Treatment continues every 21 days", "Patients continue
#: treatment every 28 days", "Chemotherapy is administered every 21 days".
_REPEAT_RE = re.compile(
    rf"\b(?:{_REPEAT_WORDS}|continue[sd]?\s+(?:(?:treatment|therapy|chemotherapy)\s+)?every"
    r"|(?:treatment|therapy|chemotherapy|courses?|cycles?)\s+(?:is|are)\s+(?:given|administered)\s+every)\b",
    re.I,
)
#: A phase of treatment a repeat clause names ("Treatment with retrieval chemotherapy repeats every
#: 21 days", "Reinduction continues every 4 weeks"): it repeats the drugs given since the phase was
#: last named, not those of the phases before.
_PHASE_RE = re.compile(
    r"\b(?:induction|re-?induction|consolidation|intensification|maintenance|retrieval|salvage|conditioning|continuation)\b",
    re.I,
)
_REPEATED_BEFORE_RE = re.compile(rf"\b(?:{_REPEAT_WORDS})\s+$", re.I)
#: A test, a scan or a sample repeated is no course repeated: "The FSH stimulation test will be
#: repeated at 5 weeks", "Bone marrow aspirates are repeated every 3 months".
_REPEATED_TEST_RE = re.compile(
    r"\b(?:tests?|testing|scans?|imaging|biops(?:y|ies)|aspirates?|assessments?|evaluations?|measurements?"
    rf"|samples?|sampling|examinations?|exams?|ECGs?|EKGs?|spirometry|MRIs?|labs?)\b[^.;]*\b(?:{_REPEAT_WORDS})\b",
    re.I,
)
_CONTINUATION_GAP_RE = re.compile(r"^[\s,:;.\-]*(?:(?:and|then|or)\s+)?(?:(?:a|an|one)\s+(?:single\s+)?)?$", re.I)


# --- modifiers -------------------------------------------------------------------------------------


def modifier_kind(entity: Entity) -> str | None:
    """What a modifier says about a regimen: ``dose``, ``route``, ``days``, ``frequency``, ``cycle``
    (its length), ``cycles`` (how many), ``doses`` (how many), ``duration``; None for other labels."""
    label, norm = entity.label, (entity.norm or "").lower()
    if label == "DOSE":
        return "dose"
    if label == "ROUTE":
        return "route"
    if label == "FREQUENCY":
        return "cycle" if parse_frequency(norm).is_cycle else "frequency"
    if label == "SCHEDULE":
        return {"days": "days", "weeks": "days", "cycles": "cycles", "doses": "doses", "cycle length": "cycle", "stated cycle": "cycle"}.get(norm, "days")
    if label == "DURATION":
        return "duration" if norm in _TREATMENT_DURATIONS else None
    return None


#: Kinds a "Courses repeat" clause gives to every drug of its scope.
SHARED_KINDS = frozenset({"cycle", "cycles", "duration"})
#: Kinds a combination's closing modifier gives to its other drugs (a duration often belongs to one
#: drug only: "X IV over 24 hours", "radiotherapy 5 days a week for 4 weeks").
COMBINATION_KINDS = frozenset({"cycle", "cycles"})


def _is_modifier(entity: Entity) -> bool:
    return entity.label in RELATION_OF and modifier_kind(entity) is not None and not is_radiation_dose(entity)


# --- relations -------------------------------------------------------------------------------------


def _colon_items(text: str, drugs: list[Entity]) -> list[int]:
    """Starts of drugs that open a colon item ("Temozolomide: 200-300mg", "Pyrotinib：oral")."""
    return [d.start for d in drugs if re.match(r"[ \t]*[:：]", text[d.end :])]


def _clause_of(clauses: list[Clause], pos: int) -> int | None:
    for i, c in enumerate(clauses):
        if c.start <= pos < c.end:
            return i
    return None


@dataclass
class _Links:
    """Modifiers per drug (keyed by the drug's offsets), in the order they were attached."""

    by_drug: dict[tuple[int, int], list[Entity]]

    def add(self, drug: Entity, mod: Entity) -> None:
        mods = self.by_drug.setdefault(drug.key, [])
        if mod not in mods:
            mods.append(mod)

    def kinds(self, drug: Entity) -> set[str | None]:
        return {modifier_kind(m) for m in self.by_drug.get(drug.key, [])}


#: A dose named as such before its drug: "daily 250 mg oral dose of gefitinib", "a single 4 mg/kg IV
#: loading dose of trastuzumab"; what is left of the gap once its routes, doses and frequencies are out.
_DOSE_OF_GAP_RE = re.compile(
    r"^[\s-]*(?:(?:single|daily|total|loading|starting|fixed|flat|maintenance)\s+)*(?:doses?|infusions?|injections?|administration)\s+of\s+$", re.I
)


def _is_prefix(text: str, mod: Entity, drug: Entity, mods: list[Entity]) -> bool:
    """Is ``mod`` written before ``drug`` as its detail (rule 1): right against it ("oral
    indinavir", "100 mg/m2 of cisplatin"), or with other such details and "dose of" between ("250
    mg oral dose of gefitinib", "a weekly fixed dose of intravenous cisplatin", "weekly infusions
    of trastuzumab"; not "cisplatin 75 mg/m2 IV docetaxel", whose dose is cisplatin's)."""
    gap = text[mod.end : drug.start]
    if _PREFIX_GAP_RE.match(gap):
        return True
    if not re.search(r"\b(?:doses?|infusions?|injections?|administration)\s+of\b", gap, re.I):
        return False
    inner = [m for m in mods if m.label in ("ROUTE", "DOSE", "FREQUENCY")]
    return bool(_DOSE_OF_GAP_RE.match(_without_entities(text, mod.end, drug.start, inner)))


#: Words right after a drug that say its schedule is written elsewhere: "TMX as in Arm I", "paclitaxel
#: as above", "cisplatin (CDDP) as described in regimen A", "the same as in part 1".
_AS_ELSEWHERE_RE = re.compile(
    r"(?:[ \t]*\([^()]{1,40}\))?[ \t]*(?:,[ \t]*)?(?:as\s+(?:in|for|above|before|previously|described|per|outlined|specified|given)|(?:the\s+)?same\s+as)\b",
    re.I,
)


def _attach_in_clause(text: str, drugs: list[Entity], mods: list[Entity], links: _Links) -> list[Entity]:
    """Rules 1-3 inside one clause. Returns the modifiers left for the caller: all of them when the
    clause has no drug, else those before every drug that are not written right against one."""
    if not drugs:
        return list(mods)
    leading: list[Entity] = []
    for mod in mods:
        after = [d for d in drugs if d.start >= mod.end]
        before = [d for d in drugs if d.end <= mod.start]
        if mod.label in ("ROUTE", "DOSE", "FREQUENCY") and after and _is_prefix(text, mod, after[0], mods):
            links.add(after[0], mod)
        elif before:
            links.add(before[-1], mod)
        elif after:
            leading.append(mod)
    # A placebo added after the drugs has details of its own, and shares none of the drugs'.
    given = [d for d in drugs if d.label != _PLACEBO] or drugs
    last = given[-1]
    own = {d.key: links.kinds(d) for d in drugs}  # before sharing: what each drug states itself
    for drug in drugs:
        if _AS_ELSEWHERE_RE.match(text, drug.end):
            # "TMX as in Arm I and octreotide IM every 21 days": its schedule is stated elsewhere.
            own[drug.key] = own[drug.key] | {"days", "frequency", "cycle"}
    _share_with_slashed(text, drugs, mods, links, own)
    paired = _pair_slashed_doses(text, drugs, mods, links)
    leading = [m for m in leading if m.key not in paired]
    shared_to: dict[tuple[int, int], list[Entity]] = {}  # a shared closing modifier -> the drugs it went to
    for mod in mods:
        kind = modifier_kind(mod)
        if kind in COMBINATION_KINDS and mod.start >= last.end and mod in links.by_drug.get(last.key, []):
            # A cycle the clause says repeats ("..., repeats every 21 days") is every drug's that
            # states no cycle, whatever it is given within a day ("Oral Estramustine 3 x day + oral
            # Etoposide 2 x day on days 1-14 + Paclitaxel IV Day 2, repeats every 21 days").
            repeated = _REPEATED_BEFORE_RE.search(text, max(last.end, mod.start - 30), mod.start) is not None
            blocking = {"cycle"} if repeated else {"frequency", "cycle"}
            for drug in given[:-1]:
                if kind not in own[drug.key] and not own[drug.key] & blocking:
                    links.add(drug, mod)
                    shared_to.setdefault(mod.key, []).append(drug)
        elif _is_treatment_length(mod) and mod in links.by_drug.get(last.key, []):
            # How long a shared frequency goes on is shared with it ("paclitaxel IV over 1 hour and
            # carboplatin IV over 30 minutes weekly for 5 weeks"): the length is the frequency's.
            before = next((m for m in reversed(mods) if m.end <= mod.start), None)
            if before is not None and before.key in shared_to and not text[before.end : mod.start].strip():
                for drug in shared_to[before.key]:
                    if not any(_is_treatment_length(m) for m in links.by_drug.get(drug.key, [])):
                        links.add(drug, mod)
        elif kind == "days":
            # The days close the plain list that ends at the drug they follow ("mitoxantrone IV,
            # cyclophosphamide IV, and etoposide IV on day 1 and vincristine IV on day 8").
            owner = next((d for d in reversed(drugs) if d.end <= mod.start), None)
            # "all on days 1 and 15" says the days are every listed drug's, whatever doses stand
            # between ("doxorubicin 25 mg/m^2, bleomycin 10 U/m^2, ... dacarbazine 375 mg/m^2 all on
            # days 1 and 15").
            every = _EVERY_BEFORE_RE.search(text, max(0, mod.start - 30), mod.start) is not None
            if owner is None or mod not in links.by_drug.get(owner.key, []) or not _days_close_list(text, owner, mod, mods, every):
                continue
            # A route written between the list and its days is the whole list's too ("doxorubicin
            # (25 mg/m2), bleomycin (10 u/m2), ... and dacarbazine (375 mg/m2) intravenously on days
            # 1 and 15").
            routes = [m for m in mods if m.label == "ROUTE" and owner.end <= m.start and m.end <= mod.start]
            for drug in _listed_before(text, drugs, owner, mods, doses_too=every):
                if not own[drug.key] & {"days", "frequency", "cycle"}:
                    links.add(drug, mod)
                    for route in routes if "route" not in own[drug.key] else []:
                        links.add(drug, route)
    return leading


_SLASH_RE = re.compile(r"^[ \t]*/[ \t]*$")


def _share_with_slashed(text: str, drugs: list[Entity], mods: list[Entity], links: _Links, own: dict[tuple[int, int], set[str | None]]) -> None:
    """Drugs written as one product ("Rifampin/isoniazid/pyrazinamide/ethambutol FDC tablets
    orally, once daily"): the details after the last are every one's, but its doses, which may be
    the product's or the last drug's alone."""
    for chain in _slash_chains(text, drugs):
        _share_chain(chain, mods, links, own)


def _slash_chains(text: str, entities: list[Entity]) -> list[list[Entity]]:
    """Runs of ``entities`` (in text order) joined by "/": "Darunavir/Ritonavir", "300mg/100mg"."""
    chains: list[list[Entity]] = []
    for e in entities:
        if chains and _SLASH_RE.match(text[chains[-1][-1].end : e.start]):
            chains[-1].append(e)
        else:
            chains.append([e])
    return chains


def _pair_slashed_doses(text: str, drugs: list[Entity], mods: list[Entity], links: _Links) -> set[tuple[int, int]]:
    """Doses joined by "/" right before or after as many drugs joined by "/" are theirs in order
    ("Two 300mg/100mg Darunavir/Ritonavir tablets": darunavir 300 mg, ritonavir 100 mg). Returns the
    doses so given."""
    doses = _slash_chains(text, sorted((m for m in mods if m.label == "DOSE"), key=lambda m: m.start))
    paired: set[tuple[int, int]] = set()
    for chain in _slash_chains(text, drugs):
        if len(chain) < 2:
            continue
        for run in doses:
            before = run[-1].end <= chain[0].start and not text[run[-1].end : chain[0].start].strip()
            after = chain[-1].end <= run[0].start and not text[chain[-1].end : run[0].start].strip()
            if len(run) != len(chain) or not (before or after):
                continue
            for drug in chain:
                links.by_drug[drug.key] = [m for m in links.by_drug.get(drug.key, []) if m not in run]
            for drug, dose in zip(chain, run):
                links.add(drug, dose)
            paired.update(d.key for d in run)
    return paired


def _share_chain(chain: list[Entity], mods: list[Entity], links: _Links, own: dict[tuple[int, int], set[str | None]]) -> None:
    if len(chain) < 2:
        return
    last = chain[-1]
    for mod in links.by_drug.get(last.key, []):
        if mod.label == "DOSE" or mod.start < last.end:
            continue
        for drug in chain[:-1]:
            if modifier_kind(mod) not in own[drug.key]:
                links.add(drug, mod)


#: What may stand between two drugs of a list once their routes and infusion details are taken
#: out ("cyclophosphamide IV, methotrexate IV, and fluorouracil IV"; alternatives too:
#: "antithymocyte globulin IV or methylprednisolone IV on days -3 to -1"); and a drug mixed in
#: another, given together ("ifosfamide mixed with mesna IV over 24 hours on days 1-5", "gp100
#: antigen emulsified in Montanide ISA-51 SC").
_LIST_JOIN_RE = re.compile(
    r"^[\s,]*(?:(?:and|&|or|and/or|plus|(?:ad)?mixed\s+(?:with|in)|emulsified\s+(?:with|in)|suspended\s+in)\s*)?$", re.I
)
#: What may stand between a list's last drug (and its routes) and the days that close the list.
_DAYS_LEAD_RE = re.compile(r"^[\s,]*(?:(?:all|each|both)\s+)?(?:(?:given|administered)\s+)?(?:on\s+)?$", re.I)
_EVERY_BEFORE_RE = re.compile(r"\b(?:all|each|both)\s+(?:(?:given|administered)\s+)?(?:on\s+)?$", re.I)
#: How one infusion is given, which says nothing about the days: "by continuous infusion",
#: "as a bolus", "continuously" (an infusion's length, "over 2 hours", is a DURATION span).
_INFUSION_RE = re.compile(
    r"\b(?:(?:by|as|via)\s+(?:an?\s+)?(?:(?:continuous|rapid|slow|short)\s+)?(?:(?:intravenous|iv)\s+)?(?:infusion|bolus|push|injection)"
    r"|continuous(?:ly)?)\b",
    re.I,
)


_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)")
#: A short name in brackets after a drug ("cyclophosphamide (CTX) IV, doxorubicin (DOX) IV"), which
#: says nothing about the list either.
_ALIAS_BRACKETS_RE = re.compile(r"\(\s*(?=[^()\s]*[A-Z0-9])[^()\s]{1,15}\s*\)")


def _plain_gap(text: str, start: int, end: int, mods: list[Entity], doses_too: bool = False) -> str:
    """``text[start:end]`` without the ROUTE entities, infusion lengths ("over 2 hours"), doses in
    brackets ("doxorubicin (25 mg/m2), bleomycin (10 u/m2)"), short names in brackets ("(CTX)") and
    infusion manners ("by continuous infusion") inside it: what is left says whether two drugs are
    one list."""
    parts, pos = [], start
    for m in mods:
        infusion_length = m.label == "DURATION" and re.match(r"over\b", m.text, re.I)
        bracketed_dose = m.label == "DOSE" and re.search(r"\(\s*$", text[start : m.start]) and re.match(r"\s*\)", text[m.end : end])
        if (m.label == "ROUTE" or infusion_length or bracketed_dose or (doses_too and m.label == "DOSE")) and start <= m.start and m.end <= end:
            parts.append(text[pos : m.start])
            pos = m.end
    parts.append(text[pos:end])
    return _EMPTY_BRACKETS_RE.sub(" ", _ALIAS_BRACKETS_RE.sub(" ", _INFUSION_RE.sub(" ", "".join(parts))))


def _listed_before(text: str, drugs: list[Entity], owner: Entity, mods: list[Entity], doses_too: bool = False) -> list[Entity]:
    """The drugs before ``owner`` that a plain list joins to it, only routes, infusion details and
    "," or "and" between them ("cyclophosphamide IV, methotrexate IV, and fluorouracil IV on days 1
    and 8": the first two for fluorouracil)."""
    listed: list[Entity] = []
    right = owner
    for left in reversed([d for d in drugs if d.end <= owner.start]):
        if not _LIST_JOIN_RE.match(_plain_gap(text, left.end, right.start, mods, doses_too)):
            break
        listed.append(left)
        right = left
    return listed


def _days_close_list(text: str, last: Entity, days: Entity, mods: list[Entity], doses_too: bool = False) -> bool:
    """Do the ``days`` follow the list's last drug with only its routes, infusion details and "on"
    between ("... and fluorouracil IV over 46 hours on days 1 and 2"), and its doses too when
    ``doses_too`` ("... dacarbazine 375 mg/m^2 all on days 1 and 15")? Then they are the whole
    list's, as written."""
    return bool(_DAYS_LEAD_RE.match(_plain_gap(text, last.end, days.start, mods, doses_too)))


#: Last words of a drug class written before the drug it describes ("the MEK inhibitor trametinib",
#: "anti-PD-1 antibody pembrolizumab").
_CLASS_HEAD_RE = re.compile(
    r"\b(?:inhibitors?|antibody|antibodies|antagonists?|agonists?|blockers?|analog(?:ue)?s?|agents?|conjugates?|modulators?|degraders?)$",
    re.I,
)


#: An NCI Cancer Therapy Evaluation Program number ("NSC-3590", "NSC 740"), and what may stand
#: between a name and it in a list of one drug's names ("Fluorouracil, 5-FU, NSC-19893").
_NSC_RE = re.compile(r"NSC[- ]?\d{2,7}")
_NAME_LIST_GAP_RE = re.compile(r"\s*,\s*(?:[\w-]{1,12}\s*,\s*){0,2}")


def _without_aliases(text: str, drugs: list[Entity]) -> list[Entity]:
    """Drop a drug written in brackets right after another as its other name ("fluorouracil (5-FU)
    IV", "trastuzumab (Herceptin)"): the details after the bracket are the first name's. Drop a
    class written right before the drug it describes ("MEK inhibitor trametinib 2 mg PO QD",
    "anti-PD-1 antibody pembrolizumab"): the drug is the regimen's, the class its description. Drop
    an NCI number listed after a name ("Leucovorin calcium, CF, NSC-3590"): another name of it."""
    out: list[Entity] = []
    for i, drug in enumerate(drugs):
        if out and re.fullmatch(r"\s*[(\[]\s*", text[out[-1].end : drug.start]) and re.match(r"\s*[)\]]", text[drug.end :]):
            continue
        if out and _NSC_RE.fullmatch(drug.text) and _NAME_LIST_GAP_RE.fullmatch(text, out[-1].end, drug.start):
            continue
        after = drugs[i + 1] if i + 1 < len(drugs) else None
        if (
            after is not None
            and drug.code is None
            and _CLASS_HEAD_RE.search(drug.text)
            and re.fullmatch(r"[ \t]+", text[drug.end : after.start])
            and not _CLASS_HEAD_RE.search(after.text)
        ):
            continue
        out.append(drug)
    return out


#: Words before a drug that make it the event another drug's time is counted from: "beginning 24
#: hours after completion of ifosfamide", "following the last dose of vincristine", "4 weeks after
#: the end of".
_ANCHOR_LEAD = r"(?:\b(?:after|before|prior\s+to|following|until|upon)\s+(?:the\s+)?|\b(?:post|pre)-)"
_ANCHOR_BEFORE_RE = re.compile(
    _ANCHOR_LEAD + r"(?:(?:completion|end|start|beginning|initiation|conclusion)\s+of\s+(?:the\s+)?(?:(?:last|first|final)\s+)?"
    r"|(?:last|first|final)\s+(?:(?:dose|course|cycle|infusion)\s+of\s+(?:the\s+)?)?)$",
    re.I,
)
#: ... or after it: "beginning 2 days after topotecan infusion".
_ANCHOR_LEAD_RE = re.compile(_ANCHOR_LEAD + "$", re.I)
_ANCHOR_AFTER_RE = re.compile(r"\s+(?:infusion|administration|injection|courses?|doses?)\b(?!\s+(?:of|at|is|are|will)\b)", re.I)


def _anchors(text: str, drugs: list[Entity], entities: list[Entity]) -> set[tuple[int, int]]:
    """The drugs named as the event another drug's time is counted from ("G-CSF SC daily beginning
    24 hours after completion of ifosfamide infusion and continuing for 10 days"): the details after
    them are the other drug's. A drug with its own dose right after it is given ("30 minutes prior
    to paclitaxel 175 mg/m2")."""
    doses = [e.start for e in entities if e.label == "DOSE"]
    out: set[tuple[int, int]] = set()
    for drug in drugs:
        before = text[max(0, drug.start - 60) : drug.start]
        anchored = _ANCHOR_BEFORE_RE.search(before) or (_ANCHOR_LEAD_RE.search(before) and _ANCHOR_AFTER_RE.match(text, drug.end))
        if anchored and not any(0 <= d - drug.end <= 4 for d in doses):
            out.add(drug.key)
    return out


#: What follows an offset ("2 weeks after surgery"), also past the range's other end ("from 3
#: months to 6 months after 2 doses").
_OFFSET_AFTER_RE = re.compile(
    r"(?:\s*(?:to|-|–)\s*\d+(?:\.\d+)?\s*(?:days?|weeks?|months?|years?))?\s*(?:later|after|before|prior|earlier|following|from)\b", re.I
)


def _is_time_offset(text: str, entity: Entity) -> bool:
    """A DURATION that places an event in time ("4-6 weeks later", "2 weeks after surgery", "after 4
    weeks", "after a 2 month monitoring period", "from 3 months to 6 months after") rather than
    saying how long a drug is given. One that starts with "for" says how long, whatever event it is
    counted from ("daily for 5 years following chemotherapy")."""
    return (
        entity.label == "DURATION"
        and not re.match(r"for\b", entity.text, re.I)
        and (
            _OFFSET_AFTER_RE.match(text, entity.end) is not None
            # "Patients who achieve complete remission after 4 weeks repeat ...": when, not how long.
            or re.match(r"(?:after|following)\b", entity.text, re.I) is not None
            or re.search(r"\b(?:after|following)\s+(?:an?\s+|the\s+)?$", text[max(0, entity.start - 16) : entity.start], re.I) is not None
        )
    )


#: The time a count must hold for a drug to stop: "until blood counts have recovered for 2 days",
#: "until the ANC is greater than 1,500/mm3 for 3 consecutive days".
_UNTIL_COUNTS_BEFORE_RE = re.compile(
    r"\buntil\b(?:[^.;]|(?<=\d)\.(?=\d))*\b(?:counts?|ANC|neutrophils?|granulocytes?|WBC|leukocytes?|platelets?|recover(?:s|ed|y)?)\b"
    r"(?:[^.;,]|(?<=\d)[.,](?=\d))*$",
    re.I,
)


def _is_recovery_time(text: str, entity: Entity) -> bool:
    """A DURATION that says how long a recovery must last, not how long the drug is given."""
    return entity.label == "DURATION" and _UNTIL_COUNTS_BEFORE_RE.search(text, max(0, entity.start - 120), entity.start) is not None


#: A clause about seeing the patients, not giving the drug: "Patients are followed every 3 months",
#: "clinic visits every six months", "Toxicity will be assessed ... weekly", "Bone marrow will be
#: obtained on approximately Day 28".
_FOLLOW_UP_RE = re.compile(
    r"\b(?:(?:are|is|be|being)\s+(?:followed|seen|evaluated|assessed|re-?assessed|monitored|examined|obtained|collected|drawn|performed|measured)(?!\s+(?:by|immediately))"
    r"|follow(?:ed)?[- ]?up|visits?|assessments?)\b[^.;:\n]*$",
    re.I,
)


def _is_follow_up(text: str, entity: Entity, drug_starts: list[int]) -> bool:
    """Is the modifier in a clause about follow-up or assessment ("Patients are followed every 3
    months"), with no drug between the cue and it ("At each visit, patients receive X daily" is X's)?
    Then it is no drug's detail."""
    if entity.label not in ("FREQUENCY", "SCHEDULE", "DURATION"):
        return False
    begin = max(0, entity.start - 200)
    m = _FOLLOW_UP_RE.search(text, begin, entity.start)
    return m is not None and not any(m.start() <= s < entity.start for s in drug_starts)


_TOLERANCE_BEFORE_RE = re.compile(r"(?:±|\+\s*(?:/\s*)?-)\s*$")


def _is_tolerance(text: str, entity: Entity) -> bool:
    """A DURATION after "±", "+/-" or "+ -" is how far a day may move ("on day 1 of each cycle +/- 3
    days"), not how long a drug is given."""
    return entity.label == "DURATION" and _TOLERANCE_BEFORE_RE.search(text, max(0, entity.start - 40), entity.start) is not None


_APART_AFTER_RE = re.compile(r"\s*apart\b", re.I)
_WASHOUT_BEFORE_RE = re.compile(r"\bwash[- ]?out(?:\s+(?:period|phase|interval))?(?:\s+(?:of|for|lasting))?\s*$", re.I)


def _is_spacing(text: str, entity: Entity) -> bool:
    """A DURATION followed by "apart" ("two doses given 2 to 6 months apart") spaces the doses, no
    length of treatment."""
    return entity.label == "DURATION" and _APART_AFTER_RE.match(text, entity.end) is not None


_REST_AFTER_RE = re.compile(r"\s*(?:of\s+)?(?:rest|off|break)\b", re.I)


def _is_rest(text: str, entity: Entity) -> bool:
    """A DURATION of rest ("weekly x3, with one week off", "2 weeks of rest") is time without the
    drug, no length of it."""
    return entity.label == "DURATION" and _REST_AFTER_RE.match(text, entity.end) is not None


def _is_washout(text: str, entity: Entity) -> bool:
    """A DURATION of a washout ("After a washout period of two weeks") is the time between two
    treatments, no drug's length."""
    return entity.label == "DURATION" and _WASHOUT_BEFORE_RE.search(text, max(0, entity.start - 40), entity.start) is not None


_EXCEPT_BEFORE_RE = re.compile(r"\b(?:except|excluding|other\s+than|apart\s+from)\s+(?:(?:on|for|during)\s+)?$", re.I)


#: What a trial measures over a stated time: "6-month progression-free survival", "1-year overall
#: survival", "2-year OS rate", "12-week response rate".
_ENDPOINT_AFTER_RE = re.compile(
    r"[\s-]*(?:(?:progression|disease|event|relapse|recurrence|failure|metastasis|leukemia)[- ]free\s+|overall\s+)?"
    r"(?:survival|PFS|OS|DFS|EFS|RFS|(?:objective\s+)?(?:response|remission|mortality|recurrence|relapse|control)\s+rates?)\b",
    re.I,
)


#: ... or a result, written after a median or an endpoint: "(median overall survival 6.24 vs 5.91
#: months)", "a median PFS of 4 months", "time to progression was 3.5 months".
_RESULT_BEFORE_RE = re.compile(
    r"\b(?:median|mean|survival|PFS|OS|DFS|EFS|RFS|TTP|time\s+to\s+(?:progression|failure|recurrence|relapse|response))\b"
    r"(?:[^.;:()]|\.\d)*$",
    re.I,
)


def _is_endpoint(text: str, entity: Entity) -> bool:
    """A DURATION right before a survival or a rate ("as measured by 6-month progression-free
    survival") is the time an endpoint is measured at, and one a median or an endpoint names
    ("median overall survival 6.24 vs 5.91 months") is a result: no drug's length either."""
    return entity.label == "DURATION" and (
        _ENDPOINT_AFTER_RE.match(text, entity.end) is not None
        or _RESULT_BEFORE_RE.search(text, max(0, entity.start - 40), entity.start) is not None
    )


def _is_excepted(text: str, entity: Entity) -> bool:
    """Days written after "except" ("daily (except days 1-3 each month)") are days the drug is not
    given."""
    return entity.label == "SCHEDULE" and _EXCEPT_BEFORE_RE.search(text, max(0, entity.start - 30), entity.start) is not None


def _is_radiotherapy_detail(text: str, entity: Entity) -> bool:
    """A frequency written right before a radiotherapy word is the radiotherapy's: "administered 3-4
    hours prior to daily radiotherapy", "followed by daily RT". Not days, which end the drug's
    details in a list ("Fludarabin 30 mg/m² day -6 to -3 TBI 2x2 Gy day -3 to -2")."""
    return entity.label == "FREQUENCY" and _RADIOTHERAPY_AFTER_RE.match(text, entity.end) is not None


def _is_detail(text: str, entity: Entity, drug_starts: list[int]) -> bool:
    """A modifier that may be a drug's: not a time offset ("4 weeks later"), a tolerance ("± 3
    days"), a washout or a rest ("1 week off"), a spacing of doses ("2 to 6 months apart"), an
    endpoint's time ("6-month survival"), the time a recovery must hold ("until blood counts have
    recovered for 2 days"), days excepted, a radiotherapy's frequency ("prior to daily
    radiotherapy") nor a follow-up's."""
    return (
        _is_modifier(entity)
        and not _is_excepted(text, entity)
        and not _is_radiotherapy_detail(text, entity)
        and not _is_time_offset(text, entity)
        and not _is_tolerance(text, entity)
        and not _is_washout(text, entity)
        and not _is_rest(text, entity)
        and not _is_spacing(text, entity)
        and not _is_endpoint(text, entity)
        and not _is_recovery_time(text, entity)
        and not _is_follow_up(text, entity, drug_starts)
    )


#: Modifiers per head, keyed by the head's offsets.
Links = dict[tuple[int, int], list[Entity]]

#: A radiotherapy named in a regimen's text: it is given with its own days and frequency ("and
#: radiotherapy 5 days a week for 6 weeks", "TBI 2x2 Gy day -3 to -2"), which are no drug's.
_RADIOTHERAPY_RE = re.compile(
    r"\b(?:radiotherapy|radiation(?:\s+therapy)?|irradiation|chemoradiation|chemoradiotherapy"
    r"|brachytherapy|(?:RT|XRT|IMRT|TBI|TLI|SBRT|SRS)(?!-))\b",  # not "RT-PCR"
)
_RADIOTHERAPY_AFTER_RE = re.compile(r"[ \t]*(?:\n[ \t]*)?(?:(?:fractionated|external[- ]beam|thoracic|pelvic|cranial|whole[- ]brain)\s+)?" + _RADIOTHERAPY_RE.pattern)
#: Words before a radiotherapy that make it the drug's time frame or an event, not a treatment of
#: its own: "daily during radiotherapy for 6 weeks", "concurrently with pelvic field radiotherapy on
#: days 1, 8, ...", "beginning 28 days after RT", "on days when radiotherapy is given".
_FRAME_WORDS = r"during|after|before|following|prior\s+to|until|of|from|post|when|throughout"
_RADIOTHERAPY_FRAME_RE = re.compile(rf"\b(?:{_FRAME_WORDS}|with)\s+(?:[\w-]+\s+){{0,3}}$", re.I)
_RADIOTHERAPY = "RADIOTHERAPY"
_PLACEBO = "PLACEBO"
#: A stem cell or marrow infusion or transplant named in a regimen's text is given on its own day:
#: days written right after it are no drug's ("DOX, CTX, and TAX IV on day 1, with PBSC infused on
#: day 3", "G-CSF-mobilized PBSC on day 0", "PBPCs are reinfused on day 0 and G-CSF is given daily").
#: Only days: a frequency or a dose after it may be a drug's ("Autologous blood stem cell supported
#: multicycle therapy (x3, monthly) with cytarabine").
_TRANSPLANT_RE = re.compile(
    r"\b(?:PBSCs?|PBPCs?|HSCT|ASCT|(?:peripheral\s+blood\s+)?(?:hematopoietic\s+|haematopoietic\s+)?(?:stem|progenitor)[- ]cells?"
    r"(?:\s+(?:transplant(?:ation)?|infusion|rescue|reinfusion|support))?"
    r"|bone\s+marrow\s+(?:transplant(?:ation)?|infusion|reinfusion|rescue)|BMT|transplant(?:ation)?)\b",
    re.I,
)
#: Words before a transplant that make it the drug's time frame ("on days -3 and -2 before
#: transplantation"); not "with", which joins a treatment of its own ("with PBSC infused on day 3").
_TRANSPLANT_FRAME_RE = re.compile(rf"\b(?:{_FRAME_WORDS}|for)\s+(?:[\w-]+\s+){{0,3}}$", re.I)


#: A placebo given besides the drugs with a dose or a route of its own, which takes the details
#: written after it ("paclitaxel and carboplatin ... for a maximum of 6 cycles and placebo 125mg QD
#: orally", "fluorouracil as in arm I and placebo intranasally three times daily"); not one offered
#: instead of a drug ("tamoxifen or a placebo once daily"), nor a dummy given with the drug ("oral
#: tamoxifen plus placebo daily for 5 years"): the details are both's.
_ADDED_PLACEBO_RE = re.compile(
    r"\b(?:and|plus|with)\s+(?:(?:a|the|matching|matched)\s+)*(?P<head>placebos?)"
    r"(?=\s*(?:\(\s*)?\d|\s+(?:orally|by\s+mouth|PO|IV|intravenously|SC|subcutaneously|IM|intramuscularly|intranasally|topically|inhaled)\b)",
    re.I,
)


def _other_heads(text: str, ents: list[Entity]) -> list[Entity]:
    """Radiotherapy words, radiation doses and added placebos, as heads that take the details after
    them and give no regimen."""
    heads = [
        Entity(m.start(), m.end(), _RADIOTHERAPY, m.group(0)) for m in _RADIOTHERAPY_RE.finditer(text)
        if not _RADIOTHERAPY_FRAME_RE.search(text, max(0, m.start() - 50), m.start())
    ]
    heads += [Entity(m.start("head"), m.end("head"), _PLACEBO, m.group("head")) for m in _ADDED_PLACEBO_RE.finditer(text)]
    heads += [Entity(e.start, e.end, _RADIOTHERAPY, e.text) for e in ents if is_radiation_dose(e)]
    taken = [(e.start, e.end) for e in ents if e.label == "DRUG"]
    return [h for h in heads if not any(s < h.end and h.start < e for s, e in taken)]


def link_modifiers(text: str, entities: list[Entity]) -> Links:
    """The modifiers of each drug of ``text`` (rules 1-5 of the module docstring), keyed by drug offsets."""
    return _link(text, entities)[0]


def _link(text: str, entities: list[Entity]) -> tuple[Links, Links, set[tuple[int, int]]]:
    """:func:`link_modifiers`, the modifiers each radiotherapy or added placebo took (no drug's, and
    no intervention's either) keyed by its offsets, and the drugs a time is counted from
    (:func:`_anchors`)."""
    ents = sorted(entities, key=lambda e: (e.start, e.end))
    others = _other_heads(text, ents)
    named = _without_aliases(text, [e for e in ents if e.label == "DRUG"])
    anchors = _anchors(text, named, ents)
    drugs = sorted([d for d in named if d.key not in anchors] + others, key=lambda e: e.start)
    mods = [e for e in ents if _is_detail(text, e, [d.start for d in drugs])]
    clauses = clause_bounds(text, _colon_items(text, drugs))
    per_clause: list[tuple[list[Entity], list[Entity]]] = [([], []) for _ in clauses]
    for e in drugs + mods:
        i = _clause_of(clauses, e.start)
        if i is not None:
            per_clause[i][0 if e.label in ("DRUG", _RADIOTHERAPY, _PLACEBO) else 1].append(e)
    links = _Links({})
    repeat_from = 0  # first clause whose drugs a "Courses repeat" clause may reach
    for i, (clause, (cdrugs, cmods)) in enumerate(zip(clauses, per_clause)):
        cdrugs.sort(key=lambda e: e.start)
        cmods.sort(key=lambda e: e.start)
        scope = [j for j in range(i) if clauses[j].scope == clause.scope]
        previous = [d for j in scope for d in per_clause[j][0]]
        named: set[str] | None = None  # the drugs a repeat clause names, which alone it repeats
        if _names_what_repeats(text, clause, cdrugs, cmods, previous):
            # "Treatment with paclitaxel and carboplatin repeats every 3 weeks": the drugs named are
            # those given before, and the clause repeats them as a clause without a drug would.
            named, cdrugs = {_drug_name(d) for d in cdrugs}, []
        orphans = _attach_in_clause(text, cdrugs, cmods, links)
        _share_same_day(text, clauses, per_clause, i, links)
        if not orphans:
            continue
        starts_with_detail = _CONTINUATION_GAP_RE.match(text[clause.start : orphans[0].start]) and orphans[0].label in ("DOSE", "ROUTE")
        if cdrugs:
            # Details before every drug of the clause: they continue the drug before when the clause
            # opens with them ("..., followed by 2 mg/kg IV weekly and paclitaxel ..."), else they
            # are the next drug's ("On day 1, cisplatin ...").
            target = previous[-1] if starts_with_detail and previous else cdrugs[0]
            first = target is cdrugs[0]
            if first and _states_own(orphans, target, links):
                continue
            # A drug's dose before a radiotherapy named later ("140 mg/m2 by vein on Day -2 for
            # patients ... who cannot receive Total Body Irradiation") is no detail of it.
            if first and target.label == _RADIOTHERAPY and any(m.label == "DOSE" for m in orphans):
                continue
            if first:
                _share_leading_cycles(text, cdrugs, orphans, cmods, links)
                for mod in orphans:
                    # "Each cycle lasts 21 days and is characterized by pulses of Etoposide (Days
                    # 0-2), Doxorubicin (Day 0), ...": the cycle of every drug of the clause.
                    if _states_cycle(mod):
                        for drug in cdrugs[1:]:
                            if "cycle" not in links.kinds(drug):
                                links.add(drug, mod)
            for mod in orphans:
                # A duration before the drug is rarely its own ("After the assay (approximately 7
                # days), patients receive paclitaxel"), unless the clause continues the drug before;
                # nor is a detail of a step before the drug ("surgery on day 63, followed 4-6 weeks
                # later by leucovorin").
                if first and (
                    (mod.label == "DURATION" and not _DURATION_OF_RE.fullmatch(text, mod.end, target.start))
                    or _SEQUENCE_GAP_RE.search(text, mod.end, target.start)
                ):
                    continue
                links.add(target, mod)
        elif (
            (repeats := _REPEAT_RE.search(text, clause.start, clause.end)) or any(_states_cycle(m) for m in orphans)
        ) and not _REPEATED_TEST_RE.search(text, clause.start, clause.end):
            reach = [d for j in scope if j >= repeat_from for d in per_clause[j][0]]
            if not reach:  # "In all arms, courses repeat every 21 days" in a paragraph of its own
                reach = [d for j in range(repeat_from, i) if clauses[j].section == clause.section for d in per_clause[j][0]]
            if named is not None:  # the last mention of each drug named ("Treatment with fludarabine repeats ...")
                reach = list({_drug_name(d): d for d in previous if _drug_name(d) in named}.values())
            else:
                reach = _since_phase(text, clause, repeats, reach)
            # A stated cycle ("Each cycle lasts 3 weeks: 5 days of chemotherapy ...") gives its
            # length and count only.
            shared = SHARED_KINDS if repeats else COMBINATION_KINDS
            for mod in orphans:
                kind = modifier_kind(mod)
                if kind == "duration" and not _extends_repeat(text, mod, orphans):
                    continue
                for drug in reach if kind in shared else []:
                    if kind not in links.kinds(drug) or (kind == "cycle" and _repeats_longer(mod, links.by_drug[drug.key], clause.start)):
                        links.add(drug, mod)
            if named is None:  # a repeat of some drugs leaves the others to a later "Treatment repeats"
                repeat_from = i + 1
        elif starts_with_detail and previous:
            for mod in orphans:
                links.add(previous[-1], mod)
    _drop_transplant_days(text, clauses, drugs, links)
    heads = {h.key for h in others}
    radiation = {key: mods for key, mods in links.by_drug.items() if key in heads}
    return {key: mods for key, mods in links.by_drug.items() if key not in heads}, radiation, anchors


def _drop_transplant_days(text: str, clauses: list[Clause], heads: list[Entity], links: _Links) -> None:
    """Unlink the days whose nearest mention before them, in their clause, is a transplant or a
    stem cell infusion (:data:`_TRANSPLANT_RE`) rather than a drug: they are its day."""
    transplants = [
        Entity(m.start(), m.end(), "TRANSPLANT", m.group(0)) for m in _TRANSPLANT_RE.finditer(text)
        if not _TRANSPLANT_FRAME_RE.search(text, max(0, m.start() - 50), m.start())
        and not any(h.start < m.end() and m.start() < h.end for h in heads)
    ]
    if not transplants:
        return
    mentions = sorted(heads + transplants, key=lambda e: e.end)
    ends = [e.end for e in mentions]

    def transplant_day(mod: Entity) -> bool:
        if modifier_kind(mod) != "days":
            return False
        i = bisect_right(ends, mod.start)  # the mentions that end before the days
        nearest = mentions[i - 1] if i else None
        return nearest is not None and nearest.label == "TRANSPLANT" and _clause_of(clauses, nearest.start) == _clause_of(clauses, mod.start)

    for key, mods in links.by_drug.items():
        links.by_drug[key] = [m for m in mods if not transplant_day(m)]


def _share_same_day(text: str, clauses: list[Clause], per_clause: list[tuple[list[Entity], list[Entity]]], i: int, links: _Links) -> None:
    """Infusions given one after the other on the same days: "paclitaxel IV over 3 hours followed
    by carboplatin IV over 1 hour on day 1", "leucovorin IV followed by fluorouracil IV followed by
    irinotecan IV on days 1, 8, 15, and 22". The days that close clause ``i`` right after its first
    drug are also those of the drugs that end the clauses before it, back over each "followed
    by"/"then" (with only routes and infusion details after them, and a clause passed over holding
    nothing before its drug), that state no days, frequency, cycle or length of their own."""
    drugs, mods = per_clause[i]
    if not drugs:
        return
    first = drugs[0]
    days = next((m for m in links.by_drug.get(first.key, []) if modifier_kind(m) == "days"), None)
    if days is None or any(d.start < days.start for d in drugs[1:]) or not _days_close_list(text, first, days, mods):
        return
    k = i
    while k > 0 and clauses[k - 1].scope == clauses[k].scope and SEQUENCE_RE.fullmatch(text, clauses[k - 1].end, clauses[k].start):
        drugs_before, mods_before = per_clause[k - 1]
        if not drugs_before:
            return
        last = drugs_before[-1]
        # Its dose says nothing of the days ("paclitaxel 175 mg/m2 IV over 3 hours followed by ...").
        if _plain_gap(text, last.end, clauses[k - 1].end, mods_before, doses_too=True).strip(" \t\n,"):
            return
        for drug in [last, *_listed_before(text, drugs_before, last, mods_before)]:
            if not links.kinds(drug) & {"days", "frequency", "cycle"} and not any(_is_treatment_length(m) for m in links.by_drug.get(drug.key, [])):
                links.add(drug, days)
        if days not in links.by_drug.get(last.key, []) or text[clauses[k - 1].start : drugs_before[0].start].strip():
            return
        k -= 1


def _share_leading_cycles(text: str, drugs: list[Entity], leading: list[Entity], mods: list[Entity], links: _Links) -> None:
    """Cycles written before every drug of a clause and joined to the first by "of" ("Two 21-day
    cycles of pemetrexed (500 mg/m2 IV) and carboplatin (AUC 5 IV)", "2 courses of
    etoposide/mitoxantrone with PSC-833", "3 21-day cycles of CHOP (cyclophosphamide 750 mg/m^2,
    ...) + Rituximab") are each drug's of the list the first drug opens, and of the later mentions
    of those drugs in the clause ("cycles of docetaxel and capecitabine, as follows: docetaxel ...
    on day 1"), that state none of their own; not of a drug after the list ("4 courses of
    anthracycline/cyclophosphamide and concurrent vs. sequential tamoxifen")."""
    listed = [drugs[0]]
    for left, right in zip(drugs, drugs[1:]):
        gap = _without_entities(text, left.end, right.start, mods)
        if not _COURSE_LIST_JOIN_RE.fullmatch(_BRACKETED_RE.sub(" ", gap)):
            break
        listed.append(right)
    names = {_drug_name(d) for d in listed}
    listed += [d for d in drugs[len(listed) :] if _drug_name(d) in names]
    for mod in leading:
        kind = modifier_kind(mod)
        if kind in COMBINATION_KINDS and re.fullmatch(r"\s*of\s+", text[mod.end : drugs[0].start]):
            for drug in listed[1:]:
                if kind not in links.kinds(drug):
                    links.add(drug, mod)


def _without_entities(text: str, start: int, end: int, entities: list[Entity]) -> str:
    """``text[start:end]`` without the entities that lie inside it."""
    parts, pos = [], start
    for e in sorted(entities, key=lambda e: e.start):
        if pos <= e.start and e.end <= end:
            parts.append(text[pos : e.start])
            pos = e.end
    parts.append(text[pos:end])
    return " ".join(parts)


#: What joins the drugs of one course once their details and bracketed words are out: "A (...) and
#: B", "A/B with C", "A, B, and C", "CHOP (cyclophosphamide ..., doxorubicin ...) + rituximab".
_COURSE_LIST_JOIN_RE = re.compile(r"[\s,/()\[\]+]*(?:(?:and|or|plus|with|&)[\s(\[]*)?", re.I)
_BRACKETED_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


#: A step of a sequence between a detail and the drug after it: the detail is the step before's
#: ("surgery on day 63, followed 4-6 weeks later by leucovorin").
_SEQUENCE_GAP_RE = re.compile(r"\b(?:followed|then|later|thereafter|subsequently)\b", re.I)
#: Details a drug has one of: a second one written before the drug is another drug's.
_CONFLICT_KINDS = frozenset({"dose", "route", "days"})


#: A length written right before its drug with "of": "five years of tamoxifen", "2 years of adjuvant
#: imatinib".
_DURATION_OF_RE = re.compile(r"\s+of\s+(?:(?:adjuvant|oral|daily|maintenance|continuous|single[- ]agent)\s+)?", re.I)


def _states_own(leading: list[Entity], drug: Entity, links: _Links) -> bool:
    """Does ``drug`` state itself, after its name, a detail of a kind that the details written before
    every drug of its clause also give? Then those are another drug's, one the pipeline did not tag
    ("HD-ARA-C IV over 3 hours on days 1-5 and CMA-676 IV over 2 hours on day 7": no days 1-5 for
    CMA-676), and none of them is the drug's."""
    own = links.kinds(drug) & _CONFLICT_KINDS
    return any(modifier_kind(m) in own for m in leading)


def _names_what_repeats(text: str, clause: Clause, drugs: list[Entity], mods: list[Entity], previous: list[Entity]) -> bool:
    """Does a clause that says the treatment repeats name only drugs given before in its scope, with
    no detail but how it repeats ("Treatment with paclitaxel and carboplatin may repeat every 3 weeks
    for up to 2 courses")?"""
    if not drugs or not _REPEAT_RE.search(text, clause.start, clause.end) or _REPEATED_TEST_RE.search(text, clause.start, clause.end):
        return False
    given = {_drug_name(d) for d in previous}
    # The drugs come first and the repeat after them: not "Paclitaxel repeats every 3 weeks ... and
    # trastuzumab repeats weekly", nor "Treatment repeats every 21 days (topotecan for 4 courses only)".
    first_detail = min((m.start for m in mods), default=clause.end)
    # ... and it says for how long: "Maintenance cetuximab repeats weekly" alone is that mention's
    # frequency inside a course another clause repeats.
    kinds = {modifier_kind(m) for m in mods}
    return (
        all(_drug_name(d) in given and d.end <= first_detail for d in drugs)
        and kinds <= SHARED_KINDS
        and bool(kinds & {"cycles", "duration"})
    )


#: What tells, between a repeat and a duration, that the duration is another thing's time: another
#: subject ("and patients will be hospitalized for about one week"), a stay or a follow-up, a
#: radiotherapy ("... of radiation therapy given 5 days a week for 5 weeks").
_OTHER_TIME_GAP_RE = re.compile(
    r"\b(?:(?:and|but|while|whereas)\s+(?:the\s+)?(?:patients?|participants?|subjects?|they)"
    r"|hospitali[sz]ed|admitted|observed|followed|monitored|stays?|remain)\b",
    re.I,
)


_RADIOTHERAPY_GIVEN_RE = re.compile(_RADIOTHERAPY_RE.pattern + r"(?:\s+therapy)?\s+(?:(?:is|are)\s+)?(?:given|administered|delivered)\s*$")


def _extends_repeat(text: str, duration: Entity, mods: list[Entity]) -> bool:
    """Does a duration of a repeat clause say how long the repeats go on ("repeats every 28 days for
    up to 1 year", "every 28 days in the absence of disease progression for a maximum of 1 year",
    "for 17 courses (approximately 2 years)")? Not a time of something else the clause tells
    ("Treatment is given every six weeks and patients will be hospitalized for about one week"),
    nor the cycle said again ("every 6 weeks (42 days)")."""
    before = [m for m in mods if m.end <= duration.start and modifier_kind(m) in ("cycle", "cycles", "frequency")]
    if not before:
        return False
    gap = text[before[-1].end : duration.start]
    # ... nor a radiotherapy's frequency and length ("of radiation therapy given 5 days a week for 5 weeks").
    radiotherapy = _RADIOTHERAPY_RE.search(gap) or _RADIOTHERAPY_GIVEN_RE.search(text, max(0, before[-1].start - 40), before[-1].start)
    if _OTHER_TIME_GAP_RE.search(gap) or radiotherapy:
        return False
    if re.fullmatch(r"\s*\(\s*", gap) and modifier_kind(before[-1]) == "cycle":
        return _days_of(duration) != parse_frequency(before[-1].norm or "").interval_days
    return True


def _states_cycle(mod: Entity) -> bool:
    """Is ``mod`` a sentence's statement of the cycle's length ("Each cycle lasts 21 days", "A
    treatment cycle will be 4 weeks"), which is every drug's of its clause, as a repeat is?"""
    return mod.label == "SCHEDULE" and (mod.norm or "").lower() == "stated cycle"


def _since_phase(text: str, clause: Clause, repeat: re.Match[str] | None, reach: list[Entity]) -> list[Entity]:
    """The drugs of ``reach`` a repeat clause that names a phase repeats: those after the phase was
    last named before the clause ("proceed to retrieval chemo: cyclophosphamide and topotecan on
    days 1-5. Treatment with retrieval chemotherapy repeats every 21 days": not the initial
    chemotherapy's drugs). All of them when the clause names none, or the text named it nowhere
    before. ``repeat`` is the clause's repeat wording, None for a stated cycle."""
    phase = _PHASE_RE.search(text, clause.start, repeat.start()) if repeat else None
    if phase is None or not reach:
        return reach
    # The phase named since another phase was last named, at its first mention: "Arms I and II:
    # Patients receive induction comprising ... Arms III and IV: Patients receive induction
    # comprising ... Induction for arms I-IV continues every 4 weeks" repeats both arms' drugs.
    word = phase.group(0).lower()
    first = None
    for m in reversed(list(_PHASE_RE.finditer(text, 0, clause.start))):
        if m.group(0).lower() != word:
            break
        first = m.start()
    if first is None:
        return reach
    since = [d for d in reach if d.start > first]
    return since or reach


def _drug_name(drug: Entity) -> str:
    """The name mentions of one drug share: its normalized name, else its text lower-cased."""
    return drug.norm or drug.text.lower()


def _repeats_longer(repeat: Entity, mods: list[Entity], clause_start: int) -> bool:
    """Whether a "Courses repeat every N" frequency is longer than every week-or-longer frequency a
    drug states itself before the clause: "irinotecan weekly for 4 weeks ... Treatment is repeated
    every six weeks" is weekly within a 42-day cycle, not a 7-day cycle. ("repeats every 21 days
    OR every 28 days" are alternatives: the first taken, the second is not longer than the drug's.)"""
    before = [m for m in mods if m.end <= clause_start]
    own = [parse_frequency(m.norm or "").interval_days or 0 for m in before if modifier_kind(m) == "cycle"]
    every = parse_frequency(repeat.norm or "").interval_days or 0
    if not own or every <= max(own):
        return False
    # Only when the drug's own frequency cannot be its cycle: it is given for longer, but within
    # the repeat ("weekly for 4 weeks" or "weekly on days 1, 8 and 15" in a 6-week or 3-week
    # course). "doxorubicin once every 3 weeks for 4 courses" and "days 1-4 every 2 weeks" keep
    # their cycle when a later "repeats every ..." closes another part of the text.
    lengths = [d for d in (_days_of(m) for m in before if _is_treatment_length(m)) if d]
    days = [max(parse_days(m.text), default=0) for m in before if modifier_kind(m) == "days"]
    return any(max(own) < d <= every for d in lengths + days)


def regimen_relations(text: str, entities: list[Entity]) -> list[Relation]:
    """HAS_DOSE / HAS_ROUTE / HAS_FREQUENCY / HAS_SCHEDULE / HAS_DURATION relations from each DRUG."""
    by_key = {e.key: e for e in entities}
    out = []
    for key, mods in link_modifiers(text, entities).items():
        for mod in mods:
            out.append(Relation(head=by_key[key], tail=mod, label=RELATION_OF[mod.label]))
    out.sort(key=lambda r: (r.head.start, r.tail.start))
    return out


# --- option groups ---------------------------------------------------------------------------------

_LIST_GAP_RE = re.compile(r"^[\s)\]]*(?:(?P<sep>,(?:\s*(?:or|and/or)\b)?|\bor\b|/|\band/or\b)[\s(\[]*|[(\[][\s(\[]*)?$", re.I)
_CHOICE_RE = re.compile(r"\b(?:choice|either|one\s+of|options?)\b[^.;]{0,60}$", re.I)


def option_lists(text: str, drugs: list[Entity], extent_end: dict[tuple[int, int], int]) -> list[list[Entity]]:
    """Drugs listed as alternatives: "topotecan, gemcitabine, pemetrexed, or docetaxel", "X or Y",
    and a comma list after "choice of" / "either" / "one of".

    Consecutive drugs are listed when only a list separator lies between the end of one drug's
    details (``extent_end``) and the next drug; a list is a set of options when a separator is "or",
    or the words before a comma list offer a choice. "and" ends a list ("X, Y and Z" is a
    combination), and a slash alone makes none: "vincristine/doxorubicin/ifosfamide" is a regimen.
    """
    ordered = sorted(drugs, key=lambda d: d.start)
    groups: list[list[Entity]] = []
    run: list[Entity] = []
    alternative = slashed = False

    def close() -> None:
        nonlocal run, alternative, slashed
        offered = not slashed and _CHOICE_RE.search(text[max(0, run[0].start - 80) : run[0].start]) if run else None
        if len(run) > 1 and (alternative or offered):
            groups.append(run)
        run, alternative, slashed = [], False, False

    for drug in ordered:
        if run:
            gap = text[extent_end.get(run[-1].key, run[-1].end) : drug.start]
            m = _LIST_GAP_RE.match(gap)
            sep = (m.group("sep") or "").lower() if m else ""
            if m is None or (not sep and gap.strip(" ()[]")):
                close()
            elif re.search(r"\bor\b", sep) and "and/or" not in sep:
                alternative = True
            elif sep.strip() == "/":
                slashed = True
        run.append(drug)
    close()
    return groups


# --- regimens --------------------------------------------------------------------------------------

#: Intervention types whose name is the drug an unattached dose or route belongs to.
DRUG_TYPES = frozenset({"DRUG", "BIOLOGICAL", "COMBINATION_PRODUCT", "DIETARY_SUPPLEMENT", "GENETIC"})
#: A drug's normalized name and vocabulary id.
DrugId = tuple[str | None, str | None]
#: Words that make an intervention name a description, not an agent ("Chemotherapy", "Standard of care").
_GENERIC_NAME_WORDS = frozenset(
    "chemotherapy therapy treatment standard of care drug drugs regimen arm control study investigational "
    "product combination the and best supportive physician's investigator's choice usual placebo "
    "medication medications treatments agent agents".split()
)
_REGIMEN_FIELDS_RE = re.compile(r"^(?:arms\[\d+\]\.description|interventions\[\d+\]\.description|brief_summary|detailed_description)$")
#: A description that tells the study's treatment in the past tense: "Participants received
#: capecitabine 1250 mg/m2 orally twice a day" (results-era records), "early atherosclerosis cases,
#: received 20mg lutein, once a day", whose "received" reads as history to the context rules; not
#: "patients who received prior cisplatin".
_NARRATED_RECEIPT_RE = re.compile(
    r"\b(?:participants|patients|subjects|volunteers|children|adults|women|men|infants|they|cases|controls|group|arm|cohort)"
    r",?\s+(?:(?:in|of)\s+(?:this|each|both|the)\s+(?:arm|group|cohort)\s+)?"
    # ... of a group a condition defines: "Participants with a rash graded less than 2 according to ... received erlotinib".
    r"(?:with\s+(?P<group>(?:(?!\.\s+[A-Z])[^;]){1,200}?)\s+)?"
    r"(?:(?:will\s+have\s+)?received|were\s+given|were\s+administered|were\s+treated\s+with)\s+(?P<between>[^.;]*)$",
    re.I,
)
_HISTORY_WORDS_RE = re.compile(r"\b(?:prior|previous(?:ly)?|history|before|past|earlier|last|who|had)\b", re.I)


def _narrated(text: str, drug: Entity) -> bool:
    """Is a drug that the context rules call historical given in a description's past-tense account
    of the study (:data:`_NARRATED_RECEIPT_RE`), with no other word of history before it?"""
    m = _NARRATED_RECEIPT_RE.search(text, max(0, drug.start - 300), drug.start)
    return m is not None and not _HISTORY_WORDS_RE.search(m.group("between")) and not _HISTORY_WORDS_RE.search(m.group("group") or "")


def _skipped(text: str, drug: Entity) -> bool:
    """Does a mention give no regimen: negated ("no cisplatin"), or historical ("prior cisplatin")
    unless it is the study's own treatment told in the past tense?"""
    if drug.context.get("negated"):
        return True
    return bool(drug.context.get("historical")) and not _narrated(text, drug)


def _is_agent_name(name: str) -> bool:
    words = re.findall(r"[\w'-]+", name.lower())
    return 3 <= len(name) <= 60 and bool(words) and not all(w in _GENERIC_NAME_WORDS for w in words)


def _name_matches(drug: Entity, names: Iterable[str]) -> bool:
    """Does the drug (as written or normalized) name one of ``names``, or a name contain it as a word?"""
    forms = {f.lower() for f in (drug.text, drug.norm) if f}
    for name in names:
        n = name.lower().strip()
        if not n:
            continue
        for f in forms:
            if f == n or re.search(rf"(?<!\w){re.escape(f)}(?!\w)", n) or (len(n) >= 4 and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", f)):
                return True
    return False


#: What an intervention name may add to the code that names the agent: "LMB-7 immunotoxin",
#: "gp100 antigen", "GM2-KLH vaccine", "Ad5CMV-p53 gene".
_CODE_CLASS_WORDS = frozenset({"immunotoxin", "vaccine", "antigen", "peptide", "gene", "conjugate"})


def _intervention_names(iv: Intervention) -> list[str]:
    """An intervention's name and other names, and the code its name starts with when the rest only
    says what kind of agent it is: records write "LMB-7" for their "LMB-7 immunotoxin"."""
    words = iv.name.split()
    head = [words[0]] if len(words) > 1 and _CODE_NAME_RE.fullmatch(words[0]) and all(w.lower() in _CODE_CLASS_WORDS for w in words[1:]) else []
    return [iv.name, *iv.other_names, *head]


#: A title that names what the study gives: "E7070 in Treating Patients With Solid Tumors",
#: "Cytarabine and UCN-01 in Treating ...".
_TITLE_TREATS_RE = re.compile(r"\s+(?:in|for)\s+(?:Treating|Preventing|Reducing|Relieving|Managing)\b", re.I)
_TITLE_JOIN_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|plus|with|or|alone|compared\s+with|followed\s+by|combined\s+with)\s+", re.I)
#: A code name: one word with letters and digits ("E7070", "UCN-01", "3-AP", "COL-3").
_CODE_NAME_RE = re.compile(r"(?=\S*\d)(?=\S*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
#: A cooperative group's protocol number in a title ("S9623", "SWOG-9346", "CALGB-9741").
_PROTOCOL_NUMBER_RE = re.compile(r"(?:S|SWOG|CALGB|NSABP|RTOG|GOG|COG|CCG|POG|NCCTG|ECOG|EORTC|NCIC|JCOG|NWTS|IRS)-?\d+[A-Z]?", re.I)


def title_code_names(title: str | None) -> list[str]:
    """The code names a "<drugs> in Treating Patients With ..." title gives its study's agents
    ("E7070", "UCN-01", "COL-3"), which no vocabulary has; not protocol numbers ("S9623")."""
    m = _TITLE_TREATS_RE.search(title or "")
    if m is None:
        return []
    parts = (p.strip(" ()") for p in _TITLE_JOIN_RE.split(title[: m.start()]))  # type: ignore[index]
    return [p for p in parts if 3 <= len(p) <= 30 and _CODE_NAME_RE.fullmatch(p) and not _PROTOCOL_NUMBER_RE.fullmatch(p)]


def _name_mentions(
    text: str, entities: list[Entity], interventions: list[Intervention], known: dict[str, DrugId], titled: Iterable[str] = ()
) -> list[Entity]:
    """Drug-type intervention names written in ``text`` that the pipeline did not tag ("KRN5500",
    "SYS6002"), and the code names of the title (:func:`title_code_names`): the record says they
    are the study's drugs. They head regimens like DRUG spans."""
    taken = [(e.start, e.end) for e in entities]
    found: list[Entity] = []
    names = [n for iv in interventions if (iv.type or "DRUG") in DRUG_TYPES for n in _intervention_names(iv)]
    for name in [*names, *titled]:
        if not _is_agent_name(name) or _PLACEBO_RE.search(name):
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            norm, code = known.get(m.group(0).lower(), (None, None))
            found.append(Entity(m.start(), m.end(), "DRUG", m.group(0), norm=norm, code=code))
            taken.append((m.start(), m.end()))
    return found


#: A dose span that lists amounts offered as alternatives: "200 or 400 mg", "1 or 10 million
#: Units", "10, 15, 20 or 25 mg/m2" (the parser reads them as a range).
_DOSE_OPTIONS_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)((?:\s*,\s*\d+(?:\.\d+)?)*)(?:\s*,)?\s+or\s+(\d+(?:\.\d+)?)\b(?![ \t]*[-–])")


#: Amounts listed before such a span, which the span pattern leaves out: "(1600, " of "(1600, 1700
#: or 1800 mg/m2", "qwk, 10, 15, " of "qwk, 10, 15, 20 or 25 mg/m2"; not days ("on days 1, 8, ").
_LISTED_AMOUNTS_BEFORE_RE = re.compile(r"(?<![\d.])((?:\d+(?:\.\d+)?\s*,\s*)+)$")
_TIME_WORD_BEFORE_RE = re.compile(r"\b(?:days?|d|weeks?|wks?|cycles?|courses?|hours?|hrs?|h)\s*$", re.I)


def _dose_options(entity: Entity, text: str) -> list[Entity]:
    """The doses ``entity`` offers as alternatives, one entity each with its own amount; empty when
    it names one dose or a range ("200-300 mg")."""
    m = _DOSE_OPTIONS_RE.match(entity.text)
    v = entity.value or {}
    if m is None or v.get("low") is None:
        return []
    amounts = [float(m.group(1)), *(float(n) for n in re.findall(r"\d+(?:\.\d+)?", m.group(2))), float(m.group(3))]
    before = _LISTED_AMOUNTS_BEFORE_RE.search(text, max(0, entity.start - 40), entity.start)
    if before is not None and _TIME_WORD_BEFORE_RE.search(text, max(0, before.start() - 12), before.start()):
        before = None
    listed = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", before.group(1))] if before else []
    if listed and listed + amounts == sorted(set(listed + amounts)):
        # Levels listed in order ("10, 15, 20 or 25"); a list that is not is something else.
        amounts = listed + amounts
    rest = {k: x for k, x in v.items() if k not in ("low", "high", "comparator")}
    return [replace(entity, value={**rest, "value": amount}) for amount in amounts]


def _dose(entity: Entity) -> RegimenDose | None:
    v = entity.value or {}
    parts = list(v["parts"]) if v.get("parts") else None
    if v.get("value") is None and v.get("low") is None and v.get("high") is None and not parts:
        return None
    basis = v.get("basis") or (entity.norm if entity.norm in ("flat", "m2", "kg", "auc") else "flat")
    return RegimenDose(value=v.get("value"), low=v.get("low"), high=v.get("high"), parts=parts, unit=v.get("unit"), basis=basis, text=entity.text)


#: Words before a dose that restate the dose before it: "400 mg/day given as 200 mg BID",
#: "(total daily dose 2000 mg/m2)", "i.e. 2 x 300 mg".
_RESTATE_RE = re.compile(
    r"\b(?:(?:given|administered|taken|divided|split)\s+(?:as|into|in)|i\.?\s?e\.?|total(?:\s+daily)?\s+dose(?:\s+of)?|equivalent\s+to)\W*[^;]{0,30}$",
    re.I,
)
#: How many units make up a dose: "2 x", "2 tablets x", "2 × 100 mg capsules of".
_MADE_UP = r"\d+\s*(?:(?:tablets?|capsules?|pills?|vials?)\s*)?[x×*]\s*"
#: The gap between a dose and its make-up written inside the same bracket: "(400 mg; 2 tablets x 200 mg)".
_MADE_UP_GAP_RE = re.compile(r"^\s*(?:[;,:=]\s*)?(?:i\.?\s?e\.?,?\s*)?" + _MADE_UP + "$", re.I)
#: What may open a bracket before a dose that restates: nothing ("5 mg twice daily (10 mg/day)"),
#: or how the dose is made up ("(2 doses of 300 mg", "(2*2 tablets of 150 mg", "(i.e. 300 mg"), or
#: its total ("300 mg (for a total of 600 mg)", "(total dose 4.5 g/m2").
_BRACKET_RESTATE_RE = re.compile(
    r"^\s*(?:" + r"(?:\d+\s*[x×*]\s*)*(?:\d+\s*)?(?:doses?|tablets?|capsules?|pills?|injections?|vials?|infusions?)\s+(?:of\s+)?"
    r"|i\.?\s?e\.?,?\s*|(?:for\s+)?(?:a\s+)?total(?:\s+daily)?(?:\s+dose)?(?:\s+of)?\s*|=\s*|" + _MADE_UP + r")?$",
    re.I,
)
#: Words after a bracketed dose that make it another dose for some patients, not the same dose
#: again: "20 mg (40 mg for patients under 75)", "(300 mg in cohort B)".
_BRACKET_CONDITION_RE = re.compile(r"\b(?:for|if|in|when|cohorts?|arms?|parts?|levels?|patients?|aged?|or)\b|[<>≤≥]", re.I)


#: Words before an amount that make it a change or a cap of the dose, not a dose: "dose escalation
#: increments of 5 mg/m2", "increased by 100 mg every week", "up to a total dose of 1000 mg".
_DOSE_STEP_RE = re.compile(
    r"\b(?:(?:increments?|steps?|increase[sd]?|escalat\w*|reduc\w*|decrease[sd]?|reductions?|titrat\w*)\s+(?:of|by|in)\s+(?:steps\s+of\s+)?"
    # ... and a cap: "up to a total dose of 1000 mg", "(maximum calculated dose 250 mg)", "maximum 2 mg".
    r"|(?:up\s+to\s+)?(?:a\s+)?(?:maximum|max\.?)\s+(?:(?:calculated|total|daily|single)\s+)?(?:dose\s+)?(?:of\s+)?"
    r"|up\s+to\s+a\s+total\s+(?:daily\s+)?dose\s+of\s+)$",
    re.I,
)


def _is_dose_step(text: str, dose: Entity) -> bool:
    return bool(_DOSE_STEP_RE.search(text[max(0, dose.start - 40) : dose.start]))


def _restates(text: str, before: Entity, dose: Entity) -> bool:
    """Whether ``dose`` says again, in other terms, the dose written before it: in brackets opened
    after that dose ("600 mg daily (2 doses of 300 mg (2*2 tablets of 150 mg) ...)", "5 mg twice
    daily (10 mg/day)"; not "20 mg (40 mg for patients under 75)" nor "200 mg (or 2 mg/kg)"), or
    after "given as", "i.e.", "total daily dose" (:data:`_RESTATE_RE`)."""
    gap = text[before.end : dose.start]
    if _MADE_UP_GAP_RE.match(gap):
        return True
    if len(gap) > 80 or re.search(r"\bthen\b|\bfollowed\b|[.;]\s", gap, re.I):
        return False
    if gap.count("(") + gap.count("[") > gap.count(")") + gap.count("]"):
        inside = gap[max(gap.rfind("("), gap.rfind("[")) + 1 :]
        close = _closing_bracket(text, dose.end)
        after = text[dose.end : (close - 1) if close is not None else dose.end + 80]
        return bool(_BRACKET_RESTATE_RE.match(inside)) and not _BRACKET_CONDITION_RE.search(after)
    return bool(_RESTATE_RE.search(gap))


def _segments(drug: Entity, mods: list[Entity], text: str) -> tuple[list[list[Entity]], set[int]]:
    """A drug's modifiers split at each further dose: "X 75 mg/m2 daily with RT, then 150 mg/m2 days
    1-5 every 28 days" is two regimens of X, the second with the first's route when it states none.
    A dose that restates the one before (:func:`_restates`) is no new regimen: "400 mg/day given as
    200 mg BID" is one.

    Also the indexes of the segments that are alternatives to each other: doses joined by "or"
    ("capecitabine 1000 mg/m2 or 1250 mg/m2 twice daily on days 1-14", "100 mg, 200 mg, or 300
    mg"), which share the details written after the last of them."""
    mods = sorted(mods, key=lambda m: m.start)
    # A dose step and the frequency of the steps are no part of the schedule: "increased by 100 mg
    # every week" ("every week" is how often the dose grows).
    steps = [m for m in mods if m.label == "DOSE" and _is_dose_step(text, m)]
    mods = [m for m in mods if m not in steps and not (m.label == "FREQUENCY" and any(0 <= m.start - s.end <= 3 for s in steps))]
    doses = [m for m in mods if m.label == "DOSE"]
    if len(doses) < 2:
        return [mods], set()
    cut_pairs = [(prev, d) for prev, d in zip(doses, doses[1:]) if not _restates(text, prev, d)]
    if not cut_pairs:
        return [mods], set()
    cut_doses = [d for _, d in cut_pairs]
    cuts = [d.start for d in cut_doses]
    # Days written right before each dose ("Day 1-28 400 mg b.i.d. ... Day 29-56 600 mg b.i.d.",
    # "On day 1, 75 mg/m2; on day 8, 50 mg/m2") are the next dose's when the first dose has them so.
    if _days_before(doses[0], mods, text) is not None:
        cuts = [(_days_before(d, mods, text) or d).start for d in cut_doses]
    segments: list[list[Entity]] = [[] for _ in range(len(cuts) + 1)]
    for m in mods:
        segments[sum(1 for c in cuts if m.start >= c)].append(m)
    # A dose in brackets is another dose for the details written after the bracket closes:
    # "pembrolizumab 200 mg (or 2 mg/kg) IV every 3 weeks" gives both doses IV every 3 weeks.
    # A sequence is not: "(4 mg/kg IV loading dose followed by 2 mg/kg IV weekly) for 12 weeks".
    for i, (prev, dose) in enumerate(cut_pairs):
        close = _bracket_close(text, dose)
        if close is not None and not _SEQUENCE_RE.search(text[prev.end : dose.start]):
            segments[i].extend(m for m in segments[i + 1] if m.start >= close)
    alternatives: set[int] = set()
    for run in _alternative_runs(text, cut_pairs):
        first, last = cut_pairs[run[0]][0], cut_pairs[run[-1]][1]
        # The details after the last dose, and those written before the first ("given orally twice
        # daily: 200 mg, 400 mg, ..."), are every dose's of the run.
        shared = [m for m in segments[run[-1] + 1] if m.start >= last.end] + [m for m in segments[run[0]] if m.end <= first.start]
        for i in [*run, run[-1] + 1]:
            kinds = {modifier_kind(m) for m in segments[i]}
            segments[i].extend(m for m in shared if modifier_kind(m) not in kinds and m not in segments[i])
        alternatives.update([*run, run[-1] + 1])
    # A route is kept until another is written: "Two subcutaneous injections of Dupilumab 300 mg as
    # a loading dose on Day 1, followed by a single 300 mg injection qw" is subcutaneous throughout.
    for prev, seg in zip(segments, segments[1:]):
        if not any(m.label == "ROUTE" for m in seg):
            seg.extend(m for m in prev if m.label == "ROUTE")
    return [sorted(seg, key=lambda m: m.start) for seg in segments], alternatives


_DAYS_DOSE_GAP_RE = re.compile(r"^[\s,:]*$")


def _days_before(dose: Entity, mods: list[Entity], text: str) -> Entity | None:
    """The SCHEDULE written right before ``dose`` (at most a comma or colon between), if any."""
    return next((m for m in mods if m.label == "SCHEDULE" and m.end <= dose.start and _DAYS_DOSE_GAP_RE.match(text[m.end : dose.start])), None)


#: What joins doses that are alternatives: "1000 mg/m2 or 1250 mg/m2", "100 mg, 200 mg, or 300 mg".
_OR_GAP_RE = re.compile(r"^\s*(?:,\s*)?(?:or|and/or)\s*$", re.I)
_COMMA_GAP_RE = re.compile(r"^\s*,\s*$")


def _alternative_runs(text: str, cut_pairs: list[tuple[Entity, Entity]]) -> list[list[int]]:
    """Runs of consecutive dose pairs (indexes into ``cut_pairs``) joined by commas and a last "or";
    also dose levels, three or more rising amounts of one unit joined by commas and at most a last
    "and" ("at planned doses given orally twice daily: 200 mg, 400 mg, 600 mg, 800 mg")."""
    runs: list[list[int]] = []
    pending: list[int] = []

    def close_levels() -> None:
        if len(pending) >= 2 and _rising_levels([cut_pairs[pending[0]][0], *(cut_pairs[i][1] for i in pending)]):
            runs.append(list(pending))

    for i, (prev, dose) in enumerate(cut_pairs):
        gap = text[prev.end : dose.start]
        joined = not pending or prev is cut_pairs[pending[-1]][1]
        if _COMMA_GAP_RE.match(gap) and joined:
            pending.append(i)
            continue
        if _OR_GAP_RE.match(gap) and joined:
            runs.append([*pending, i])
        elif _AND_GAP_RE.match(gap) and joined and pending:
            pending.append(i)
            close_levels()
        else:
            close_levels()
        pending = []
    close_levels()
    return runs


_AND_GAP_RE = re.compile(r"^\s*(?:,\s*)?and\s*$", re.I)


def _rising_levels(doses: list[Entity]) -> bool:
    """Amounts of one unit, each larger than the one before: levels to choose from, not a sequence."""
    values = [(d.value or {}).get("value") for d in doses]
    units = {(d.value or {}).get("unit") for d in doses}
    return len(units) == 1 and None not in values and all(a < b for a, b in zip(values, values[1:]))  # type: ignore[operator]


_SEQUENCE_RE = re.compile(r"\b(?:then|followed|after|later|thereafter)\b", re.I)


def _bracket_close(text: str, dose: Entity) -> int | None:
    """The offset past the bracket a dose is written in ("200 mg (or 2 mg/kg)"), if it is in one
    opened after the last sentence break and closed within 80 characters."""
    before = re.split(r"[.;]\s", text[max(0, dose.start - 80) : dose.start])[-1]
    if before.count("(") + before.count("[") <= before.count(")") + before.count("]"):
        return None
    return _closing_bracket(text, dose.end)


def _closing_bracket(text: str, pos: int) -> int | None:
    """The offset past the first closing bracket within 80 characters after ``pos``, if any."""
    closing = re.search(r"[)\]]", text[pos : pos + 80])
    return pos + closing.end() if closing else None


#: "repeats" earlier in the sentence of a frequency, with no other frequency-like word between:
#: "Treatment is repeated every six weeks", "Courses repeat in the absence of progression every 21 days".
_REPEAT_BEFORE_RE = re.compile(rf"\b(?:{_REPEAT_WORDS})\b[^.;]*$", re.I)
_ALTERNATIVE_RE = re.compile(r"\b(?:or|vs\.?|versus|and|compared|either|then)\b|,", re.I)


_COURSES_RE = re.compile(r"\b(?:courses?|cycles?)\b", re.I)
#: A frequency that spaces doses rather than naming how often: "28 days apart", "at 2 week intervals".
_SPACING_RE = re.compile(r"\b(?:apart|intervals?)\b", re.I)


def _frequency(mods: list[Entity], text: str) -> tuple[RegimenFrequency | None, Frequency | None, int | None]:
    """(the frequency, its parse, the cycle length) from a regimen's FREQUENCY and SCHEDULE spans.

    Of several week-or-longer frequencies, the one the text says repeats ("once weekly for 4 weeks,
    repeats every 4 weeks"), else the longest ("weekly for 4 weeks every 6 weeks"), is the cycle;
    another one is then how often the drug is given in it.
    """
    cycle_days: int | None = None
    within: list[tuple[Entity, Frequency]] = []
    cycles: list[tuple[Entity, Frequency]] = []
    for m in sorted(mods, key=lambda e: e.start):
        if m.label == "SCHEDULE" and cycle_days is None:
            cycle_days = parse_cycle_length(m.text)
        elif m.label == "FREQUENCY":
            f = parse_frequency(m.norm)
            # "two doses 28 days apart", "at 2 week intervals" is the time between doses, not a cycle
            # that repeats; courses apart are ("two more courses, 4 weeks apart", "Courses repeat at
            # 21-day intervals"), and so is treatment that repeats ("repeated at 3-week intervals").
            before = text[max(0, m.start - 40) : m.start]
            between_doses = _SPACING_RE.search(m.text) is not None and not _COURSES_RE.search(before) and not _REPEAT_BEFORE_RE.search(before)
            (cycles if f.is_cycle and not between_doses else within).append((m, f))
    repeating = [c for c in cycles if _REPEAT_BEFORE_RE.search(text[max(0, c[0].start - 60) : c[0].start])]
    # Without a "repeats", the longest is the cycle and a shorter one how often the drug is given in
    # it ("weekly for 4 weeks every 6 weeks"); but frequencies joined by "or", "vs", "and" are
    # alternatives ("weekly or every 3 weeks"), and by a comma or "then" a sequence ("monthly for 4
    # doses, every 2 months for 4 doses"): then the first stays.
    alternatives = any(_ALTERNATIVE_RE.search(text[a[0].end : b[0].start]) for a, b in zip(cycles, cycles[1:]))
    longest = [] if alternatives else sorted(cycles, key=lambda c: -(c[1].interval_days or 0))
    cycle = (repeating or longest or cycles or [None])[0]
    if cycle is not None and (repeating or (longest and len({c[1].interval_days for c in cycles}) > 1)):
        within.extend(c for c in cycles if c is not cycle and c[1].interval_days != cycle[1].interval_days)
    if cycle_days is None and cycle is not None and cycle[1].interval_days and float(cycle[1].interval_days).is_integer():
        cycle_days = int(cycle[1].interval_days)
    chosen = within[0] if within else cycle
    if chosen is None:
        return None, None, cycle_days
    m, f = chosen
    return RegimenFrequency(text=m.text, times_per_day=f.times_per_day, interval_days=f.interval_days), f, cycle_days


def regimen_of(drug: Entity, mods: list[Entity], *, source: str, arm: str | None, intervention: str | None, text: str) -> Regimen:
    """The :class:`Regimen` of one drug mention and its modifiers (offsets into ``text``), one segment
    of :func:`_segments` (dose steps already left out)."""
    dose = next((d for d in (_dose(m) for m in mods if m.label == "DOSE") if d is not None), None)
    route = next((m.norm or m.text.lower() for m in mods if m.label == "ROUTE"), None)
    days = _days(text, [m for m in mods if modifier_kind(m) == "days"])
    frequency, parsed, cycle_days = _frequency(mods, text)
    cycles = next((parse_count(m.text) for m in mods if modifier_kind(m) == "cycles"), None)
    doses, per_day = _dose_count(text, mods, drug.start)
    if per_day and frequency is not None and parsed is not None and parsed.times_per_day is not None and doses is not None:
        # "every 4 hours x 3 doses daily": three a day, not six.
        frequency = frequency.model_copy(update={"times_per_day": float(doses)})
        parsed = replace(parsed, times_per_day=float(doses))  # type: ignore[arg-type]
        doses = None
    duration = next((_days_of(m) for m in mods if _is_treatment_length(m)), None)
    rest_cycle = _rest_cycle(text, mods, days, duration)
    # A rest after the days given closes the cycle, unless a longer one is stated: "weekly for 4
    # weeks followed by 2 weeks of rest" is a 42-day cycle, not a 7-day one.
    if rest_cycle is not None and (cycle_days is None or (parsed is not None and parsed.interval_days == cycle_days and cycle_days < rest_cycle)):
        cycle_days = rest_cycle
    days, cycle_days, agree = _fitted_days(mods, days, parsed, cycle_days, duration)
    amount = None
    if dose is not None:
        amount = dose.value if dose.value is not None else ((dose.low or 0) + (dose.high or 0)) / 2 if dose.low is not None and dose.high is not None else None
    intensity = None if not agree else dose_intensity(
        amount,
        days=days,
        cycle_days=cycle_days,
        times_per_day=parsed.times_per_day if parsed else None,
        interval_days=parsed.interval_days if parsed else None,
        per=unit_time(dose.unit) if dose is not None else None,
        doses=doses if parsed is not None and parsed.times_per_day is not None else None,
    )
    spans = [drug, *mods] if drug.end <= len(text) and text[drug.start : drug.end] == drug.text else list(mods)
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    return Regimen(
        drug=drug.norm or drug.text,
        drug_id=drug.code,
        drug_text=drug.text,
        dose=dose,
        route=route,
        days=days,
        cycle_days=cycle_days,
        frequency=frequency,
        cycles=cycles,
        doses=doses,
        duration_days=duration,
        dose_intensity=intensity,
        source=source,
        arm=arm,
        intervention=intervention,
        text=text[start:end],
        start=start,
        end=end,
    )


def _rest_cycle(text: str, mods: list[Entity], days: list[int], duration: float | None) -> int | None:
    """The cycle that the time a drug is given and the rest written right after it make
    (:func:`.schedule_parse.rest_cycle_length`): after a length ("x 28 days with 14 day rest") or
    after days given from day 1 on, daily ("days 1-14 followed by 2 weeks of rest") or weekly
    ("days 1, 8, and 15 followed by 1 week of rest")."""
    length = next((m for m in mods if _is_treatment_length(m)), None)
    if length is not None and duration is not None:
        return rest_cycle_length(duration, text[length.end : length.end + 60])
    listed = [m for m in mods if modifier_kind(m) == "days"]
    if len(listed) != 1 or len(days) < 2 or days[0] != 1:
        return None
    if days == list(range(1, days[-1] + 1)):
        return rest_cycle_length(days[-1], text[listed[0].end : listed[0].end + 60])
    if days == list(range(1, days[-1] + 1, 7)):
        # Weekly days ("on days 1, 8, and 15 followed by 1 week of rest"): the last week is given too.
        return rest_cycle_length(days[-1] + 6, text[listed[0].end : listed[0].end + 60])
    return None


def _fitted_days(mods: list[Entity], days: list[int], parsed: Frequency | None, cycle_days: int | None, duration: float | None) -> tuple[list[int], int | None, bool]:
    """(days, cycle length, whether they agree enough for a dose intensity) of one regimen."""
    if not days and parsed is not None and parsed.times_per_day is None:
        # "weekly for 3 weeks of a 28-day cycle": days 1, 8 and 15.
        days = spaced_days(parsed.interval_days, duration, cycle_days)
    elif days:
        # "on days 1 and 4 weekly for 4 weeks", "on days 1-3 of each week for 6 weeks": every week's days.
        each_week = any(modifier_kind(m) == "days" and _EACH_WEEK_RE.search(m.text) for m in mods)
        shorter = [
            f.interval_days for m in mods
            if m.label == "FREQUENCY" and (f := parse_frequency(m.norm or "")).is_cycle and f.interval_days and cycle_days and f.interval_days < cycle_days
        ]
        interval = 7.0 if each_week else min(shorter) if shorter else None
        days = repeated_days(days, interval, duration, cycle_days)
    # Days past the cycle's end: a frequency that read as the cycle is how often the drug is given
    # within it ("weekly on days 1, 8 and 15 of each course": the course is not 7 days); a stated
    # cycle length ("21-day cycle") stays as written, but the two disagree, so no dose intensity.
    # Days 0 and 7 are eight days: no 7-day cycle holds them.
    agree = not (cycle_days is not None and days and (max(days) > cycle_days or max(days) - min(days) >= cycle_days))
    if not agree and not any(m.label == "SCHEDULE" and parse_cycle_length(m.text) for m in mods):
        cycle_days = None
    # Days within a weekly frequency of a longer cycle are days of each week ("on days 1-5 weekly
    # for 5 weeks, every 7 weeks") when no length repeats them: the weeks given are unknown.
    if agree and days and cycle_days and parsed is not None and parsed.is_cycle and parsed.interval_days:
        agree = not (cycle_days > parsed.interval_days and max(days) <= parsed.interval_days)
    return days, cycle_days, agree


_EACH_WEEK_RE = re.compile(r"\b(?:each|every)\s+week\b", re.I)
#: A count right after a frequency: "every 3 hrs x 3", "q6h x 4", "weekly x 4" (not "x 3 days").
_TIMES_AFTER_RE = re.compile(
    r"\s*[x×]\s*(?P<n>\d{1,2})\b(?!\s*(?:days?|d\b|weeks?|wks?|months?|mos?\b|hours?|hrs?|h\b|min|cycles?|courses?|[a-zµ]?[gLl]\b|cm|mm|%|/|\.\d|[x×]))",
    re.I,
)
#: After a dose count: it is a day's ("x 3 doses daily", "for 4 doses per day").
_PER_DAY_AFTER_RE = re.compile(r"\s*(?:daily|a\s+day|per\s+day|each\s+day|/\s*day)\b", re.I)


#: Before a drug: how many doses of it ("2 doses of mRNA-1273", "four weekly doses of Rituxan",
#: "5 more doses of methotrexate"). Not "the 2 doses of" nor "two different doses of": dose levels.
_DOSES_BEFORE_RE = re.compile(
    r"(?<!\bthe )\b(?P<n>" + COUNT + r")\s+"
    r"(?:(?:weekly|daily|monthly|more|additional|further|consecutive|booster|priming)\s+)?"
    r"(?:doses|injections|infusions|vaccinations|shots)\s+of\s+(?:the\s+)?$",
    re.I,
)


def _dose_count(text: str, mods: list[Entity], drug_start: int = 0) -> tuple[int | None, bool]:
    """(how many doses the text counts, whether the count is per day): a "doses" SCHEDULE ("for 6
    doses", "x 3 doses daily"), "x N" right after a frequency ("every 3 hrs x 3", "weekly x 4"), or
    a count of doses right before the drug ("2 doses of mRNA-1273")."""
    before = _DOSES_BEFORE_RE.search(text, max(0, drug_start - 40), drug_start)
    if before is not None and (n := parse_count(before.group("n"))) is not None:
        return n, False
    for m in mods:
        if modifier_kind(m) == "doses" and (n := parse_count(m.text)) is not None:
            return n, bool(_PER_DAY_AFTER_RE.match(text, m.end))
    for m in mods:
        if m.label == "FREQUENCY" and (after := _TIMES_AFTER_RE.match(text, m.end)):
            return int(after.group("n")), bool(_PER_DAY_AFTER_RE.match(text, after.end()))
    return None, False


def _days(text: str, schedules: list[Entity]) -> list[int]:
    """The days of a cycle its SCHEDULE spans name. Spans joined by "... and continuing through ..."
    are one range ("beginning on day 4 and continuing through day 13" -> 4..13); a lone start day
    ("G-CSF begins on day 6") names no dosing days."""
    groups: list[list[Entity]] = []
    for m in sorted(schedules, key=lambda e: e.start):
        if groups and re.fullmatch(r"\s*(?:and\s+)?(?:continu\w*\s+)?(?:through|until|to)\s*", text[groups[-1][-1].end : m.start], re.I):
            groups[-1].append(m)
        else:
            groups.append([m])
    days: set[int] = set()
    for group in groups:
        if len(group) == 1 and _starts_on(text, group[0]):
            continue
        days.update(parse_days(text[group[0].start : group[-1].end] if len(group) > 1 else group[0].text))
    return sorted(days)


def _starts_on(text: str, schedule: Entity) -> bool:
    """Does the SCHEDULE say when dosing starts ("G-CSF begins on day 6", "beginning on day 16")
    rather than the days it is given?"""
    before = text[max(0, schedule.start - 20) : schedule.start]
    return bool(re.search(r"\b(?:begin(?:s|ning)?|start(?:s|ing)?|commenc(?:es|ing))\s*$", before, re.I)) and len(parse_days(schedule.text)) < 2


def _is_treatment_length(entity: Entity) -> bool:
    """A DURATION that says how long the drug is given ("for 2 years"), not how long one infusion
    lasts ("over 24 hours", "a 24 hour infusion": amounts in hours or minutes never are) nor by when
    something happens ("reevaluated within 8-12 weeks")."""
    days = _days_of(entity)
    unit = (entity.value or {}).get("unit")
    return (
        modifier_kind(entity) == "duration" and days is not None and days >= 1 and unit not in ("h", "min")
        # "over a 12 day period" is a length, "over 24 hours" an infusion's.
        and not re.match(r"\s*(?:over(?!\s+a\b)|within)\b", entity.text, re.I)
    )


_LENGTH_BEFORE_RE = re.compile(r"(?:\bfor|[x×])\s*$", re.I)


def _states_length(text: str, entity: Entity) -> bool:
    """Does a DURATION that no drug's clause took say how long the treatment lasts: "for 60 days",
    "x 3 days", and not a rest ("followed by 2 weeks of rest"), a tolerance ("± 3 days"), a time
    of assessment ("a complete response after 6 weeks") or a window ("within 2 to 5 years")?"""
    said = bool(re.match(r"(?:for|[x×])\b", entity.text, re.I)) or bool(_LENGTH_BEFORE_RE.search(text, max(0, entity.start - 40), entity.start))
    return said and not _REST_AFTER_RE.match(text, entity.end)


def _days_of(entity: Entity) -> float | None:
    v = entity.value or {}
    days = v.get("days", v.get("high_days"))
    return float(days) if days is not None else None


_INTERVENTION_FIELD_RE = re.compile(r"interventions\[(\d+)\]\.description$")


def _described_intervention(trial: Trial, at: AnnotatedText) -> Intervention | None:
    """The intervention whose description ``at`` is: by position, since a record may list one drug
    as several interventions of one name, one per arm; else by name."""
    own = _INTERVENTION_FIELD_RE.match(at.field or "")
    if own is not None and int(own.group(1)) < len(trial.interventions):
        return trial.interventions[int(own.group(1))]
    name = at.document.meta.get("intervention")
    return next((i for i in trial.interventions if i.name == name), None) if name is not None else None


def _owner(trial: Trial, at: AnnotatedText, drug: Entity) -> tuple[str | None, str | None]:
    """(arm label, intervention name) a drug of ``at`` belongs to, as far as the record says."""
    meta = at.document.meta
    ivs = trial.interventions
    if meta.get("intervention") is not None:
        # An intervention's description is about it, unless the drug is another intervention of
        # the study ("RAD001 ... one hour prior to patupilone" in patupilone's description).
        described = _described_intervention(trial, at)
        others = [i for i in ivs if i is not described and _name_matches(drug, _intervention_names(i))]
        iv = described if described is None or _name_matches(drug, _intervention_names(described)) or len(others) != 1 else others[0]
        name = iv.name if iv else meta["intervention"]
        arms = iv.arms if iv else []
        return (arms[0] if len(arms) == 1 else None), name
    candidates = ivs
    arm = meta.get("arm")
    if arm is not None:
        arm_ivs = next((a.interventions for a in trial.arms if a.label == arm), [])
        candidates = [i for i in ivs if i.name in arm_ivs or arm in i.arms] or ivs
    matched = [i for i in candidates if _name_matches(drug, _intervention_names(i))]
    iv = matched[0] if len(matched) == 1 else None
    if arm is None and iv is not None and len(iv.arms) == 1:
        arm = iv.arms[0]
    return arm, (iv.name if iv else None)


def intervention_drug_ids(interventions: Iterable[Intervention], resolved: dict[str, DrugId]) -> dict[str, DrugId]:
    """Every name of a drug-type intervention (lower-cased) mapped to the one drug its names resolve to.

    ``resolved`` holds the names the vocabulary knows, each with its normalized name and id. The
    record says an intervention's names are one drug ("ZD1839", other names "gefitinib", "Iressa"),
    so a code name the vocabulary lacks takes the id its other names give. An intervention whose
    names resolve to two different drugs ("FOLFOX": oxaliplatin, leucovorin, fluorouracil) names a
    combination and maps nothing.
    """
    out: dict[str, DrugId] = {}
    for iv in interventions:
        if (iv.type or "DRUG") not in DRUG_TYPES:
            continue
        names = [n for n in _intervention_names(iv) if n.strip()]
        ids = {resolved[n.lower()] for n in names if n.lower() in resolved and resolved[n.lower()][1]}
        if len(ids) != 1:
            continue
        (drug_id,) = ids
        for n in names:
            # Not a name the vocabulary gives another meaning: "CHOP" listed among the other names of
            # each of its drugs stays the combination.
            if resolved.get(n.lower(), drug_id) == drug_id:
                out.setdefault(n.lower(), drug_id)
    return out


def _implicit_drug(trial: Trial, at: AnnotatedText, known: dict[str, DrugId]) -> Entity | None:
    """The drug an arm or intervention description is about when it names none: its intervention
    (an intervention description), or the arm's only drug-type intervention. Offsets are empty at 0."""
    meta = at.document.meta
    ivs: list[Intervention] = []
    if meta.get("intervention") is not None:
        described = _described_intervention(trial, at)
        ivs = [described] if described is not None else []
    elif meta.get("arm") is not None:
        arm_ivs = next((a.interventions for a in trial.arms if a.label == meta["arm"]), [])
        ivs = [i for i in trial.interventions if (i.name in arm_ivs or meta["arm"] in i.arms)]
    # An intervention typed "Other" whose name the texts tag as a drug ("ATG") is one.
    ivs = [i for i in ivs if (i.type or "DRUG") in DRUG_TYPES or (i.type == "OTHER" and i.name.lower() in known)]
    if len(ivs) != 1 or not _is_agent_name(ivs[0].name) or _PLACEBO_RE.search(ivs[0].name):
        # "Megestrol Acetate Placebo", "Double-blind adalimumab placebo": no drug is given.
        return None
    name = ivs[0].name
    # "PD 0299685 at 30mg BID", "TMZ 150mg/m2": the intervention's name with its dose; the drug is
    # the words before the amount.
    bare = _NAME_DOSE_RE.sub("", name).strip() or name
    norm, code = known.get(name.lower(), known.get(bare.lower(), (None, None)))
    return Entity(0, 0, "DRUG", name, norm=norm or (bare if bare != name else None), code=code)


_PLACEBO_RE = re.compile(r"\bplacebos?\b", re.I)
#: A placebo named after the drug it imitates: "Megestrol Acetate Placebo", "AT placebo",
#: "adalimumab-matching placebo", "TQH3821 tablets (Placebo)"; and "placebo for PD 0299685",
#: "placebo matching olaparib", "placebo matched to 600 mg PEA". Not "X placebo-controlled".
_PLACEBO_AFTER_RE = re.compile(
    r"[\s-]*(?:(?:tablets?|capsules?|injections?|cream|gel|ointment|(?:oral\s+)?solution|suspension)\s*)?(?:\(\s*)?"
    r"(?:(?:matching|matched)[\s-]+)?placebos?\b(?!-controlled)",
    re.I,
)
_PLACEBO_BEFORE_RE = re.compile(
    r"\bplacebos?\s+(?:(?:for|of|to\s+match|matching|matched\s+to|identical\s+to)\s+)(?:the\s+)?"
    # ... with the dose it matches: "placebo matched to 600 mg PEA".
    r"(?:\d+(?:\.\d+)?\s*(?:mg|g|mcg|µg|ug|ml|mL|IU)\s+)?$",
    re.I,
)


def _is_placebo_of(text: str, drug: Entity) -> bool:
    """Whether a drug mention names the placebo that imitates it, not the drug given."""
    return bool(_PLACEBO_AFTER_RE.match(text, drug.end) or _PLACEBO_BEFORE_RE.search(text[max(0, drug.start - 40) : drug.start]))


_NAME_DOSE_RE = re.compile(r"\s+(?:at\s+|,\s*)?\d+(?:[.,]\d+)?\s*(?:mg|g|mcg|µg|μg|ug|ml|iu|units?|mg/m2|mg/kg)\b.*$", re.I)


def _with_intervention_id(entity: Entity, names: dict[str, DrugId]) -> Entity:
    if entity.label != "DRUG" or entity.code or entity.text.lower() not in names:
        return entity
    norm, code = names[entity.text.lower()]
    return replace(entity, norm=norm, code=code)


#: Between a drug's details and a radiotherapy given with it: "cyclophosphamide on 2 consecutive days
#: and total body irradiation on 3 days OR busulfan ...".
_WITH_RADIOTHERAPY_RE = re.compile(r"\s*(?:,\s*)?(?:and|plus|with|\+)\s+(?:[\w-]+\s+){0,3}", re.I)


def _with_radiotherapy(text: str, end: int, radiation: Links) -> int:
    """The end of a drug's extent (``end``), grown over a radiotherapy joined to it and that
    radiotherapy's details, so that options read past it ("Cy and TBI OR Bu and Cy")."""
    for (start, head_end), mods in sorted(radiation.items()):
        if start >= end and _WITH_RADIOTHERAPY_RE.fullmatch(text, end, start):
            return max([head_end, *(d.end for d in mods)])
    return end


def _shares_only(drug: Entity, mods: list[Entity], drugs: list[Entity], links: Links) -> bool:
    """Are all of a mention's details also those of another mention of the same drug, which states
    more? ("This is a dose escalation study of gemcitabine. Patients receive gemcitabine IV on days 1
    and 8 ... Courses repeat every 3 weeks": the first mention got only the shared cycle.)"""
    name = _drug_name(drug)
    own = {m.key for m in mods}
    return any(
        other is not drug and _drug_name(other) == name and own < {m.key for m in links.get(other.key, [])}
        for other in drugs
    )


def build_regimens(trial: Trial, texts: list[AnnotatedText], names: dict[str, DrugId] | None = None) -> list[Regimen]:
    """One regimen per drug mention (and per further dose of it) in arm and intervention descriptions,
    the brief summary and the detailed description.

    * A drug with a dose, route, schedule or frequency gives a regimen; a drug named in an arm or
      intervention description without any gives one with only its name (dose null), unless the
      same text states that drug with details. Mentions flagged negated or historical ("prior
      cisplatin") give none, unless the history is the study's own treatment told in the past
      tense ("Participants received capecitabine ..."). Summaries and detailed descriptions give
      only drugs with details.
    * Intervention names of drug type that the text writes but the pipeline did not tag
      ("KRN5500") head regimens too; details an intervention description states without any drug
      ("SYS6002, intravenous injection") are its intervention's.
    * Drugs listed as alternatives (:func:`option_lists`) share an ``option_group`` number, unique
      within the trial; so do the doses of one drug offered as alternatives, one regimen each with
      the details written after the last ("200 or 400 mg orally twice daily", "1000 mg/m2 or 1250
      mg/m2 ... on days 1-14", "(1600, 1700 or 1800 mg/m2 on days -6 to -3)").
    * The same drug with the same details twice in one text is one regimen, and a mention whose
      details are all shared with a mention of the same drug that states more ("a study of
      gemcitabine. Patients receive gemcitabine IV on days 1 and 8 ... Courses repeat every 3
      weeks") gives none.
    * A drug the vocabulary lacks takes the name and id of its intervention's other names
      (``names``, from :func:`intervention_drug_ids`): "ZD1839" is gefitinib when the record says so.
    """
    known: dict[str, DrugId] = dict(names or {})
    for at in texts:
        for e in at.entities:
            if e.label == "DRUG" and (e.norm or e.code):
                known.setdefault(e.text.lower(), (e.norm, e.code))
    titled = title_code_names(trial.title)
    out: list[Regimen] = []
    group = 0
    for at in texts:
        source = at.field or ""
        if not _REGIMEN_FIELDS_RE.match(source):
            continue
        described = source.startswith(("arms[", "interventions["))
        entities = at.entities + _name_mentions(at.text, at.entities, trial.interventions, known, titled)
        links, radiation, anchored = _link(at.text, entities)
        if names:
            entities = [_with_intervention_id(e, names) for e in entities]
        heads = _without_aliases(at.text, sorted((e for e in entities if e.label == "DRUG"), key=lambda e: e.start))
        drugs = [e for e in heads if not _skipped(at.text, e) and not _is_placebo_of(at.text, e)]
        attached = {m.key for mods in [*links.values(), *radiation.values()] for m in mods}
        drug_starts = [e.start for e in entities if e.label == "DRUG"]
        orphans = [
            e for e in entities
            if _is_detail(at.text, e, drug_starts) and e.key not in attached and (modifier_kind(e) != "duration" or _states_length(at.text, e))
        ]
        # A length of time alone ("for 60 days") makes no regimen; beside a dose or a frequency
        # ("20 cc three times daily for 60 days") it is the implicit drug's too.
        implicit = _implicit_drug(trial, at, known) if described and any(modifier_kind(e) != "duration" for e in orphans) else None
        if implicit is not None:
            # The drug may be named further on by another of its intervention's names ("Three doses of
            # 2 mg/kg IV ... RATGAM is usually given on days -5, -4, and -3").
            # Another name counts only as written whole: registries also put whole sentences there.
            aliases = {n.lower().strip() for i in trial.interventions if i.name == implicit.text for n in i.other_names}
            same = [d for d in drugs if _name_matches(d, [implicit.text]) or d.text.lower() in aliases]
            if same:
                links.setdefault(same[0].key, []).extend(orphans)
            else:
                drugs.insert(0, implicit)
                links[implicit.key] = orphans
        extent = {d.key: max([d.end, *(m.end for m in links.get(d.key, []) if m.start > d.start)]) for d in drugs}
        extent = {key: _with_radiotherapy(at.text, end, radiation) for key, end in extent.items()}
        groups: dict[tuple[int, int], int] = {}
        for option in option_lists(at.text, [d for d in drugs if d is not implicit], extent):
            group += 1
            groups.update({d.key: group for d in option})
        detailed = {_drug_name(d) for d in drugs if links.get(d.key)}
        seen: set[str] = set()
        for drug in drugs:
            mods = links.get(drug.key, [])
            # A drug a time is counted from ("24-48h post-ofatumumab infusion start") is no drug given here.
            if not mods and (not described or _drug_name(drug) in detailed or drug.key in anchored):
                continue
            if mods and _shares_only(drug, mods, drugs, links):
                continue
            segments, alternatives = _segments(drug, mods, at.text)
            variants: list[tuple[list[Entity], bool]] = []
            for i, segment in enumerate(segments):
                dose = next((m for m in segment if m.label == "DOSE"), None)
                options = _dose_options(dose, at.text) if dose is not None else []
                if options:
                    variants.extend(([o if m is dose else m for m in segment], True) for o in options)
                else:
                    variants.append((segment, i in alternatives))
            option_group = groups.get(drug.key)
            if option_group is None and any(alternative for _, alternative in variants):
                group += 1
                option_group = group
            arm, iv = _owner(trial, at, drug)
            for segment, alternative in variants:
                regimen = regimen_of(drug, segment, source=source, arm=arm, intervention=iv, text=at.text)
                regimen = regimen.model_copy(update={"option_group": option_group if alternative else groups.get(drug.key)})
                key = regimen.model_dump_json(include={"drug", "dose", "route", "days", "cycle_days", "frequency", "cycles", "doses", "duration_days"})
                if key not in seen:
                    seen.add(key)
                    out.append(regimen)
    return out
