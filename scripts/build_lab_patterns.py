#!/usr/bin/env python
"""Build patterns/labs.jsonl, patterns/lab_values.jsonl and patterns/durations.jsonl.

Run from the repository root, with the package importable (phrases are checked against the trial
tokenizer; no other build-time package)::

    python scripts/build_lab_patterns.py          # rewrite the three files
    python scripts/build_lab_patterns.py --check  # exit 1 if a rebuild differs from the files

What each file holds:

* ``labs.jsonl`` (LAB_TEST): lab tests, vital signs and clinical scores a criterion puts a
  threshold on, from the curated table :data:`LAB_TESTS` (canonical name, long forms,
  abbreviations, kind). :func:`pattern_lab_tests` spells out the variants trial text writes
  ("serum creatinine", "creatinine level", "HBV-DNA"); every variant carries
  ``lab_test:<canonical name>``. Scales the table lacks are found by the shape of their name
  (:func:`pattern_named_scores`, ``lab_test:unlisted score``), and so is the expression of a
  tumour marker (:func:`pattern_marker_expression`, ``lab_test:marker expression``).
* ``lab_values.jsonl`` (LAB_VALUE, token patterns): the threshold written with a test, from the
  ``pattern_*_values`` functions: comparator + number or range + power of ten + unit
  (``≥ 1.5×10 9 /L``, ``> 50 mL/min``), multiples of a normal limit (``≤ 2.5×ULN``), scores and
  classes (``0 or 1``, ``II-IV``) and results in words (``positive``). The ``id`` key is the shape
  of the value; ``nlp_trials.pipeline.value_rules`` keeps the shapes that need a test
  (``amount``, ``number``, ``range``, ``class``, ``qualitative``) only next to one.
* ``durations.jsonl`` (DURATION, token patterns): amounts of time and the windows that state one
  (``within 4 weeks prior to randomization``, ``at least 7 months after termination of study
  therapy``, ``≥ 12 weeks``, ``in the past year``), from the ``pattern_duration*`` functions.

Decisions measured on Chia and LCT (half of each, fixed seed; see patterns/README.md):

* A name and its bracketed abbreviation ("platelet count (PLT)") are two LAB_TEST mentions: LCT
  always splits them, Chia mostly joins them, and splitting scores better over both. Bracketed
  abbreviations that mean something else alone ("(TB)" of bilirubin) stay joined to the name.
* A DURATION keeps its anchor ("... prior to randomization"), as the issue's examples do: Chia
  includes the anchor (343 of 913 spans have one), LCT never does; overlap scores are unchanged.
* "life expectancy" is a LAB_TEST (LCT annotates it so, 21 of 21; Chia mostly leaves it out): it
  carries a threshold a screener checks ("≥ 12 weeks", then a LAB_VALUE, see value_rules).
* Generic words ("laboratory tests", "lab values", "blood tests", "vital signs") name no test and
  no canonical concept, as generic "medications" name no drug, so they are no LAB_TEST. Chia
  leaves 17 of 20 of them out; LCT marks its 3. Measured: held-apart Chia LAB_TEST precision
  0.694 -> 0.701 (the floor is 0.70), LCT LAB_TEST F1 -0.008.

Token patterns are written against the tokens of ``nlp_trials.tokenizer.v1``, which splits
comparators, numbers, units, ``/`` and ``×`` apart (``['≥', '1.5', '×', '10', '9', '/', 'L']``)
and markdown escapes (``['\\\\', '>', '480', 'ms']``). Output is sorted compact JSON Lines, so a
rebuild is byte-for-byte reproducible; tests/patterns/test_lab_patterns.py rebuilds and compares.
"""


from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from nlp_trials.dates import MONTH_NAMES

REPO = Path(__file__).resolve().parents[1]
PATTERNS = REPO / "patterns"

LAB_FILE = "labs.jsonl"
LAB_VALUE_FILE = "lab_values.jsonl"
DURATION_FILE = "durations.jsonl"

Token = dict[str, Any]
TokenPattern = list[Token]
Record = dict[str, Any]

# =========================================================================== LAB_TEST vocabulary

