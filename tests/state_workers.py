"""Workers for the concurrent-save tests, in a module of their own so a spawned process imports only these."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from jamstat import peers, presentations

MUNICIPALITIES = {"1780", "1880", "1883", "0180"}


def add_views(directory: str, worker: int, count: int) -> None:
    def add(number: int) -> None:
        view = presentations.SavedView("jamfor", {"kommun": "1780", "ar": "2022"}, f"Bild {worker}-{number}")
        presentations.add_view(Path(directory), "Samma presentation", view, actor=f"worker{worker}")
    with ThreadPoolExecutor(5) as pool:
        list(pool.map(add, range(count)))


def save_groups(path: str, worker: int, count: int) -> None:
    def save(number: int) -> None:
        peers.save(Path(path), f"Grupp {worker}-{number}", ["1780", "1880"], MUNICIPALITIES, actor=f"w{worker}")
    with ThreadPoolExecutor(5) as pool:
        list(pool.map(save, range(count)))


def in_processes(function, target: Path, workers: int = 4, each: int = 25) -> None:
    """`workers` processes, each saving `each` times from 5 threads; spawned, not forked: a clean interpreter per
    worker, as separate servers would be."""
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for result in [pool.submit(function, str(target), worker, each) for worker in range(workers)]:
            result.result()
