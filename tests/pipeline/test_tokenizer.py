"""The trial-text tokenizer: token tables, losslessness, linear time, registry and serialization."""

from __future__ import annotations

import importlib.metadata
import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.lang.en import English
from spacy.lang.tokenizer_exceptions import URL_PATTERN
from spacy.tokenizer import Tokenizer
from spacy.util import load_config_from_str, load_model_from_config, registry

from nlp_trials.pipeline import tokenizer as trials_tokenizer
from nlp_trials.pipeline.tokenizer import make_trials_tokenizer

TOKENIZER_NAME = "nlp_trials.tokenizer.v1"

CONFIG = """
[nlp]
lang = "en"
pipeline = []

[nlp.tokenizer]
@tokenizers = "nlp_trials.tokenizer.v1"

[components]
"""


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    nlp = spacy.blank("en")
    nlp.tokenizer = make_trials_tokenizer(nlp)
    return nlp


def words(nlp: spacy.Language, text: str) -> list[str]:
    return [token.text for token in nlp.make_doc(text)]


# --- What is one token ------------------------------------------------------------------------

COMPARATOR_CASES = [
    ("Hb>9", ["Hb", ">", "9"]),
    ("CrCl>=60mL/min", ["CrCl", ">=", "60", "mL", "/", "min"]),
    ("≥1.5", ["≥", "1.5"]),
    ("≤95%", ["≤", "95", "%"]),
    ("age ≥ 18", ["age", "≥", "18"]),
    ("<=2.0", ["<=", "2.0"]),
    ("=<2", ["=<", "2"]),
    ("=>18", ["=>", "18"]),
    (">/=18", [">/=", "18"]),
    ("</=2.0", ["</=", "2.0"]),
    ("age=/>18", ["age", "=/>", "18"]),
    ("2±1", ["2", "±", "1"]),
    ("±2", ["±", "2"]),
    ("n=30", ["n", "=", "30"]),
    ("18≤age≤75", ["18", "≤", "age", "≤", "75"]),
    ("QTcF>470ms", ["QTcF", ">", "470", "ms"]),
    ("(>=1g/m2/day", ["(", ">=", "1", "g", "/", "m2", "/", "day"]),
    ("＞＝18", ["＞", "＝", "18"]),
    # Modifier letter arrowheads, which some word processors put for < and >.
    ("ANC˂1500/mm3", ["ANC", "˂", "1500", "/", "mm3"]),
    ("Platelets ˃100", ["Platelets", "˃", "100"]),
    ("≥≥5", ["≥", "≥", "5"]),
    ("Hb>", ["Hb", ">"]),
    ("SDS ≥-2", ["SDS", "≥", "-2"]),
]

UNIT_CASES = [
    ("mL/min", ["mL", "/", "min"]),
    ("mg/m2", ["mg", "/", "m2"]),
    ("mg/m^2", ["mg", "/", "m", "^", "2"]),
    ("mg/m\\^2", ["mg", "/", "m", "\\", "^", "2"]),
    ("mg/m²", ["mg", "/", "m²"]),
    ("×10^9/L", ["×", "10", "^", "9", "/", "L"]),
    ("x10^9/L", ["x", "10", "^", "9", "/", "L"]),
    ("X10^9/L", ["X", "10", "^", "9", "/", "L"]),
    ("10⁹/L", ["10", "⁹", "/", "L"]),
    ("10 9 /L", ["10", "9", "/", "L"]),
    ("10(9)/L", ["10", "(", "9", ")", "/", "L"]),
    ("10*9/L", ["10", "*", "9", "/", "L"]),
    ("x ULN", ["x", "ULN"]),
    ("×ULN", ["×", "ULN"]),
    ("xULN", ["x", "ULN"]),
    ("mmol/L", ["mmol", "/", "L"]),
    ("g/dL", ["g", "/", "dL"]),
    ("/mm3", ["/", "mm3"]),
    ("/mm^3", ["/", "mm", "^", "3"]),
    ("/mm(3).", ["/", "mm", "(", "3", ")", "."]),
    ("IU/mL", ["IU", "/", "mL"]),
    ("mg/kg", ["mg", "/", "kg"]),
    ("mg/day", ["mg", "/", "day"]),
    ("mL/min/1.73m²", ["mL", "/", "min", "/", "1.73", "m²"]),
    ("cells/µL", ["cells", "/", "µL"]),
]


