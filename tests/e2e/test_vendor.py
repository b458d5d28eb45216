"""Runs in the default suite: the vendored axe-core is the published file, not an edited copy."""

import base64
import hashlib

from tests.e2e.axe import AXE_JS

# From axe-core 4.14.1's own sri-history.json.
AXE_SRI = "sha256-KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="


def test_vendored_axe_core_matches_the_published_hash():
    digest = base64.b64encode(hashlib.sha256(AXE_JS.read_bytes()).digest()).decode()
    assert f"sha256-{digest}" == AXE_SRI


def test_vendored_axe_core_carries_its_licence():
    licence = (AXE_JS.parent / "LICENSE").read_text(encoding="utf-8")
    assert "Mozilla Public License" in licence
    assert AXE_JS.read_text(encoding="utf-8").startswith("/*! axe v4.14.1")