#: The curated lab test table: ``(canonical name, long forms, abbreviations, kind)``.
#:
#: * The canonical name is the ``id`` key and is matched itself; long forms are other full names.
#:   A long form ending in a bracketed abbreviation of its own row is not matched whole: the name
#:   and the abbreviation are two mentions ("platelet count", "PLT").
#: * Abbreviations written in lower case are lower-cased phrases (any casing matches); written with
#:   capitals they are case-sensitive token patterns, for abbreviations that are words or other
#:   things in lower case ("PT" vs "pt" for patient, "eGFR" vs "EGFR" the gene). Written in
#:   brackets, ``"(tb)"``, they are only matched in brackets after a name ("serum total bilirubin
#:   (TB)"): alone they mean something else ("TB" tuberculosis).
#: * ``kind`` selects generated variants, see :data:`KIND_PREFIXES` and :data:`KIND_SUFFIXES`.
#:
#: A phrase is one label across all pattern files: HIV, HBV, "pregnancy", "vitamin d", "insulin"
#: are DISEASE/DRUG and left out here; the longer "hiv antibody", "vitamin d level" are tests and
#: win over them. Lab analytes that the drug vocabulary also lists are in drug_stoplist.txt.
LAB_TESTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...] = (
    # --- blood counts
    ("absolute neutrophil count", (
        "neutrophil count", "neutrophils", "neutrophil", "absolute neutrophils",
        "absolute neutrophil", "absolute neutrophil counts", "neutrophil counts",
        "absolute neutrophile count", "neutrophile count", "neutrophil granulocytes",
        "neutrophilic granulocytes", "neutrophile granulocytes", "absolute granulocyte count",
        "granulocyte count", "granulocytes", "polymorphonuclear neutrophils",
        "absolute neutrophil count (anc)", "neutrophils count",
    ), ("anc", "agc", "neut", "(neu)"), "count"),
    ("platelet count", (
        "platelets", "platelet counts", "blood platelet count", "blood platelets", "thrombocytes",
        "thrombocyte count", "platelets count", "platelet",
    ), ("plt", "plts"), "count"),
    ("hemoglobin", (
        "haemoglobin", "hemoglobin content", "haemoglobin content", "hemoglobin concentration",
        "haemoglobin concentration", "blood hemoglobin",
    ), ("hb", "hgb", "(hbg)"), "analyte"),
    ("hematocrit", ("haematocrit",), ("hct",), "analyte"),
    ("white blood cell count", (
        "white blood cells", "white blood cell", "white blood cell counts", "white cell count",
        "white cells", "leukocytes", "leukocyte count", "leucocytes", "leucocyte count",
        "total leukocyte count", "white blood count",
    ), ("wbc", "wbc count", "wbcs"), "count"),
    ("lymphocyte count", (
        "lymphocytes", "lymphocyte", "absolute lymphocyte count", "lymphocyte counts",
        "absolute lymphocytes",
    ), ("alc", "(lym)", "(lymph)"), "count"),
    ("red blood cell count", (
        "red blood cells", "erythrocytes", "erythrocyte count",
    ), ("rbc", "rbc count"), "count"),
    ("monocyte count", ("monocytes", "absolute monocyte count"), (), "count"),
    ("eosinophil count", (
        "eosinophils", "blood eosinophils", "absolute eosinophil count", "blood eosinophil count",
    ), (), "count"),
    ("reticulocyte count", ("reticulocytes",), (), "count"),
    ("blasts", (
        "blast count", "bone marrow blasts", "peripheral blasts", "blast cells",
    ), (), "count"),
    # Myeloma's marrow involvement ("clonal bone marrow plasma cells ≥ 10%").
    ("bone marrow plasma cells", (
        "plasma cells", "clonal plasma cells", "bone marrow plasma cell", "clonal bone marrow plasma cells",
        "bone marrow plasma cell percentage", "plasma cell percentage", "myeloma cells",
    ), (), "count"),
    ("cd4 count", (
        "cd4 cell count", "cd4+ count", "cd4+ cell count", "cd4 t-cell count", "cd4+ t-cell count",
        "cd4+ t cell count", "cd4 t cell count", "cd4 lymphocyte count", "cd4+ lymphocyte count",
        "cd4 cells", "cd4+ cells", "cd4+ t cells", "cd4 counts",
    ), (), "count"),
    ("cd4 percentage", (
        "cd4 percent", "cd4%", "cd4+ percentage", "cd4+ percent", "cd4+%", "cd4 cell percentage", "percent cd4",
    ), (), "other"),
    ("cd34+ cell count", ("cd34 cell count", "cd34+ count"), (), "count"),
    # --- coagulation
    ("international normalized ratio", (
        "international normalised ratio", "prothrombin time international normalized ratio",
    ), ("inr", "pt-inr", "pt/inr"), "analyte"),
    ("prothrombin time", (), ("PT",), "analyte"),
    ("activated partial thromboplastin time", (
        "partial thromboplastin time", "activated partial thromboplastin",
    ), ("aptt", "ptt", "aptt/ptt"), "analyte"),
    ("fibrinogen", (), (), "analyte"),
    ("thrombin time", (), (), "analyte"),
    ("anti-factor xa activity", ("anti-xa", "anti-xa activity", "anti-factor xa"), (), "analyte"),
    ("coagulation tests", (
        "coagulation profile", "coagulation parameters", "coagulation function",
        "coagulation panel", "coagulation studies",
    ), (), "other"),
    ("complete blood count", (
        "full blood count", "blood count", "blood counts", "complete blood counts",
    ), ("cbc",), "other"),
    ("d-dimer", ("d dimer",), (), "analyte"),
    # --- liver
    ("alanine aminotransferase", (
        "alanine transaminase", "alanine amino transferase", "alanine aminotransaminase",
        "serum glutamic pyruvic transaminase", "alanine transferase", "alanine-aminotransferase",
    ), ("alt", "sgpt", "alat", "gpt"), "analyte"),
    ("aspartate aminotransferase", (
        "aspartate transaminase", "aspartate amino transferase", "aspartate aminotransaminase",
        "serum glutamic oxaloacetic transaminase", "aspartate transferase",
        "aspartate-aminotransferase",
    ), ("ast", "sgot", "asat", "got"), "analyte"),
    ("transaminases", (
        "liver transaminases", "aminotransferases", "liver aminotransferases", "transaminase",
        "alt/ast", "ast/alt", "sgot/sgpt", "sgpt/sgot", "ast/alt levels", "transaminase levels",
        "aminotransferase levels",
    ), (), "other"),
    ("total bilirubin", (
        "bilirubin", "total serum bilirubin", "bilirubin total", "total bilirubin level",
    ), ("tbil", "t-bil", "tbili", "(tb)", "(tbil)", "bili"), "analyte"),
    ("direct bilirubin", ("conjugated bilirubin",), ("dbil",), "analyte"),
    ("indirect bilirubin", ("unconjugated bilirubin",), (), "analyte"),
    # "alkaline phosphate" is how some records misspell it; alone it would be the phosphate test.
    ("alkaline phosphatase", ("alkaline phosphate", "alk phosphatase"), ("alp", "alk phos"), "analyte"),
    ("gamma-glutamyl transferase", (
        "gamma glutamyl transferase", "gamma-glutamyltransferase", "gamma-glutamyl transpeptidase",
        "gamma glutamyl transpeptidase", "gamma-glutamyl-transferase", "gamma glutamyltransferase",
        "gamma-glutamyl-transpeptidase", "gamma-glutamyltranspeptidase", "gamma glutamyltranspeptidase",
    ), ("ggt", "γ-gt", "gamma-gt", "ggtp"), "analyte"),
    ("albumin", (), ("alb",), "analyte"),
    ("total protein", (), (), "analyte"),
    ("lactate dehydrogenase", ("lactic dehydrogenase",), ("ldh",), "analyte"),
    ("liver function tests", (
        "liver function test", "liver function", "liver enzymes", "liver enzyme",
        "hepatic function", "liver tests", "hepatic enzymes", "liver panel",
    ), ("lfts", "lft"), "other"),
    ("child-pugh score", (
        "child-pugh", "child pugh", "child-pugh class", "child pugh score", "child pugh class",
        "child-pugh classification", "child-pugh-turcotte", "child turcotte pugh",
    ), (), "score"),
    ("meld score", (
        "model for end-stage liver disease", "model for end stage liver disease",
    ), ("meld",), "score"),
    # --- kidney
    ("serum creatinine", (
        "creatinine", "creatinine level", "creatinine levels", "plasma creatinine",
    ), ("scr", "Cr", "sCr"), "analyte"),
    ("creatinine clearance", (
        "calculated creatinine clearance", "measured creatinine clearance",
        "estimated creatinine clearance", "creatinine clearance rate", "creatinine clearence",
        "calculated creatinine clearance (crcl)", "cockcroft-gault creatinine clearance",
        "creatinine clearance (cockcroft-gault)",
    ), ("crcl", "ccr", "clcr", "ccl"), "other"),
    ("estimated glomerular filtration rate", (
        "glomerular filtration rate", "estimated gfr", "calculated glomerular filtration rate",
        "estimated glomerular filtration rate (egfr)",
    ), ("eGFR", "gfr", "e-gfr", "mdrd-egfr", "egfr (mdrd)"), "other"),
    ("renal function", (
        "kidney function", "renal function tests", "renal function test", "kidney function tests",
    ), (), "other"),
    ("bone marrow function", (
        "bone marrow reserve", "hematologic function", "haematological function",
        "hematological function", "bone marrow reserves",
    ), (), "other"),
    ("blood ph", (
        "arterial ph", "arterial blood ph", "blood gas", "arterial blood gas",
        "arterial blood gases",
    ), ("abg",), "other"),
    ("blood urea nitrogen", (
        "urea nitrogen", "urea", "serum urea", "blood urea",
    ), ("bun",), "analyte"),
    ("uric acid", (), (), "analyte"),
    ("urine protein", (
        "urinary protein", "qualitative urine protein", "urine protein quantitation",
        "24-hour urine protein", "24 hour urine protein", "24-h urine protein", "24h urine protein",
        "24-hour urine protein quantitative test", "urine protein quantitative test",
        "protein in urine", "urine dipstick protein", "dipstick proteinuria", "urine dipstick",
        "24-hour urinary protein", "24-hour proteinuria", "24 hour proteinuria",
    ), (), "other"),
    ("urine protein to creatinine ratio", (
        "urine protein/creatinine ratio", "urine protein-to-creatinine ratio",
        "urine protein:creatinine ratio", "urinary protein to creatinine ratio",
        "urinary protein/creatinine ratio", "protein/creatinine ratio",
        "protein to creatinine ratio", "protein-to-creatinine ratio", "protein creatinine ratio",
    ), ("upcr", "uprot/ucr"), "other"),
    ("urine albumin to creatinine ratio", (
        "urinary albumin/creatinine ratio", "urine albumin/creatinine ratio",
        "urinary albumin to creatinine ratio", "albumin/creatinine ratio",
        "albumin to creatinine ratio", "albumin-to-creatinine ratio",
        "urinary albumin-to-creatinine ratio", "urine albumin-to-creatinine ratio", "urine albumin",
        "urinary albumin excretion", "urinary albumin",
    ), ("uacr", "acr"), "other"),
    ("urinalysis", ("urine analysis",), (), "other"),
    # --- pancreas, glucose, lipids
    ("amylase", ("serum amylase",), (), "other"),
    ("lipase", ("serum lipase",), (), "other"),
    ("hba1c", (
        "hemoglobin a1c", "haemoglobin a1c", "glycated hemoglobin", "glycated haemoglobin",
        "glycosylated hemoglobin", "glycosylated haemoglobin", "glycohemoglobin", "hb a1c",
        "hgba1c", "hgb a1c", "hemoglobin a1c (hba1c)", "glycated hemoglobin (hba1c)",
        "glycosylated hemoglobin (hba1c)", "haemoglobin a1c (hba1c)",
        "glycated haemoglobin (hba1c)",
    ), ("a1c",), "analyte"),
    ("glucose", (
        "blood glucose", "plasma glucose", "serum glucose", "fasting glucose",
        "fasting blood glucose", "fasting plasma glucose", "fasting serum glucose", "blood sugar",
        "fasting blood sugar", "random blood glucose", "random glucose", "2-hour glucose",
        "2-hour plasma glucose", "2-hour glucose load", "2-hour post-load glucose",
        "2-hour postprandial glucose", "postprandial glucose", "glucose level", "glucose levels",
        "blood glucose level", "blood glucose levels", "glucose concentration",
        "fasting glucose level", "capillary glucose", "glycemia", "glycaemia", "fasting glycemia",
        "fasting plasma glucose (fpg)", "fasting blood glucose (fbg)",
    ), ("fpg", "fbg", "fbs"), "other"),
    ("oral glucose tolerance test", (
        "glucose tolerance test", "glucose tolerance",
    ), ("ogtt",), "other"),
    ("c-peptide", ("c peptide", "fasting c-peptide"), (), "analyte"),
    ("total cholesterol", ("cholesterol", "serum cholesterol"), ("tc",), "other"),
    ("ldl cholesterol", (
        "ldl-cholesterol", "low-density lipoprotein cholesterol",
        "low density lipoprotein cholesterol", "low-density lipoprotein", "low density lipoprotein",
        "ldl cholesterol level",
    ), ("ldl-c", "ldl", "ldlc"), "other"),
    ("hdl cholesterol", (
        "hdl-cholesterol", "high-density lipoprotein cholesterol",
        "high density lipoprotein cholesterol", "high-density lipoprotein",
        "high density lipoprotein",
    ), ("hdl-c", "hdl", "hdlc"), "other"),
    ("triglycerides", (
        "triglyceride", "serum triglycerides", "fasting triglycerides", "triglycerides level",
    ), ("tg", "tgs"), "other"),
    # --- electrolytes and minerals
    ("potassium", (
        "serum potassium", "plasma potassium", "potassium level", "blood potassium",
    ), ("K+",), "other"),
    ("sodium", ("serum sodium", "plasma sodium", "sodium level", "blood sodium"), (), "other"),
    ("calcium", (
        "serum calcium", "corrected calcium", "corrected serum calcium",
        "calcium level", "albumin-corrected calcium",
    ), (), "other"),
    # The free fraction, with its own range (about 1.1-1.3 mmol/L against 2.2-2.6 total).
    ("ionized calcium", ("ionised calcium",), (), "other"),
    ("magnesium", ("serum magnesium", "magnesium level"), (), "other"),
    ("phosphate", (
        "serum phosphate", "phosphorus", "serum phosphorus", "phosphate level",
    ), (), "other"),
    ("chloride", ("serum chloride",), (), "other"),
    ("bicarbonate", ("serum bicarbonate",), (), "other"),
    ("electrolytes", (
        "serum electrolytes", "electrolyte", "electrolyte levels", "electrolyte abnormalities",
    ), (), "other"),
    ("ferritin", ("serum ferritin",), (), "other"),
    ("transferrin saturation", (), ("tsat",), "other"),
    ("serum iron", ("iron level", "iron levels"), (), "other"),
    ("vitamin d level", (
        "25-hydroxyvitamin d", "25-oh vitamin d", "25(oh)d", "25(oh) vitamin d", "serum vitamin d",
        "vitamin d levels", "serum 25-hydroxyvitamin d", "25-hydroxy vitamin d",
    ), (), "other"),
    ("vitamin b12 level", ("serum vitamin b12", "vitamin b12 levels", "serum b12"), (), "other"),
    # --- hormones and tumour markers
    ("thyroid stimulating hormone", (
        "thyroid-stimulating hormone", "thyrotropin",
    ), ("tsh",), "analyte"),
    ("free thyroxine", ("free t4", "thyroxine"), ("ft4",), "analyte"),
    ("triiodothyronine", ("free t3", "free triiodothyronine"), ("ft3",), "analyte"),
    ("cortisol", ("serum cortisol", "plasma cortisol", "morning cortisol"), (), "other"),
    ("testosterone", (
        "serum testosterone", "testosterone level", "testosterone levels", "total testosterone",
        "castrate testosterone", "serum testosterone level", "free testosterone",
    ), (), "other"),
    ("estradiol", (
        "serum estradiol", "estradiol level", "estradiol levels", "oestradiol", "oestradiol level",
        "e2 level",
    ), (), "other"),
    ("follicle stimulating hormone", ("follicle-stimulating hormone",), ("fsh",), "analyte"),
    ("luteinizing hormone", (), ("LH",), "analyte"),
    ("prolactin", ("serum prolactin",), ("prl",), "other"),
    ("cystatin c", ("serum cystatin c",), (), "other"),
    ("anti-mullerian hormone", (
        "anti-müllerian hormone", "antimullerian hormone",
    ), ("amh",), "analyte"),
    ("human chorionic gonadotropin", (
        "beta-hcg", "β-hcg", "beta hcg", "serum beta-hcg", "serum hcg", "urine hcg", "b-hcg",
        "bhcg", "beta-human chorionic gonadotropin", "serum β-hcg",
    ), ("hcg",), "other"),
    ("pregnancy test", (
        "serum pregnancy test", "urine pregnancy test", "urinary pregnancy test",
        "blood pregnancy test", "serum or urine pregnancy test", "urine or serum pregnancy test",
        "beta-hcg pregnancy test", "pregnancy tests", "serum β-hcg pregnancy test",
        "serum beta-hcg pregnancy test",
    ), (), "other"),
    ("prostate-specific antigen", (
        "prostate specific antigen", "serum psa", "psa level", "psa levels",
    ), ("psa",), "other"),
    ("free psa", ("free psa ratio", "percent free psa"), (), "other"),
    ("carcinoembryonic antigen", (), ("cea",), "analyte"),
    ("ca-125", ("ca 125", "ca125", "cancer antigen 125"), (), "analyte"),
    ("ca 19-9", ("ca19-9", "ca 19.9", "carbohydrate antigen 19-9"), (), "analyte"),
    ("alpha-fetoprotein", ("alpha fetoprotein", "α-fetoprotein"), ("afp",), "analyte"),
    ("beta-2 microglobulin", (
        "β2-microglobulin", "beta2-microglobulin", "β2 microglobulin",
    ), (), "analyte"),
    # --- inflammation, cardiac and muscle markers
    ("c-reactive protein", (
        "c reactive protein", "high-sensitivity c-reactive protein", "hs-crp", "hscrp",
    ), ("crp",), "analyte"),
    ("erythrocyte sedimentation rate", ("sedimentation rate",), ("esr",), "analyte"),
    ("procalcitonin", (), ("pct",), "analyte"),
    ("troponin", (
        "cardiac troponin", "troponin i", "troponin t", "high-sensitivity troponin", "hs-troponin",
    ), ("ctni", "ctnt"), "analyte"),
    ("brain natriuretic peptide", (
        "b-type natriuretic peptide", "type b natriuretic peptide", "natriuretic peptide type b",
    ), ("bnp",), "analyte"),
    # Its N-terminal fragment is another test, with thresholds about ten times higher.
    ("nt-probnp", (
        "nt-pro bnp", "n-terminal-probnp", "nt probnp", "n-terminal pro-b-type natriuretic peptide",
        "n-terminal pro-brain natriuretic peptide",
    ), (), "analyte"),
    ("creatine kinase", ("creatine phosphokinase",), ("ck", "cpk"), "analyte"),
    ("lactate", ("serum lactate", "blood lactate", "lactate level"), (), "other"),
    ("immunoglobulin e", ("total ige", "serum ige"), ("ige",), "other"),
    # --- infection serology and viral load
    ("hbsag", (
        "hepatitis b surface antigen", "hepatitis b virus surface antigen", "hbs antigen", "hbs ag",
        "hbs-ag",
    ), (), "serology"),
    ("hepatitis b core antibody", (
        "hbc antibody", "anti-hbc", "hbcab", "hbc-ab", "anti-hbc antibody",
        "hepatitis b core antibodies", "hbv core antibody", "hepatitis b core antigen antibody",
        "anti-hbc igm",
    ), (), "serology"),
    ("hbeag", ("hepatitis b e antigen", "hbe antigen"), (), "serology"),
    ("hepatitis b surface antibody", ("anti-hbs", "hbsab", "hbs antibody"), (), "serology"),
    ("hbv-dna", (
        "hbv dna", "hepatitis b virus dna", "hepatitis b virus (hbv)-dna",
        "hepatitis b virus (hbv) dna", "hbv dna level", "hbv-dna level", "hepatitis b dna",
        "hbv viral load", "serum hbv dna", "hbv dna copy number", "hbv-dna copy number",
    ), (), "serology"),
    ("hcv antibody", (
        "anti-hcv", "hepatitis c antibody", "hepatitis c virus antibody", "hcv ab", "hcv-ab",
        "anti-hcv antibody", "hcv antibodies", "hepatitis c antibodies",
    ), (), "serology"),
    ("hcv rna", (
        "hcv-rna", "hepatitis c virus rna", "hepatitis c rna", "hcv viral load", "hcv rna level",
    ), (), "serology"),
    ("hiv antibody", (
        "hiv antibodies", "hiv ab", "anti-hiv", "hiv-1 antibody", "hiv test", "hiv testing",
        "hiv serology", "human immunodeficiency virus antibody", "hiv status", "hiv-1/2 antibody",
        "hiv 1/2 antibody", "human immunodeficiency virus (hiv) antibody",
        "human immunodeficiency virus (hiv) antibody test",
    ), (), "serology"),
    ("hiv rna", (
        "hiv-1 rna", "hiv viral load", "hiv-1 viral load", "plasma hiv-1 rna", "plasma hiv rna",
        "hiv-1 plasma rna", "hiv rna level",
    ), (), "serology"),
    ("viral load", ("viral loads", "plasma viral load"), (), "other"),
    ("syphilis antibody", (
        "treponema pallidum antibody", "syphilis serology", "syphilis antibody test",
    ), ("rpr", "vdrl"), "serology"),
    ("interferon-gamma release assay", (
        "interferon gamma release assay", "interferon-gamma release assays", "quantiferon",
        "ifn-gamma release assay", "ifn-γ release assay", "ifn gamma release assay", "ifn-g release assay",
        "quantiferon-tb gold", "quantiferon tb gold", "t-spot", "t-spot.tb", "t-spot tb",
        "tuberculin skin test", "ppd test", "mantoux test", "purified protein derivative",
    ), ("igra", "TST"), "other"),
    # --- cardiovascular
    ("qtc interval", (
        "qtc", "corrected qt interval", "qt interval corrected", "qtcf", "qtc f", "qtc-f",
        "qtcf interval", "qtc (fridericia)", "fridericia-corrected qt interval",
        "fridericia corrected qt interval", "qt corrected by fridericia", "qtcb", "corrected qt",
        "qt interval", "qt/qtc", "qt/qtc interval", "qt/qtcf", "corrected qt (qtc) interval",
        "corrected qt interval (qtc)", "qtc interval (qtcf)", "mean qtcf", "mean qtc", "qtcf value",
    ), (), "other"),
    ("pr interval", ("pr-interval", "pr intervals", "p-r interval"), (), "other"),
    ("qrs duration", ("qrs interval", "qrs complex duration", "qrs width"), (), "other"),
    ("left ventricular ejection fraction", (
        "ejection fraction", "left ventricle ejection fraction",
        "left-ventricular ejection fraction", "lv ejection fraction", "cardiac ejection fraction",
        "left ventricular ejection fraction (lvef)", "left ventricular fraction",
    ), ("lvef", "ef"), "other"),
    ("blood pressure", (
        "arterial blood pressure", "arterial pressure", "resting blood pressure", "blood pressures",
    ), ("bp",), "other"),
    ("systolic blood pressure", (
        "systolic bp", "systolic pressure", "systolic arterial pressure",
        "systolic blood pressures", "systolic",
    ), ("sbp",), "other"),
    ("diastolic blood pressure", (
        "diastolic bp", "diastolic pressure", "diastolic arterial pressure", "diastolic",
    ), ("dbp",), "other"),
    ("mean arterial pressure", (), ("MAP",), "other"),
    ("heart rate", ("resting heart rate", "pulse rate", "pulse", "heart rate (hr)"), (), "other"),
    ("new york heart association", (
        "new york heart association functional classification",
        "new york heart association classification", "nyha functional classification",
        "new york heart association (nyha) functional classification", "nyha classification",
    ), ("nyha",), "score"),
    ("cha2ds2-vasc score", (
        "cha2ds2-vasc", "cha2ds2vasc", "cha2ds2-vasc score", "cha2ds2vasc score",
        "chads2vasc score",
    ), (), "score"),
    ("chads2 score", ("chads2",), (), "score"),
    ("has-bled score", ("has-bled",), (), "score"),
    ("ankle-brachial index", (
        "ankle brachial index", "ankle-brachial pressure index", "ankle brachial pressure index",
    ), ("abi",), "other"),
    # --- respiratory and oxygenation
    ("oxygen saturation", (
        "blood oxygen saturation", "o2 saturation", "arterial oxygen saturation",
        "peripheral oxygen saturation", "oxygen saturation (spo2)", "pulse oximetry", "saturation",
        "blood oxygen saturation (spo2)", "o2 sat", "o2 sats", "sat o2", "oxygen sat",
    ), ("spo2", "sao2", "sato2", "spo2%"), "other"),
    ("pao2", (
        "arterial oxygen partial pressure", "partial pressure of oxygen", "pao2/fio2",
        "pao2/fio2 ratio", "p/f ratio", "po2", "po_2", "pao_2", "arterial po2", "resting po2",
    ), (), "other"),
    ("paco2", ("partial pressure of carbon dioxide", "arterial carbon dioxide", "pco2", "pco_2", "paco_2", "arterial pco2"), (), "other"),
    ("fio2", ("fraction of inspired oxygen", "inspired oxygen fraction"), (), "other"),
    ("fev1", (
        "forced expiratory volume in 1 second", "forced expiratory volume in one second",
        "forced expiratory volume in 1 s", "forced expiratory volume", "fev1 % predicted", "fev1%",
        "post-bronchodilator fev1", "pre-bronchodilator fev1", "fev 1", "fev_1", "fev in one second",
        "fev in 1 second", "forced expiratory volume at 1 second", "forced expiratory volume at one second",
        "forced expiratory volume in 1 sec", "forced expiratory volume in the first second",
    ), ("FEV",), "other"),
    ("fvc", ("forced vital capacity",), (), "other"),
    ("vital capacity", ("slow vital capacity",), (), "other"),
    ("fev1/fvc", ("fev1/fvc ratio", "fev1 / fvc"), (), "other"),
    ("dlco", (
        "diffusing capacity", "diffusion capacity", "diffusing capacity for carbon monoxide",
        "diffusing capacity of the lung for carbon monoxide",
    ), (), "other"),
    ("pulmonary function test", (
        "pulmonary function tests", "lung function", "lung function test", "pulmonary function",
    ), ("pft", "pfts"), "other"),
    ("apnea-hypopnea index", ("apnea hypopnea index", "apnoea-hypopnoea index"), ("ahi",), "score"),
    ("six-minute walk distance", (
        "6-minute walk distance", "six minute walk distance", "6 minute walk distance",
        "6-minute walk test", "six-minute walk test", "6mwd", "6mwt", "6-mwt",
        # Spelled every way criteria write it; "6 min" alone would otherwise be a duration.
        "6 minute walk test", "six minute walk test", "6-min walk test", "6 min walk test",
        "6-min walk distance", "6 min walk distance", "6-minute walk", "6 minute walk", "6 min walk",
        "6-minute walking distance", "6-minutes walking distance", "6 minutes walking distance",
        "6-minute walking test", "6 minute walking test", "six-minute walking distance",
    ), (), "other"),
    # --- sizes measured by imaging or examination
    ("lesion diameter", (
        "diameter", "longest diameter", "largest diameter", "maximum diameter", "maximal diameter",
        "tumor diameter", "tumour diameter", "lesion diameter", "longest dimension",
        "largest dimension",
    ), (), "other"),
    ("lesion size", (
        "tumor size", "tumour size", "size", "prostate size", "uterine size", "lesion sizes",
        "tumor volume",
    ), (), "other"),
    ("thickness", (
        "wall thickness", "endometrial thickness", "septal thickness", "central macular thickness",
        "macular thickness",
    ), (), "other"),
    ("cervical length", (), (), "other"),
    ("prostate volume", (), (), "other"),
    ("body mass index", (
        "body-mass index", "body mass index (bmi)", "bmi (body mass index)",
    ), ("bmi",), "other"),
    ("body weight", ("weight", "bodyweight", "body weight (bw)", "weighing"), (), "other"),
    ("height", ("body height",), (), "other"),
    ("waist circumference", (
        "waist", "hip circumference", "waist-to-hip ratio", "waist to hip ratio",
        "mid-upper arm circumference", "mid upper arm circumference",
    ), ("whr",), "other"),
    ("birth weight", ("birthweight", "estimated fetal weight"), ("efw",), "other"),
    ("intracranial pressure", (), ("icp",), "other"),
    ("semen analysis", (
        "sperm count", "sperm concentration", "total motile sperm count", "sperm motility",
    ), (), "other"),
    ("intelligence quotient", ("iq score", "full scale iq"), ("iq",), "other"),
    ("body temperature", (
        "temperature", "axillary temperature", "core temperature", "oral temperature",
    ), (), "other"),
    ("respiratory rate", ("respiration rate", "breathing rate"), (), "other"),
    ("intraocular pressure", (), ("iop",), "other"),
    ("visual acuity", (
        "best corrected visual acuity", "best-corrected visual acuity",
        "bcva (best corrected visual acuity)", "etdrs letter score", "bcva letter score",
        "visual acuity letter score", "etdrs visual acuity", "etdrs bcva",
    ), ("bcva",), "other"),
    # Physical function of older and frail patients ("handgrip strength < 26 kg", "gait speed < 1 m/s").
    ("grip strength", ("handgrip strength", "hand grip strength", "hand-grip strength"), (), "other"),
    ("gait speed", ("walking speed", "usual gait speed", "habitual gait speed"), (), "other"),
    ("timed up and go test", ("timed up and go", "timed up-and-go test", "timed up-and-go", "timed get up and go test"), ("TUG",), "other"),
    # Acidity of a fluid; the bare abbreviation counts written "pH" only ("PH" is pulmonary hypertension).
    ("ph value", ("urine ph", "urinary ph", "saliva ph", "salivary ph", "gastric ph"), ("pH",), "other"),
    # "37 weeks of gestation": the amount is the value, "gestation" the test (as Chia and LCT mark it).
    ("gestational age", ("gestation",), (), "other"),
    ("life expectancy", (
        "expected survival", "estimated life expectancy", "predicted life expectancy",
        "expected survival period", "expected survival time", "predicted survival",
        "anticipated life expectancy", "expected lifetime", "life expectation",
        "estimated survival", "anticipated survival", "survival expectancy",
    ), (), "other"),
    # --- performance status and clinical scores
    ("ecog performance status", (
        "ecog", "ecog ps", "ecog performance status score", "ecog performance score",
        "ecog performance", "ecog score", "ecog status", "ecog scale", "ecog performance scale",
        "ecog-ps", "ecog grade", "eastern cooperative oncology group",
        "eastern cooperative oncology group (ecog)",
        "eastern cooperative oncology group performance status",
        "eastern cooperative oncology group (ecog) performance status",
        "eastern cooperative oncology group (ecog) performance status score",
        "eastern cooperative oncology group (ecog) ps",
        "eastern cooperative oncology group (ecog) score",
        "eastern cooperative oncology group performance status (ecog ps)",
        "eastern cooperative oncology group performance status (ecog)",
        "eastern cooperative oncology group performance status score",
        "ecog performance status (ps)", "ecog/who performance status",
        "who/ecog performance status", "ecog/zubrod performance status",
        "zubrod performance status", "zubrod", "zubrod score", "zubrod ps", "who performance status", "who ps",
        "world health organization performance status",
        "world health organization (who) performance status", "who performance score",
        "performance status", "performance status (ps)", "performance score",
    ), (), "score"),
    ("karnofsky performance status", (
        "karnofsky", "karnofsky performance score", "karnofsky score",
        "karnofsky performance scale", "karnofsky index", "karnofsky performance index",
        "karnofsky performance", "karnofsky status", "karnofsky performance status (kps)",
        "karnofsky performance score (kps)", "karnofsky/lansky", "karnofsky/lansky score",
        "karnofsky/lansky performance status", "karnofsky or lansky performance status",
        "karnofsky ps", "karnofsky performance status score", "kps score",
    ), ("kps",), "score"),
    ("lansky performance status", (
        "lansky", "lansky score", "lansky play-performance scale", "lansky performance score",
        "lansky ps", "lansky play performance scale", "lansky play-performance status",
    ), (), "score"),
    ("american society of anesthesiologists physical status", (
        "american society of anesthesiologists", "american society of anaesthesiologists",
        "american society of anesthesiologists (asa)",
        "american society of anesthesiologists (asa) physical status",
        "american society of anesthesiologists physical status classification",
        "american society of anesthesiology", "asa physical status",
        "asa physical status classification", "asa class", "asa classification", "asa score",
        "asa status", "asa physiological status", "asa grade", "asa physical status score",
    ), ("ASA",), "score"),
    ("glasgow coma scale", (
        "glasgow coma score", "glasgow coma scale score", "glasgow coma scale (gcs)",
    ), ("gcs",), "score"),
    ("nih stroke scale", (
        "national institutes of health stroke scale", "nih stroke scale score", "nihss score",
        "national institutes of health stroke scale (nihss)",
    ), ("nihss",), "score"),
    ("modified rankin scale", (
        "modified rankin score", "modified rankin scale score", "rankin scale",
    ), ("mrs",), "score"),
    ("expanded disability status scale", (
        "expanded disability status scale score", "edss score",
    ), ("edss",), "score"),
    ("mini-mental state examination", (
        "mini mental state examination", "mini-mental state exam", "mini mental state exam",
        "mini-mental status examination", "mini mental status examination",
        "mini-mental state examination (mmse)", "mmse score",
    ), ("mmse",), "score"),
    ("montreal cognitive assessment", ("moca score",), ("moca",), "score"),
    ("clinical dementia rating", (
        "clinical dementia rating scale", "cdr global score", "cdr score", "cdr-sb",
    ), (), "score"),
    ("hamilton depression rating scale", (
        "hamilton rating scale for depression", "hamilton depression scale", "ham-d score",
        "hamd score", "hamilton depression rating scale score",
        "hamilton depression rating scale (ham-d)", "hdrs score",
    ), ("ham-d", "hamd", "hdrs", "hrsd", "hamd-17", "ham-d17"), "score"),
    ("hamilton anxiety rating scale", (
        "hamilton anxiety scale", "ham-a score",
    ), ("ham-a", "hama", "hars"), "score"),
    ("montgomery-asberg depression rating scale", (
        "montgomery-åsberg depression rating scale", "montgomery asberg depression rating scale",
        "madrs score", "montgomery depression rating scale",
        "montgomery and asberg depression rating scale", "madrs total score",
    ), ("madrs",), "score"),
    ("patient health questionnaire-9", (
        "patient health questionnaire", "phq-9 score", "phq9",
    ), ("phq-9",), "score"),
    ("generalized anxiety disorder-7", ("gad-7 score",), ("gad-7",), "score"),
    ("beck depression inventory", (
        "beck depression inventory-ii", "bdi-ii", "bdi score",
    ), ("bdi",), "score"),
    ("young mania rating scale", ("ymrs score",), ("ymrs",), "score"),
    ("positive and negative syndrome scale", (
        "panss total score", "panss score",
    ), ("panss",), "score"),
    ("clinical global impression", (
        "clinical global impression-severity", "cgi-s", "cgi-i", "cgi severity",
    ), (), "score"),
    ("epworth sleepiness scale", ("epworth sleepiness score", "epworth score"), (), "score"),
    ("charlson comorbidity index", ("charlson index", "charlson comorbidity score"), (), "score"),
    ("apache ii score", ("apache ii", "apache-ii", "apache score"), (), "score"),
    ("sofa score", (
        "sequential organ failure assessment", "sequential organ failure assessment score",
    ), (), "score"),
    ("gleason score", ("gleason", "gleason sum", "gleason grade"), (), "score"),
    ("gold grade", (
        "gold stage", "gold classification",
        "global initiative for chronic obstructive lung disease",
    ), ("GOLD",), "score"),
    ("psoriasis area and severity index", ("pasi score", "pasi"), (), "score"),
    ("scoring atopic dermatitis", ("scorad", "scorad score", "scorad index"), (), "score"),
    ("eczema area and severity index", ("easi score",), ("easi",), "score"),
    ("investigator's global assessment", (
        "investigator global assessment", "iga score",
    ), (), "score"),
    ("international prostate symptom score", ("ipss score",), ("ipss",), "score"),
    ("yale-brown obsessive compulsive scale", ("y-bocs score", "ybocs"), ("y-bocs",), "score"),
    ("metavir score", (
        "metavir", "metavir fibrosis score", "ishak score", "ishak fibrosis score",
    ), (), "score"),
    ("fibroscan", (
        "liver stiffness", "liver stiffness measurement", "transient elastography",
    ), (), "other"),
    ("disease activity score 28", (
        "das28", "das-28", "das28-crp", "das28-esr", "das 28",
    ), (), "score"),
    ("pain score", (
        "visual analogue scale", "visual analog scale", "numeric rating scale",
        "numerical rating scale", "pain intensity", "pain vas", "vas pain score", "vas score",
        "nrs score", "pain nrs", "brief pain inventory",
    ), ("vas", "nrs", "bpi"), "score"),
    ("oswestry disability index", ("oswestry score",), ("odi",), "score"),
    ("rutherford category", (
        "rutherford classification", "rutherford class", "rutherford",
    ), (), "score"),
    ("fontaine stage", ("fontaine classification", "fontaine"), (), "score"),
    ("kellgren-lawrence grade", (
        "kellgren-lawrence", "kellgren and lawrence grade", "kellgren lawrence grade",
        "kellgren-lawrence classification", "kellgren and lawrence",
    ), (), "score"),
    ("tanner stage", ("tanner staging",), (), "score"),
    # Staging systems whose stages are letters or Roman numerals ("BCLC stage B", "Binet C",
    # "ASIA C or D"): their values are found by :func:`pattern_stage_values`, next to them only.
    ("bclc stage", (
        "bclc staging", "bclc classification", "barcelona clinic liver cancer stage",
        "barcelona clinic liver cancer staging", "barcelona clinic liver cancer",
        "barcelona clinic liver cancer (bclc) stage", "barcelona clinic liver cancer staging system",
    ), ("BCLC",), "score"),
    ("binet stage", ("binet staging", "binet classification", "binet"), (), "score"),
    ("rai stage", ("rai staging", "rai classification", "modified rai stage", "modified rai staging"), (), "score"),
    ("ann arbor stage", (
        "ann arbor staging", "ann arbor classification", "ann arbor staging system",
        "lugano-modified ann arbor stage", "modified ann arbor stage",
    ), (), "score"),
    ("hunt and hess grade", (
        "hunt and hess", "hunt and hess scale", "hunt and hess score", "hunt-hess grade",
        "hunt-hess", "hunt hess grade", "hunt hess", "hunt & hess grade", "hunt-hess scale",
    ), (), "score"),
    ("asia impairment scale", (
        "american spinal injury association impairment scale", "american spinal injury association",
        "american spinal injury association (asia) impairment scale", "asia grade",
        "asia classification", "asia scale", "asia impairment scale grade",
    ), ("ASIA",), "score"),
    ("who functional class", (
        "who functional classification", "world health organization functional class",
        "world health organization functional classification", "who fc", "who-fc",
    ), (), "score"),
    ("okuda stage", ("okuda staging", "okuda classification"), (), "score"),
    ("international staging system", (
        "iss stage", "iss staging", "revised international staging system", "r-iss stage",
        "international staging system (iss) stage", "international staging system stage",
    ), (), "score"),
    ("durie-salmon stage", (
        "durie-salmon", "durie salmon stage", "durie-salmon staging", "durie and salmon stage",
        "durie-salmon staging system",
    ), (), "score"),
    ("gross motor function classification system", ("gmfcs level",), ("gmfcs",), "score"),
    ("mallampati score", (
        "mallampati", "mallampati class", "modified mallampati", "mallampati classification",
    ), (), "score"),
    ("injury severity score", (), ("iss",), "score"),
    ("t-score", ("t score", "bone mineral density t-score", "bmd t-score"), (), "score"),
    ("bone mineral density", (), ("bmd",), "other"),
    # --- tumour biomarkers: the status or level a criterion requires ("PD-L1 TPS ≥ 50%", "HER2
    # IHC 3+ or FISH+", "estrogen receptor positive"). Bare "PD-L1" and "EGFR" are left to the drug
    # classes ("anti-PD-L1 antibody") and the diseases ("EGFR-mutant NSCLC"); "ER"/"PR" alone are
    # also the emergency room and a partial response.
    ("pd-l1 expression", (
        "pd-l1 status", "pd-l1 expression level", "pd-l1 staining",
        "programmed death-ligand 1 expression", "programmed cell death ligand 1 expression",
        "programmed death ligand 1 expression",
    ), (), "other"),
    # The two PD-L1 scores are not one threshold: CPS >= 1 and TPS >= 1% select other patients.
    ("tumor proportion score", (
        "tumour proportion score", "pd-l1 tps", "pd-l1 tumor proportion score", "pd-l1 tumour proportion score",
    ), ("TPS",), "score"),
    ("combined positive score", ("pd-l1 cps", "pd-l1 combined positive score"), ("CPS",), "score"),
    ("her2 status", (
        "her2", "her2 expression", "her2 overexpression", "her2/neu", "her2/neu status",
        "her2/neu expression", "her-2", "her-2 status", "her-2 expression", "her-2/neu",
        "her2-neu", "her-2 overexpression", "her2/neu overexpression", "her-2/neu overexpression",
        "human epidermal growth factor receptor 2",
        "human epidermal growth factor receptor 2 status",
    ), (), "other"),
    ("estrogen receptor", (
        "oestrogen receptor", "estrogen receptor status", "estrogen-receptor", "estrogen receptors",
    ), (), "other"),
    ("progesterone receptor", ("progesterone receptor status", "progesterone receptors"), (), "other"),
    ("hormone receptor status", ("hormone receptor", "hormone receptors"), (), "other"),
    ("immunohistochemistry", (
        "immunohistochemical staining", "immunohistochemistry staining", "ihc staining", "ihc score",
    ), ("IHC",), "other"),
    ("fluorescence in situ hybridization", (
        "fluorescent in situ hybridization", "fluorescence in situ hybridisation", "fish analysis",
        "fish test", "fish testing",
    ), ("FISH",), "other"),
    ("in situ hybridization", (
        "in situ hybridisation", "silver in situ hybridization", "chromogenic in situ hybridization",
    ), ("ISH", "SISH", "CISH"), "other"),
    ("tumor mutational burden", (
        "tumour mutational burden", "tumor mutation burden", "tumour mutation burden",
    ), ("tmb",), "other"),
    # Stromal TILs as a biomarker ("stromal TILs >= 10%"); as a therapy they are a drug (drugs_curated).
    # The bare long form is left alone: "prior treatment with tumor infiltrating lymphocytes".
    ("tumor-infiltrating lymphocytes", (
        "stromal tumor-infiltrating lymphocytes", "stromal tumor infiltrating lymphocytes", "stromal tumour-infiltrating lymphocytes",
        "stromal tils", "til score", "tils score",
    ), ("TILs", "sTILs"), "other"),
    # MGMT promoter methylation selects glioma patients for temozolomide ("MGMT-methylated",
    # "unmethylated MGMT promoter"); the gene symbol alone is its status here.
    ("mgmt status", (
        "mgmt", "mgmt promoter methylation", "mgmt promoter methylation status", "mgmt methylation",
        "mgmt methylation status", "mgmt promoter status", "mgmt expression",
        "o6-methylguanine-dna methyltransferase", "o6-methylguanine-dna-methyltransferase",
    ), (), "other"),
    ("ki-67 index", (
        "ki-67", "ki67", "ki67 index", "ki-67 expression", "ki-67 proliferation index", "ki-67 labeling index",
        "ki-67 labelling index", "mib-1 index",
    ), (), "other"),
    # --- haemodynamics, rheumatology serology, exposure markers, more scales
    ("mean pulmonary artery pressure", (
        "mean pulmonary arterial pressure", "mean pap",
    ), ("mPAP",), "other"),
    ("pulmonary capillary wedge pressure", (
        "pulmonary artery wedge pressure", "wedge pressure",
    ), ("pcwp", "PAWP"), "other"),
    ("pulmonary vascular resistance", (), (), "other"),
    ("cardiac index", (), (), "other"),
    ("shortening fraction", ("fractional shortening", "cardiac shortening fraction", "left ventricular shortening fraction"), (), "other"),
    ("immunoglobulin g", ("igg", "serum igg", "igg level", "igg levels", "total igg", "serum immunoglobulin g"), (), "analyte"),
    ("immunoglobulin a", ("iga", "serum iga", "iga level", "iga levels", "serum immunoglobulin a"), (), "analyte"),
    ("immunoglobulin m", ("igm", "serum igm", "igm level", "igm levels", "serum immunoglobulin m"), (), "analyte"),
    ("bone marrow cellularity", ("marrow cellularity", "bone marrow cellularity"), (), "other"),
    ("cd34+ cell count", ("cd34 count", "cd34+ count", "cd34 cell count", "cd34+ cell dose"), (), "count"),
    ("breslow thickness", ("breslow depth", "breslow's thickness", "breslow's depth"), (), "other"),
    ("5-hydroxyindoleacetic acid", ("urinary 5-hiaa", "24-hour urinary 5-hiaa", "urine 5-hiaa"), (), "analyte"),
    # Myeloma's measurable disease: serum or urine monoclonal protein ("Serum M-protein >= 1.0 g/dL").
    ("monoclonal protein", (
        "m-protein", "m protein", "m-spike", "m spike", "monoclonal paraprotein", "paraprotein",
        "m-component", "m component", "monoclonal component", "serum m-protein", "urine m-protein",
        "serum monoclonal protein", "urine monoclonal protein",
    ), (), "analyte"),
    ("serum protein electrophoresis", ("serum protein electrophoresis (spep)",), ("SPEP",), "other"),
    ("urine protein electrophoresis", ("urine protein electrophoresis (upep)",), ("UPEP",), "other"),
    ("immunofixation", ("immunofixation electrophoresis", "serum immunofixation", "urine immunofixation"), ("IFE",), "other"),
    ("serum free light chains", (
        "serum free light chain", "free light chain", "free light chains", "serum free light chain ratio",
        "free light chain ratio", "involved free light chain", "serum flc", "kappa/lambda ratio",
        "kappa/lambda free light chain ratio",
    ), ("FLC", "sFLC", "dFLC", "iFLC"), "analyte"),
    ("tricuspid annular plane systolic excursion", (), ("TAPSE",), "other"),
    ("pulmonary-to-systemic flow ratio", ("qp/qs", "qp:qs", "qp/qs ratio", "pulmonary to systemic flow ratio"), (), "other"),
    ("apgar score", ("apgar",), (), "score"),
    # "METs" cased only: "mets" in lower case are metastases.
    ("metabolic equivalents", ("metabolic equivalent", "metabolic equivalent of task", "metabolic equivalents of task"), ("METs", "MET-minutes"), "other"),
    ("panel reactive antibody", ("panel reactive antibodies", "panel-reactive antibody", "panel-reactive antibodies"), ("PRA",), "serology"),
    ("peak oxygen uptake", ("peak vo2", "vo2 peak", "vo2max", "vo2 max", "maximal oxygen uptake", "maximal oxygen consumption", "peak oxygen consumption"), (), "other"),
    ("cobb angle", ("cobb angles",), (), "other"),
    ("cotinine", (), (), "analyte"),
    ("anti-dsdna antibodies", (
        "anti-dsdna", "anti-double stranded dna", "anti-dsdna antibody", "dsdna antibodies",
    ), (), "serology"),
    ("antinuclear antibodies", (
        "antinuclear antibody", "anti-nuclear antibodies", "anti-nuclear antibody", "ana titer", "ana titre",
    ), ("ANA",), "serology"),
    ("fecal occult blood test", (
        "stool guaiac", "guaiac", "hemoccult", "fecal occult blood", "faecal occult blood",
        "stool occult blood", "occult blood in stool", "faecal occult blood test", "guaiac test",
    ), ("FOBT",), "other"),
    ("helicobacter pylori test", (
        "h. pylori test", "h pylori test", "helicobacter pylori testing", "h. pylori testing",
        "urea breath test", "13c-urea breath test", "h. pylori breath test", "h. pylori stool antigen",
        "helicobacter pylori stool antigen",
    ), (), "other"),
    ("cholinesterase", ("pseudocholinesterase", "butyrylcholinesterase"), (), "analyte"),
    ("total body surface area", ("body surface area burned",), ("tbsa",), "other"),
    ("systemic lupus erythematosus disease activity index", (
        "sledai score", "sledai-2k", "sle disease activity index",
    ), ("sledai",), "score"),
    ("international index of erectile function", ("iief score", "iief-5"), ("iief",), "score"),
    ("ptsd checklist", ("pcl-5 score", "ptsd checklist for dsm-5"), ("pcl-5",), "score"),
    ("step count", ("daily step count", "steps per day"), (), "other"),
)

