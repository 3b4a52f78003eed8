"""A throwaway PostgreSQL server for the tests: a fresh data directory, a loopback port.

``.ci/run`` starts one with ``python3 tests/pg_server.py start FOLDER`` (it prints the
server's URL) and stops it with ``stop FOLDER``; the tests' ``pg_url`` fixture starts
one the same way when no ``$NEWSDESK_TEST_PG`` is given and ``initdb`` is found.
PostgreSQL refuses to run as root: as root the server runs as the ``postgres`` user
(else ``nobody``). The server asks for a password (scram), so the tests' URLs carry one.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

__all__ = ["find_bin", "start", "stop"]

USER = "newsdesk"


def find_bin(name: str) -> str | None:
    """The PostgreSQL program ``name`` on PATH or under /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _runner() -> list[str]:
    """The command prefix that runs a program as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return []
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"]
    raise RuntimeError("running as root and no unprivileged user to run PostgreSQL")


def _chown(path: Path, runner: list[str]) -> None:
    """Give ``path`` to the server's user and let it through the folders above (x only)."""
    if runner:
        for parent in path.resolve().parents:
            mode = parent.stat().st_mode
            if not mode & 0o001:
                os.chmod(parent, mode | 0o001)
        entry = pwd.getpwnam(runner[2])
        for root, dirs, files in os.walk(path):
            for name in [*dirs, *files, "."]:
                os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid)


def start(folder: Path) -> str:
    """Create and start a server in ``folder`` (a new empty folder); its URL."""
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError("PostgreSQL's initdb and pg_ctl were not found")
    folder.mkdir(parents=True, exist_ok=True)
    runner = _runner()
    password = secrets.token_hex(12)
    (folder / "pw").write_text(password + "\n")
    (folder / "data").mkdir(exist_ok=True)
    _chown(folder, runner)
    os.chmod(folder / "data", 0o700)
    done = subprocess.run(
        [
            *runner,
            initdb,
            "-D",
            str(folder / "data"),
            "-U",
            USER,
            "--auth=scram-sha-256",
            f"--pwfile={folder / 'pw'}",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"initdb failed: {done.stderr.strip()}")
    (folder / "pw").unlink()
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = str(folder / "log")
    subprocess.run(
        [*runner, pg_ctl, "-D", str(folder / "data"), "-o", options, "-l", log, "-w", "start"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    url = f"postgresql://{USER}:{password}@127.0.0.1:{port}/postgres"
    (folder / "url").write_text(url + "\n")
    os.chmod(folder / "url", 0o600)
    return url


def stop(folder: Path) -> None:
    """Stop the server started in ``folder`` (nothing when none runs there)."""
    pg_ctl = find_bin("pg_ctl")
    if pg_ctl is None or not (folder / "data" / "postmaster.pid").exists():
        return
    subprocess.run(
        [*_runner(), pg_ctl, "-D", str(folder / "data"), "-m", "fast", "-w", "stop"],
        check=False,
        stdout=subprocess.DEVNULL,
    )


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit("usage: pg_server.py start|stop FOLDER")
    if sys.argv[1] == "start":
        print(start(Path(sys.argv[2])))
    else:
        stop(Path(sys.argv[2]))
