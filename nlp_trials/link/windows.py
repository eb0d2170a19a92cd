"""Time windows of criteria: what a DURATION bounds, how, and the event it counts from.

"Severe infection within 4 weeks prior to randomization": the window is "within 4 weeks" (at most
28 days), before the anchor "randomization", and bounds "Severe infection".

* :func:`duration_subjects` — HAS_DURATION: the DRUG, DISEASE or LAB_TEST a DURATION bounds is the
  nearest one before it in its clause, with the list it ends ("chemotherapy, radiotherapy or
  targeted therapy within 4 weeks"); a DURATION right after another ("for more than 3 days within 2
  weeks before apheresis") bounds the same subject. A clause that starts with the window takes the
  first such entity after it ("Within 6 months before enrollment: myocardial infarction"). A
  bracket of examples closed right before the window gives way to the entity it follows ("strong
  CYP3A4 inhibitors (e.g., ketoconazole, itraconazole) within 14 days").
* :func:`read_window` — relation, direction and anchor, from the DURATION's text and the words right
  after it (the pipeline's DURATION sometimes ends before its anchor: "within 6 months" + " before
  cell transfusion").
* :func:`normalize_anchor` — the anchor phrase to a short canonical event (:data:`ANCHORS`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..quantities import RECENT_WORDS
from .boundaries import clause_end, clause_start, coordinated, same_clause, unwrapped
from .spans import HAS_DURATION, Entity, Relation

#: Labels a window can bound.
SUBJECT_LABELS = frozenset({"DRUG", "DISEASE", "LAB_TEST", "PROCEDURE"})

#: Anchor phrase (regex on the lower-cased phrase, searched in order) -> canonical event.
ANCHORS: tuple[tuple[str, str], ...] = (
    (r"\brandomi[sz](?:ation|ed)|random\s+assignment|randomly\s+assigned", "randomization"),
    (r"\b(?:first|1st|initial)\s+(?:\w+\s+){0,3}?(?:dose|dosing|administration|infusion|treatment|injection)\b|\bc1d1\b|cycle\s+1,?\s+day\s+1|\bday\s+1\b(?!\s+of\s+(?:the\s+)?(?:last|final|most\s+recent)\b)"
     r"|(?:start|initiation|beginning|commencement)\s+of\s+(?:the\s+)?(?:study|trial|protocol)?\s*(?:treatment|therapy|drug|medication|intervention)"
     r"|(?:study|trial)\s+(?:treatment|drug|therapy)\s+(?:start|initiation)", "first dose"),
    (r"\blast\s+(?:\w+\s+){0,3}?(?:dose|dosing|administration|infusion)\b"
     r"|(?:termination|end|completion|discontinuation|cessation|stopping)\s+of\s+(?:the\s+)?(?:study|trial|protocol)?\s*(?:treatment|therapy|drug|medication|intervention|imp\b|investigational\s+(?:medicinal\s+)?product)"
     r"|(?:treatment|therapy)\s+(?:completion|discontinuation|termination)", "last dose"),
    (r"\b(?:study|trial)\s+(?:completion|end)|\bend\s+of\s+(?:the\s+)?(?:study|trial)\b", "end of study"),
    (r"\b(?:informed\s+)?consent\b", "informed consent"),
    (r"\benrol(?:l)?(?:ment|ing)?\b|\bregistration\b|\binclusion\b", "enrollment"),
    (r"\bscreening\b", "screening"),
    (r"\b(?:study|trial)\s+(?:entry|start|participation)|\bentry\b|entering\s+the\s+(?:study|trial)|^(?:this\s+|the\s+)?(?:study|trial)$", "study entry"),
    (r"\b(?:leuk)?apheresis\b", "apheresis"),
    (r"\b(?:trans)?fusion\b|\binfusion\b", "infusion"),
    (r"\bsurgery\b|\bresection\b|\boperation\b", "surgery"),
    (r"\bdiagnosis\b", "diagnosis"),
    (r"^(?:the\s+)?(?:study\s+)?(?:treatment|therapy|drug|medication)$", "first dose"),
)
_ANCHOR_RES = tuple((re.compile(p, re.I), name) for p, name in ANCHORS)

_BEFORE = r"prior\s+to|before|preceding|previous\s+to"
_AFTER = r"after|following|since|from"
# "... prior to the first dose of study treatment", "... after termination of study therapy",
# "within 6 months of treatment completion".
_ANCHOR_RE = re.compile(
    r"\b(?P<dir>" + _BEFORE + "|" + _AFTER + r"|of)\s+(?P<anchor>(?:(?!\b(?:and|or|with|who|which|that|in|if|unless|except|but|to|for|until|is|are|was|were|may|must|should|can|will|has|have|had|as|including|such|up\s+to|regardless|provided)\b)[^,;:.()\[\]\\\n])+)",
    re.I,
)
_WITHIN_RE = re.compile(r"\b(?:within|(?:in|during|over)\s+(?:the\s+)?(?:" + RECENT_WORDS + r")|in\s+the\s+\d)\b", re.I)
_FOR_RE = re.compile(r"^\s*(?:for|lasting|duration\s+of|of\s+at\s+least)\b", re.I)
_ARTICLE_RE = re.compile(r"^(?:the|a|an|their|his|her|its|planned|scheduled|expected)\s+", re.I)
# Clause words before a window that are not its subject: list markers, "Use of", "History of".
_LEAD_RE = re.compile(r"^[\s\-*•:,]*(?:with|without|and|or|any)?\s*(?:of\s+the\s+following\s+)?(?:(?:a\s+)?history\s+of|use\s+of|receipt\s+of|received|receiving|treatment\s+with|patients?\s+(?:with|who)|subjects?\s+(?:with|who))?\s*", re.I)


# Another amount of time in the words before a window: they are another window's, not a subject.
_AMOUNT_RE = re.compile(r"\d+\s*(?:minutes?|hours?|days?|weeks?|months?|years?)\b", re.I)
# What joins two windowed items of one clause: "... within 4 weeks and blood transfusion within ...".
_JOIN_RE = re.compile(r"\b(?:and|or|and/or)\b|[,;]", re.I)
_MAX_JOINED_SUBJECT_WORDS = 5
# "with or without positive urinary cytology": no join of two items.
_WITH_OR_WITHOUT_RE = re.compile(r"or\s+without\b", re.I)
# Punctuation of a run-on list or an aside, a capital after a lower-case word (the next item of a
# list that lost its line breaks: "recovered No scheduled major surgery"), and words that start a
# clause, not a noun phrase.
_NOT_NOUN_PHRASE_RE = re.compile(r"[:()\[\]]|[a-z]\s+[A-Z]|^(?:but|who|which|that|then|if|when|whichever|provided)\b")
# First words of a verb phrase ("are encouraged to continue", "has a negative imaging study").
_NOT_A_SUBJECT_START: frozenset[str] = frozenset("are is has have had was were be eligible must should will may can".split())
# Last words that leave a phrase unfinished ("diagnosed between", "expected to last", "doubling time of").
_NOT_A_SUBJECT_END: frozenset[str] = frozenset(
    "of to between for than last but and or the a an in on at with by from since until after before prior is are was were be been".split()
)
# Words left before an amount that are not a subject ("at least", "no more than").
_NOT_A_SUBJECT_RE = re.compile(r"(?:\W|\b(?:at|least|most|more|less|no|not|than|over|under|within|for|since|after|before|prior|to|of|the|a|an|or|and|minimum|maximum|up|is|be|must)\b)*", re.I)


@dataclass(frozen=True)
class WindowReading:
    """What a DURATION's words say: relation, direction, anchor, and where the window's text ends."""

    relation: str
    keyword: str | None  # the word before the anchor ("prior to", "since", "of")
    direction: str | None
    anchor: str | None
    anchor_text: str | None
    end: int


#: What a bare treatment or study means *after* it: its end ("for 6 months after therapy", "during
#: and for 1 month after study"), not the first dose or study entry it means before it.
_BARE_TREATMENT_RE = re.compile(r"^(?:the\s+|this\s+)?(?:study\s+|trial\s+)?(?:treatment|therapy|drug|medication)s?$")
_BARE_STUDY_RE = re.compile(r"^(?:the\s+|this\s+)?(?:study|trial)$")


#: Words before an event that say which occurrence, not what event: "any other prior chemotherapy",
#: "administration of nitrosoureas" are chemotherapy and nitrosoureas.
_PRIOR_RE = re.compile(r"^(?:(?:any|all|other|prior|previous|most\s+recent|recent)\s+|(?:administration|receipt)\s+of\s+)+", re.I)
#: "prior" left after the event by a cut-off "prior to": "bilateral oophorectomy prior".
_TRAILING_PRIOR_RE = re.compile(r"\s+(?:prior|previously)$", re.I)
#: Names of one event: "radiation therapy" is radiotherapy, "LMP" the last menstrual period.
_ANCHOR_SYNONYMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bradiation\s+therapy\b|^radiation$|^irradiation$"), "radiotherapy"),
    (re.compile(r"^lmp$"), "last menstrual period"),
)


def normalize_anchor(phrase: str, direction: str | None = None) -> str:
    """The canonical event of an anchor phrase (:data:`ANCHORS`), else the phrase lower-cased without
    articles. After (``direction`` "after") a bare treatment or study, the event is its end."""
    p = " ".join(phrase.lower().split())
    if direction == "after":
        if _BARE_TREATMENT_RE.match(p):
            return "last dose"
        if _BARE_STUDY_RE.match(p):
            return "end of study"
    for rx, name in _ANCHOR_RES:
        if rx.search(p):
            return name
    while _ARTICLE_RE.match(p):
        p = _ARTICLE_RE.sub("", p, count=1)
    # "since prior chemotherapy" and "since chemotherapy" name one event.
    p = _TRAILING_PRIOR_RE.sub("", _PRIOR_RE.sub("", p) or p)
    for rx, name in _ANCHOR_SYNONYMS:
        p = rx.sub(name, p)
    return p


#: Most words an anchor phrase has ("the first dose of study treatment" is six).
MAX_ANCHOR_WORDS = 6
# A capitalized word inside the phrase starts the next criterion of run-on text ("within 3 weeks prior
# to registration No pathologic confirmation"); day and cycle numbers are part of the anchor.
_NEW_SENTENCE_RE = re.compile(r"^[A-Z][a-z]")
_KEEP_CAPITALIZED = frozenset({"Day", "Cycle", "Week", "Visit", "Study", "Screening", "Randomization", "Baseline"})


#: Words an anchor phrase cannot end with: its cut-off tail ("since discontinuation of" + "that therapy").
_DANGLING = frozenset({"of", "the", "to", "at", "any", "all"})  # not "a": "since megadose vitamin A"


def _trim_anchor(phrase: str) -> str:
    words = phrase.split()
    kept = words[:1]
    for w in words[1:MAX_ANCHOR_WORDS]:
        if _NEW_SENTENCE_RE.match(w) and w not in _KEEP_CAPITALIZED:
            break
        kept.append(w)
    while len(kept) > 1 and kept[-1].lower() in _DANGLING:
        kept.pop()
    return " ".join(kept)


def _direction(word: str) -> str | None:
    w = word.lower()
    if re.fullmatch(_BEFORE, w):
        return "before"
    if re.fullmatch(_AFTER, w):
        return "after"
    return None


def _words_end(text: str, start: int, words: list[str]) -> int:
    """Where ``words`` (found in order from ``start``, whatever the spacing between) end in ``text``."""
    at = start
    for w in words:
        at = text.index(w, at) + len(w)
    return at


# "At least 4 weeks must have elapsed since any major surgery": the anchor after the verb.
_ELAPSED_RE = re.compile(r"\s+(?:(?:must|should|will|shall)\s+)?(?:(?:have|has)\s+)?(?:elapsed|passed)\b", re.I)
_AGO_RE = re.compile(r"[ \t]*(?:\n[ \t]*)?ago\b", re.I)
_AGO_END_RE = re.compile(r"\bago$", re.I)


_BRACKET_AFTER_RE = re.compile(r"[ \t]*[(\[][^()\[\]]{1,100}[)\]]")


def read_window(text: str, duration: Entity) -> WindowReading:
    """Relation, direction and anchor of ``duration`` (an entity of ``text``)."""
    own = text[duration.start:duration.end]
    # The anchor may be inside the span ("within 4 weeks prior to randomization"), run past its end
    # ("within 6 months of treatment" + " completion") or follow it ("within 6 months" + " before
    # cell transfusion"); its keyword comes after the amount.
    number = re.search(r"\d|\b(?:past|last|previous|preceding)\b", own)
    first = duration.start + (number.end() if number else 0)
    flat, limit = unwrapped(text), clause_end(text, duration.start)
    m = _ANCHOR_RE.search(flat, first, limit)
    elapsed = _ELAPSED_RE.match(text, duration.end)
    reach = elapsed.end() if elapsed else duration.end
    # A bracket between the amount and its anchor is read past, never into: "within 4 weeks (6
    # weeks for nitrosoureas) prior to entering the study", not "within the past 2 years (except
    # ... in situ of cervix".
    bracket = _BRACKET_AFTER_RE.match(text, duration.end)
    if bracket is not None and m is not None and m.start() >= duration.end:
        reach = bracket.end()
        m = _ANCHOR_RE.search(flat, reach, limit)
    if m is not None and m.start() > reach + 1:
        m = None
    direction = anchor = anchor_text = None
    end = duration.end
    if m is not None:
        word = m.group("dir")
        phrase = _trim_anchor(m.group("anchor").strip())
        if word.lower() == "of" and not _WITHIN_RE.search(own):
            phrase = ""  # "3 days of treatment" is an amount of something, not a window around it
        if phrase:
            direction = _direction(word)
            anchor_text = phrase
            anchor = normalize_anchor(phrase, direction)
            end = max(end, _words_end(text, m.start("anchor"), phrase.split()))
    ago = _AGO_RE.match(text, duration.end) if anchor is None else None
    if _WITHIN_RE.search(own):
        relation = "within"
    elif ago is not None or _AGO_END_RE.search(own):
        # "more than 6 months ago": before now, with no other anchor; "less than 6 months ago":
        # within the last 6 months.
        relation = "within" if (duration.value or {}).get("comparator") in ("<", "<=") else "before"
        end = max(end, ago.end() if ago is not None else end)
    elif _FOR_RE.match(own):
        relation = "for"
    elif direction is not None:
        relation = direction
    else:
        relation = "for"
    keyword = " ".join(m.group("dir").lower().split()) if m is not None and anchor is not None else None
    return WindowReading(relation=relation, keyword=keyword, direction=direction, anchor=anchor, anchor_text=anchor_text, end=end)


def duration_subjects(
    text: str, entities: list[Entity], window_ends: Mapping[tuple[int, int], int] | None = None
) -> dict[tuple[int, int], list[Entity]]:
    """The entities each DURATION bounds (HAS_DURATION heads), keyed by the DURATION's offsets.
    ``window_ends``: where each DURATION's window text ends (:func:`read_window`), when the caller
    has read them already."""
    ents = sorted(entities, key=lambda e: (e.start, e.end))
    # An exception ("anticoagulant therapy (except low molecular weight heparin) within 2 weeks") is not what the window bounds.
    subjects = [e for e in ents if e.label in SUBJECT_LABELS and not e.context.get("exception")]
    out: dict[tuple[int, int], list[Entity]] = {}
    previous: Entity | None = None
    previous_end = 0  # where the previous window's text ends, its anchor included
    for d in (e for e in ents if e.label == "DURATION"):
        # A window right after another, or after its anchor and "or"/"and", bounds the same things:
        # "pregnant ... within 5 months after the final dose of atezolizumab or 6 months after the
        # final dose of bevacizumab" (not the atezolizumab of the first window's anchor).
        stacked = previous is not None and (
            re.fullmatch(r"[\s,]*(?:and\s+)?", text[previous.end:d.start]) is not None
            or (previous_end > previous.end and re.fullmatch(r"[\s,]*(?:(?:and|or)\s+)?", text[previous_end:d.start]) is not None)
            # ... but not a window in a bracket the one before reads its anchor past ("within 4
            # weeks (no melphalan or mitomycin within 6 weeks) prior to ..."): it has its own.
        ) and not (previous_end > d.start and re.search(r"[(\[]", text[previous.end : d.start]))
        if stacked and previous is not None and previous.key in out:
            out[d.key] = out[previous.key]
        else:
            since = max(clause_start(text, d.start), previous.end if previous is not None else 0)
            before = [s for s in subjects if since <= s.start and s.end <= d.start]
            before = _bracket_owners(text, before, d.start)
            if before:
                out[d.key] = coordinated(text, before, len(before) - 1)
            elif not text[clause_start(text, d.start):d.start].strip(" \t-*•([:"):
                after = [s for s in subjects if s.start >= d.end and same_clause(text, d.end, s.start)]
                if after:
                    out[d.key] = [after[0]]
        previous = d
        previous_end = max(previous_end, window_ends[d.key] if window_ends is not None and d.key in window_ends else read_window(text, d).end)
    return out


#: A bracket closed right before a window ("... (e.g., ketoconazole, itraconazole) within 14 days").
_CLOSED_BEFORE_RE = re.compile(r"[^()\[\]]*[)\]][\s,]*")


def _bracket_owners(text: str, before: list[Entity], at: int) -> list[Entity]:
    """``before`` cut at the bracket the last subject stands in, when the bracket closes right
    before the window at ``at`` and opens right after another subject: the bracket's drugs are
    examples or parts of that subject, which the window bounds ("strong CYP3A4 inhibitors (e.g.,
    ketoconazole, itraconazole) within 14 days", "systemic immunosuppressive medication
    (including corticosteroids, ...) within 2 weeks")."""
    if not before or not _CLOSED_BEFORE_RE.fullmatch(text, before[-1].end, at):
        return before
    opened = _open_bracket(text, before[-1].start)
    owners = [s for s in before if s.end <= opened]
    if not owners or text[owners[-1].end : opened].strip():
        return before
    # The owner may stand in a bracket of its own, still open ("coronary artery disease (myocardial
    # infarction [MI] more than 6 months ..."): the list it ends starts inside that bracket.
    outer = _open_bracket(text, owners[-1].start)
    return [s for s in owners if s.start > outer]


