"""Normalised text for keyword search, shared by projects and enterprises."""

import unicodedata


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), lower case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


def build_search_text(*parts: str) -> str:
    return normalise(" ".join(p for p in parts if p))
