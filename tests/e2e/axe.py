"""axe-core, vendored from the npm registry (tests/e2e/vendor/axe-core, see its README), run in the page.

The source is evaluated through the DevTools protocol rather than added as a <script> element, so
the site's Content-Security-Policy (no inline scripts) stays on while axe runs.
"""

from functools import cache
from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA (what GB/T 37668-2019 follows) plus axe's best practices, reported but not failed.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Large-text mode (core/display.py) promises AAA as well: enhanced contrast (7:1), link purpose from the
# link alone, no timed refresh (axe's rules tagged wcag2aaa).
AAA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag2aaa"]
BLOCKING = {"serious", "critical"}


@cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_run(page, tags: list[str] = TAGS) -> list[dict]:
    """All violations axe finds on the page as it is now, for the rules tagged with any of `tags`."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary, html: n.html})),
            }));
        }""",
        tags,
    )
    return result


def axe_report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s))")
        for node in v["nodes"][:6]:
            lines.append(f"    {node['target']}  {node['html'][:140]}")
            summary = (node["summary"] or "").replace("\n", " ")
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def assert_accessible(page, where: str) -> list[dict]:
    """Fail on serious or critical violations; print the rest so they are seen and can be fixed."""
    violations = axe_run(page)
    if violations:
        print(f"\naxe on {where} ({page.url}):\n{axe_report(violations)}")
    serious = blocking(violations)
    assert not serious, f"serious/critical axe violations on {where} ({page.url}):\n{axe_report(serious)}"
    return violations
