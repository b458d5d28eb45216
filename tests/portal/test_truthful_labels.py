"""Issue 13: labels that mean one thing — 智能制造 named apart, map legend true to the article."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _options(body: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S).group(1)
    return [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", select, re.S)]


@pytest.mark.parametrize(
    ("prefix", "core", "chain"),
    [
        ("", "智能制造（一智）", "智能制造（五链）"),
        ("/en", "Intelligent manufacturing (core industry)", "Intelligent manufacturing (five chains)"),
    ],
)
@pytest.mark.parametrize(
    ("path", "field"), [("/projects/", "chain"), ("/enterprises/", "chain"), ("/inquiry/", "industry")]
)
def test_the_two_intelligent_manufacturing_entries_are_named_apart(client, seeded, prefix, core, chain, path, field):
    options = _options(client.get(f"{prefix}{path}").content.decode(), field)
    assert core in options and chain in options
    assert len(options) == len(set(options))  # no label offered twice
    assert "生命健康" in options or "Life and health" in options  # a unique name stays as it is


def test_map_legend_says_only_what_the_article_says(client, seeded):
    for prefix in ("", "/en"):
        body = client.get(f"{prefix}/").content.decode()
        legend = re.search(r'<dl class="map-legend">(.*?)</dl>', body, re.S).group(1)
        assert "drawn as" not in legend and "图中" not in legend  # not how the drawing is made
        assert "spine" not in legend and "贯通" not in legend  # nor meanings the article does not give
    zh = client.get("/").content.decode()
    legend = re.search(r'<dl class="map-legend">(.*?)</dl>', zh, re.S).group(1)
    assert "一轴两带双心" in legend and "北智中居南创" in legend
