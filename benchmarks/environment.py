"""What a benchmark run was measured on: the machine, its load, package versions and the dashboard's sources."""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

PACKAGES = ("streamlit", "plotly", "pandas", "geopandas", "shapely", "pyarrow", "playwright")


def _first_line(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "unknown"


def source_fingerprint(root: Path | None = None) -> str:
    """Short SHA-256 of the dashboard's Python sources, to detect code edited during a run."""
    root = root or Path(__file__).resolve().parents[1] / "dashboard"
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def machine_description() -> dict:
    """CPU, core count, memory, OS and package versions of this machine, and the date."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kib = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    chromium = shutil.which("chromium")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": models[0] if models else platform.processor() or "unknown",
        "cpu_count_proc": len(models),
        "nproc": _first_line(["nproc"]),
        "memory_gib": round(total_kib / 2**20, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "chromium": _first_line([chromium, "--version"]) if chromium else "not installed",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "dashboard_sources_at_start": source_fingerprint(),
    }