def _open_bracket(text: str, at: int) -> int:
    """The offset of the bracket still open at ``at`` (within 300 characters before it: records
    wrap a bracket over lines), or -1."""
    depth = 0
    for i in range(at - 1, max(-1, at - 301), -1):
        if text[i] in ")]":
            depth += 1
        elif text[i] in "([":
            if depth == 0:
                return i
            depth -= 1
    return -1


def duration_relations(text: str, entities: list[Entity]) -> list[Relation]:
    """HAS_DURATION from each bounded DRUG, DISEASE or LAB_TEST to its DURATION."""
    by_key = {e.key: e for e in entities}
    return [
        Relation(head=s, tail=by_key[key], label=HAS_DURATION)
        for key, heads in duration_subjects(text, entities).items()
        for s in heads
    ]


def untagged_subject(text: str, duration: Entity) -> str | None:
    """The clause's words before a window that has no tagged subject ("Major trauma or major surgery")."""
    begin = clause_start(text, duration.start)
    before = text[begin:duration.start]
    amounts = list(_AMOUNT_RE.finditer(before))
    if amounts:
        # "PQ taken within the last 4 weeks and blood transfusion within the last 90 days": the
        # words after the other window's conjunction are this one's subject, when they are a
        # short noun phrase ("but", "expected to last", "thoracic irradiation) Surgery:" are not).
        joins = [m for m in _JOIN_RE.finditer(before, amounts[-1].end()) if not _WITH_OR_WITHOUT_RE.match(before, m.start())]
        if not joins:
            return None
        phrase = " ".join(_LEAD_RE.sub("", before[joins[-1].end():], count=1).split())
        first, last = (phrase.split(" ", 1)[0].lower(), phrase.rsplit(" ", 1)[-1].lower()) if phrase else ("", "")
        if (
            not phrase or len(phrase.split()) > _MAX_JOINED_SUBJECT_WORDS or _NOT_NOUN_PHRASE_RE.search(phrase)
            or first in _NOT_A_SUBJECT_START or first[:1].isdigit()
            or last in _NOT_A_SUBJECT_END or last.endswith(("ing", "ed"))
        ):
            return None
        before = phrase
    words = _LEAD_RE.sub("", before, count=1).strip(" \t,:-([")
    words = _open_end_trimmed(re.sub(r"\s+", " ", words))
    if not words or len(words) > 80 or _NOT_A_SUBJECT_RE.fullmatch(words) or _AMOUNT_RE.search(words):
        return None
    if words.lower() in _PATIENT_WORDS:
        return None  # "Patients must be [at least 28 days from ...]": the patient is no subject
    return words


#: Words a subject does not end with, after which the window's own words begin ("progression
#: during or [within 6 months]", "Patients must be [at least 28 days]").
_OPEN_END_WORDS: frozenset[str] = _NOT_A_SUBJECT_END | frozenset("during must should will shall".split())
#: The patients themselves, which a window bounds nothing of.
_PATIENT_WORDS: frozenset[str] = frozenset("patients patient subjects subject participants participant".split())


def _open_end_trimmed(words: str) -> str:
    """``words`` without the words at their end that leave them open ("disease progression during or")."""
    parts = words.split(" ")
    while parts and parts[-1].lower() in _OPEN_END_WORDS:
        parts.pop()
    return " ".join(parts)
