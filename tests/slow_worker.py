"""``python -m tests.slow_worker [db_worker options]``: ``manage.py db_worker`` with every
step of the period close held for ``KINERJA_UJI_JEDA`` seconds (default 1), so that a test
can reload the page or kill the worker in the middle of a close. Tests only: the
application has no such pause."""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
django.setup()

from django.core.management import execute_from_command_line  # noqa: E402

from kinerja.core import jobs  # noqa: E402

PAUSE = float(os.environ.get("KINERJA_UJI_JEDA", "1"))
_report = jobs.Reporter.__call__


def _slowed(self, langkah, selesai=None, jumlah=None):
    changed = langkah != self._langkah
    _report(self, langkah, selesai, jumlah)
    if changed:
        time.sleep(PAUSE)


jobs.Reporter.__call__ = _slowed

if __name__ == "__main__":
    execute_from_command_line(["manage.py", "db_worker", *sys.argv[1:]])