@pytest.mark.parametrize("text,expected", COMPARATOR_CASES)
def test_tokenizer_splits_comparators(nlp, text, expected):
    assert words(nlp, text) == expected


@pytest.mark.parametrize("text,expected", UNIT_CASES)
def test_tokenizer_splits_units_into_matchable_pieces(nlp, text, expected):
    assert words(nlp, text) == expected


@pytest.mark.parametrize(
    "glued,spaced",
    [
        ("CrCl>=60mL/min", "CrCl >= 60 mL / min"),
        ("ANC≥1.5×10⁹/L", "ANC ≥ 1.5 × 10 ⁹ / L"),
        ("75mg/m2", "75 mg / m2"),
        ("ALT≤2.5xULN", "ALT ≤ 2.5 x ULN"),
    ],
)
def test_tokenizer_gives_the_same_tokens_however_a_quantity_is_spaced(nlp, glued, spaced):
    assert words(nlp, glued) == words(nlp, spaced)


NUMBER_UNIT_CASES = [
    ("250mg", ["250", "mg"]),
    ("75mg/m2", ["75", "mg", "/", "m2"]),
    ("30mUI/ml", ["30", "mUI", "/", "ml"]),
    ("1.5x10^9/L", ["1.5", "x", "10", "^", "9", "/", "L"]),
    ("2.5xULN", ["2.5", "x", "ULN"]),
    ("2XULN.", ["2", "X", "ULN", "."]),
    ("<=2X", ["<=", "2", "X"]),
    ("1.5x", ["1.5", "x"]),
    ("10mg/kg", ["10", "mg", "/", "kg"]),
    ("40-60mg", ["40", "-", "60", "mg"]),
    ("Hb≥9g/dL", ["Hb", "≥", "9", "g", "/", "dL"]),
    ("ANC≥1.5×10⁹/L", ["ANC", "≥", "1.5", "×", "10", "⁹", "/", "L"]),
    ("140/90mmHg", ["140", "/", "90", "mmHg"]),
    ("<5cm", ["<", "5", "cm"]),
    ("28days", ["28", "days"]),
    ("24h", ["24", "h"]),
    ("1,500mg", ["1,500", "mg"]),
    ("2x/week", ["2", "x", "/", "week"]),
]


@pytest.mark.parametrize("text,expected", NUMBER_UNIT_CASES)
def test_tokenizer_splits_numbers_from_units(nlp, text, expected):
    assert words(nlp, text) == expected


RANGE_CASES = [
    ("200-300mg", ["200", "-", "300", "mg"]),
    ("d1-d14", ["d1", "-", "d14"]),
    ("day1-day14", ["day1", "-", "day14"]),
    ("C1-C6", ["C1", "-", "C6"]),
    ("T1b-T3a", ["T1b", "-", "T3a"]),
    ("1.5-2.0", ["1.5", "-", "2.0"]),
    ("18-75", ["18", "-", "75"]),
    ("0-1", ["0", "-", "1"]),
    ("0-2.", ["0", "-", "2", "."]),
    ("18–75", ["18", "–", "75"]),
    ("18~75", ["18", "~", "75"]),
    ("70～110mg/dL", ["70", "～", "110", "mg", "/", "dL"]),
    ("18〜65", ["18", "〜", "65"]),
    ("70%-100%", ["70", "%", "-", "100", "%"]),
    ("II-IV", ["II", "-", "IV"]),
    ("IIIB-IV", ["IIIB", "-", "IV"]),
    ("0-II", ["0", "-", "II"]),
    ("stage I-II", ["stage", "I", "-", "II"]),
]

WHOLE_NUMBER_CASES = ["1.5", "1,500", "100,000", "0.5", "-2", "−1.5"]


@pytest.mark.parametrize("text,expected", RANGE_CASES)
def test_tokenizer_splits_ranges(nlp, text, expected):
    assert words(nlp, text) == expected


@pytest.mark.parametrize("text", WHOLE_NUMBER_CASES)
def test_tokenizer_keeps_decimals_thousands_and_signs(nlp, text):
    assert words(nlp, text) == [text]


def test_tokenizer_keeps_thousands_before_a_unit_denominator(nlp):
    assert words(nlp, "100,000/mm3") == ["100,000", "/", "mm3"]


