"""Live dashboard servers for browser tests and benchmarks: one process, or several behind nginx."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
RUN_SERVERS = ROOT / "deploy" / "run-servers.sh"
DEFAULT_LOG_DIR = ROOT / "test-output"
# Flags that keep Chromium from calling Google's services in a closed network; WebGL through SwiftShader.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-gl=angle",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
# The response header (set by deploy/nginx.conf) naming the dashboard process that served a request.
UPSTREAM_HEADER = "X-Dashboard-Upstream"


class HarnessError(RuntimeError):
    """A live server did not start, or stopped unexpectedly."""


def free_port() -> int:
    """A local TCP port that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_path() -> str | None:
    """Debian's Chromium, or None when it is not installed."""
    return shutil.which("chromium")


def nginx_path() -> str | None:
    """Debian's nginx (in /usr/sbin, which a non-root PATH may lack), or None."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


def launch_chromium(playwright):
    """Headless Debian Chromium through Playwright; raises HarnessError when it is not installed."""
    path = chromium_path()
    if path is None:
        raise HarnessError("Debian's chromium is not installed")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)


def wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout_s: float) -> None:
    """Poll a Streamlit health endpoint (directly or through nginx) until it answers `ok`.

    Raises HarnessError when the process exits first or the time runs out.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"server exited early (code {process.returncode}): {_tail(log_path)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise HarnessError(f"{url} did not become healthy within {timeout_s:.0f} s: {_tail(log_path)}")


def memory_mb(pid: int) -> dict[str, float]:
    """Peak (VmHWM) and current (VmRSS) resident memory of a process, in MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            values[name] = int(rest.split()[0]) / 1024.0
    return {"peak_mb": values["VmHWM"], "rss_mb": values["VmRSS"]}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, summed over its cores (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / ticks, sum(values) / ticks


def log_errors(text: str) -> list[str]:
    """Lines of a server log that report an error (tracebacks, exceptions, nginx [error]/[crit]/[emerg])."""
    pattern = re.compile(r"Traceback|Error|Exception|\[(error|crit|alert|emerg)\]")
    return [line for line in text.splitlines() if pattern.search(line)]


def _tail(path: Path, characters: int = 1500) -> str:
    try:
        return path.read_text(errors="replace")[-characters:]
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen, *, group: bool = False) -> None:
    """Terminate a process we started (its whole process group when `group`), then kill it if it hangs."""
    if process.poll() is not None:
        return
    send = (lambda sig: os.killpg(process.pid, sig)) if group else process.send_signal
    try:
        send(signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass


class DashboardServer:
    """`streamlit run` of the dashboard (or another app) on a free local port, with its log and memory.

    Parameters
    ----------
    app
        The Streamlit script; the dashboard by default.
    incidents_file
        Record to serve (INCIDENTS_FILE); the bundled one when None.
    extra_env, extra_args
        More environment variables and `streamlit run` options.
    log_dir
        Where `server-<port>.log` is written.
    """

    def __init__(
        self,
        app: Path = APP,
        *,
        incidents_file: Path | None = None,
        extra_env: dict[str, str] | None = None,
        extra_args: tuple[str, ...] = (),
        log_dir: Path = DEFAULT_LOG_DIR,
        timeout_s: float = 60.0,
    ):
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        env = {**os.environ, **(extra_env or {})}
        if incidents_file is not None:
            env["INCIDENTS_FILE"] = str(incidents_file)
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"server-{Path(app).stem}-{self.port}.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(app),
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--server.address",
                "localhost",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
                *extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(self.url, self.process, self.log_path, timeout_s)
        except HarnessError:
            self.stop()
            raise

    def log(self) -> str:
        """Everything the server wrote so far."""
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def memory_mb(self) -> dict[str, float]:
        """Peak and current resident memory of the server process, in MiB."""
        return memory_mb(self.process.pid)

    def stop(self) -> None:
        """Stop the server (idempotent)."""
        _stop(self.process)
        self._log.close()

    def __enter__(self) -> DashboardServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class ProxiedDashboard:
    """`deploy/run-servers.sh`: `count` dashboard processes behind nginx, all under a temporary prefix.

    The script renders deploy/nginx.conf into `prefix`, so nginx runs as the current user with its pid,
    logs and temp files there. `url` is nginx's address; `backends` are the processes' own addresses.
    """

    def __init__(
        self,
        prefix: Path,
        count: int = 2,
        *,
        incidents_file: Path | None = None,
        extra_env: dict[str, str] | None = None,
        timeout_s: float = 90.0,
    ):
        nginx = nginx_path()
        if nginx is None:
            raise HarnessError("Debian's nginx is not installed")
        self.prefix = Path(prefix)
        self.prefix.mkdir(parents=True, exist_ok=True)
        self.ports = [free_port() for _ in range(count)]
        self.listen_port = free_port()
        self.url = f"http://localhost:{self.listen_port}"
        self.backends = [f"127.0.0.1:{port}" for port in self.ports]
        env = {**os.environ, **(extra_env or {}), "PYTHON": sys.executable, "NGINX": nginx}
        if incidents_file is not None:
            env["INCIDENTS_FILE"] = str(incidents_file)
        self.log_path = self.prefix / "run-servers.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                "bash",
                str(RUN_SERVERS),
                "--ports",
                ",".join(map(str, self.ports)),
                "--listen",
                str(self.listen_port),
                "--prefix",
                str(self.prefix),
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() ends the script, nginx and the servers
        )
        try:
            for port in self.ports:
                wait_until_healthy(f"http://127.0.0.1:{port}", self.process, self.log_path, timeout_s)
            wait_until_healthy(self.url, self.process, self.log_path, timeout_s)
        except HarnessError:
            self.stop()
            raise

    def backend_log(self, port: int) -> str:
        """What one dashboard process wrote so far."""
        return (self.prefix / "logs" / f"dashboard-{port}.log").read_text(errors="replace")

    def access_log(self) -> list[dict[str, str]]:
        """nginx's access log (deploy/nginx.conf's `dashboard` format) as one dict per request."""
        path = self.prefix / "logs" / "access.log"
        entries = []
        for line in path.read_text(errors="replace").splitlines():
            entries.append(dict(field.split("=", 1) for field in line.split("\t") if "=" in field))
        return entries

    def error_log(self) -> str:
        """nginx's error log."""
        path = self.prefix / "logs" / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def backend_pid(self, port: int) -> int:
        """Process id of the dashboard process on `port` (written by run-servers.sh)."""
        return int((self.prefix / f"dashboard-{port}.pid").read_text())

    def memory_mb(self) -> dict[int, dict[str, float]]:
        """Peak and current resident memory per dashboard process, by port."""
        return {port: memory_mb(self.backend_pid(port)) for port in self.ports}

    def nginx_workers(self) -> list[int]:
        """Process ids of nginx's worker processes (children of the master in nginx.pid)."""
        master = (self.prefix / "nginx.pid").read_text().strip()
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def drop_connections(self, timeout_s: float = 10.0) -> None:
        """Kill nginx's workers, as a crash would: every open WebSocket is cut from the server side.

        The master starts new workers; returns once nginx answers again.
        """
        before = self.nginx_workers()
        for pid in before:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            now = self.nginx_workers()
            if now and not set(now) & set(before):
                wait_until_healthy(self.url, self.process, self.log_path, timeout_s)
                return
            time.sleep(0.1)
        raise HarnessError("nginx started no new worker after its workers were killed")

    def stop(self) -> None:
        """Stop the script and everything it started (idempotent)."""
        _stop(self.process, group=True)
        self._log.close()

    def __enter__(self) -> ProxiedDashboard:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
