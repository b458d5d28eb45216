"""The floors' pictures in docs/ are drawn from the layers contract (tools/floors.py), never by hand."""

import importlib.util
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _tool():
    spec = importlib.util.spec_from_file_location("floors_tool", ROOT / "tools" / "floors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_mermaid_file_matches_the_contract():
    tool = _tool()
    committed = (ROOT / "docs" / "floors.mmd").read_text(encoding="utf-8")
    assert committed == tool.mermaid(tool.floors()), "docs/floors.mmd is stale: run .venv/bin/python tools/floors.py"


def test_the_committed_svg_shows_every_app_of_the_contract():
    apps = {app for floor in _tool().floors() for app in floor}
    svg = (ROOT / "docs" / "floors.svg").read_text(encoding="utf-8")
    assert set(re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]+)</title>', svg)) == apps


def test_the_picture_follows_a_change_of_the_contract(tmp_path):
    tool = _tool()
    pyproject = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject.write_text(text.replace('    "api",\n', '    "api",\n    "newtop",\n', 1), encoding="utf-8")
    changed = tool.mermaid(tool.floors(pyproject))
    assert "api -->|may import| newtop" in changed
    assert changed != (ROOT / "docs" / "floors.mmd").read_text(encoding="utf-8")


def test_architecture_shows_the_picture():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert "](floors.svg)" in text and "floors.mmd" in text