CODE_NAMES = [
    "SYS6002", "SAR408701", "IBI363", "IMC002", "HMPL-012", "MK-3475", "BNT162b2", "5-FU", "S-1",
    "HbA1c", "PD-1", "PD-L1", "PD-(L)1", "CLDN18.2", "HER2", "COVID-19", "v5.0", "IL-2", "T-DM1",
    "Q3W", "Q2W", "QD", "BID", "ECOG", "HBV-DNA", "HCV-RNA", "SARS-CoV-2", "Ki-67", "5-HT3",
    "T790M", "E545K", "H1047L", "4-1BB", "interleukin-2", "HTLV-III", "G-CSF", "RT-PCR", "β-hCG",
    "c-Met", "99mTc", "3D", "1st", "b.i.d.", "i.v.", "e.g.", "and/or",
]  # fmt: skip


@pytest.mark.parametrize("text", CODE_NAMES)
def test_tokenizer_keeps_code_names_whole(nlp, text):
    assert words(nlp, text) == [text]


SPLIT_COMPOUND_CASES = [
    ("CTCAE v5.0", ["CTCAE", "v5.0"]),
    ("grade 2", ["grade", "2"]),
    ("anti-PD-1", ["anti", "-", "PD-1"]),
    ("anti-4-1BB", ["anti", "-", "4-1BB"]),
    ("24-hour", ["24", "-", "hour"]),
    ("HER2-positive", ["HER2", "-", "positive"]),
    ("non-small-cell", ["non", "-", "small", "-", "cell"]),
    ("B-Cell", ["B", "-", "Cell"]),
]


@pytest.mark.parametrize("text,expected", SPLIT_COMPOUND_CASES)
def test_tokenizer_splits_hyphens_that_touch_words(nlp, text, expected):
    assert words(nlp, text) == expected


PLUS_MINUS_MARKER_CASES = [
    ("3+", ["3", "+"]),
    ("2+", ["2", "+"]),
    ("≥2+", ["≥", "2", "+"]),
    ("CD4+", ["CD4", "+"]),
    ("ER+", ["ER", "+"]),
    ("++", ["++"]),
    ("+++", ["+++"]),
    ("CD4+CD25+", ["CD4", "+", "CD25", "+"]),
    ("HR+/HER2-", ["HR", "+", "/", "HER2", "-"]),
    ("ER-/PR-", ["ER", "-", "/", "PR", "-"]),
    ("(+/-", ["(", "+", "/", "-"]),
    ("4+3", ["4", "+", "3"]),
]


@pytest.mark.parametrize("text,expected", PLUS_MINUS_MARKER_CASES)
def test_tokenizer_splits_plus_and_minus_markers_consistently(nlp, text, expected):
    assert words(nlp, text) == expected


