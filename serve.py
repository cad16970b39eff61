"""The app as a server that is ready for its first visitor: `streamlit run serve.py` serves app.py (the same app,
the same options) and, at server start, loads the store, areas, boundaries and the first chart
(jamstat/web/warmup.py) while the first browser is still loading Streamlit's page."""

import asyncio
import logging
from contextlib import asynccontextmanager

import streamlit as st

log = logging.getLogger("jamstat.serve")


@asynccontextmanager
async def lifespan(_app):
    async def warm_up() -> None:
        from jamstat import logs
        from jamstat.web import warmup
        logs.setup()
        try:
            timings = await asyncio.to_thread(warmup.warm)
            log.info("ready for the first visitor: %s", ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
        except Exception:  # a session then does the same work and shows its own message
            log.exception("warm-up at server start failed")

    task = asyncio.create_task(warm_up())  # in the background: the server answers at once
    yield
    task.cancel()


app = st.App("app.py", lifespan=lifespan)
