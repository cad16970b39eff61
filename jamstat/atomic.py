"""Atomic writes for the working store: write a temp file next to the target, fsync, then rename over it."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)
# Temp files younger than this may belong to a save that is still running (another process): left alone.
STALE_TEMP_SECONDS = 3600


def write_atomic(path: Path, write: Callable[[BinaryIO], None], mode: int = 0o644) -> None:
    """Readers see the old file or the new one, never half of one; a failure leaves the old file untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, lambda handle: handle.write(text.encode("utf-8")))


def remove_stale_temps(directory: Path, min_age: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Temp files of atomic writes ('.<name>.<random>.tmp') that a killed process left in directory, older than
    min_age seconds (a younger one may be a save in progress); run when the app or a build starts."""
    now, removed = time.time(), []
    for path in Path(directory).glob(".*.tmp"):
        try:
            if path.is_file() and now - path.stat().st_mtime >= min_age:
                path.unlink()
                removed.append(path)
        except OSError as error:
            log.warning("could not remove the stale temp file %s: %s", path, error)
    if removed:
        log.info("removed %d temp file(s) left by killed saves in %s", len(removed), directory)
    return removed
