"""gunicorn for Kinerja: ``gunicorn -c deploy/gunicorn.conf.py`` from the project folder.

Every value can be changed from the environment (names in deploy/env.example), so the
systemd unit, the container and the tests start this one file.

- ``timeout`` fits the longest request the app still serves in the request itself: closing
  a period of 100,000 employees from the button takes 13 s on a quiet PostgreSQL and up to
  150 s on a busy one (bench/RESULTS.md), and a 200,000-row import is of the same order.
  nginx's ``proxy_read_timeout`` (deploy/nginx/kinerja.conf) is a little longer, so the
  worker's own timeout answers first.
- Workers are recycled after ``max_requests`` requests (± jitter, so they do not all restart
  at once), which bounds any slow growth of a worker's memory; the app is loaded in the
  master before forking, so a recycled worker starts at once.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise SystemExit(f"{name} harus bilangan bulat, bukan {value!r}.") from exc


wsgi_app = "kinerja.wsgi:application"
bind = [b.strip() for b in os.environ.get("KINERJA_BIND", "127.0.0.1:8001").split(",") if b.strip()]
workers = _int("KINERJA_WORKERS", 2 * multiprocessing.cpu_count() + 1)
worker_class = os.environ.get("KINERJA_WORKER_CLASS", "sync")
threads = _int("KINERJA_THREADS", 1)
timeout = _int("KINERJA_TIMEOUT", 180)
graceful_timeout = _int("KINERJA_GRACEFUL_TIMEOUT", 30)
keepalive = 5
max_requests = _int("KINERJA_MAX_REQUESTS", 1000)
max_requests_jitter = _int("KINERJA_MAX_REQUESTS_JITTER", max_requests // 10)
preload_app = True
# gunicorn's own scheme detection believes the same proxies as the app (kinerja/core/clientip.py)
forwarded_allow_ips = os.environ.get("KINERJA_TRUSTED_PROXIES", "127.0.0.1,::1")
# Logs to stdout/stderr: the journal (systemd) or `docker compose logs` rotate them.
accesslog = os.environ.get("KINERJA_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = "info"
# Heartbeat files in memory, not on a container's overlay disk (gunicorn opens them with
# mkstemp, so a shared folder is safe).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108


def when_ready(server):
    """Import every app's views and the API in the master, before the workers fork."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