PUNCTUATION_CASES = [
    ("95%", ["95", "%"]),
    ("95%CI", ["95", "%", "CI"]),
    ("(PLT)", ["(", "PLT", ")"]),
    ("[≥1.5]", ["[", "≥", "1.5", "]"]),
    ("-Age", ["-", "Age"]),
    ("pre-", ["pre", "-"]),
    ("------", ["------"]),
    ("treatment—including", ["treatment", "—", "including"]),
    ("therapy):", ["therapy", ")", ":"]),
    # A bracket glued to a word opens an aside; a bracketed arm letter glued to its dose is split.
    ("creatinine(Cr)", ["creatinine", "(", "Cr", ")"]),
    ("creatinine(≤1.5", ["creatinine", "(", "≤", "1.5"]),
    ("ALT(SGPT)", ["ALT", "(", "SGPT", ")"]),
    ("(D)100", ["(", "D", ")", "100"]),
    ("(D)100mg", ["(", "D", ")", "100", "mg"]),
    ("disease(ESRD)/CKD", ["disease", "(", "ESRD", ")", "/", "CKD"]),
    ("fraction(EF)<40%", ["fraction", "(", "EF", ")", "<", "40", "%"]),
    # A bracket glued after an item's closing punctuation opens an aside too.
    ("NOS.(MADRS", ["NOS.", "(", "MADRS"]),
    ("below;[see", ["below", ";", "[", "see"]),
    ("1,(2)", ["1", ",", "(", "2", ")"]),
    # A sentence's period after a unit that ends in a capital.
    ("9 g/dL.", ["9", "g", "/", "dL", "."]),
    ("10^9/L.", ["10", "^", "9", "/", "L", "."]),
    ("2.5 x ULN.", ["2.5", "x", "ULN", "."]),
    # ... and after an upper-case abbreviation or code name (seed 003: "PO, Q3W. Phase II").
    ("PO, Q3W.", ["PO", ",", "Q3W", "."]),
    ("given BID.", ["given", "BID", "."]),
    # A comma or bracket glued after a number or code (seed 000: "SYS6002,intravenous injection").
    ("SYS6002,intravenous", ["SYS6002", ",", "intravenous"]),
    ("0-2(determined", ["0", "-", "2", "(", "determined"]),
    # A closing bracket before a hyphenated word closes the aside (API v2 record NCT02552212).
    ("(TNF)-antagonist", ["(", "TNF", ")", "-", "antagonist"]),
    ("PD-(L)1-positive", ["PD-(L)1", "-", "positive"]),
    # ... and before a route in capitals after a unit (XML NCT00494897: "(30 mg/m2)IV on days 1, 8").
    ("(30 mg/m2)IV", ["(", "30", "mg", "/", "m2", ")", "IV"]),
    ("(3g/m2)IV/24", ["(", "3", "g", "/", "m2", ")", "IV", "/", "24"]),
    # A colon between a word and a number (XML NCT00003746: "CDA:0.14 mg/kg/day").
    ("Temozolomide:200mg", ["Temozolomide", ":", "200", "mg"]),
    ("CDA:0.14 mg/kg", ["CDA", ":", "0.14", "mg", "/", "kg"]),
    ("Hb:10g/dL", ["Hb", ":", "10", "g", "/", "dL"]),
    # Full-width punctuation (API NCT05481619: "Generic Name：vedolizumab Specification：300mg/bottle").
    ("Name：vedolizumab", ["Name", "：", "vedolizumab"]),
    ("Specification：300mg/bottle", ["Specification", "：", "300", "mg", "/", "bottle"]),
    ("A，B；C（D）", ["A", "，", "B", "；", "C", "（", "D", "）"]),
    # A sentence's period glued to the number that opens the next ("ulcerative colitis.300 mg IV").
    ("colitis.300", ["colitis", ".", "300"]),
]

#: Brackets and periods that stay where they are: codes, exponents, abbreviations, initials.
KEPT_PUNCTUATION_CASES = [
    ("PD-(L)1", ["PD-(L)1"]),
    ("PD-(L)1s", ["PD-(L)1s"]),
    ("anti-PD-(L)1", ["anti", "-", "PD-(L)1"]),
    ("10(9)/L", ["10", "(", "9", ")", "/", "L"]),
    ("nucleos(t)ide", ["nucleos(t)ide"]),
    ("U.S.", ["U.S."]),
    ("e.g.", ["e.g."]),
    ("J.F.K.", ["J.F.K."]),
    ("1,500/mm3", ["1,500", "/", "mm3"]),
    ("d1,8", ["d1,8"]),
    ("2:1", ["2:1"]),
    ("10:30", ["10:30"]),
    ("HLA-A*02:01", ["HLA-A*02:01"]),
    ("tyrosinase:368-376", ["tyrosinase:368", "-", "376"]),
    ("CLDN18.2", ["CLDN18.2"]),
    ("Fig.2", ["Fig.2"]),
    ("v2.0", ["v2.0"]),
]


@pytest.mark.parametrize("text,expected", PUNCTUATION_CASES)
def test_tokenizer_splits_percent_brackets_and_dashes(nlp, text, expected):
    assert words(nlp, text) == expected


@pytest.mark.parametrize("text,expected", KEPT_PUNCTUATION_CASES)
def test_tokenizer_keeps_brackets_of_codes_and_periods_of_abbreviations(nlp, text, expected):
    assert words(nlp, text) == expected


MARKDOWN_CASES = [
    ("\\>", ["\\", ">"]),
    ("\\<", ["\\", "<"]),
    ("\\[", ["\\", "["]),
    ("\\>5", ["\\", ">", "5"]),
    ("\\[1\\]", ["\\", "[", "1", "\\", "]"]),
    ("m\\^2", ["m", "\\", "^", "2"]),
    ("1\\.", ["1", "\\", "."]),
    ("Hb \\>= 9", ["Hb", "\\", ">=", "9"]),
    ("Inclusion\\Exclusion", ["Inclusion", "\\", "Exclusion"]),
]


