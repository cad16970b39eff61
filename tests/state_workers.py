"""Workers for the concurrent-save tests, in a module of their own so a spawned process imports only these."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from jamstat import owndata, peers, presentations

MUNICIPALITIES = {"1780", "1880", "1883", "0180"}
APP = str(Path(__file__).resolve().parents[1] / "app.py")


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


def create_own_table_at_once(rows_for, title: str, values=(1.0, 2.0)) -> dict:
    """Two threads save a table under one new title behind a barrier; returns {value: "saved" | "exists"}."""
    barrier, outcomes = threading.Barrier(len(values)), {}

    def create(value: float) -> None:
        barrier.wait()
        try:
            owndata.save_table(rows_for(value), title, replace=False, actor=str(value))
            outcomes[value] = "saved"
        except owndata.TableExists:
            outcomes[value] = "exists"

    threads = [threading.Thread(target=create, args=(value,)) for value in values]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def accept_upload_in_app(csv: bytes, title: str, barrier, done, results) -> None:
    """One app session in a process of its own: upload, name, wait for the other session, accept, then look again.

    A process each, not a thread each: AppTest installs one runtime per process and removes it when any run ends,
    so two sessions run in threads of one process tear it down under each other."""
    try:
        results.put(_accept_upload_in_app(csv, title, barrier, done))
    except Exception as error:  # noqa: BLE001 - reported to the test; the other session is let go, not left waiting
        barrier.abort()
        done.abort()
        results.put({"csv": csv, "worker_failed": repr(error)})


def _accept_upload_in_app(csv: bytes, title: str, barrier, done) -> dict:
    from streamlit.testing.v1 import AppTest

    def texts(at, kind: str) -> str:
        return " ".join(str(e.value) for e in at.get(kind))

    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("app_pages/own_data.py").run()
    at.file_uploader[0].upload("talartid.csv", csv, "text/csv").run()
    at.text_input(key="own_title").set_value(title).run()
    accept = next(b for b in at.button if b.key == "own_accept")
    ready = not accept.disabled
    barrier.wait()
    accept.click().run()
    outcome = {"csv": csv, "ready": ready, "exception": [e.value for e in at.exception],
               "success": texts(at, "success"), "error": texts(at, "error")}
    done.wait()  # both saves are over: the session that lost now sees the table
    at.run()
    outcome["offered_replace"] = any(c.key == "own_replace" for c in at.checkbox)
    return outcome


def two_app_sessions_accept(csvs: list[bytes], title: str) -> list[dict]:
    """Run accept_upload_in_app for each CSV in spawned processes, clicking at the same moment."""
    context = multiprocessing.get_context("spawn")
    barrier, done, results = context.Barrier(len(csvs), timeout=300), context.Barrier(len(csvs), timeout=300), context.Queue()
    workers = [context.Process(target=accept_upload_in_app, args=(csv, title, barrier, done, results))
               for csv in csvs]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    return sorted(outcomes, key=lambda outcome: csvs.index(outcome["csv"]))
