"""Architecture rules that keep the core reusable."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "dashboard" / "core"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_streamlit():
    files = sorted(CORE.glob("*.py"))
    assert len(files) > 5
    offenders = [path.name for path in files if "streamlit" in _imported_modules(path)]
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
