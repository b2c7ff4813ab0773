"""Set up the virtual environment and run the dashboard, the tests or the benchmarks.

Usage: python3 tasks.py {setup,run,test,lint,bench,validate} [extra arguments]

lint runs ruff's linter, ruff's format check and mypy (configured in pyproject.toml) and fails on any finding.
Needs only Python 3.11+; everything else is installed into .venv on first use.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".requirements.sha256"


def requirements_digest() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", "requirements-runtime.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> None:
    """Create .venv and install the pinned requirements when they changed."""
    # tasks.py runs under whatever python3 the user has, before any venv: an older one gets a clear message.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print("creating virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = requirements_digest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("installing requirements into .venv ...", flush=True)
    subprocess.run(
        [
            str(PYTHON),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(ROOT / "requirements.txt"),
            "-e",
            str(ROOT),
        ],
        check=True,
    )
    STAMP.write_text(wanted)


def lint() -> int:
    """Run ruff check, ruff format --check and mypy; the exit code is non-zero when any of them found something."""
    checks = (["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"])
    failed = []
    for tool, *args in checks:
        print(f"lint: {tool} {' '.join(args)}", flush=True)
        if subprocess.run([str(BIN / tool), *args], cwd=ROOT).returncode:
            failed.append(" ".join([tool, *args]))
    for check in failed:
        print(f"lint: '{check}' found problems", flush=True)
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "lint", "bench", "validate", "setup"):
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    ensure_environment()
    if command == "setup":
        return 0
    if command == "lint":
        return lint()
    if command == "run":
        args = [
            str(PYTHON),
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard" / "app.py"),
            "--server.port",
            "8501",
            *extra,
        ]
    elif command == "test":
        args = [str(PYTHON), "-m", "pytest", *extra]
    elif command == "bench":
        args = [str(PYTHON), "-m", "benchmarks", *extra]
    else:
        args = [str(PYTHON), "-m", "dashboard", "validate", *extra]
    return subprocess.run(args, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