#: Prefixes generated for kinds of test: "serum creatinine", "plasma ALT".
KIND_PREFIXES: dict[str, tuple[str, ...]] = {
    "analyte": ("serum", "plasma", "blood"),
    "serology": ("serum",),
}
#: Suffixes generated for kinds of test: "creatinine level", "HbA1c levels", "HBsAg test".
KIND_SUFFIXES: dict[str, tuple[str, ...]] = {
    "analyte": ("level", "levels", "concentration"),
    "count": ("level", "levels"),
    "serology": ("test", "status", "testing"),
}


def _variants(name: str, kind: str) -> list[str]:
    """A name with the prefixes and suffixes of its kind: "creatinine" -> "serum creatinine",
    "plasma creatinine", "creatinine level", "serum creatinine level". Suffixes go on the bare name
    and on the first prefix only (criteria write "serum creatinine level", not "plasma creatinine
    concentration"); a name that already says "serum" or ends in "level" gets neither again, and a
    long name (four words or more: "n-terminal pro-b-type natriuretic peptide") no prefix, as
    criteria write such a name without one (and the pattern files keep within their budget)."""
    words = name.split()
    prefixes = [p for p in KIND_PREFIXES.get(kind, ()) if not set(words) & set(KIND_PREFIXES[kind]) and len(words) < 4]
    prefixed = [f"{prefix} {name}" for prefix in prefixes]
    out = [name, *prefixed]
    if words[-1] not in _NO_SUFFIX_AFTER:
        for suffix in KIND_SUFFIXES.get(kind, ()):
            out.extend(f"{p} {suffix}" for p in [name, *prefixed[:1]])
    return out


