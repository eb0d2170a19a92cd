"""Writers for annotated documents: Prodigy-style JSONL, brat standoff, spaCy DocBin, displaCy HTML."""