@pytest.mark.parametrize("text,expected", MARKDOWN_CASES)
def test_tokenizer_splits_markdown_escapes(nlp, text, expected):
    assert words(nlp, text) == expected


@pytest.mark.parametrize(
    "text,expected,spacy_gives",
    [
        ("(n = 8)", ["(", "n", "=", "8", ")"], ["(", "n", "=", "8)"]),
        ("HbA1c <3%", ["HbA1c", "<", "3", "%"], ["HbA1c", "<3", "%"]),
        ("T790M", ["T790M"], ["T790", "M"]),
        ("PD-L1", ["PD-L1"], ["PD", "-", "L1"]),
        ("b.i.d.", ["b.i.d."], ["b.i.d", "."]),
    ],
)
def test_tokenizer_fixes_english_defaults_on_trial_text(nlp, text, expected, spacy_gives):
    assert words(spacy.blank("en"), text) == spacy_gives
    assert words(nlp, text) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://clinicaltrials.gov/ct2/show/NCT01234567",
        "www.example.com/a?b=c",
        "user:pw@example.org",
    ],
)
def test_tokenizer_keeps_urls_whole(nlp, url):
    assert words(nlp, url) == [url]


ALL_CASES = (
    COMPARATOR_CASES + UNIT_CASES + NUMBER_UNIT_CASES + RANGE_CASES + SPLIT_COMPOUND_CASES
    + PLUS_MINUS_MARKER_CASES + PUNCTUATION_CASES + KEPT_PUNCTUATION_CASES + MARKDOWN_CASES
)  # fmt: skip


@pytest.mark.parametrize("text", [text for text, _ in ALL_CASES] + CODE_NAMES)
def test_tokenizer_explain_agrees_with_tokenizer(nlp, text):
    # explain() is spaCy's pure-Python re-implementation: if it agrees, it can be trusted for
    # debugging these rules.
    assert [t for _, t in nlp.tokenizer.explain(text)] == words(nlp, text)


# --- Lossless ---------------------------------------------------------------------------------

NAUGHTY_STRINGS = [
    "",
    " ",
    "   ",
    "\t",
    "\n",
    "\r\n",
    "Age ≥ 18\r\nECOG 0-1\r\n",
    "Hb\t>\t9\tg/dL",
    "  leading and trailing  ",
    "\u00a0NBSP\u00a0inside\u00a0",
    "ideographic\u3000space",
    "line\u2028separator\u2029paragraph",
    "\x00\x01\x02\x1b[31mred\x1b[0m\x7f",
    "zero\u200bwidth\u200cnon\u200djoiner\ufeffbom",
    "PD\u200b-L1 ≥\u200b50%",
    "emoji 😀 👩‍👩‍👧‍👦 🇺🇸 👍🏽 ≥1.5×10⁹/L 💊",
    "😀" * 50,
    "العربية ≥ 18 سنة",
    "עברית ≤ 2.5 × ULN",
    "\u202eRTL override\u202c ≥ 1.5",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "ｆｕｌｌ－ｗｉｄｔｈ ＞＝１８ 岁 18~75岁 ≤2.5×ULN",
    "Ω≈ç√∫˜µ≤≥÷ åß∂ƒ©˙∆˚¬…æ",
    "`~!@#$%^&*()_+-={}|[]\\:\";'<>?,./",
    "\\\\\\>\\<\\[\\]\\^\\.\\-\\*\\_",
    "1\\. Age \\>= 18 years\n2\\. ECOG 0\\-1",
    "a" * 10_000,
    "1" * 10_000,
    "x" * 5_000 + "≥" + "1" * 5_000,
    "'; DROP TABLE trials; --",
    "<script>alert('≥')</script>",
]


@pytest.mark.parametrize("text", NAUGHTY_STRINGS)
def test_tokenizer_is_lossless_on_naughty_strings(nlp, text):
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert "".join(token.text_with_ws for token in doc) == text


def test_tokenizer_refuses_lone_surrogates_as_spacy_does(nlp):
    # spaCy's string store encodes UTF-8; text read from UTF-8 files cannot hold these.
    for pipeline in (spacy.blank("en"), nlp):
        with pytest.raises(UnicodeEncodeError):
            pipeline.make_doc("\ud800 lone surrogate")


