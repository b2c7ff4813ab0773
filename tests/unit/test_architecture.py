"""Architecture rules that keep the core reusable."""

import ast
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


def test_core_modules_do_no_work_at_import(monkeypatch):
    """Importing every core module must not open any data file."""
    import builtins
    import importlib
    import sys

    opened = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    for path in sorted(CORE.glob("*.py")):
        name = f"dashboard.core.{path.stem}" if path.stem != "__init__" else "dashboard.core"
        sys.modules.pop(name, None)
        importlib.import_module(name)
    assert [name for name in opened if "data" in str(name)] == []