#: Last words after which no suffix is generated ("hbv dna level" gets no "test").
_NO_SUFFIX_AFTER = frozenset({"level", "levels", "concentration", "number", "status", "test", "count", "ratio", "load"})


def lab_test_phrases(
    canonical: str, long_forms: Iterable[str], abbreviations: Iterable[str], kind: str
) -> tuple[list[str], list[str]]:
    """The lower-cased phrases and the case-sensitive abbreviations of one table row.

    Names and lower-case abbreviations get their kind's prefixes and suffixes (:func:`_variants`).
    A name and its abbreviation in brackets ("platelet count (PLT)") are two mentions, as the
    corpora annotate them most often, so a name ending in a bracketed abbreviation of its row is
    left out; only abbreviations that mean something else alone ("(tb)" of bilirubin, "TB"
    tuberculosis) are written in brackets after each name ("serum total bilirubin (tb)").

    Returns:
        (phrases, case-sensitive abbreviations), without duplicates, in table order.
    """
    abbrs = list(abbreviations)
    bracket_only = [a[1:-1] for a in abbrs if a.startswith("(")]
    cased = [a for a in abbrs if not a.startswith("(") and a != a.lower()]
    plain = [a for a in abbrs if not a.startswith("(") and a == a.lower()]
    alone = {a.lower() for a in plain + cased}
    names = [
        n for n in (canonical, *long_forms)
        if not (n.endswith(")") and n[n.rindex("(") + 1 : -1] in alone)
    ]
    phrases: list[str] = []
    for name in names + plain:
        phrases.extend(_variants(name, kind))
    first_prefix = KIND_PREFIXES.get(kind, ())[:1]
    for name in names:
        if "(" in name:
            continue
        for written in [name] + [f"{p} {name}" for p in first_prefix if p not in name.split()]:
            phrases.extend(f"{written} ({a})" for a in bracket_only)
    return list(dict.fromkeys(phrases)), list(dict.fromkeys(cased))


