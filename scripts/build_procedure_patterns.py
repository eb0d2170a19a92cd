#!/usr/bin/env python
"""Build the procedure rules: patterns/procedures.jsonl (label PROCEDURE).

Run from the repository root (no build-time packages needed)::

    python scripts/build_procedure_patterns.py          # rewrite the file
    python scripts/build_procedure_patterns.py --check  # exit 1 if the committed file differs

No procedure vocabulary ships in a wheel we may use (ICD-10-PCS and SNOMED CT do not), so the
concepts are curated here, in the words trial criteria and descriptions use, and the file is
generated from these tables; ``tests/patterns/test_procedure_patterns.py`` regenerates and compares.

What is a procedure (design decisions, see also patterns/README.md):

* Surgery and operations, named ("hysterectomy", "cesarean section") or by site ("cardiac surgery",
  "liver resection"), transplantation ("kidney transplant", "allogeneic stem cell transplantation",
  "HSCT"), radiotherapy in its forms ("radiation therapy", "SBRT", "whole brain radiotherapy"),
  dialysis, transfusion and apheresis, ventilation and intubation, anaesthesia, cardiac and vascular
  interventions ("PCI", "CABG", "catheter ablation"), imaging and diagnostic procedures ("MRI",
  "CT scan", "colonoscopy", "biopsy", "ECG"), obstetric and fertility procedures, and
  non-drug therapies ("physical therapy", "electroconvulsive therapy").
* A treatment modality named alone is a procedure ("chemotherapy", "immunotherapy", as Chia and
  LCT mark it); a drug class stays a DRUG ("platinum-based chemotherapy", "hormone therapy",
  "targeted therapy" are in drugs_curated.jsonl, and a phrase is listed once across all files).
* Named operations and examinations are also found by their endings (-ectomy, -otomy, -ostomy,
  -plasty, -scopy, -pexy, -rrhaphy, -centesis, -tripsy, -ography; :func:`pattern_morphology`),
  with a qualifier before them ("radical prostatectomy", "total knee arthroplasty", "coronary"
  is a site: "CT angiography" is listed); words of those endings that are no procedure
  ("microscopy", "chromatography", "photography") are excluded, and so are "radiography" and
  "tomography", which are listed as concepts of their own.
* Site words before a procedure noun make a procedure of that site (:func:`pattern_sites`):
  "kidney transplant", "bone marrow biopsy", "spine surgery"; a disease name is no site, so
  "cancer surgery" is left to the disease and "surgery".
* "CT" alone is computed tomography (written in capitals: "measurable by CT or MRI"); a record
  that defines it otherwise ("induction chemotherapy (CT)") makes it that, a procedure still.
* Left out on purpose: "treatment", "therapy", "procedure", "intervention", "examination",
  "visit" and "radiation" ("radiation exposure", "outside the radiation field") alone (they are procedures in the corpora only by context); abbreviations with another
  common meaning in trial text: "ICD" (the disease codes), "ART" (antiretroviral therapy), "PT"
  (prothrombin time), "TBI" (traumatic brain injury or total body irradiation: ``term_lists.jsonl`` decides),
  "PTA".

ids: ``procedure:<preferred name>``; morphology and site patterns that are no listed concept carry
``procedure:named procedure`` and are normalized to their lower-cased text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nlp_trials.pipeline.patterns import write_built_files

PATTERNS = Path(__file__).resolve().parents[1] / "patterns"
PROCEDURE_FILE = "procedures.jsonl"
LABEL = "PROCEDURE"
#: The id of a procedure found by its shape (an ending, a site) rather than listed.
NAMED = "named procedure"

Record = dict[str, Any]

#: Preferred name -> lower-cased phrases (the name itself is added).
CONCEPTS: dict[str, tuple[str, ...]] = {
    # Surgery in general.
    "surgery": ("surgeries", "surgical procedure", "surgical procedures", "surgical intervention", "surgical interventions",
                "surgical treatment", "operation", "operations", "surgical operation", "surgical resection", "resection",
                "operative procedure", "surgical removal", "excision", "surgical excision"),
    "major surgery": ("major surgeries", "major surgical procedure", "major surgical procedures", "major operation",
                      "major surgical intervention"),
    "minor surgery": ("minor surgical procedure", "minor surgical procedures", "minor surgeries"),
    "elective surgery": ("elective surgical procedure", "elective operation"),
    "emergency surgery": ("emergency operation", "urgent surgery"),
    "laparoscopic surgery": ("laparoscopic procedure",),
    "open surgery": (),
    "bariatric surgery": ("weight loss surgery", "weight-loss surgery", "metabolic surgery"),
    "gastric bypass": ("roux-en-y gastric bypass", "gastric bypass surgery", "rygb"),
    "gastric banding": ("lap band", "adjustable gastric banding"),
    "cesarean section": ("caesarean section", "cesarean delivery", "caesarean delivery", "c-section", "cesarean",
                         "caesarean"),
    "amputation": ("limb amputation",),
    "lymph node dissection": ("lymph node dissections", "axillary lymph node dissection", "axillary dissection",
                              "neck dissection"),
    "sentinel lymph node biopsy": ("sentinel node biopsy", "sentinel lymph node dissection"),
    "joint replacement": ("hip replacement", "knee replacement", "total joint replacement", "joint replacement surgery"),
    "total hip arthroplasty": ("total hip replacement",),
    "total knee arthroplasty": ("total knee replacement",),
    "tubal ligation": ("tubal sterilization", "sterilization surgery"),
    "dilation and curettage": ("dilatation and curettage",),
    # Transplantation.
    "transplantation": ("transplant", "transplants", "transplantations", "organ transplant", "organ transplantation",
                        "solid organ transplant", "solid organ transplantation", "solid-organ transplant"),
    "hematopoietic stem cell transplantation": (
        "stem cell transplant", "stem cell transplantation", "stem-cell transplant", "stem-cell transplantation",
        "hematopoietic stem cell transplant", "haematopoietic stem cell transplant", "haematopoietic stem cell transplantation",
        "hematopoietic cell transplantation", "hematopoietic cell transplant", "haematopoietic cell transplantation",
        "bone marrow transplant", "bone marrow transplantation", "peripheral blood stem cell transplant",
        "peripheral blood stem cell transplantation", "cord blood transplant", "cord blood transplantation"),
    "allogeneic hematopoietic stem cell transplantation": (
        "allogeneic stem cell transplant", "allogeneic stem cell transplantation", "allogeneic hematopoietic stem cell transplant",
        "allogeneic haematopoietic stem cell transplantation", "allogeneic hematopoietic cell transplantation",
        "allogeneic bone marrow transplant", "allogeneic bone marrow transplantation", "allogeneic transplant",
        "allogeneic transplantation", "allogenic stem cell transplantation", "allogenic stem cell transplant",
        "allo-hsct", "allo-sct", "allogeneic hsct", "allogeneic sct"),
    "autologous hematopoietic stem cell transplantation": (
        "autologous stem cell transplant", "autologous stem cell transplantation", "autologous hematopoietic stem cell transplant",
        "autologous haematopoietic stem cell transplantation", "autologous bone marrow transplant",
        "autologous bone marrow transplantation", "autologous transplant", "autologous transplantation", "auto-hsct",
        "auto-sct", "autologous hsct", "autologous sct", "high-dose chemotherapy with autologous stem cell rescue"),
    # Radiation.
    "radiotherapy": ("radiation therapy", "radiation therapies", "radiation treatment", "radiation treatments",
                     "irradiation", "radiotherapies", "external beam radiotherapy", "external beam radiation therapy",
                     "external-beam radiation therapy", "ebrt", "xrt", "intensity-modulated radiotherapy",
                     "intensity modulated radiation therapy", "intensity-modulated radiation therapy", "imrt",
                     "palliative radiotherapy", "palliative radiation", "palliative radiation therapy",
                     "curative radiotherapy", "definitive radiotherapy", "definitive radiation therapy", "adjuvant radiotherapy",
                     "adjuvant radiation therapy", "thoracic radiotherapy", "thoracic radiation", "pelvic radiotherapy",
                     "pelvic radiation", "pelvic irradiation"),
    "chemoradiotherapy": ("chemoradiation", "chemo-radiotherapy", "chemo-radiation", "concurrent chemoradiotherapy",
                          "concurrent chemoradiation", "radiochemotherapy", "chemoradiation therapy"),
    "stereotactic radiosurgery": ("radiosurgery", "gamma knife", "gamma knife radiosurgery", "srs"),
    "stereotactic body radiotherapy": ("stereotactic body radiation therapy", "stereotactic ablative radiotherapy",
                                      "stereotactic radiotherapy", "stereotactic radiation therapy", "sbrt", "sabr"),
    "whole brain radiotherapy": ("whole brain radiation therapy", "whole-brain radiotherapy", "whole-brain radiation therapy",
                                 "whole brain irradiation", "whole-brain irradiation", "wbrt"),
    "brachytherapy": ("intracavitary brachytherapy",),
    "proton therapy": ("proton beam therapy", "proton radiotherapy", "proton beam radiotherapy"),
    "total body irradiation": ("total-body irradiation",),
    "prophylactic cranial irradiation": ("pci prophylactic cranial irradiation",),
    # Systemic treatment named as a modality.
    "chemotherapy": ("chemotherapies", "chemo", "chemotherapy treatment", "chemotherapy regimen", "chemotherapy regimens",
                     "induction chemotherapy", "consolidation chemotherapy", "salvage chemotherapy", "palliative chemotherapy",
                     "first-line chemotherapy", "second-line chemotherapy", "high-dose chemotherapy"),
    "immunotherapy": ("immunotherapies", "cancer immunotherapy"),
    "radioactive iodine therapy": ("radioiodine therapy", "radioactive iodine treatment", "radioiodine ablation",
                                   "radioactive iodine ablation", "rai therapy"),
    # Renal replacement, blood.
    "dialysis": ("renal dialysis", "dialysis treatment", "chronic dialysis", "maintenance dialysis"),
    "hemodialysis": ("haemodialysis", "hemodialyses", "chronic hemodialysis", "maintenance hemodialysis"),
    "peritoneal dialysis": (),
    "renal replacement therapy": ("continuous renal replacement therapy", "crrt"),
    "blood transfusion": ("transfusion", "transfusions", "blood transfusions", "red blood cell transfusion",
                          "red blood cell transfusions", "rbc transfusion", "rbc transfusions", "packed red blood cell transfusion",
                          "platelet transfusion", "platelet transfusions", "blood product transfusion", "transfusion of blood products"),
    "plasmapheresis": ("plasma exchange", "therapeutic plasma exchange", "apheresis", "leukapheresis", "plasmapheresis treatment"),
    # Birth control as criteria require it of fertile patients (a drug named as one stays a DRUG:
    # "oral contraceptives", "hormonal contraception" is a class; Chia and LCT mark the method a procedure).
    "contraception": ("contraceptive method", "contraceptive methods", "method of contraception",
                      "methods of contraception", "birth control", "method of birth control", "methods of birth control",
                      "barrier contraception", "barrier method", "barrier methods", "barrier method of contraception",
                      "double-barrier contraception", "double barrier contraception", "contraceptive measures",
                      "nonhormonal contraception", "non-hormonal contraception"),
    # Airway, ventilation, critical care.
    "mechanical ventilation": ("invasive mechanical ventilation", "invasive ventilation", "ventilator support",
                               "assisted ventilation", "ventilatory support"),
    "non-invasive ventilation": ("noninvasive ventilation", "non-invasive mechanical ventilation", "niv"),
    "intubation": ("endotracheal intubation", "tracheal intubation", "orotracheal intubation"),
    "extracorporeal membrane oxygenation": ("ecmo",),
    "oxygen therapy": ("supplemental oxygen therapy", "long-term oxygen therapy", "home oxygen therapy"),
    "cardiopulmonary resuscitation": ("cpr",),
    # Anaesthesia and sedation.
    "general anesthesia": ("general anaesthesia", "general anesthetic", "general anaesthetic"),
    "anesthesia": ("anaesthesia",),
    "spinal anesthesia": ("spinal anaesthesia",),
    "epidural anesthesia": ("epidural anaesthesia", "epidural analgesia"),
    "regional anesthesia": ("regional anaesthesia", "neuraxial anesthesia", "neuraxial anaesthesia", "nerve block",
                            "peripheral nerve block"),
    "local anesthesia": ("local anaesthesia",),
    "sedation": ("procedural sedation", "conscious sedation", "deep sedation"),
    # Cardiac and vascular interventions.
    "percutaneous coronary intervention": ("percutaneous coronary interventions", "percutaneous intervention",
                                           "percutaneous interventions", "coronary angioplasty",
                                           "percutaneous transluminal coronary angioplasty", "ptca", "coronary stenting",
                                           "coronary stent placement"),
    "coronary artery bypass grafting": ("coronary artery bypass graft", "coronary artery bypass surgery",
                                        "coronary artery bypass grafting surgery", "coronary bypass surgery",
                                        "coronary-artery bypass graft", "bypass surgery"),
    "coronary revascularization": ("revascularization", "revascularisation", "coronary revascularisation",
                                   "myocardial revascularization"),
    "angioplasty": ("balloon angioplasty", "percutaneous transluminal angioplasty"),
    "stent placement": ("stenting", "stent implantation"),
    "cardiac catheterization": ("heart catheterization", "cardiac catheterisation", "coronary catheterization"),
    "coronary angiography": ("coronary angiogram", "cardiac angiography"),
    "angiography": ("angiogram", "ct angiography", "cerebral angiography", "digital subtraction angiography"),
    "catheter ablation": ("cardiac ablation", "pulmonary vein isolation", "atrial fibrillation ablation"),
    "ablation": ("radiofrequency ablation", "cryoablation", "rfa", "microwave ablation", "ablation procedure", "ablation therapy",
                 "thermal ablation", "tumor ablation", "tumour ablation"),
    "pacemaker implantation": ("pacemaker insertion", "pacemaker placement", "permanent pacemaker implantation"),
    "defibrillator implantation": ("icd implantation", "implantable cardioverter defibrillator implantation"),
    "valve replacement": ("heart valve replacement", "aortic valve replacement", "mitral valve replacement",
                          "valve repair", "mitral valve repair", "heart valve surgery", "valve surgery",
                          "transcatheter aortic valve replacement", "transcatheter aortic valve implantation",
                          "tavr", "tavi"),
    "cardioversion": ("electrical cardioversion", "direct current cardioversion"),
    "cardiac resynchronization therapy": ("cardiac resynchronisation therapy", "crt-d", "crt-p"),
    "cardiopulmonary bypass": (),
    "carotid endarterectomy": (),
    "thrombolysis": ("thrombolytic therapy", "fibrinolytic therapy", "fibrinolysis"),
    "thrombectomy": ("mechanical thrombectomy", "endovascular thrombectomy"),
    "transarterial chemoembolization": ("transarterial chemoembolisation", "chemoembolization", "chemoembolisation",
                                        "tace", "transcatheter arterial chemoembolization"),
    "embolization": ("embolisation", "arterial embolization", "radioembolization", "selective internal radiation therapy",
                     "sirt"),
    "hyperthermic intraperitoneal chemotherapy": ("hipec",),
    # Imaging.
    "magnetic resonance imaging": ("mri", "mri scan", "mri scans", "mr imaging", "magnetic resonance", "brain mri",
                                   "cardiac mri", "cardiac magnetic resonance", "functional mri", "fmri", "mri examination"),
    "computed tomography": ("ct scan", "ct scans", "ct-scan", "cat scan", "computerized tomography",
                            "computed tomography scan", "ct imaging", "ct examination", "spiral ct", "low-dose ct"),
    "positron emission tomography": ("pet scan", "pet scans", "pet-ct", "pet/ct", "pet ct", "fdg-pet", "fdg pet",
                                     "pet-ct scan", "pet/ct scan", "positron emission tomography-computed tomography"),
    "ultrasound": ("ultrasonography", "ultrasound scan", "ultrasound examination", "sonography", "ultrasound imaging",
                   "transvaginal ultrasound", "abdominal ultrasound", "doppler ultrasound", "duplex ultrasound",
                   "endoscopic ultrasound", "eus", "echography"),
    "echocardiography": ("echocardiogram", "echocardiograms", "transthoracic echocardiogram", "transthoracic echocardiography",
                         "transesophageal echocardiogram", "transesophageal echocardiography", "stress echocardiography"),
    "electrocardiogram": ("electrocardiography", "ecg", "ekg", "12-lead ecg", "12-lead electrocardiogram", "12 lead ecg",
                          "12-lead ekg", "resting ecg", "electrocardiograms", "ecgs"),
    "electroencephalogram": ("electroencephalography", "eeg"),
    "electromyography": ("emg", "nerve conduction study", "nerve conduction studies"),
    "x-ray": ("x-rays", "xray", "radiograph", "radiographs", "radiography", "chest x-ray", "chest x-rays", "chest radiograph",
              "chest radiography", "chest xray", "plain radiograph"),
    "mammography": ("mammogram", "mammograms", "screening mammography", "breast imaging"),
    "bone scan": ("bone scintigraphy", "bone scans", "skeletal scintigraphy"),
    "dual-energy x-ray absorptiometry": ("dxa", "dexa", "dexa scan", "dxa scan", "bone densitometry", "bone density scan"),
    "imaging": ("medical imaging", "diagnostic imaging", "radiological imaging", "radiologic imaging", "neuroimaging",
                "brain imaging", "cross-sectional imaging"),
    "scintigraphy": ("nuclear imaging", "spect", "myocardial perfusion imaging", "myocardial perfusion scan"),
    "optical coherence tomography": ("oct imaging",),
    "fluorescein angiography": ("indocyanine green angiography", "icga", "fundus fluorescein angiography"),
    "polysomnography": ("sleep study", "psg"),
    "spirometry": ("pulmonary function test", "pulmonary function tests", "pulmonary function testing", "pfts", "pft"),
    "exercise stress test": ("stress test", "exercise test", "exercise testing", "treadmill test", "cardiopulmonary exercise test",
                             "cardiopulmonary exercise testing", "cpet", "cpx"),
    # Endoscopy and sampling.
    "endoscopy": ("upper endoscopy", "upper gi endoscopy", "endoscopic examination", "esophagogastroduodenoscopy", "egd",
                  "endoscopic procedure", "endoscopic procedures"),
    "endoscopic retrograde cholangiopancreatography": ("ercp",),
    "biopsy": ("biopsies", "tissue biopsy", "core biopsy", "core needle biopsy", "needle biopsy", "tumor biopsy",
               "tumour biopsy", "surgical biopsy", "excisional biopsy", "incisional biopsy", "punch biopsy",
               "fine needle aspiration", "fine-needle aspiration", "fna", "image-guided biopsy", "fresh biopsy",
               "bone marrow aspiration", "bone marrow aspirate and biopsy"),
    "lumbar puncture": ("spinal tap", "lumbar punctures"),
    # How a diagnosis was confirmed ("histologically confirmed"), as Chia and LCT mark it.
    # "histology" and "cytology" alone describe the disease as often ("favorable histology",
    # "positive peritoneal cytology"), and so do "histologic"/"histological" ("histologic subtype").
    "histopathology": ("histological examination", "histologic examination", "histopathological examination",
                       "pathological examination", "histologically", "histopathologically", "pathologically"),
    # Cells, not tissue: a cytological diagnosis is not a histological one.
    "cytopathology": ("cytologically", "cytological examination", "cytologic examination"),
    # Obstetrics and fertility.
    "in vitro fertilization": ("in-vitro fertilization", "in vitro fertilisation", "ivf", "assisted reproduction",
                               "assisted reproductive technology", "assisted reproductive technique", "assisted reproductive techniques"),
    "intracytoplasmic sperm injection": ("icsi",),
    "embryo transfer": ("frozen embryo transfer", "fresh embryo transfer"),
    "induced abortion": ("medication abortion", "surgical abortion", "termination of pregnancy", "pregnancy termination",
                         "uterine evacuation"),
    "vaginal delivery": ("vaginal birth", "spontaneous vaginal delivery"),
    "labor induction": ("induction of labor", "induction of labour", "labour induction"),
    "physical examination": ("physical exam", "physical examinations", "physical exams"),
    # Other therapies and procedures.
    "physical therapy": ("physiotherapy", "physical therapies", "physical rehabilitation"),
    "rehabilitation": ("rehabilitation program", "rehabilitation programme", "cardiac rehabilitation",
                       "pulmonary rehabilitation", "occupational therapy", "speech therapy"),
    "psychotherapy": ("psychotherapies", "cognitive behavioral therapy", "cognitive behavioural therapy",
                      "cognitive-behavioral therapy", "cognitive behaviour therapy", "talk therapy", "psychological therapy",
                      "psychological treatment", "behavioral therapy", "behavioural therapy", "counseling", "counselling"),
    "electroconvulsive therapy": ("ect", "electroshock therapy"),
    "transcranial magnetic stimulation": ("tms", "rtms", "repetitive transcranial magnetic stimulation"),
    "deep brain stimulation": ("dbs",),
    "vagus nerve stimulation": ("vns",),
    "phototherapy": ("light therapy", "ultraviolet phototherapy", "uv phototherapy", "narrowband uvb"),
    "photodynamic therapy": ("pdt",),
    "hyperbaric oxygen therapy": ("hyperbaric oxygen", "hbot"),
    "vaccination": ("vaccinations", "immunization", "immunizations", "immunisation", "vaccine administration", "inoculation",
                    "inoculations"),
    "acupuncture": ("electroacupuncture",),
    "lithotripsy": ("extracorporeal shock wave lithotripsy", "eswl"),
    "circumcision": (),
    "tooth extraction": ("dental extraction", "third molar extraction", "tooth extractions", "dental surgery"),
    "cataract surgery": ("cataract extraction", "phacoemulsification"),
    "vitrectomy": ("pars plana vitrectomy",),
    "laser photocoagulation": ("photocoagulation", "panretinal photocoagulation", "laser therapy", "laser treatment"),
    "intravitreal injection": ("intravitreal injections",),
    "joint injection": ("intra-articular injection", "intra-articular injections", "epidural steroid injection"),
    "catheterization": ("urinary catheterization", "central venous catheterization", "central line placement"),
    "paracentesis": ("thoracentesis",),
    "tracheostomy": ("tracheotomy",),
    "enteral nutrition": ("tube feeding", "parenteral nutrition", "total parenteral nutrition", "tpn"),
    "fecal microbiota transplantation": ("faecal microbiota transplantation", "fecal microbiota transplant", "fmt",
                                         "fecal transplant"),
}

#: Case-sensitive abbreviations (ORTH): lower-cased they are words or other abbreviations.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "magnetic resonance imaging": ("MRI", "MRIs", "fMRI"),
    "computed tomography": ("CT",),
    "positron emission tomography": ("PET",),
    "percutaneous coronary intervention": ("PCI",),
    "coronary artery bypass grafting": ("CABG",),
    "hematopoietic stem cell transplantation": ("HSCT", "SCT", "BMT", "HCT", "PBSCT"),
    "autologous hematopoietic stem cell transplantation": ("ASCT", "ASCR"),
    "radiotherapy": ("RT",),
    "total hip arthroplasty": ("THA",),
    "total knee arthroplasty": ("TKA",),
    "echocardiography": ("TTE", "TEE", "ECHO", "Echo"),
    "optical coherence tomography": ("OCT",),
}

#: Endings of named operations and examinations.
MORPHOLOGY_REGEX = (
    r"^[a-z]{2,}(?:ectomy|ectomies|otomy|otomies|ostomy|ostomies|plasty|plasties|scopy|scopies|pexy|pexies|rrhaphy"
    r"|centesis|tripsy|ography|ographies)$"
)
#: Words of those endings that are no procedure.
MORPHOLOGY_EXCLUDED: tuple[str, ...] = (
    "microscopy", "spectroscopy", "dichotomy", "macroscopy", "autoscopy", "stereoscopy", "spectroscopies", "microscopies",
    "biography", "photography", "geography", "demography", "topography", "calligraphy", "choreography", "bibliography",
    "orthography", "stenography", "typography", "cartography", "crystallography", "chromatography", "lithography",
    "cinematography", "pornography", "radiography", "tomography", "ethnography", "oceanography", "hagiography",
    "autobiography", "iconography", "historiography", "lexicography", "discography", "filmography", "videography",
    "photographies", "biographies", "geographies", "bibliographies", "chromatographies", "tomographies",
)
#: Words that qualify a named operation and belong to its name ("radical prostatectomy").
OPERATION_QUALIFIERS: tuple[str, ...] = (
    "partial", "total", "radical", "subtotal", "near-total", "bilateral", "unilateral", "laparoscopic", "robotic",
    "robot-assisted", "open", "modified", "simple", "complete", "left", "right", "anterior", "posterior", "diagnostic",
    "therapeutic", "elective", "sleeve", "distal", "proximal", "extended", "lateral", "upper", "lower",
)

#: Sites that name a procedure of their own before a procedure noun ("kidney transplant").
SITES: tuple[str, ...] = (
    "kidney", "renal", "liver", "hepatic", "heart", "cardiac", "lung", "pulmonary", "pancreas", "pancreatic", "islet",
    "bowel", "intestinal", "colon", "colonic", "colorectal", "rectal", "anal", "gastric", "stomach", "esophageal",
    "oesophageal", "gastrointestinal", "abdominal", "thoracic", "chest", "pelvic", "brain", "cranial", "intracranial",
    "cerebral", "spine", "spinal", "hip", "knee", "shoulder", "ankle", "foot", "hand", "breast", "prostate", "bladder",
    "thyroid", "parathyroid", "adrenal", "ovarian", "uterine", "gynecologic", "gynecological", "eye", "ocular",
    "retinal", "vitreoretinal", "corneal", "cornea", "ear", "sinus", "nasal", "dental", "oral", "skin", "bone",
    "orthopedic", "orthopaedic", "vascular", "cardiovascular", "cardiothoracic", "valve", "aortic", "carotid",
    "head", "neck", "limb", "joint", "tumor", "tumour", "organ", "marrow", "nerve", "lymph", "node", "lobe",
    "hernia", "cataract", "back",
)  # fmt: skip
#: Procedure nouns after a site.
SITE_NOUNS: tuple[str, ...] = (
    "surgery", "surgeries", "operation", "operations", "resection", "resections", "transplant", "transplants",
    "transplantation", "transplantations", "biopsy", "biopsies", "irradiation", "radiotherapy", "radiation",
    "replacement", "repair", "ablation", "reconstruction", "dissection", "puncture", "catheterization",
    "catheterisation", "angiography", "imaging", "scan", "scans", "ultrasound", "mri", "x-ray", "radiograph",
    "embolization", "fusion", "grafting", "graft", "stenting", "injection", "block", "procedure", "procedures",
    "intervention", "interventions",
)  # fmt: skip
#: Words before a site that still name the same procedure ("allogeneic bone marrow transplant").
SITE_QUALIFIERS: tuple[str, ...] = (
    "allogeneic", "allogenic", "autologous", "haploidentical", "living", "donor", "cadaveric", "deceased",
    "open", "laparoscopic", "robotic", "major", "minor", "elective", "emergency",
)


def _phrase(pattern: str, key: str) -> Record:
    return {"label": LABEL, "pattern": pattern, "id": f"procedure:{key}"}


def pattern_concepts() -> list[Record]:
    """One lower-cased phrase per name of each curated concept."""
    return [_phrase(p, key) for key, names in CONCEPTS.items() for p in (key, *names)]


def pattern_abbreviations() -> list[Record]:
    """Case-sensitive abbreviations: "MRI", "PCI", "CABG", "HSCT" (not "mri" of a word)."""
    return [
        {"label": LABEL, "pattern": [{"ORTH": a}], "id": f"procedure:{key}"} for key, abbrevs in ABBREVIATIONS.items() for a in abbrevs
    ]


def pattern_morphology() -> list[Record]:
    """A named operation by its ending, with up to two qualifiers before it ("left hemicolectomy",
    "robot-assisted radical prostatectomy")."""
    word = {"LOWER": {"REGEX": MORPHOLOGY_REGEX, "NOT_IN": list(MORPHOLOGY_EXCLUDED)}}
    qualifier = {"LOWER": {"IN": list(OPERATION_QUALIFIERS)}}
    return [
        {"label": LABEL, "pattern": [word], "id": f"procedure:{NAMED}"},
        {"label": LABEL, "pattern": [qualifier, word], "id": f"procedure:{NAMED}"},
        {"label": LABEL, "pattern": [qualifier, qualifier, word], "id": f"procedure:{NAMED}"},
    ]


def pattern_sites() -> list[Record]:
    """A site, or two site words ("bone marrow", "lymph node", "head and neck" as "neck"), before a
    procedure noun ("kidney transplant", "liver biopsy", "spine surgery"), with a qualifier before
    it ("allogeneic bone marrow transplantation")."""
    site = {"LOWER": {"IN": list(SITES)}}
    noun = {"LOWER": {"IN": list(SITE_NOUNS)}}
    qualifier = {"LOWER": {"IN": list(SITE_QUALIFIERS)}}
    shapes = [[site, noun], [site, site, noun], [qualifier, site, noun], [qualifier, site, site, noun]]
    return [{"label": LABEL, "pattern": shape, "id": f"procedure:{NAMED}"} for shape in shapes]


def _unique(records: Iterable[Record]) -> list[Record]:
    seen: dict[str, Record] = {}
    for record in records:
        key = json.dumps(record["pattern"], sort_keys=True, ensure_ascii=False)
        if isinstance(record["pattern"], str):
            key = record["pattern"].lower()
        seen.setdefault(key, record)
    return list(seen.values())


def taken_phrases(patterns: Path = PATTERNS) -> set[str]:
    """The lower-cased phrases the other span ruler files list: a name that is already a drug
    ("general anesthetic"), a condition or a test ("pulmonary function test") keeps that label."""
    taken: set[str] = set()
    for path in sorted(patterns.glob("*.jsonl")):
        if path.name in (PROCEDURE_FILE, "context.jsonl", "term_lists.jsonl"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if isinstance(record.get("pattern"), str):
                taken.add(record["pattern"].lower())
    return taken


def build_all(patterns: Path = PATTERNS) -> dict[str, str]:
    """The file's text, keyed by file name."""
    taken = taken_phrases(patterns)
    records = _unique([*pattern_concepts(), *pattern_abbreviations(), *pattern_morphology(), *pattern_sites()])
    records = [r for r in records if not (isinstance(r["pattern"], str) and r["pattern"] in taken)]
    return {PROCEDURE_FILE: "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patterns", type=Path, default=PATTERNS, help="patterns directory")
    parser.add_argument("--check", action="store_true", help="compare a rebuild with the file, write nothing")
    args = parser.parse_args(argv)
    return write_built_files(build_all(args.patterns), args.patterns, check=args.check, script="scripts/build_procedure_patterns.py")


if __name__ == "__main__":
    sys.exit(main())
