"""A private PostgreSQL cluster for one benchmark: created in a temporary directory on a free
loopback port, started, stopped (cleanly or as a crash) and removed afterwards.

The fault benchmarks stop and restart the database in the middle of a load; doing that to the
machine's shared PostgreSQL would break everybody else's tests, and a private cluster makes
the benchmark self-contained. Uses the server binaries of the installed PostgreSQL
(``pg_config --bindir``, else /usr/lib/postgresql/<newest>/bin). initdb refuses to run as
root, so as root the cluster belongs to the ``postgres`` system user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if found:
        return found[-1]
    config = shutil.which("pg_config")
    if config:
        return Path(subprocess.check_output([config, "--bindir"], text=True).strip())
    raise SystemExit("PostgreSQL server binaries (initdb, pg_ctl) tidak ditemukan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateCluster:
    """``with PrivateCluster() as pg: pg.url("kinerja")``; removed on exit."""

    def __init__(self, port: int | None = None):
        self.bin = _bindir()
        self.port = port or free_port()
        self.root = Path(tempfile.mkdtemp(prefix="kinerja-bench-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str, check: bool = True, timeout: int = 120):
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True,
                              timeout=timeout)  # fmt: skip

    def __enter__(self) -> PrivateCluster:
        try:
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                      "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
            self.start()
        except BaseException:  # __exit__ does not run when __enter__ fails (or Ctrl-C)
            self.destroy()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.destroy()

    def start(self) -> float:
        """Start and wait until the server accepts connections; return the seconds it took
        (including crash recovery after an immediate stop)."""
        started = time.perf_counter()
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
                   "-c max_connections=200 -c shared_buffers=256MB")  # fmt: skip
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "120", "start")  # fmt: skip
        return time.perf_counter() - started

    def stop(self, mode: str = "fast") -> float:
        """``fast``: clean shutdown; ``immediate``: like a crash, WAL replay on next start."""
        started = time.perf_counter()
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        return time.perf_counter() - started

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                         "-d", database, "-XAtqc", sql).stdout  # fmt: skip

    def create_database(self, name: str, template: str | None = None) -> str:
        suffix = f" TEMPLATE {template}" if template else ""
        self.psql(f"CREATE DATABASE {name}{suffix}")
        return self.url(name)

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop",
                      check=False)  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)