#: Hyphen-joined parts that a lower-cased phrase spells like words but text writes as a code
#: ("hbv-dna" is "HBV-DNA"): at most 4 characters or with a digit, and not a word prefix.
_CODE_PART = re.compile(r"^(?:[^\W_]{1,4}|[^\W_]*\d[^\W_]*)$")
_WORD_PREFIXES = frozenset({"anti", "pre", "post", "non", "semi", "self"})


def code_cased(phrase: str) -> str:
    """``phrase`` with its hyphenated code names in capitals: "hbv-dna level" -> "HBV-DNA level",
    "cha2ds2-vasc score" -> "CHA2DS2-VASC score"; other words unchanged ("d-dimer", "anti-hbc")."""
    words = []
    for word in phrase.split(" "):
        parts = [p for p in re.split(r"[-/]", word) if p]
        if "-" in word and all(_CODE_PART.match(p) and p not in _WORD_PREFIXES for p in parts):
            word = word.upper()
        words.append(word)
    return " ".join(words)


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """The pipeline's tokenizer (``nlp_trials.tokenizer.v1``), which phrase patterns go through."""
    import spacy

    import nlp_trials.pipeline.registrations  # noqa: F401  (registers the tokenizer)

    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})
    return nlp.tokenizer


def code_cased_pattern(phrase: str) -> TokenPattern | None:
    """A LOWER token pattern for ``phrase`` as text writes its code names, when that tokenizes
    differently from the lower-cased phrase.

    The tokenizer keeps code names whole ("HBV-DNA", "LDL-C", "CHA2DS2-VASc") but splits a hyphen
    next to a lower-case word ("hbv - dna"), and the ruler tokenizes phrase patterns as written
    (lower case). Without this, "HBV-DNA" in text would never match the phrase "hbv-dna".
    """
    tokenizer = _tokenizer()
    written = [t.text for t in tokenizer(phrase)]
    coded = [t.lower_ for t in tokenizer(code_cased(phrase))]
    return None if coded == written else [{"LOWER": t} for t in coded]


LabTestRow = tuple[str, tuple[str, ...], tuple[str, ...], str]


def pattern_lab_tests(table: Iterable[LabTestRow] = LAB_TESTS) -> list[Record]:
    """LAB_TEST patterns of :data:`LAB_TESTS`: phrases, ORTH token patterns for cased abbreviations,
    and LOWER token patterns for code names as text writes them (:func:`code_cased_pattern`).

    Examples: "absolute neutrophil count", "ANC", "neutrophils", "platelet count (PLT)", "serum
    creatinine", "creatinine clearance", "CrCl", "QTcF", "ECOG PS", "KPS", "SpO2", "HBV-DNA", "HbA1c".

    Raises:
        ValueError: When two rows produce the same phrase (the table must say which concept it is).
    """
    owner: dict[str, str] = {}
    records: list[Record] = []
    for canonical, long_forms, abbreviations, kind in table:
        concept = f"lab_test:{canonical}"
        phrases, cased = lab_test_phrases(canonical, long_forms, abbreviations, kind)
        for phrase in phrases:
            key = " ".join(phrase.split())
            if key in owner and owner[key] != concept:
                raise ValueError(f"{phrase!r} is generated for {owner[key]} and {concept}")
            owner[key] = concept
            records.append({"label": "LAB_TEST", "pattern": key, "id": concept})
            coded = code_cased_pattern(key)
            if coded is not None:
                records.append({"label": "LAB_TEST", "pattern": coded, "id": concept})
        records.extend(
            {"label": "LAB_TEST", "pattern": [{"ORTH": abbr}], "id": concept} for abbr in cased
        )
    return _unique(records + pattern_named_scores() + pattern_marker_expression())


#: Heads of the names of rating scales and indices ("Epworth Sleepiness Scale", "IPSS score").
SCORE_HEADS: tuple[str, ...] = ("score", "scores", "scale", "index", "questionnaire", "inventory", "rating")
#: An acronym: two or more capitals or digits ("IPSS", "PHQ-9", "SCORAD", "HAS-BLED").
ACRONYM_REGEX = r"^(?=(?:.*[A-Z]){2})[A-Z0-9][A-Za-z0-9-]*$"


#: Capitalised heads of named instruments that are also plain words in lower case ("a stress
#: test", "physical examination"): only a capitalised name ending in one is an instrument.
INSTRUMENT_HEADS: tuple[str, ...] = ("Test", "Examination", "Assessment")
#: Heads a single capitalised word may name an instrument with ("Neuropsychiatric Inventory",
#: "Token Test"); "Index" and "Score" need two ("Population Index" is no instrument).
ONE_WORD_HEADS: tuple[str, ...] = ("Scale", "Inventory", "Questionnaire", "Test")
#: A capitalised name word, hyphenated parts allowed ("Young-Internet", "Co-morbidity").
TITLE_WORD_REGEX = r"^[A-Z][A-Za-z'’]*(?:-[A-Za-z'’]+)*$"
#: Inside a name: capitalised words and the small words of titles ("Richmond Agitation and
#: Sedation Scale", "Alcohol Use Disorders Identification Test").
NAME_WORD_REGEX = r"^(?:[A-Z][A-Za-z'’]*(?:-[A-Za-z'’]+)*|and|of|for|in|on|-)$"


def pattern_named_scores() -> list[Record]:
    """Rating scales, indices and tests the table does not list, by the shape of their name (id
    ``lab_test:unlisted score``; each is its own normalized name): an acronym before
    "score"/"scale"/"index" ("IPSS score", "PASI score", "SCORAD index"), capitalised names ending in
    one ("Baseline Dyspnea Index", "Epworth Sleepiness Scale", "Oswestry Disability Index"), titles
    with small words ("Richmond Agitation and Sedation Scale", "Alcohol Use Disorders
    Identification Test", "Boston Diagnostic Aphasia Examination"), and one capitalised word
    before a capitalised "Scale", "Inventory", "Questionnaire" or "Test" ("Neuropsychiatric
    Inventory", "Token Test"). Criteria name a scale to put a threshold on it; a longer listed
    name, or a listed name of the same words, wins."""
    head = _lower(*SCORE_HEADS)
    acronym = [{"TEXT": {"REGEX": ACRONYM_REGEX}}, head]
    name = [
        {"IS_TITLE": True, "IS_STOP": False},
        {"IS_ALPHA": True, "IS_STOP": False, "OP": "{1,4}"},
        head,
    ]
    title = {"TEXT": {"REGEX": TITLE_WORD_REGEX}, "IS_STOP": False}
    capital_heads = [h.capitalize() for h in SCORE_HEADS] + list(INSTRUMENT_HEADS)
    titled = [title, {"TEXT": {"REGEX": NAME_WORD_REGEX}, "OP": "{0,5}"}, title, _orth(*capital_heads)]
    one_word = [title, _orth(*ONE_WORD_HEADS)]
    return [{"label": "LAB_TEST", "pattern": p, "id": "lab_test:unlisted score"} for p in (acronym, name, titled, one_word)]


#: A tumour marker as trials write it: a gene or antigen symbol with two capitals or a capital and
#: a digit ("CLDN18.2", "CEACAM5", "TROP2", "B7-H3", "DLL3", "FRα"), or a cellular oncogene
#: ("c-MET", "c-Kit", which the tokenizer keeps whole).
MARKER_REGEX = r"^(?:c-[A-Z][A-Za-z]+\d*|(?=(?:.*[A-Z]){2}|.*[A-Z].*\d)[A-Z][A-Za-z0-9.α-ω]*(?:-[A-Za-z0-9]+)?)$"
#: Symbols of that shape that are no marker: devices, imaging, the viruses (their tests are listed).
NOT_MARKERS: tuple[str, ...] = ("DNA", "RNA", "MRI", "CT", "PET", "ECG", "EKG", "HIV", "HBV", "HCV", "IHC", "FISH", "NGS", "PCR")


def pattern_marker_expression(table: Iterable[LabTestRow] = LAB_TESTS) -> list[Record]:
    """Expression of a tumour marker the table does not list, by the shape of its name (id
    ``lab_test:marker expression``; each is its own normalized name): "CLDN18.2 expression",
    "TROP2 protein expression", "c-MET overexpression". Antibody-drug conjugate trials select
    patients by it. A marker the table names is left to the table ("HER-2 overexpression" is
    HER2 status, "HER2 positivity" its result)."""
    # Listed names a marker symbol could be, with a digit ("her2", "her-2/neu", "ki-67", "pd-l1"):
    # "<name> expression" is the listed test.
    listed = sorted({
        name.lower() for canonical, long_forms, abbreviations, _ in table
        for name in (canonical, *long_forms, *abbreviations)
        if " " not in name and any(c.isdigit() for c in name) and re.match(MARKER_REGEX, name.upper())
    } | {name.lower() for name in NOT_MARKERS})
    heads = _lower("expression", "overexpression")
    marker = {"TEXT": {"REGEX": MARKER_REGEX}, "LOWER": {"NOT_IN": listed}}
    between = _lower("protein", "gene", "mrna", op="?")
    return [{"label": "LAB_TEST", "pattern": [marker, between, heads], "id": "lab_test:marker expression"}]


# =========================================================================== shared token pieces

#: A number as the tokenizer leaves it: "8", "1.5", "1,500", "7,0", ".5".
NUMBER_REGEX = r"^(?:\d+(?:[.,]\d+)*|\.\d+)$"
NUMBER: Token = {"TEXT": {"REGEX": NUMBER_REGEX}}
#: Comparator symbols (as the tokenizer keeps them whole). "≠" and "±" are not thresholds.
COMPARATOR_SYMBOLS: tuple[str, ...] = (
    ">/=", "</=", "=/>", "=/<", ">=", "<=", "=>", "=<",
    "≥", "≤", "⩾", "⩽", "≧", "≦", "<", ">", "=", "＜", "＞", "＝", "˂", "˃",
)  # fmt: skip
#: A markdown escape before a symbol ("\\>"), kept in the span: it is part of how the comparator
#: is written (the value parser folds it).
ESCAPE: Token = {"ORTH": "\\", "OP": "?"}
SYMBOL: Token = {"ORTH": {"IN": list(COMPARATOR_SYMBOLS)}}
#: Range separators between two numbers: "0-1", "18 to 75", "18~75", "0–2".
RANGE_SEPARATORS: tuple[str, ...] = ("-", "–", "‐", "‑", "—", "to", "~", "～", "〜")


def _lower(*words: str, op: str | None = None) -> Token:
    token: Token = {"LOWER": words[0]} if len(words) == 1 else {"LOWER": {"IN": list(words)}}
    if op:
        token["OP"] = op
    return token


#: What opens a range with both ends written: "between 18 and 30", "range 18 and 30", "in the range
#: of 18.5 to 30", "ranging from 18 to 30".
BETWEEN: list[Token] = [_lower("between", "range", "ranging"), _lower("of", "from", "between", op="?")]


def _orth(*texts: str, op: str | None = None) -> Token:
    token: Token = {"ORTH": texts[0]} if len(texts) == 1 else {"ORTH": {"IN": list(texts)}}
    if op:
        token["OP"] = op
    return token


#: "than", and "then" as records often misspell it ("more then 1 hour", "less then 1.5 mg/dL").
THAN: tuple[str, ...] = ("than", "then")


