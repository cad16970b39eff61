"""Logging for the app and the command line: the standard logging module, configured once for the jamstat loggers.

JAMSTAT_LOG_LEVEL (DEBUG, INFO, WARNING, ERROR; default INFO) sets the level; lines go to standard error with the
time, the level and the logger (jamstat.store, jamstat.sources.update, ...), where a service manager collects them."""

from __future__ import annotations

import logging
import os
import threading

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_lock = threading.Lock()


def level() -> int:
    """The configured level; an unknown value falls back to INFO (and says so once setup runs)."""
    name = os.environ.get("JAMSTAT_LOG_LEVEL", "INFO").strip().upper()
    return getattr(logging, name) if name in LEVELS else logging.INFO


def setup() -> logging.Logger:
    """Configure the 'jamstat' logger once per process (Streamlit reruns app.py on every interaction)."""
    logger = logging.getLogger("jamstat")
    with _lock:
        if not any(getattr(handler, "_jamstat", False) for handler in logger.handlers):
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter(FORMAT))
            handler._jamstat = True
            logger.addHandler(handler)
            # Records still reach the root logger (where pytest's caplog listens); nothing else in the app adds a
            # handler there, so each line is written once.
            requested = os.environ.get("JAMSTAT_LOG_LEVEL", "INFO").strip().upper()
            if requested not in LEVELS:
                logger.warning("JAMSTAT_LOG_LEVEL=%r is not one of %s; using INFO", requested, ", ".join(LEVELS))
        logger.setLevel(level())
    return logger
