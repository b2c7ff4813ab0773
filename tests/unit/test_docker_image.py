"""The Docker image's recipe: its runtime stage holds the dashboard and what it imports, and no test tools.

No Docker engine runs during the tests, so the image is never built here: these tests check the recipe against
the tree (what it copies exists and is not excluded) and the runtime requirements against the imports.
"""

import ast
import re
import sys
from importlib import metadata

from packaging.requirements import Requirement

from dashboard.core.paths import PROJECT_ROOT

DOCKERFILE = PROJECT_ROOT / "Dockerfile"
RUNTIME_REQUIREMENTS = PROJECT_ROOT / "requirements-runtime.txt"
ALL_REQUIREMENTS = PROJECT_ROOT / "requirements.txt"


def _stages() -> dict[str, list[str]]:
    """Instructions of each named stage ('FROM image AS name'), continuation lines joined."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    stages: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"FROM\s+\S+\s+AS\s+(\S+)", line, re.IGNORECASE)
        if match:
            current = stages.setdefault(match.group(1), [])
        current.append(line)
    return stages


def _pins(path) -> dict[str, str]:
    """Pinned names (normalised) of a requirements file, without the files it includes."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            pins[_normal(requirement.name)] = str(requirement.specifier)
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _with_dependencies(names: set[str]) -> set[str]:
    """The installed distributions these names pull in (their requirements without extras, recursively)."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(_normal(requirement.name))
    return seen


def _imported_top_level_modules() -> set[str]:
    modules = set()
    for path in (PROJECT_ROOT / "dashboard").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"dashboard", "__future__"}


def test_the_image_has_a_build_stage_and_a_runtime_stage():
    assert list(_stages()) == ["build", "runtime"]


def test_runtime_stage_copies_only_the_dashboard_its_settings_data_and_the_built_environment():
    copies = [line.split()[1:] for line in _stages()["runtime"] if line.upper().startswith("COPY")]
    sources = [args[0] for args in copies if not args[0].startswith("--from")]
    assert sorted(sources) == [".streamlit", "dashboard", "data"]
    assert [args for args in copies if args[0].startswith("--from")] == [["--from=build", "/opt/venv", "/opt/venv"]]


def test_everything_the_recipe_copies_exists_and_is_not_excluded_from_the_build_context():
    ignored = {line.strip() for line in (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()} - {
        ""
    }
    for lines in _stages().values():
        for line in lines:
            if line.upper().startswith("COPY") and "--from" not in line:
                source = line.split()[1]
                assert (PROJECT_ROOT / source).exists(), source
                assert source not in ignored, source


def test_build_stage_installs_only_the_runtime_requirements():
    installs = [line for line in _stages()["build"] if "pip install" in line]
    assert installs == ["RUN /opt/venv/bin/pip install -r /tmp/requirements-runtime.txt"]


def test_runtime_requirements_hold_no_test_or_lint_tool():
    runtime, everything = _pins(RUNTIME_REQUIREMENTS), _pins(ALL_REQUIREMENTS)
    assert "-r requirements-runtime.txt" in ALL_REQUIREMENTS.read_text(encoding="utf-8")
    tools = {"pytest", "pytest-timeout", "hypothesis", "playwright", "frictionless", "ruff", "mypy"}
    assert tools <= set(everything)
    assert not tools & set(runtime)
    assert not tools & _with_dependencies(set(runtime))


def test_every_package_the_dashboard_imports_comes_with_the_runtime_requirements():
    available = _with_dependencies(set(_pins(RUNTIME_REQUIREMENTS)))
    providers = metadata.packages_distributions()
    missing = {
        module: providers.get(module)
        for module in _imported_top_level_modules()
        if not {_normal(name) for name in providers.get(module, [module])} & available
    }
    assert not missing
