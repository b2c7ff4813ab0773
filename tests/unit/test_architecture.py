"""Architecture rules that keep the core reusable."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "dashboard" / "core"


def _imported_modules(path: Path, depth: int = 1) -> set[str]:
    """Names of the modules a file imports, cut to their first `depth` dotted parts."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(".".join(alias.name.split(".")[:depth]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(".".join(node.module.split(".")[:depth]))
    return names


def test_core_never_imports_streamlit():
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 5
    offenders = [path.name for path in files if "streamlit" in _imported_modules(path)]
    assert offenders == []


# Each layer may import only the layers after it in this list (and itself): views -> components -> core.
LAYERS = {
    "views": {"views", "components", "core"},
    "components": {"components", "core"},
    "cli": {"cli", "core"},
    "core": {"core"},
}


def test_no_module_imports_a_layer_above_its_own():
    offenders = []
    for layer, allowed in LAYERS.items():
        files = sorted((ROOT / "dashboard" / layer).rglob("*.py"))
        assert files, layer
        for path in files:
            used = {name.split(".")[1] for name in _imported_modules(path, depth=2) if name.startswith("dashboard.")}
            offenders += [f"{path.relative_to(ROOT)} imports dashboard.{name}" for name in sorted(used - allowed)]
    assert offenders == []


def test_core_modules_do_no_work_at_import():
    """Importing every core module (in a fresh interpreter) must not open any data file."""
    script = (
        "import builtins, importlib, pathlib, sys\n"
        "opened = []\n"
        "real_open = builtins.open\n"
        "builtins.open = lambda *a, **k: opened.append(str(a[0])) or real_open(*a, **k)\n"
        f"for path in sorted(pathlib.Path({str(CORE)!r}).glob('*.py')):\n"
        "    importlib.import_module('dashboard.core' + ('' if path.stem == '__init__' else '.' + path.stem))\n"
        "print([name for name in opened if '/data/' in name])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_command_line_lives_only_in_the_cli_package():
    """argparse and the CLI are used by `dashboard/cli/` and `__main__.py` only; nothing else imports them."""
    outside = [
        path
        for path in sorted((ROOT / "dashboard").rglob("*.py"))
        if "cli" not in path.relative_to(ROOT / "dashboard").parts[:1] and path.name != "__main__.py"
    ]
    assert len(outside) > 20
    offenders = [
        str(path.relative_to(ROOT))
        for path in outside
        if {"argparse", "dashboard.cli"} & _imported_modules(path, depth=2)
    ]
    assert offenders == []


def test_python_dash_m_dashboard_runs_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "--help"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0
    assert "validate" in result.stdout and "import" in result.stdout and "export" in result.stdout
