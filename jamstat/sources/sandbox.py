"""Reading an uploaded file in a worker process with a time and a memory limit, so that a hostile workbook (a zip or
XML bomb, millions of cells) costs at most that, is killed when it overruns, and never slows the server's own
process: other sessions keep their CPU time and memory while a file is checked.

Linux only for the memory limit (resource.RLIMIT_AS); elsewhere the time limit still holds."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time

from jamstat.sources import upload

log = logging.getLogger(__name__)

# What reading a 50 MB table may take (a 1 million-row workbook takes ~1 minute on one core of the test machine).
READ_SECONDS = float(os.environ.get("JAMSTAT_UPLOAD_SECONDS", "120"))
# The worker's address space: the interpreter with pandas/openpyxl (~0,7 GB mapped) plus a 50 MB table's cells as
# text (~1 GB at a million rows).
READ_MEMORY_BYTES = int(os.environ.get("JAMSTAT_UPLOAD_MEMORY_MB", "3072")) * 2**20
# Lower priority than the server, so the pages of other sessions win the CPU on a small machine.
WORKER_NICENESS = 10

_context = None
_start_lock = threading.Lock()


def _get_context():
    """A forkserver (forking the Streamlit server itself, with its threads, is unsafe): workers start from a
    small process that has the reader imported already, in ~50 ms instead of a fresh interpreter's ~1 s."""
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["jamstat.sources.upload", "openpyxl"])
        _context = context
    return _context


def _limit(memory_bytes: int) -> None:
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ImportError, ValueError, OSError) as error:  # not Linux, or a lower hard limit: time limit only
        log.warning("upload worker runs without a memory limit: %s", error)
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass  # already as nice as allowed


def _work(connection, memory_bytes: int, data: bytes, file_name: str, sheet: str | None) -> None:
    _limit(memory_bytes)
    try:
        result = ("ok", upload.read_table(data, file_name, sheet=sheet))
    except upload.UploadError as error:
        result = ("refused", error.code, error.fields)
    except MemoryError:
        result = ("refused", "read_memory", {"max_mb": memory_bytes // 2**20})
    del data
    try:
        connection.send(result)
    except MemoryError:  # the table itself was too big to hand back
        connection.send(("refused", "read_memory", {"max_mb": memory_bytes // 2**20}))
    finally:
        connection.close()


def _start(worker) -> None:
    """Start the worker without it re-running the app: multiprocessing re-imports the parent's __main__ in every
    worker, and under Streamlit (and AppTest) __main__ is app.py itself, which would run the whole page there. For
    the moment of starting, __main__ is this module (already loaded in the forkserver: nothing runs)."""
    with _start_lock:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = sys.modules[__name__]
        try:
            worker.start()
        finally:
            sys.modules["__main__"] = main


def read_table(data: bytes, file_name: str, sheet: str | None = None, *, seconds: float = READ_SECONDS,
               memory_bytes: int = READ_MEMORY_BYTES) -> upload.RawTable:
    """upload.read_table in a worker process: the same result or UploadError, plus UploadError("read_timeout")
    when it takes longer than seconds and ("read_memory") when it needs more memory than memory_bytes."""
    started = time.monotonic()
    if len(data) > upload.MAX_BYTES:  # refused before any process is started
        return upload.read_table(data, file_name, sheet=sheet)
    context = _get_context()
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, memory_bytes, data, file_name, sheet), daemon=True)
    _start(worker)
    sender.close()
    try:
        if not receiver.poll(seconds):
            log.warning("reading %r stopped after %.0f s (limit %.0f s); the worker was killed",
                        file_name[:80], time.monotonic() - started, seconds)
            raise upload.UploadError("read_timeout", seconds=int(seconds))
        try:
            result = receiver.recv()
        except EOFError:  # died without an answer: killed by the system, or crashed in a library
            log.warning("reading %r: the worker ended without an answer (exit code %s)", file_name[:80],
                        worker.exitcode)
            raise upload.UploadError("read_memory", max_mb=memory_bytes // 2**20) from None
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join(5)
    if result[0] == "refused":
        log.info("upload %r refused: %s %s (%.1f s)", file_name[:80], result[1], result[2],
                 time.monotonic() - started)
        raise upload.UploadError(result[1], **result[2])
    log.info("upload %r read: %d rows in %.1f s", file_name[:80], len(result[1].frame), time.monotonic() - started)
    return result[1]