def pattern_comparators() -> dict[str, TokenPattern]:
    """Comparators written before a number, by name: symbols and the word forms trial text uses.

    "≥", "\\\\>", ">/=", "greater than or equal to", "more than", "no less than", "not exceeding",
    "at least", "at most", "up to", "a minimum of", "above", "below", "equal to or greater than",
    "greater or equal to". Optional tokens stand in for the "or equal to" parts; the nonsense
    combinations they also allow ("greater than or 5") do not occur in text.
    """
    greater_less = ("greater", "more", "higher", "larger", "less", "lower", "fewer", "smaller", "longer", "shorter")
    return {
        # ">_60": some records type ≥ as ">" and an underscore.
        "symbol": [ESCAPE, SYMBOL, _orth("_", op="?")],
        # "< or = 2", "<or= 8": "or equal" half written as a sign.
        "symbol or equal": [_orth("<", ">"), _lower("or"), _orth("=")],
        "than": [
            _lower("no", "not", op="?"), _lower(*greater_less), _lower(*THAN),
            _lower("or", op="?"), _lower("equal", op="?"), _lower("to", op="?"),
        ],
        "or equal": [_lower(*greater_less), _lower("or"), _lower("equal"), _lower("to", *THAN, op="?")],
        "equal or": [_lower("equal"), _lower("to", op="?"), _lower("or"), _lower(*greater_less), _lower(*THAN, op="?")],
        "at least": [_lower("at"), _lower("least", "most")],
        "up to": [_lower("up", "limited"), _lower("to")],
        "minimum": [_lower("a", op="?"), _lower("minimum", "maximum"), _lower("of", op="?")],
        "word": [_lower("above", "below", "under", "over", "exceeding", "exceeds", "exceed", "not exceeding")],
        "equal": [_lower("equal", "equals"), _lower("to", op="?")],
        # "inferior or equal to 7%", "superior to 100": the Latin forms records translated from
        # French or Italian use.
        "latin": [_lower("inferior", "superior"), _lower("or", op="?"), _lower("equal", op="?"), _lower("to")],
    }


# =========================================================================== LAB_VALUE

#: Units that make a number a lab threshold on its own (kind ``quantity``): a concentration or count
#: per volume, a clearance, a pressure, an interval, an index per body surface. Mass alone ("40 mg",
#: "1 g") is a dose; "%" and lengths are everywhere: those are kind ``measure`` (see below).
CONCENTRATION_HEADS: tuple[str, ...] = (
    "g", "gm", "mg", "µg", "μg", "ug", "mcg", "ng", "pg",
    "mmol", "µmol", "μmol", "umol", "nmol", "pmol", "mol", "meq", "mosm",
    "iu", "miu", "µiu", "μiu", "uiu", "mui", "ui", "u", "ku", "units", "eu", "cells", "cell", "copies", "k", "cc",
    "million", "thousand", "ml", "micromoles", "millimoles", "micromol", "millimol", "milligrams", "grams",
)  # fmt: skip
#: Denominators of a concentration or count: "g/dL", "IU/mL", "copies/mL", "/mm3", "cells/µL",
#: "mL per minute". "l." and "dl." are how the tokenizer leaves a unit that ends a sentence
#: ("400 mg/dL."): spaCy keeps a capital letter and its period together as an abbreviation.
VOLUME_DENOMINATORS: tuple[str, ...] = (
    "l", "dl", "ml", "µl", "μl", "ul", "mcl", "nl", "microl", "microliter", "microlitre", "liter", "litre",
    "deciliter", "mm3", "mm³", "cumm", "cmm", "hpf", "min", "minute", "l.", "dl.", "ml.", "µl.", "μl.", "ul.",
)  # fmt: skip
#: Denominators of a ratio to creatinine or of HbA1c in IFCC units: "mg/g", "mg/mmol", "mmol/mol".
RATIO_DENOMINATORS: tuple[str, ...] = ("g", "mmol", "mol", "cr", "creatinine", "gcr", "24h", "24hr", "24hrs")
#: Units standing alone that are lab thresholds: "> 480 ms", "< 90 mmHg", and the older records'
#: "mg%" and "gm%" (milligrams and grams per 100 mL: "bilirubin less than 2.0 mg%").
SELF_STANDING_UNITS: tuple[str, ...] = ("ms", "msec", "mmhg", "cmh2o", "bpm", "mg%", "gm%", "g%", "mcg%", "µg%", "ug%")
#: Units that measure many things besides tests ("> 50%" stenosis, "> 50 kg" weight, "2 cm"
#: lesion, "≤ 1+" protein): kind ``measure``, a value only next to a LAB_TEST.
MEASURE_UNITS: tuple[str, ...] = (
    "%", "percent", "kg", "g", "lb", "lbs", "pounds", "kilograms", "cm", "mm", "°", "°c", "°f", "℃",
    "degrees", "+", "++", "+++", "points", "point", "kpa", "m", "ppm", "µm", "μm", "microns", "micron", "db", "inches",
    "mm2", "mm²", "cm2", "cm²", "l", "liter", "liters", "litre", "litres", "letters",
)  # fmt: skip
#: Units of mass and activity alone: "> 500 mg" is a dose as often as a result (kind ``amount``).
MASS_UNITS: tuple[str, ...] = ("mg", "µg", "μg", "ug", "mcg", "ng", "iu", "ui", "u", "units", "ml", "cc")
UNIT_SEPARATORS: tuple[str, ...] = ("/", "per")
#: What a patient smokes or drinks, counted per period ("2 drinks per day", "10 cigarettes/day").
EXPOSURE_UNITS: tuple[str, ...] = ("drinks", "drink", "cigarettes", "cigarette", "cigs", "cigars")
EXPOSURE_PERIODS: tuple[str, ...] = ("day", "d", "week", "wk", "occasion", "month")
#: "×" of a power of ten or of a limit multiple ("1.5 × 10^9/L", "2.5 x ULN", "3 times ULN").
TIMES: tuple[str, ...] = ("×", "x", "X", "*", "·")
#: Exponent of "×10 9", "x10^9", "10⁹", "x10^12".
EXPONENT: Token = {"TEXT": {"REGEX": r"^(?:\d{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})$"}}


def pattern_powers_of_ten() -> list[TokenPattern]:
    """The power of ten after a count: "×10 9", "x10^9", "X 10⁹", "×10\\\\^9", "x 10e9", and "×109"
    (a superscript flattened into the number)."""
    return [
        [_orth(*TIMES), _orth("10"), _orth("^", "\\", op="*"), EXPONENT],
        [_orth(*TIMES), {"TEXT": {"REGEX": r"^10(?:3|6|9|12)$"}}],
        # "x 10e9/L", "X 10E9/L": the power in E notation.
        [_orth(*TIMES), {"TEXT": {"REGEX": r"^10[eE]\d{1,2}$"}}],
    ]


def pattern_units() -> dict[str, list[TokenPattern]]:
    """Units after a number, as token sequences, by kind.

    ``quantity``: "g / dL", "mmol / L", "IU / mL", "copies / mL", "cells / µL", "/ mm3", "/ L",
    "mL / min", "mL / min / 1.73 m2", "kg / m2", "mg / g", "mmol / mol", "ms", "mmHg", "mm Hg".
    ``measure``: "%", "kg", "cm", "1+" (the "+" of dipstick grades), exposures ("20 pack-years",
    "2 drinks per day"). ``amount``: "mg", "IU".
    """
    sep = _lower(*UNIT_SEPARATORS)
    m2 = [_lower("m2", "m²")]
    # "/mm^3", "/mm\\^3", "/mm(3)": older records write the cube with a caret (714 times in 1,610
    # records) or in brackets (35).
    cubic_mm = [_lower("mm"), _orth("^", "\\", op="*"), _orth("3")]
    bracket_cubic_mm = [_lower("mm"), _orth("("), _orth("3"), _orth(")")]
    return {
        "quantity": [
            [_lower(*CONCENTRATION_HEADS), sep, _lower(*VOLUME_DENOMINATORS)],
            [_lower(*CONCENTRATION_HEADS, "mg"), sep, _lower(*RATIO_DENOMINATORS)],
            [sep, _lower(*VOLUME_DENOMINATORS)],
            [_lower(*SELF_STANDING_UNITS)],
            [_lower("mm"), _lower("hg")],
            [_lower("ml"), sep, _lower("min"), sep, _orth("1.73"), _lower("m2", "m²", "m")],
            [_lower("ml"), sep, _lower("min"), sep, _orth("1.73"), _lower("m"), _orth("^", "\\", op="*"), _orth("2")],
            [_lower("kg"), sep] + m2,
            [_lower("kg"), sep, _lower("m"), _orth("^", "\\", op="*"), _orth("2")],
            [_lower(*CONCENTRATION_HEADS), sep, *cubic_mm],
            [sep, *cubic_mm],
            [sep, *bracket_cubic_mm],
        ],
        "measure": [
            [_lower(*MEASURE_UNITS)],
            [_lower("°"), _lower("c", "f")],
            # "38.5 degrees Celsius", "101 degrees F", "100.5 Fahrenheit".
            [_lower("degrees", "degree"), _lower("c", "f", "celsius", "fahrenheit", "centigrade")],
            [_lower("celsius", "fahrenheit", "centigrade")],
            # Speeds: "gait speed < 1 m/s", "velocity > 2 m/sec".
            [_lower("m", "cm"), _lower(*UNIT_SEPARATORS), _lower("s", "sec")],
            # Exposures: "≥ 20 pack-years" (of smoking), "> 2 drinks per day", "≥ 10 cigarettes/day".
            [_lower("pack"), _orth("-", "–", op="?"), _lower("years", "year", "yrs")],
            [_lower("packyears", "pack-years", "pack-year")],
            [_lower(*EXPOSURE_UNITS), _lower(*UNIT_SEPARATORS, "a"), _lower(*EXPOSURE_PERIODS)],
        ],
        # Seconds of a clotting time ("PTT less than 35 sec") or a timed test: next to a test only,
        # as "for 30 seconds" is no threshold.
        "amount": [[_lower(*MASS_UNITS)], [_lower("sec", "secs", "seconds", "second", "s")]],
    }


def pattern_numbers() -> dict[str, TokenPattern]:
    """A number, or a range of two ("0-1", "18 to 25", "2.75-4.0")."""
    return {
        "single": [NUMBER],
        "range": [NUMBER, _lower(*RANGE_SEPARATORS), NUMBER],
    }


#: Two parts of one value written with a slash: limits by sex ("> 89/102 cm", "< 50/40 mg/dl").
PARTS: TokenPattern = [NUMBER, _orth("/"), NUMBER]


#: The reference limits: "ULN", "IULN", "LLN", "upper limit of normal", "the institutional upper
#: limit of normal", "upper normal limit", "upper limit of the normal range".
LIMIT_ABBREVIATIONS: tuple[str, ...] = ("uln", "iuln", "lln", "unl", "ulrr", "xuln", "uln's", "ulns")
#: Multiples spelled out: "three times the upper limit of normal".
MULTIPLE_WORDS: tuple[str, ...] = ("two", "three", "four", "five", "ten", "twice", "thrice")


def pattern_limits() -> list[TokenPattern]:
    """The upper or lower limit of normal, as written after a multiple or a comparator."""
    before = [_lower("the", op="?"), _lower("institutional", "institution's", "laboratory", "local", op="?")]
    return [
        before + [_lower(*LIMIT_ABBREVIATIONS)],
        before + [
            _lower("upper", "lower"), _lower("limit", "limits"), _lower("of"), _lower("the", op="?"),
            _lower("normal"), _lower("range", "value", "values", op="?"),
        ],
        before + [
            _lower("upper", "lower"), _lower("limit", "limits"), _lower("of"), _lower("the", op="?"),
            _lower("normal"), _lower("range", op="?"), _orth("(", "["), _lower(*LIMIT_ABBREVIATIONS), _orth(")", "]"),
        ],
        before + [_lower("upper", "lower"), _lower("normal"), _lower("limit", "limits")],
        before + [
            _lower("upper", "lower"), _lower("normal"), _lower("limit", "limits"),
            _orth("(", "["), _lower(*LIMIT_ABBREVIATIONS), _orth(")", "]"),
        ],
        before + [_lower("normal"), _lower("upper", "lower"), _lower("limit", "limits")],
    ]


def _value(kind: str, pattern: TokenPattern) -> Record:
    return {"label": "LAB_VALUE", "pattern": pattern, "id": f"lab_value:{kind}"}


def pattern_quantity_values() -> list[Record]:
    """A number with a unit, with or without a comparator.

    Kind ``quantity`` (a lab threshold on its own): "≥ 1.5×10 9 /L", "> 50 mL/min", "≥ 8.0 g/dL",
    "> 480 ms", "greater than or equal to 1,500/mm3", "18-25 kg/m2", "< 2000 IU/mL". Kind
    ``measure``, a comparator and a unit that measures many things ("≥ 95%", "≥ 2 cm", "> 50 kg",
    "≤ 1+"): a threshold of something, on its own. Kind ``amount``, the same without a comparator
    ("95%", "2 cm", "2+ or 3+") or with a unit of mass ("> 500 mg", a dose as often as a result):
    a value only next to a test.
    """
    records = []
    comparators = [[]] + list(pattern_comparators().values())
    units = pattern_units()
    for comparator in comparators:
        for number in pattern_numbers().values():
            records.extend(_value("quantity", comparator + number + unit) for unit in units["quantity"])
            for unit in units["measure"]:
                records.append(_value("measure" if comparator else "amount", comparator + number + unit))
            for unit in units["amount"]:
                records.append(_value("amount", comparator + number + unit))
            for power in pattern_powers_of_ten():
                records.append(_value("quantity", comparator + number + power))
                records.append(_value("quantity", comparator + number + power + units["quantity"][2]))
                records.append(_value("quantity", comparator + number + power + units["quantity"][0]))
    # Parts after a comparator sign and before a unit (records write them in tables and lists,
    # with signs); without a comparator, "1/2 tablet" is a fraction.
    sign = pattern_comparators()["symbol"]
    records.extend(_value("quantity", sign + PARTS + unit) for unit in units["quantity"])
    records.extend(_value("measure", sign + PARTS + unit) for unit in units["measure"])
    # A dipstick grade as its plus signs ("urine protein < ++"): a value only next to its test.
    for comparator in pattern_comparators().values():
        records.append(_value("amount", comparator + [_orth("+", "++", "+++", "++++")]))
    # Tumour mutational burden, compared: "TMB >= 10 mut/Mb", "≥ 10 mutations per megabase" (a plain
    # number, not every number shape, keeps the file small).
    per_megabase = [_lower("mut", "muts", "mutations"), _lower(*UNIT_SEPARATORS), _lower("mb", "megabase", "megabases")]
    for comparator in pattern_comparators().values():
        records.append(_value("quantity", comparator + [NUMBER] + per_megabase))
    # Grades listed with their plus signs, any of them ("IHC 2+ or 3+", "IHC 0 or 1+", "1+/2+").
    grade = {"TEXT": {"REGEX": r"^\d$"}}
    records.append(_value("amount", [grade, _orth("+", op="?"), _lower(*LIST_WORDS), grade, _orth("+")]))
    return records