def test_tokenizer_is_lossless_on_sample_records(nlp, samples):
    assert samples
    for path in samples.values():
        text = path.read_text(encoding="utf-8")
        assert nlp.make_doc(text).text == text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_tokenizer_is_lossless_on_any_text(nlp, text):
    assert nlp.make_doc(text).text == text


RULE_CHARACTERS = "0123456789.,-–—~xX×^/\\≥≤<>=±+%()[] mgLUNdTIVabc⁹²\u200b\t\n"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=RULE_CHARACTERS, max_size=60))
def test_tokenizer_is_lossless_on_rule_characters(nlp, text):
    # The characters the rules are about, densely mixed: every prefix/suffix/infix interaction.
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert all(token.text for token in doc)


# --- Linear time ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1-" * 50_000,
        "≥" * 100_000,
        ">=" * 50_000,
        "/" * 100_000,
        "\\" * 100_000,
        "\\>" * 50_000,
        "+" * 100_000,
        "-" * 100_000,
        "-+" * 50_000,
        "≥-" * 50_000,
        "1x" * 50_000,
        "x1" * 50_000,
        "1:" * 50_000,
        "1," * 50_000,
        "1." * 50_000,
        "a-" * 50_000,
        "I-" * 50_000,
        "1mg" * 33_000,
        "ab(" * 33_000,
        "a)/" * 33_000,
        "(D)1" * 25_000,
        "dL." * 33_000,
        "/L." * 33_000,
    ],
    ids=lambda text: f"{text[:3]!r}x{len(text)}",
)
def test_tokenizer_completes_on_adversarial_100k_strings(nlp, text):
    # No wall-clock assert: a catastrophic regex or a quadratic affix loop shows up as a hung run
    # (these take well under a second each; "(" * 100_000 would take about half an hour, in
    # spaCy's English tokenizer as in ours, see the module docs).
    assert nlp.make_doc(text).text == text


def test_url_matcher_is_linear_on_colon_runs():
    # spaCy's URL_MATCH takes seconds on "1:1:1:..." (the user:password@ group backtracks).
    text = "1:" * 50_000 + "1"
    assert trials_tokenizer.URL_MATCH(text) is None
    assert trials_tokenizer.URL_MATCH("https://user:pw@example.org:8080/path?q=1") is not None


# --- Rule builders ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dropped,defaults",
    [
        (trials_tokenizer.DROPPED_PREFIXES, English.Defaults.prefixes),
        (trials_tokenizer.DROPPED_SUFFIXES, English.Defaults.suffixes),
        (trials_tokenizer.DROPPED_INFIXES, English.Defaults.infixes),
        (trials_tokenizer.DROPPED_SPECIAL_CASES, English.Defaults.tokenizer_exceptions),
    ],
)
def test_dropped_defaults_are_still_spacy_defaults(dropped, defaults):
    # If a spaCy upgrade rewrites one of these, the rule would silently stay in; fail instead.
    assert set(dropped) <= set(defaults)


def test_url_userinfo_is_still_in_spacy_url_pattern():
    assert trials_tokenizer.URL_USERINFO in URL_PATTERN


@pytest.mark.parametrize(
    "builder",
    [
        trials_tokenizer.trials_prefixes,
        trials_tokenizer.trials_suffixes,
        trials_tokenizer.trials_infixes,
    ],
)
def test_rule_builders_are_pure_and_compile(builder):
    ours = builder([])
    assert ours and all(isinstance(rule, str) for rule in ours)
    for rule in ours:
        re.compile(rule)
    assert builder()[: len(ours)] == ours
    assert builder([]) == ours


def test_rule_builders_drop_the_replaced_defaults():
    assert not set(trials_tokenizer.DROPPED_PREFIXES) & set(trials_tokenizer.trials_prefixes())
    assert not set(trials_tokenizer.DROPPED_SUFFIXES) & set(trials_tokenizer.trials_suffixes())
    assert not set(trials_tokenizer.DROPPED_INFIXES) & set(trials_tokenizer.trials_infixes())


def test_special_cases_drop_emoticons_and_keep_english_abbreviations():
    rules = trials_tokenizer.trials_special_cases()
    assert "8)" not in rules and "<3" not in rules and ":0" not in rules
    assert "e.g." in rules and "don't" in rules
    assert set(trials_tokenizer.SPECIAL_CASES) <= set(rules)


