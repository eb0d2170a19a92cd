"""Generated class names (scripts/build_patterns.py): "<system> disease", "<class> drugs", "<target> inhibitor",
"anti-" spellings, and the curated abbreviations, through the assembled pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from spacy.language import Language

from testutil import load_script

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = ROOT / "patterns"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return load_script(ROOT / "scripts" / "build_patterns.py")


def test_class_phrases_write_both_numbers_under_the_singular_key(build: ModuleType) -> None:
    got = build.class_phrases(["thyroid"], [("disease", "diseases")])
    assert got == [("thyroid disease", "thyroid disease"), ("thyroid diseases", "thyroid disease")]


def test_class_patterns_never_shadow_a_vocabulary_name(build: ModuleType) -> None:
    phrases = [("renal disease", "renal disease"), ("valvular disease", "valvular disease")]
    got = build.build_class_patterns("disease", phrases, taken={"renal disease": "disease:renal disease|DOID:1"}, stoplist=frozenset())
    assert got == [{"label": "DISEASE", "pattern": "valvular disease", "id": "disease:valvular disease"}]


def test_a_plural_takes_the_id_of_its_named_singular(build: ModuleType) -> None:
    phrases = [("hepatic impairment", "hepatic impairment"), ("hepatic impairments", "hepatic impairment")]
    got = build.build_class_patterns(
        "disease", phrases, taken={"hepatic impairment": "disease:hepatic failure|ICD10CM:K72.9"}, stoplist=frozenset()
    )
    assert got == [{"label": "DISEASE", "pattern": "hepatic impairments", "id": "disease:hepatic failure|ICD10CM:K72.9"}]


def test_a_hyphenated_anti_class_takes_the_id_of_the_class_without_the_hyphen(build: ModuleType) -> None:
    words = build.with_anti_hyphens(["antiviral", "anti-coagulant", "anticoagulant", "opioid"])
    assert words == ["antiviral", "anti-coagulant", "anticoagulant", "opioid", "anti-viral"]
    phrases = build.class_phrases(["anti-viral"], [("drug", "drugs")])
    got = build.build_class_patterns("drug", phrases, taken={"antiviral agents": "drug:antiviral agents"}, stoplist=frozenset())
    assert [(r["pattern"], r["id"]) for r in got] == [("anti-viral drug", "drug:antiviral agents"), ("anti-viral drugs", "drug:antiviral agents")]


def test_a_key_no_name_has_takes_its_concept(build: ModuleType) -> None:
    phrases = [("adrenal mets", "adrenal metastases"), ("brain mets", "brain metastases")]
    got = build.build_class_patterns(
        "disease",
        phrases,
        taken={"brain metastases": "disease:brain metastases|ICD10CM:C79.3"},
        stoplist=frozenset(),
        concepts={"adrenal metastases": "disease:adrenal metastases|ICD10CM:C79.70", "brain metastases": "disease:brain|ICD10CM:C71.9"},
    )
    # A named key keeps the name's id; the concept table only fills keys nothing names.
    assert [(r["pattern"], r["id"]) for r in got] == [
        ("adrenal mets", "disease:adrenal metastases|ICD10CM:C79.70"),
        ("brain mets", "disease:brain metastases|ICD10CM:C79.3"),
    ]


def test_system_classes_are_the_ontology_classes_it_has(build: ModuleType) -> None:
    do_terms = {"respiratory system disease": "DOID:1579", "kidney disease": "DOID:557"}
    got = build.class_concepts(do_terms)
    assert got["respiratory disorder"] == "disease:respiratory system disease|DOID:1579"
    assert got["renal illness"] == got["kidney disease"] == "disease:kidney disease|DOID:557"
    assert "thyroid disease" not in got  # the ontology given has no thyroid gland disease
    assert "renal failure" not in got  # failure is no class of diseases
    assert got["adrenal metastases"] == "disease:adrenal metastases|ICD10CM:C79.70"


def test_a_class_name_takes_the_id_of_its_class_word(build: ModuleType) -> None:
    # The vocabulary names the class by the word alone: "antiandrogen" is the androgen antagonists.
    got = build.build_class_patterns(
        "drug", [("antiandrogen therapy", "antiandrogen therapy")], taken={"antiandrogen": "drug:androgen antagonists"}, stoplist=frozenset()
    )
    assert got == [{"label": "DRUG", "pattern": "antiandrogen therapy", "id": "drug:androgen antagonists"}]


def test_class_nouns_and_shared_class_ids(build: ModuleType) -> None:
    nouns = build.class_noun_phrases(["antifungal", "pain", "weight loss", "immunosuppressive"])
    assert nouns == [("antifungals", "antifungal")]
    got = build.build_class_patterns(
        "drug",
        [("antifungal medication", "antifungal medication"), *nouns],
        taken={"antifungal agents": "drug:antifungal agents"},
        stoplist=frozenset(),
    )
    assert [(r["pattern"], r["id"]) for r in got] == [
        ("antifungal medication", "drug:antifungal agents"),
        ("antifungals", "drug:antifungal agents"),
    ]


@pytest.mark.parametrize(
    "phrase,variant",
    [("anticoagulants", "anti-coagulants"), ("antihistamine", "anti-histamine"), ("antibody", None), ("warfarin", None)],
)
def test_anti_hyphen_variant(build: ModuleType, phrase: str, variant: str | None) -> None:
    assert build.anti_hyphen_variant(phrase) == variant


def test_generated_class_names_are_in_the_committed_files(build: ModuleType) -> None:
    text = (PATTERNS / "diseases.jsonl").read_text(encoding="utf-8")
    assert '"pattern":"valvular disease","id":"disease:heart valve disease|DOID:4079"' in text
    assert '"pattern":"blood disorders","id":"disease:hematopoietic system disease|DOID:74"' in text
    assert '"pattern":"systemic disorders","id":"disease:systemic disorder"' in text  # how, not where
    drugs = (PATTERNS / "drugs.jsonl").read_text(encoding="utf-8")
    assert '"pattern":"immunosuppressive drugs","id":"drug:immunosuppressive agents"' in drugs
    targets = [json.loads(line) for line in drugs.splitlines() if '"id":"drug:target inhibitor"' in line or '"id":"drug:anti-target agent"' in line]
    def key(record: dict) -> str:
        return json.dumps(record["pattern"], sort_keys=True)

    assert sorted(map(key, targets)) == sorted(map(key, build.drug_target_patterns()))
    effects = [json.loads(line) for line in drugs.splitlines() if '"id":"drug:effect class"' in line]
    assert sorted(map(key, effects)) == sorted(map(key, build.drug_effect_patterns()))


@pytest.mark.parametrize(
    "text,span,label",
    [
        ("History of thyroid disease", "thyroid disease", "DISEASE"),
        ("Known valvular or psychiatric disorders", "psychiatric disorders", "DISEASE"),
        ("Moderate hepatic impairment", "hepatic impairment", "DISEASE"),
        ("Any febrile illness within 2 weeks", "febrile illness", "DISEASE"),
        ("Use of immunosuppressive drugs", "immunosuppressive drugs", "DRUG"),
        ("On antihypertensive medication", "antihypertensive medication", "DRUG"),
        ("Use of PCSK9 inhibitors is not allowed", "PCSK9 inhibitors", "DRUG"),
        ("Treatment with a CYP3A4-inhibitor", "CYP3A4-inhibitor", "DRUG"),
        # An isoform or a second target stays with the class: no "beta inhibitor", no test "MEK".
        ("Prior treatment with a PI3K-beta inhibitor", "PI3K-beta inhibitor", "DRUG"),
        ("Prior PI3K delta inhibitors", "PI3K delta inhibitors", "DRUG"),
        ("Prior MEK 1/2 inhibitor therapy", "MEK 1/2 inhibitor", "DRUG"),
        ("No strong CYP 3A4 inhibitors", "strong CYP 3A4 inhibitors", "DRUG"),
        ("Prior PI3K/mTOR inhibitors", "PI3K/mTOR inhibitors", "DRUG"),
        ("BCR-ABL inhibitors are allowed", "BCR-ABL inhibitors", "DRUG"),
        ("Current use of FLT3 inhibitors or beta blockers", "beta blockers", "DRUG"),
        # A target's long name, with or without the abbreviation it defines, stays with its head: no
        # test "dependent kinase" with a value "4/6", no disease "Janus kinase", no drug "ADP-ribose".
        ("Prior cyclin-dependent kinase 4/6 inhibitor", "cyclin-dependent kinase 4/6 inhibitor", "DRUG"),
        ("Prior cyclin-dependent kinase 4/6 (CDK4/6) inhibitor", "cyclin-dependent kinase 4/6 (CDK4/6) inhibitor", "DRUG"),
        ("allergic reactions to Janus kinase (JAK) inhibitors", "Janus kinase (JAK) inhibitors", "DRUG"),
        ("Prior poly (ADP-ribose) polymerase (PARP) inhibitors", "poly (ADP-ribose) polymerase (PARP) inhibitors", "DRUG"),
        ("Prior mammalian target of rapamycin (mTOR) inhibitors", "mammalian target of rapamycin (mTOR) inhibitors", "DRUG"),
        ("Prior ALK tyrosine kinase inhibitor therapy", "ALK tyrosine kinase inhibitor", "DRUG"),
        ("Use of Angiotensin Converting Enzyme (ACE)-inhibitors", "Angiotensin Converting Enzyme (ACE)-inhibitors", "DRUG"),
        ("more than 1 tumor necrosis factor (TNF)-antagonist", "tumor necrosis factor (TNF)-antagonist", "DRUG"),
        ("PRIOR EGFR INHIBITORS", "EGFR INHIBITORS", "DRUG"),
        # Drug-interaction classes, the target before or after its heads.
        ("Use of strong inhibitors or inducers of CYP3A4 is not allowed", "strong inhibitors or inducers of CYP3A4", "DRUG"),
        ("strong CYP3A inducers or inhibitors within 14 days", "strong CYP3A inducers or inhibitors", "DRUG"),
        ("No CYP3A4 substrates with a narrow therapeutic index", "CYP3A4 substrates", "DRUG"),
        ("inhibitors of P-glycoprotein", "inhibitors of P-glycoprotein", "DRUG"),
        ("Strong Cytochrome p450 (CYP) 3A4 inducers (e.g. rifampicin)", "Strong Cytochrome p450 (CYP) 3A4 inducers", "DRUG"),
        ("Received a live or live-attenuated vaccine within 30 days", "live-attenuated vaccine", "DRUG"),
        # Oncology classes by how they act or what they are directed at.
        ("including a proteasome inhibitor, an immunomodulatory drug", "immunomodulatory drug", "DRUG"),
        ("Progression on at least one novel hormonal agent", "hormonal agent", "DRUG"),
        ("Prior androgen receptor pathway inhibitor (ARPI)", "androgen receptor pathway inhibitor", "DRUG"),
        ("Prior CD19-directed therapy", "CD19-directed therapy", "DRUG"),
        ("Prior anti-BCMA therapy", "anti-BCMA therapy", "DRUG"),
        ("Prior hypomethylating agents", "hypomethylating agents", "DRUG"),
        ("Use of anti-coagulants", "anti-coagulants", "DRUG"),
        ("Progression on LHRH agonists or antiestrogens", "LHRH agonists", "DRUG"),
        ("At least 4 weeks since prior biologic response modifiers", "biologic response modifiers", "DRUG"),
        ("No concurrent H2 receptor antagonists", "H2 receptor antagonists", "DRUG"),
        ("intolerance to 5-HT3 receptor antagonists", "5-HT3 receptor antagonists", "DRUG"),
        ("alpha-receptor blocking agents", "alpha-receptor blocking agents", "DRUG"),
        ("oral 5-aminosalicylates", "5-aminosalicylates", "DRUG"),
        ("metformin or a sulphonylurea", "sulphonylurea", "DRUG"),
        ("treated with topical 5FU", "5FU", "DRUG"),
        ("Progression on LHRH agonists or antiestrogens", "antiestrogens", "DRUG"),
        ("Daily probiotics or dietary supplements", "dietary supplements", "DRUG"),
        # Antiretroviral abbreviations, in capitals only; gene therapies and convalescent plasma.
        ("Prior DTG, RAL or EFV-based regimen", "RAL", "DRUG"),
        ("Once-daily ABC+3TC", "3TC", "DRUG"),
        ("previously received other gene therapies", "gene therapies", "DRUG"),
        ("COVID-19 convalescent plasma", "COVID-19 convalescent plasma", "DRUG"),
        ("Ebola convalescent plasma", "convalescent plasma", "DRUG"),
        # A brand of a combination and a spelling of acetylcysteine the vocabulary lacks (curated).
        ("history of Percocet use", "Percocet", "DRUG"),
        ("N-acetyl cysteine 600 mg", "N-acetyl cysteine", "DRUG"),
        ("Drug intolerance to aspirin", "Drug intolerance", "DISEASE"),
        # Chemotherapy abbreviations of older oncology records, in capitals.
        ("CTX IV over 15 minutes every 12 hours on days 9-11, and DOX IV over 6 hours on day 9", "CTX", "DRUG"),
        ("DDD/DOX/VCR/VP-16; followed by surgical debulking", "VCR", "DRUG"),
        # Case-sensitive abbreviations: the capitals are the disease, the word is not.
        ("Active TB or prior MI", "TB", "DISEASE"),
        ("Active TB or prior MI", "MI", "DISEASE"),
    ],
)
def test_class_names_in_the_pipeline(nlp: Language, text: str, span: str, label: str) -> None:
    got = [(e.text, e.label_) for e in nlp(text).ents]
    assert (span, label) in got, got


@pytest.mark.parametrize(
    "text,not_span",
    [
        ("Severe disease and measurable disease", "disease"),
        ("Patients in the study and other conditions", "other conditions"),
        ("The tb value and the mi unit", "tb"),
        ("A potent inhibitor of the enzyme", "potent inhibitor"),
        ("It is a partial agonist at the receptor", "partial agonist"),
        ("Prior treatment with a PI3K-beta inhibitor", "beta inhibitor"),
        ("ANC 1500 inhibitors", "anc 1500 inhibitors"),
        ("Prior cyclin-dependent kinase 4/6 inhibitor", "dependent kinase"),
        # A bracket the name does not close is not taken into it.
        ("drugs (tyrosine kinase) inhibitors", "tyrosine kinase) inhibitors"),
        ("Negative hepatitis C virus (HCV) antibody", "hcv) antibody"),
        # The enzyme a class is named after is no drug: "CYP3A4" of "inhibitors of cytochrome P450 3A4 (CYP3A4)".
        ("inhibitors or inducers of Cytochrome P4503A4 enzyme (CYP3A4); no CYP3A4 inhibitors", "cyp3a4"),
        ("the ral gene and the tdf protein", "ral"),
        ("a box of ctx and a vcr tape", "vcr"),
    ],
)
def test_generic_words_stay_untagged(nlp: Language, text: str, not_span: str) -> None:
    got = [e.text.lower() for e in nlp(text).ents]
    assert not_span not in got, got