def pattern_limit_values() -> list[Record]:
    """Multiples of a reference limit: "≤ 2.5×ULN", "< 5 X ULN", "3 times ULN", "≤ 1.5 x the upper limit
    of normal", "above three times the upper limit of the normal range", "≤ ULN", "less than the
    upper limit of normal", "no greater than 1.25 times normal", "three times above the normal upper
    limit". A limit is always a lab threshold (kind ``limit multiple``); without a
    number, a comparator is required ("ULN" alone is not a value).
    """
    records = []
    number = {"LOWER": {"REGEX": NUMBER_REGEX[:-2] + "|" + "|".join(MULTIPLE_WORDS) + ")$"}}
    multiple = [number, _lower(*(t.lower() for t in TIMES), "times", "fold", "-fold", op="?"), _lower("of", op="?")]
    # "three times above the normal upper limit": the multiple before its comparator word.
    multiple_first = [number, _lower(*(t.lower() for t in TIMES), "times", "fold", "-fold")]
    above_below = [_lower("above", "over", "below", "under", "higher", "greater", "lower", "less"), _lower(*THAN, op="?")]
    # "within 5 times the upper limit of normal" bounds the value as "up to" does.
    within = [_lower("within")]
    for limit in pattern_limits():
        for comparator in pattern_comparators().values():
            records.append(_value("limit multiple", comparator + limit))
            records.append(_value("limit multiple", comparator + multiple + limit))
        records.append(_value("limit multiple", within + multiple_first + limit))
        records.append(_value("limit multiple", multiple + limit))
        records.append(_value("limit multiple", multiple_first + above_below + limit))
    # Older records write the limit as "normal", after an explicit multiplier only ("no greater than
    # 1.25 times normal", "2.5 x the upper normal"): "normal" alone is a result word, not a limit.
    times = [number, _lower(*(t.lower() for t in TIMES), "times", "fold", "-fold")]
    normal = [_lower("the", op="?"), _lower("institutional", op="?"), _lower("upper", op="?"), _lower("normal")]
    # "twice normal": the multiplier is in the word.
    twice = [_lower("twice", "thrice")]
    for comparator in pattern_comparators().values():
        records.append(_value("limit multiple", comparator + times + normal))
        records.append(_value("limit multiple", comparator + twice + normal))
    records.append(_value("limit multiple", times + normal))
    return records


#: Words after a number that compare it ("2 or lower", "35 kg/m2 or more", "50% or greater").
POSTFIX_COMPARATORS: tuple[str, ...] = (
    "more", "greater", "higher", "above", "over", "less", "lower", "below", "fewer", "under", "better", "worse",
)  # fmt: skip
#: Words joining the last two items of a list of scores: "0, 1 or 2", "I & II".
LIST_WORDS: tuple[str, ...] = ("or", "and", "/", "&")


def pattern_bare_values() -> list[Record]:
    """Numbers without a unit, values only next to a LAB_TEST ("ECOG 0-1", "Hb > 9"), not after
    "Grade" or "age", which :mod:`nlp_trials.pipeline.value_rules` checks.

    Kind ``number``: a comparator and a number ("> 9", "≥ 70", "< 3x"), a number and a postfix
    comparator ("2 or lower", "35 kg/m2 or more"), or a number alone ("Rutherford category 6").
    Kind ``range``: a range or list of scores ("0-1", "0 or 1", "0, 1 or 2", "0, 1, or 2",
    "between 0 and 2"); blood pressure as "160/100".
    """
    records = []
    for comparator in pattern_comparators().values():
        records.append(_value("number", comparator + [NUMBER]))
        records.append(_value("number", comparator + [NUMBER, _lower(*RANGE_SEPARATORS), NUMBER]))
    postfix = [_lower("or", "and"), _lower(*POSTFIX_COMPARATORS)]
    records.append(_value("number", [NUMBER] + postfix))
    number_range = [NUMBER, _lower(*RANGE_SEPARATORS), NUMBER]
    for sequences in pattern_units().values():
        records.extend(_value("number", [NUMBER] + unit + postfix) for unit in sequences)
        records.extend(_value("number", number_range + unit + postfix) for unit in sequences[:1])
    # "<3x", "≤ 2 times" (the limit left implicit).
    times = [NUMBER, _lower("x", "times", "fold")]
    records.extend(_value("number", comparator + times) for comparator in pattern_comparators().values())
    for comparator in pattern_comparators().values():
        records.append(_value("number", comparator + [NUMBER, _lower(*RANGE_SEPARATORS), NUMBER]))
    records.append(_value("number", [NUMBER]))
    records.append(_value("range", [NUMBER, _lower(*RANGE_SEPARATORS, *LIST_WORDS), NUMBER]))
    last = [_orth(",", op="?"), _lower(*LIST_WORDS), NUMBER]
    records.append(_value("range", [NUMBER, _orth(","), NUMBER] + last))
    records.append(_value("range", [NUMBER, _orth(","), NUMBER, _orth(","), NUMBER] + last))
    records.append(_value("range", BETWEEN + [NUMBER, _lower("and", "to", "-"), NUMBER]))
    # Blood pressure as systolic/diastolic: "> 160/100 mmHg", "< 140/90".
    mmhg = [[_lower(*SELF_STANDING_UNITS)], [_lower("mm"), _lower("hg")]]
    for comparator in [[]] + list(pattern_comparators().values()):
        ratio = comparator + [NUMBER, _orth("/"), NUMBER]
        records.extend(_value("quantity", ratio + unit) for unit in mmhg)
        if comparator:
            records.append(_value("number", ratio))
    for kind, sequences in pattern_units().items():
        records.extend(
            _value(kind, BETWEEN + [NUMBER, _lower("and", "to", "-"), NUMBER] + unit) for unit in sequences
        )
    return records


#: Roman numerals of classes (NYHA, ASA, Fontaine) and the letters of Child-Pugh classes.
ROMAN: tuple[str, ...] = ("I", "II", "III", "IV", "V", "VI")
CLASS_LETTERS: tuple[str, ...] = ("A", "B", "C")
CLASS_WORDS: tuple[str, ...] = ("class", "classes", "grade", "grades", "level", "levels", "category", "stage", "functional")


def pattern_class_values() -> list[Record]:
    """Classes of a score (kind ``class``): "class III or IV", "II-IV", "III/IV", "I, II or III",
    "class B", "B or C", "levels I-III", "class 1-3". Values only next to a LAB_TEST ("NYHA class III").
    """
    roman = _orth(*ROMAN)
    letter = _orth(*CLASS_LETTERS)
    word = _lower(*CLASS_WORDS, op="?")
    sep = _lower(*RANGE_SEPARATORS, *LIST_WORDS)
    records = [
        _value("class", [word, roman, sep, roman]),
        _value("class", [word, roman, _orth(","), roman, _orth(",", op="?"), _lower(*LIST_WORDS), roman]),
        _value("class", [_lower(*CLASS_WORDS), roman]),
        _value("class", [_orth("II", "III", "IV")]),
        _value("class", [_lower(*CLASS_WORDS), letter]),
        _value("class", [_lower(*CLASS_WORDS, op="?"), letter, _lower("or", "and", "/", "-"), letter]),
        _value("class", [_lower(*CLASS_WORDS), NUMBER, _lower(*RANGE_SEPARATORS, *LIST_WORDS), NUMBER]),
        _value("class", [word, roman, _lower("or", "and"), _lower(*POSTFIX_COMPARATORS)]),
    ]
    for comparator in pattern_comparators().values():
        records.append(_value("class", [word] + comparator + [roman]))
    return records


#: A stage or class written as a letter or a Roman numeral with a sub-stage, one token: "A", "B7"
#: (Child-Pugh points), "0" (BCLC, Rai), "I", "IIIB", "IVa", and a range glued into one token "0-B".
STAGE_REGEX = r"^(?:[0A-E][0-9]{0,2}(?:[-/][A-E][0-9]{0,2})?|(?:I{1,3}|IV|VI?)[A-Ca-c]?[12]?)$"


def pattern_stage_values() -> list[Record]:
    """Stages of a staging system (kind ``stage``): "B", "B7", "C or D", "0-B", "I", "IIIB",
    "I, II or III", "B or worse", "stage A". Single letters and "I" mean something else alone
    (a pronoun, an arm, a vitamin), so ``nlp_trials.pipeline.value_rules`` keeps these only right
    after a staging system that uses them (the ``staging_test`` list of ``term_lists.jsonl``): "Child-Pugh B", "BCLC stage 0-A",
    "ASA I", "Binet C".
    """
    stage = {"TEXT": {"REGEX": STAGE_REGEX}}
    word = _lower(*CLASS_WORDS, op="?")
    sep = _lower(*RANGE_SEPARATORS, *LIST_WORDS)
    records = [
        _value("stage", [word, stage]),
        _value("stage", [word, stage, sep, stage]),
        _value("stage", [word, stage, _orth(","), stage, _orth(",", op="?"), _lower(*LIST_WORDS), stage]),
        _value("stage", [word, stage, _lower("or", "and"), _lower(*POSTFIX_COMPARATORS)]),
    ]
    for comparator in pattern_comparators().values():
        records.append(_value("stage", [word] + comparator + [stage]))
    return records


#: Results written as words (kind ``qualitative``): values only next to a LAB_TEST ("HBsAg
#: positive", "negative pregnancy test", "HCV RNA undetectable", "adequate renal function").
#: "impaired", "reduced", "decreased", "increased" are left out: with a test they mostly name a
#: condition ("impaired glucose tolerance", "impaired renal function").
QUALITATIVE_VALUES: tuple[str, ...] = (
    "positive", "negative", "positivity", "seropositive", "seronegative", "reactive", "non-reactive",
    "nonreactive", "detectable", "undetectable", "not detectable", "non-detectable", "detected",
    "not detected", "abnormal", "normal", "elevated", "adequate", "inadequate", "sufficient",
    "within normal limits", "within normal limit", "within normal range", "within the normal range",
    "out of normal limits", "out of the normal range", "outside normal limits", "outside the normal range",
    "outside of normal limits", "outside normal range",
    "within normal ranges", "within the normal limits", "below the limit of detection",
    "below the lower limit of quantification", "above the upper limit of normal",
    # A promoter's methylation status ("MGMT promoter unmethylated", "methylated MGMT").
    "methylated", "unmethylated", "hypermethylated",
)  # fmt: skip


def pattern_qualitative_values() -> list[Record]:
    """Qualitative results as lower-cased phrases (kind ``qualitative``)."""
    return [{"label": "LAB_VALUE", "pattern": v, "id": "lab_value:qualitative"} for v in QUALITATIVE_VALUES]


def pattern_lab_values() -> list[Record]:
    """Every LAB_VALUE pattern, without duplicates (the first kind generated wins)."""
    records = (
        pattern_quantity_values()
        + pattern_limit_values()
        + pattern_bare_values()
        + pattern_class_values()
        + pattern_stage_values()
        + pattern_qualitative_values()
    )
    return _unique(records)


# =========================================================================== DURATION