def test_make_trials_tokenizer_returns_a_spacy_tokenizer_on_the_vocab():
    nlp = spacy.blank("en")
    tokenizer = make_trials_tokenizer(nlp)
    assert isinstance(tokenizer, Tokenizer)
    assert tokenizer.vocab is nlp.vocab


# --- Registry and serialization ---------------------------------------------------------------


@pytest.fixture(scope="module")
def config_nlp() -> spacy.Language:
    import nlp_trials.pipeline.registrations  # noqa: F401

    return load_model_from_config(load_config_from_str(CONFIG), auto_fill=True, validate=True)


def test_tokenizer_is_registered():
    import nlp_trials.pipeline.registrations  # noqa: F401

    create = registry.tokenizers.get(TOKENIZER_NAME)
    assert create() is make_trials_tokenizer


def test_tokenizer_loads_from_config(config_nlp):
    assert config_nlp.config["nlp"]["tokenizer"] == {"@tokenizers": TOKENIZER_NAME}
    assert words(config_nlp, "CrCl>=60mL/min") == ["CrCl", ">=", "60", "mL", "/", "min"]


def test_tokenizer_entry_point_resolves():
    entry_points = importlib.metadata.entry_points(group="spacy_tokenizers")
    found = [ep for ep in entry_points if ep.name == TOKENIZER_NAME]
    if not found:
        pytest.skip("entry point not installed: [project.entry-points.spacy_tokenizers]")
    assert found[0].load()() is make_trials_tokenizer


TEXTS = [text for text, _ in ALL_CASES] + CODE_NAMES + ["Inclusion:\r\n- ANC ≥1.5×10⁹/L; Hb>9g/dL"]


def _pipeline_with_ruler(nlp: spacy.Language) -> spacy.Language:
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "units"})
    ruler.add_patterns(
        [{"label": "UNIT", "pattern": "mg/m2"}, {"label": "UNIT", "pattern": "x ULN"}]
    )
    return nlp


def test_pipeline_round_trips_through_bytes():
    import nlp_trials.pipeline.registrations  # noqa: F401

    config = load_config_from_str(CONFIG)
    nlp = _pipeline_with_ruler(load_model_from_config(config, auto_fill=True))
    data = nlp.to_bytes()
    # A fresh pipeline from the same config: the component is there, its patterns are not.
    nlp2 = load_model_from_config(nlp.config, auto_fill=True)
    assert not nlp2.get_pipe("span_ruler").patterns
    nlp2.from_bytes(data)
    for text in TEXTS:
        assert words(nlp2, text) == words(nlp, text)
    doc = nlp2("75mg/m2 and ≤2.5xULN")
    assert [span.text for span in doc.spans["units"]] == ["mg/m2", "xULN"]


def test_tokenizer_rules_travel_in_the_serialized_tokenizer(nlp):
    # A plain English tokenizer that loads our tokenizer's bytes tokenizes as ours: the regexes and
    # special cases are stored, not just the registry name.
    plain = spacy.blank("en")
    plain.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    for text in TEXTS:
        assert words(plain, text) == words(nlp, text)


def test_pipeline_round_trips_through_disk(config_nlp, tmp_path):
    config_nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.config["nlp"]["tokenizer"] == {"@tokenizers": TOKENIZER_NAME}
    for text in TEXTS:
        assert words(loaded, text) == words(config_nlp, text)


@pytest.mark.parametrize(
    "text, wrap",
    [
        ("Creatinine\n      clearance", True),  # classic XML wraps and indents
        ("2 times upper\nlimit of normal", True),
        ("ANC >=\n1500/mm3", True),
        ("Active infection\nHistory of stroke", False),  # a capital starts a new item as often
        ("no greater than 2.5 times\nULN", True),  # an abbreviation after a word no phrase ends with
        ("history of\nHIV infection", True),
        ("active infection\nHIV", False),
        ("times\nUpper limit", False),
        ("No\nStage I myeloma", True),  # a negation ending its line
        ("active infection\nNo HIV", False),
        ("renal function\n2. Platelets", False),  # a numbered item
        ("first paragraph\n\nsecond", False),  # a blank line
        ("\nfirst", False),  # nothing before it
    ],
)
def test_a_line_wrap_is_one_newline_between_words_that_carry_on(nlp, text: str, wrap: bool) -> None:
    from nlp_trials.pipeline.tokenizer import is_line_wrap

    doc = nlp(text)
    assert any(is_line_wrap(t) for t in doc) is wrap
