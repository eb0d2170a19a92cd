"""Stage 4: everything spaCy-specific (tokenizer, rulers, pattern loading, components)."""
