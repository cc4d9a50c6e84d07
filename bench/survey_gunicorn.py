"""gunicorn settings for bench_survey_load, the same for the survey and the baseline.

2 × cores + 1 gthread workers with a few threads each and keep-alive (wrk reuses its
connections). The app and every URL module (the API, the exports, PDF) are imported once
in the master before forking, so no measured request pays a worker's cold start.
"""

import multiprocessing
import os

workers = int(os.environ.get("BENCH_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("BENCH_THREADS", "4"))
keepalive = 5
preload_app = True
loglevel = "warning"


def when_ready(server):
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's views and the API
