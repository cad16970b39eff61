"""The in-app "Hämta senaste från Kolada": runs `python -m jamstat update` (the same atomic update, lock and build as
the command line) in a child process, one at a time per server, with its progress and a way to cancel it.

A child process, not a thread: the update's memory is returned when it ends, a cancel can interrupt it anywhere,
and a server that dies mid-update leaves the update's own guarantees intact (the old files stay until the new
ones are renamed in). No Streamlit here; jamstat/web/refresh.py draws it."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from jamstat import settings

logger = logging.getLogger(__name__)
# After a cancel (SIGINT: the update's cleanup runs, its lock is released), how long before the child is killed.
CANCEL_GRACE_SECONDS = 10.0


@dataclass
class Job:
    """One run of the update. state: running, building, done, failed or cancelled."""

    actor: str
    started: float = field(default_factory=time.time)
    state: str = "running"
    done: int = 0
    total: int = 0
    label: str = ""
    output: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None
    cancel_requested: bool = False

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed", "cancelled")

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    def message(self) -> str:
        """The update's last lines (its own one-paragraph error message on failure)."""
        return " · ".join(line for line in self.output[-6:] if not line.startswith(("progress ", "building")))


_lock = threading.Lock()
_current: Job | None = None


def current() -> Job | None:
    return _current


def start(actor: str = "", data_dir: Path | None = None) -> Job:
    """Start an update unless one is running (then return that one)."""
    global _current
    live_dir = Path(data_dir or settings.DATA_DIR) / "live"
    with _lock:
        if _current is not None and not _current.finished:
            return _current
        job = Job(actor=actor)
        command = [sys.executable, "-m", "jamstat", "update", "--progress-lines", "--live-dir", str(live_dir)]
        job.process = subprocess.Popen(command, cwd=settings.PROJECT_DIR, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        _current = job
    logger.info("in-app update started by %s (pid %s)", actor or "an anonymous user", job.process.pid)
    threading.Thread(target=_follow, args=(job,), name="jamstat-refresh", daemon=True).start()
    return job


def _follow(job: Job) -> None:
    """Read the child's progress lines until it ends, then record how it ended."""
    process = job.process
    for line in process.stdout:
        line = line.rstrip("\n")
        if line.startswith("progress "):
            parts = line.split(" ", 3)
            try:
                job.done, job.total = int(parts[1]), int(parts[2])
            except (IndexError, ValueError):
                pass
            job.label = parts[3] if len(parts) > 3 else ""
        elif line == "building":
            job.state = "building"
        else:
            job.output.append(line)
            del job.output[:-50]
    code = process.wait()
    if job.cancel_requested:
        job.state = "cancelled"
    else:
        job.state = "done" if code == 0 else "failed"
    log = logger.info if job.state == "done" else logger.warning
    log("in-app update by %s ended: %s (exit %s) %s", job.actor or "an anonymous user", job.state, code,
        job.message()[-500:])


def cancel(job: Job) -> None:
    """Interrupt the update: nothing is written unless its files were already being renamed into place."""
    if job.finished or job.process is None:
        return
    job.cancel_requested = True
    job.process.send_signal(signal.SIGINT)  # KeyboardInterrupt: temp files removed, lock released
    threading.Timer(CANCEL_GRACE_SECONDS, _kill_if_running, args=(job.process,)).start()


def _kill_if_running(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
