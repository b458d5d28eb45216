"""Schema fuzzing (schemathesis) runs only when asked for: `pytest -m fuzz tests/fuzz` (a step of .ci/run)."""


def pytest_collection_modifyitems(config, items):
    if "fuzz" in (config.option.markexpr or ""):
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("fuzz") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
