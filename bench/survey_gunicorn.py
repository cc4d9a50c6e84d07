"""gunicorn settings for bench_survey_load, the same for the survey and the baseline: the
production config (deploy/gunicorn.conf.py: app loaded before fork, timeouts) with the
bench's worker choices, no worker recycling and no access log.

Sync workers, 2 × cores + 1 of them, each serving one connection at a time and closing it
after the response (what a worker behind a reverse proxy sees: nginx opens a connection
per request to its upstream unless told otherwise). The connections waiting for a worker
queue in the kernel's accept queue, first come first served.

The previous settings (gthread, 5 workers × 4 threads, keep-alive 5 s) let one worker take
most of wrk's kept-alive connections: counted by client port in one run (2026-11-27,
load ≈ 10), all 64 connections of the survey's warm-up and timed run went to one of the
five workers (its four threads served 32 clients, the other workers idled), and in the
baseline run the workers held 41, 10, 7, 4 and 2 connections, so a client's latency
depended on which worker its connection had landed on. ``BENCH_WORKER_CLASS``,
``BENCH_WORKERS``, ``BENCH_THREADS`` and ``BENCH_WORKER_CONNECTIONS`` override the
settings for experiments.

The app and every URL module (the API, the exports, PDF) are imported once in the master
before forking, so no measured request pays a worker's cold start.
"""

import multiprocessing
import os
from pathlib import Path
from runpy import run_path

# The production config (deploy/gunicorn.conf.py), then the bench's own choices on top.
_deploy = run_path(str(Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"))
globals().update({k: v for k, v in _deploy.items() if not k.startswith("_") and k != "os"})

workers = int(os.environ.get("BENCH_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("BENCH_WORKER_CLASS", "sync")
threads = int(os.environ.get("BENCH_THREADS", "1"))
worker_connections = int(os.environ.get("BENCH_WORKER_CONNECTIONS", "1000"))
keepalive = 5  # gthread only; sync workers close each connection after the response
# No recycling during a run: bench_faults checks the workers are the same processes after.
max_requests = 0
accesslog = None
loglevel = "warning"