#: Time units: "day(s)", "week(s)", "month(s)", "year(s)", "hour(s)" and their abbreviations.
TIME_UNITS: tuple[str, ...] = (
    "minute", "minutes", "min", "mins", "hour", "hours", "h", "hr", "hrs", "day", "days", "d",
    "week", "weeks", "wk", "wks", "month", "months", "mo", "mos", "mth", "mths", "year", "years",
    "yr", "yrs", "y", "decade", "decades", "half-lives", "half-life",
)  # fmt: skip
#: Singular units for windows without a number: "in the past year", "within the last month".
SINGULAR_TIME_UNITS: tuple[str, ...] = ("day", "week", "month", "year", "decade", "fortnight")
#: Numbers spelled out.
NUMBER_WORDS: tuple[str, ...] = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "eighteen", "twenty", "thirty", "forty", "fifty",
    "sixty", "ninety", "several",
)  # fmt: skip
DURATION_NUMBER: Token = {"LOWER": {"REGEX": r"^(?:\d+(?:[.,]\d+)?|" + "|".join(NUMBER_WORDS) + r")$"}}
#: A number spelled out and restated in digits, as legal and US registry text writes it: "six (6)
#: weeks", "three (3) months". The parser reads it once (``quantities.normalize_text``).
RESTATED_NUMBER: TokenPattern = [
    {"LOWER": {"IN": [w for w in NUMBER_WORDS if w != "several"]}}, {"ORTH": "("}, {"TEXT": {"REGEX": r"^\d{1,3}$"}}, {"ORTH": ")"},
]
#: Words that open a time window: "within", "in the past", "during the last", "for the previous",
#: "over the preceding", "in last".
WINDOW_LEADS: tuple[str, ...] = ("within", "in", "during", "for", "over", "throughout")
RECENCY_WORDS: tuple[str, ...] = (
    "past", "last", "previous", "preceding", "prior", "recent", "next", "following", "first",
    "coming", "subsequent", "initial", "preceeding", "same", "former",
)  # fmt: skip
#: The end of an anchored window ("prior to randomization", "after the last dose of study
#: treatment", "of first dose", "before the screening visit"): a generic event of the trial, reached
#: through at most :data:`ANCHOR_GAP` generic words. Drug and disease names are not in the lists, so
#: a tail never swallows an entity ("prior to the first dose of pembrolizumab" stops at "dose").
ANCHOR_PREPOSITIONS: tuple[str, ...] = (
    "prior", "before", "after", "following", "of", "since", "from", "preceding", "until", "post", "pre",
)  # fmt: skip
ANCHOR_WORDS: tuple[str, ...] = (
    "randomization", "randomisation", "enrollment", "enrolment", "registration", "screening", "entry",
    "inclusion", "consent", "baseline", "treatment", "therapy", "dose", "dosing", "administration",
    "infusion", "injection", "vaccination", "surgery", "procedure", "visit", "start", "initiation",
    "study", "trial", "transplant", "transplantation", "diagnosis", "delivery", "birth", "admission",
    "discharge", "termination", "discontinuation", "completion", "medication", "participation",
    "assessment", "examination", "apheresis", "leukapheresis", "intervention", "product", "cycle", "day",
    "onset", "menses", "biopsy", "drug", "randomized", "enrolled",
)  # fmt: skip
ANCHOR_FILLERS: tuple[str, ...] = (
    "the", "a", "first", "last", "initial", "final", "planned", "scheduled", "start", "end", "date",
    "day", "of", "study", "trial", "investigational", "informed", "signing", "this", "drug",
    "treatment", "therapy", "dose", "screening", "baseline", "entry", "visit", "cycle", "intervention",
    "product", "medication", "into", "to", "cell", "infusion", "any", "most", "recent", "prior",
    "administration", "in", "being", "termination", "discontinuation", "completion", "initiation",
)  # fmt: skip
ANCHOR_GAP = 5


def pattern_duration_tails() -> list[TokenPattern]:
    """What anchors an amount of time: "prior to randomization", "after termination of study therapy",
    "of first dose", "before the first dose of study treatment", "prior to Day 1"."""
    prep = [_lower(*ANCHOR_PREPOSITIONS), _lower("to", op="?")]
    gap = {"LOWER": {"IN": list(ANCHOR_FILLERS)}, "OP": f"{{,{ANCHOR_GAP}}}"}
    anchor = _lower(*ANCHOR_WORDS)
    return [prep + [gap, anchor, {"TEXT": {"REGEX": r"^\d{1,2}$"}, "OP": "?"}]]


#: Words that name the amount of time as a stretch: "within a 6-month period", "over a 2-week window".
PERIOD_WORDS: tuple[str, ...] = ("period", "window", "interval", "timeframe", "span")
#: Words after the amount that compare it: "6 weeks or more", "thirty minutes or less".
DURATION_POSTFIXES: tuple[str, ...] = (
    "more", "longer", "greater", "less", "fewer", "shorter", "above", "over", "later", "earlier", "after",
)  # fmt: skip


def pattern_duration_amounts() -> dict[str, list[TokenPattern]]:
    """An amount of time with what may open it, without the anchor, by whether a tail may follow.

    "6 months", "within 4 weeks", "≥ 12 weeks", "for at least 3 months", "within the past 6 months",
    "in the last 2-3 years", "12-month", "six consecutive months", "37 weeks 6 days",
    "more than 12 months ago"; with no tail: "6 weeks or more", "at least7 months" (a comparator
    word glued to the number, seed 000: the tokenizer keeps "least7" whole).
    """
    lead = [_lower(*WINDOW_LEADS, op="?"), _lower("the", op="?"), _lower(*RECENCY_WORDS, op="?")]
    numbers = [
        [DURATION_NUMBER],
        [DURATION_NUMBER, _lower(*RANGE_SEPARATORS, "or", "and"), DURATION_NUMBER],
        RESTATED_NUMBER,
    ]
    unit = [
        _lower("-", op="?"),
        _lower("consecutive", "calendar", "full", "additional", "continuous", op="?"),
        _lower(*TIME_UNITS),
        _lower("ago", op="?"),
    ]
    postfix = [_lower("or"), _lower(*DURATION_POSTFIXES)]
    anchored, plain = [], []
    # "no later than 40 days post-implant", "not earlier than 4 weeks after surgery": a comparator
    # only an amount of time takes.
    later = [_lower("no", "not"), _lower("later", "earlier", "sooner"), _lower(*THAN)]
    for comparator in [[], *pattern_comparators().values(), later]:
        for number in numbers:
            anchored.append(lead + comparator + number + unit)
            plain.append(lead + comparator + number + unit + postfix)
    # "within a 6-month period", "over a 2 week window": the article needs a lead and the period
    # word ("in a 3-week cycle", "during a 4 week course" are a schedule's).
    spell = [_lower(*WINDOW_LEADS), _lower("a")]
    period = _lower(*PERIOD_WORDS)
    for number in numbers[:2]:
        anchored.append(spell + number + unit[:-1] + [period])
    # "37 weeks 6 days", "1 year and 6 months"
    compound = [DURATION_NUMBER, _lower(*TIME_UNITS), _lower("and", op="?"), DURATION_NUMBER, _lower(*TIME_UNITS)]
    anchored.append(lead + compound)
    glued = {"LOWER": {"REGEX": r"^(?:least|most|than|within)\d+$"}}
    anchored.append(lead + [_lower("at", "more", "less", "greater", "longer", "fewer", op="?"), glued] + unit)
    return {"anchored": anchored, "plain": plain}


#: Words that open a period between two dates, and that open one bounded by a single date.
PERIOD_BETWEEN_LEADS: tuple[str, ...] = ("between", "from")
PERIOD_BETWEEN_JOINS: tuple[str, ...] = ("and", "to", "through", "until", "till", "-", "–")
#: "as of" is left out: registry records write it for their own changes ("closed to accrual as of
#: 4/2/2009"), not for a patient's history.
PERIOD_BOUND_LEADS: tuple[tuple[str, ...], ...] = (
    ("since",), ("before",), ("after",), ("until",), ("till",), ("from",), ("prior", "to"),
)  # fmt: skip


def pattern_calendar_dates() -> list[TokenPattern]:
    """A calendar date as records write it: "January 2019", "July 1st, 2020", "01 January, 2018",
    "4/1/2019", "2019-01-01", "01.01.2018" and a year alone (19xx or 20xx, only after a lead word:
    a bare four-digit number is as often a code or a count)."""
    year = {"TEXT": {"REGEX": r"^(?:19|20)\d{2}$"}}
    day = {"TEXT": {"REGEX": r"^\d{1,2}(?:st|nd|rd|th)?$"}}
    # "Sept." and "Jan." stay one token with their full stop.
    month = _lower(*MONTH_NAMES, *(name + "." for name in MONTH_NAMES if len(name) <= 4))
    comma = {"ORTH": ",", "OP": "?"}
    number = {"TEXT": {"REGEX": r"^\d{1,2}$"}}
    return [
        [month, {**day, "OP": "?"}, comma, year],
        [day, month, comma, year],
        [number, {"ORTH": "/"}, number, {"ORTH": "/"}, year],
        [year, {"ORTH": "-"}, number, {"ORTH": "-"}, number],
        [{"TEXT": {"REGEX": r"^\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}$"}}],
        [year],
    ]


def pattern_calendar_periods() -> list[TokenPattern]:
    """A period of the calendar: "between January 2019 and July 2020", "from 2008 to 2015",
    "since 01 January, 2018", "before 2019"."""
    dates = pattern_calendar_dates()
    periods: list[TokenPattern] = []
    for first in dates:
        for second in dates:
            periods.append([_lower(*PERIOD_BETWEEN_LEADS)] + first + [_lower(*PERIOD_BETWEEN_JOINS)] + second)
        for lead in PERIOD_BOUND_LEADS:
            periods.append([_lower(word) for word in lead] + first)
    return periods


def pattern_durations() -> list[Record]:
    """Every DURATION pattern.

    Kinds (the ``id`` key): ``time amount`` ("6 months", "within 4 weeks", "≥ 12 weeks"),
    ``anchored time amount`` (the same with its anchor: "within 4 weeks prior to randomization",
    "at least 7 months after termination of study therapy"), ``recent period`` (a window without
    a number: "in the past year", "within the last month"; "within a year" is a time amount) and
    ``time point`` ("on day 15", "at
    week 12", kept because the corpora count a time point with a number as a temporal amount) and
    ``calendar period`` ("between January 2019 and July 2020", "since 01 January, 2018").
    """
    records: list[Record] = []
    amounts = pattern_duration_amounts()
    tails = pattern_duration_tails()
    def duration(kind: str, pattern: TokenPattern) -> Record:
        return {"label": "DURATION", "pattern": pattern, "id": f"duration:{kind}"}

    for amount in amounts["anchored"]:
        records.append(duration("time amount", amount))
        records.extend(duration("anchored time amount", amount + tail) for tail in tails)
    records.extend(duration("time amount", amount) for amount in amounts["plain"])
    recent = [
        _lower(*WINDOW_LEADS, op="?"), _lower("the", op="?"), _lower(*RECENCY_WORDS), _lower(*SINGULAR_TIME_UNITS),
    ]  # fmt: skip
    records.append(duration("recent period", recent))
    records.extend(duration("recent period", recent + tail) for tail in tails)
    # "within a year", "for a week" (a lead is required: "a week" alone is mostly a frequency's).
    one = [_lower(*WINDOW_LEADS), _lower("a", "an", "one"), _lower(*SINGULAR_TIME_UNITS, "hour")]
    records.append(duration("time amount", one))
    records.extend(duration("anchored time amount", one + tail) for tail in tails)
    # ... or a comparison: "at least a year of experience", "for more than a year", "less than an hour".
    compared = [
        _lower(*WINDOW_LEADS, op="?"), _lower("at", "more", "less", "longer", "greater", "up", "over"), _lower("least", "than", "to", op="?"),
        _lower("a", "an", "one"), _lower(*SINGULAR_TIME_UNITS, "hour"), _lower("ago", op="?"),
    ]  # fmt: skip
    records.append(duration("time amount", compared))
    records.extend(duration("anchored time amount", compared + tail) for tail in tails)
    # Halves: "within half a year", "in the last half year", "one and a half years", "within a
    # year and a half".
    opening = [
        _lower(*WINDOW_LEADS, op="?"), _lower("at", "more", "less", "longer", "up", "over", op="?"), _lower("least", "than", "to", op="?"),
        _lower("the", op="?"), _lower(*RECENCY_WORDS, op="?"),
    ]  # fmt: skip
    halves = [
        opening + [_lower("half"), _lower("-", "a", "an", op="?"), _lower(*SINGULAR_TIME_UNITS, "hour")],
        opening + [DURATION_NUMBER, _lower("and"), _lower("a", "one"), _lower("half"), _lower(*TIME_UNITS)],
        opening + [_lower("a", "an", "one"), _lower(*SINGULAR_TIME_UNITS, "hour"), _lower("and"), _lower("a", "one"), _lower("half")],
    ]
    for half in halves:
        records.append(duration("time amount", half))
        records.extend(duration("anchored time amount", half + tail) for tail in tails)
    day = {"TEXT": {"REGEX": r"^\d{1,3}$"}}
    records.append(duration("time point", [_lower("on", "at", "by", "until", "through"), _lower("day", "week", "month"), day]))
    records.extend(duration("calendar period", period) for period in pattern_calendar_periods())
    return _unique(records)


# =========================================================================== output


def _unique(records: Iterable[Record]) -> list[Record]:
    seen: dict[str, Record] = {}
    for record in records:
        key = json.dumps(record["pattern"], sort_keys=True, ensure_ascii=False)
        seen.setdefault(key, record)
    return list(seen.values())


def to_jsonl(records: Iterable[Record]) -> str:
    """Compact JSON Lines, sorted by label, id and pattern (reproducible output)."""
    lines = [
        json.dumps({k: r[k] for k in ("label", "pattern", "id")}, ensure_ascii=False, separators=(",", ":"))
        for r in records
    ]
    def key(pair: tuple[Record, str]) -> tuple[str, str]:
        return pair[0]["id"], json.dumps(pair[0]["pattern"], ensure_ascii=False)

    rows = sorted(zip(records, lines), key=key)
    return "".join(line + "\n" for _, line in rows)


def build_all() -> dict[str, str]:
    """Build the three files; returns ``{file name: file text}`` (nothing is written)."""
    return {
        LAB_FILE: to_jsonl(pattern_lab_tests()),
        LAB_VALUE_FILE: to_jsonl(pattern_lab_values()),
        DURATION_FILE: to_jsonl(pattern_durations()),
    }


def iter_stale(patterns_dir: Path, built: dict[str, str]) -> Iterator[str]:
    """Names of the files of ``patterns_dir`` that differ from ``built``."""
    for name, text in built.items():
        path = patterns_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            yield name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patterns", type=Path, default=PATTERNS, help="patterns directory")
    parser.add_argument("--check", action="store_true", help="compare a rebuild with the files, write nothing")
    args = parser.parse_args(argv)
    built = build_all()
    if args.check:
        stale = list(iter_stale(args.patterns, built))
        if stale:
            print("out of date: " + ", ".join(stale) + " (run scripts/build_lab_patterns.py)", file=sys.stderr)
            return 1
        return 0
    for name, text in built.items():
        (args.patterns / name).write_text(text, encoding="utf-8")
        print(f"{name}: {text.count(chr(10))} patterns, {len(text.encode()) / 1e3:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
