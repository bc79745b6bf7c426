"""The strict typing set stays strict (issue 13): every service, selector and rule module, the
one write path and court time must be covered by the `[[tool.mypy.overrides]]` section of
pyproject.toml that sets `disallow_untyped_defs`, so `make lint` (mypy) fails on an untyped
signature there. A module added under a new name (`docket/record/services.py`,
`notices/deadlines/rules.py`, a `services/` package...) is found here by its file name."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("casetracker", "docket", "notices")
# File names (or package names) that make a module part of the strict set.
STRICT_NAME = re.compile(r"^(?:\w+_)?(?:services|selectors|rules)$")
# Services, rules and write paths under other names (a new one is added here and to the config).
ALWAYS_STRICT = (
    "casetracker.courttime",
    "docket.entries.write",  # the one write path for docket entries
    "docket.entries.obligations",  # ... and for obligations
    "docket.entries.withdrawals",
    "docket.ingest.apply",
    "docket.ingest.imports",
    "notices.deadlines.obligations",
    "notices.deadlines.court_dates",
    "notices.deadlines.classify",
    "notices.deadlines.schedule",
    "notices.compliance.windows",
    "notices.compliance.drafts",
    "notices.webhooks.events",  # webhooks: what becomes an event, and sending it
    "notices.webhooks.sending",
    "notices.webhooks.payloads",
    "notices.webhooks.addresses",
    "notices.webhooks.signing",
)


def _config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]


def _glob(pattern):
    """mypy's own module-pattern rule (mypy.options.Options.compile_glob): a `*` component
    matches any number of components, so `*.services` matches `docket.record.services`."""
    parts = pattern.split(".")
    expr = re.escape(parts[0]) if parts[0] != "*" else ".*"
    for part in parts[1:]:
        expr += re.escape("." + part) if part != "*" else r"(\..*)?"
    return re.compile(expr + r"\Z")


def _matches(module, patterns):
    return any(_glob(pattern).match(module) for pattern in patterns)


def _strict_patterns():
    patterns = []
    for override in _config().get("overrides", []):
        if override.get("disallow_untyped_defs") and override.get("disallow_incomplete_defs"):
            modules = override["module"]
            patterns.extend([modules] if isinstance(modules, str) else modules)
    return patterns


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts)


def strict_modules():
    """Every module that must be fully typed."""
    found = []
    for module in _modules():
        names = module.split(".")
        if module in ALWAYS_STRICT or any(STRICT_NAME.match(name) for name in names[1:]):
            found.append(module)
    return found


def test_the_glob_rule_is_mypys():
    from mypy.options import Options

    options = Options()
    for pattern, module in [
        ("*.services", "docket.record.services"),
        ("*.services", "casetracker.services"),
        ("*.services.*", "docket.services.filings"),
        ("*.services", "docket.record_services"),
        ("*.rules", "notices.deadlines.response_rules"),
        ("docket.entries", "docket.entries.views"),
    ]:
        assert bool(options.compile_glob(pattern).match(module)) == bool(
            _glob(pattern).match(module)
        ), (pattern, module)


def test_strict_set_is_found():
    modules = strict_modules()
    assert "casetracker.services" in modules
    assert "casetracker.courttime" in modules
    assert "notices.deadlines.rules" in modules
    assert "notices.deadlines.response_rules" in modules
    assert any(module.startswith("docket.") for module in modules)


@pytest.mark.parametrize("module", strict_modules())
def test_every_service_selector_and_rule_module_is_strict(module):
    assert _matches(module, _strict_patterns()), (
        f"{module} is a service/selector/rule module but no strict mypy override covers it: add "
        "it (or a glob) to the disallow_untyped_defs section of [tool.mypy] in pyproject.toml."
    )


def test_mypy_runs_the_django_plugin_on_every_app():
    config = _config()
    assert "mypy_django_plugin.main" in config["plugins"]
    assert set(config["files"]) == set(APPS)
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "mypy" in lint, "`make lint` must run mypy"


def test_no_module_is_exempt_from_errors():
    """`ignore_errors` would let a module rot silently; fix the error or use a narrow
    `# type: ignore[code]` where a library's stubs are wrong."""
    for override in _config().get("overrides", []):
        assert not override.get("ignore_errors"), override["module"]
