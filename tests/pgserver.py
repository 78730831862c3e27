"""A throwaway PostgreSQL server for the storage tests: Debian's ``postgresql`` binaries, a fresh
cluster in a temporary folder, listening on a free port of 127.0.0.1, stopped at the end.

PostgreSQL refuses to run as root; under root (CI, containers) the cluster belongs to the
``postgres`` user that Debian's package creates and is started through ``runuser``.

The tests that need it fail where it cannot start and ``MAPVIEW_REQUIRE_POSTGRES`` is set (CI
sets it: they are never skipped there); elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from browsing import free_port


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresServer:
    def __init__(self) -> None:
        bindir = _bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL's initdb is missing (install Debian's postgresql package)")
        self.bindir = bindir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="mapview-pg-"))
        self.data = self.dir / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and there is no 'postgres' user to run PostgreSQL as") from None
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "mapview", "-E", "UTF8", "--no-instructions")
        self.start()
        self.url = f"postgresql+psycopg://mapview@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        """Start the server (again, after :meth:`halt`: the same port, the same data)."""
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            "start",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off",
        )

    def halt(self) -> None:
        """Stop the server as an outage would (fast: open connections are cut), keeping its data."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def _run(self, tool: str, *args: str) -> None:
        result = subprocess.run(
            [*self.as_user, str(self.bindir / tool), *args], capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            log = self.dir / "log"
            raise RuntimeError(
                f"{tool} failed: {result.stderr.strip()[-2000:]}"
                + (f"\n{log.read_text()[-2000:]}" if log.exists() else "")
            )

    def create_database(self, name: str) -> str:
        """A new empty database; its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=mapview dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://mapview@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            time.sleep(0.1)
            shutil.rmtree(self.dir, ignore_errors=True)
