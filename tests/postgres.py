"""A real PostgreSQL for the tests: Debian's `postgresql` binaries, initdb into a temp dir, pg_ctl on 127.0.0.1 and
a free port; as a non-root user when the tests run as root (initdb and postgres refuse root)."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The folder with initdb and pg_ctl (on PATH, or Debian's /usr/lib/postgresql/N/bin)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(command: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *command] if user else command


@contextlib.contextmanager
def running(database: str = "jamstat"):
    """Start a throwaway server; yields its postgresql:// URL; stops it and removes its files after."""
    folder = binaries()
    if folder is None:
        raise FileNotFoundError("PostgreSQL's initdb/pg_ctl not found (Debian: apt-get install -y postgresql)")
    user = None
    base = Path(tempfile.mkdtemp(prefix="jamstat-pg-"))
    if os.getuid() == 0:  # initdb and postgres refuse to run as root
        user = "postgres" if _exists("postgres") else "nobody"
        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    data, log = base / "data", base / "server.log"
    port = _free_port()
    try:
        subprocess.run(_as_owner([str(folder / "initdb"), "-D", str(data), "-U", "jamstat", "--auth=trust",
                                  "-E", "UTF8", "--locale=C", "--no-sync"], user),
                       check=True, capture_output=True, cwd=base)
        # fsync off: a test server's data need not survive a power cut; unix socket in the temp dir, not /run.
        options = f"-h 127.0.0.1 -p {port} -k {base} -F -c max_connections=200"
        subprocess.run(_as_owner([str(folder / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w",
                                  "-t", "60", "start"], user), check=True, capture_output=True, cwd=base)
        import psycopg
        with psycopg.connect(f"postgresql://jamstat@127.0.0.1:{port}/postgres", autocommit=True) as connection:
            connection.execute(f"create database {database}")  # a fixed name, not input
        yield f"postgresql://jamstat@127.0.0.1:{port}/{database}"
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or b"").decode(errors="replace")
        if log.exists():
            detail += log.read_text(errors="replace")
        raise RuntimeError(f"PostgreSQL did not start: {detail[-2000:]}") from error
    finally:
        if data.exists():
            subprocess.run(_as_owner([str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], user),
                           check=False, capture_output=True, cwd=base)
        shutil.rmtree(base, ignore_errors=True)


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True
