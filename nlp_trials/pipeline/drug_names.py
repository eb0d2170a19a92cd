"""What kind of drug a DRUG span names (agent, class, combination regimen or investigational code)
and a code's normal form.

Investigational products are often known only by a sponsor code ("SYS6002", "SAR408701",
"HMPL-012"); ``patterns/drug_codes.jsonl`` tags that shape, and :data:`CODE_NAME_RE` mirrors it here
so that the kind of a span can be told from its text alone. A code that a vocabulary knows
("MK-3475" is pembrolizumab) keeps the vocabulary's name and counts as an agent. A combination
regimen known by its acronym ("FOLFOX", "R-CHOP", ``patterns/drug_regimens.jsonl``) is named by its
agents joined by :data:`REGIMEN_JOIN` ("leucovorin + fluorouracil + oxaliplatin").
"""

from __future__ import annotations

import re
from typing import Literal

DrugKind = Literal["agent", "class", "code", "regimen"]

#: What joins the agents of a regimen's normalized name (``patterns/drug_regimens.jsonl``).
REGIMEN_JOIN = " + "

#: The pattern id key of ``patterns/drug_codes.jsonl``: the span's own text is the name.
CODE_NAME_KEY = "investigational code name"

#: The pattern id key of ``patterns/drug_stems.jsonl``: a word ending in a WHO INN stem ("-mab",
#: "-tinib", "-ciclib", "-platin" ...) that no vocabulary lists yet; its lower-cased text is the name.
STEM_NAME_KEY = "inn stem name"
#: The pattern id key of a class defined by what its drugs do ("drugs that prolong the QT interval").
EFFECT_CLASS_KEY = "effect class"
#: The pattern id keys of the class shapes "<target> inhibitor(s)", "anti-<target> agent" and
#: "<drugs> that <do something>" (``scripts/build_patterns.py``, ``drug_target_patterns``,
#: ``drug_effect_patterns``): the span's own words are the name ("somatostatin analogues",
#: "anti-PD-(L)1 agent", "medications known to prolong the qt interval").
TARGET_CLASS_KEYS = frozenset({"target inhibitor", "anti-target agent", EFFECT_CLASS_KEY})
#: The pattern id of a sponsor code's shape (``patterns/drug_codes.jsonl``).
CODE_NAME_ID = f"drug:{CODE_NAME_KEY}"
#: Pattern ids that say only what shape a name has: a vocabulary entry of the same words wins.
SHAPE_IDS = frozenset({CODE_NAME_ID, f"drug:{STEM_NAME_KEY}", *(f"drug:{k}" for k in TARGET_CLASS_KEYS)})

#: Sponsor code names: 2-5 capitals, an optional hyphen, 3-7 digits, an optional capital; or a
#: capitalized company prefix, a hyphen and 5-7 digits ("Genz-112638": more digits than a year).
CODE_NAME_RE = re.compile(r"^(?:[A-Z]{2,5}-?[0-9]{3,7}[A-Z]?|[A-Z][a-z]{2,4}-[0-9]{5,7})$")

#: Last words that make a name a class of drugs ("platinum-based chemotherapy", "CYP3A inhibitors").
CLASS_HEADS = frozenset(
    """agent agents drug drugs medication medications medicine medicines therapy therapies treatment
    treatments chemotherapy immunotherapy inhibitor inhibitors antagonist antagonists agonist agonists
    blocker blockers analog analogs analogue analogues vaccine vaccines compounds derivatives
    steroids corticosteroids antibodies conjugates products preparations supplements""".split()
)


def code_name_norm(text: str) -> str:
    """The code as one upper-case word: "sar 408701" -> "SAR408701"; hyphens are kept ("HMPL-012"),
    and so is the casing of an mRNA vaccine's prefix ("mRNA-1273")."""
    code = re.sub(r"\s+", "", text).upper()
    return "mRNA" + code[4:] if code.startswith("MRNA-") else code


def target_class_norm(text: str) -> str:
    """A class named by its target, as its own lower-cased words without the abbreviation that the
    text defines in brackets right before the head: "Janus kinase (JAK) inhibitors" -> "janus
    kinase inhibitors", "Angiotensin Converting Enzyme (ACE)-inhibitors" -> "angiotensin
    converting enzyme inhibitors"; brackets inside the name stay ("poly (adp-ribose) polymerase
    inhibitors", "anti-pd-(l)1 agent")."""
    return " ".join(re.sub(r"\s+\([^()]*\)\s*-?\s*(?=[^\s()]+$)", " ", text.lower()).split())


def drug_kind(text: str, key: str | None, code: str | None) -> DrugKind:
    """``code`` for a sponsor code the vocabulary does not know, ``regimen`` for a combination named
    by its agents, ``class`` for a class name, else ``agent``.

    Args:
        text: The span's text.
        key: The normalized name from the pattern id, if any.
        code: The vocabulary id (``DRUGBANK:DB00515``), if any.
    """
    if key == CODE_NAME_KEY or (key is None and CODE_NAME_RE.match(text.strip())):
        return "code"
    if key == STEM_NAME_KEY:
        return "agent"
    if key in TARGET_CLASS_KEYS:
        return "class"
    if key is not None and REGIMEN_JOIN in key:
        return "regimen"
    name = (key or text).lower().replace("-", " ").split()
    if not name:
        return "agent"
    if code is None and (name[-1] in CLASS_HEADS or (len(name[-1]) > 3 and name[-1].endswith("s") and not name[-1].endswith("ss"))):
        return "class"
    if name[-1] in CLASS_HEADS:
        return "class"
    return "agent"
