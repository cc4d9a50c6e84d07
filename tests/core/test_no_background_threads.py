"""Long work runs as a task (kinerja/core/tasks.py, django-tasks), never in a thread of the
web process: a thread dies with its gunicorn worker, has no retry and shows no progress
(issue 20). This test keeps it so."""

import re
from pathlib import Path

import kinerja

APP = Path(kinerja.__file__).resolve().parent
# Starting a thread (threading.local, a lock and the like are no background work).
THREADS = re.compile(r"\bThread\(|ThreadPoolExecutor|\bTimer\(|_thread\.start_new")
# Files allowed a thread, with the reason. Not background work: the thread ends before the
# function that starts it returns.
ALLOWED = {
    "core/dbstream.py": "beside() runs work (the close's layout) in a thread it joins before "
    "returning (part of the close itself, not background work)",
}


def test_no_application_code_starts_a_thread_for_background_work():
    found = sorted(
        str(path.relative_to(APP))
        for path in APP.rglob("*.py")
        if THREADS.search(path.read_text(encoding="utf-8"))
    )
    assert THREADS.search("worker = threading.Thread(target=run)")  # the scan can see one
    assert set(found) <= set(ALLOWED), (
        "a thread outside the allowed files; make the work a task (kinerja.core.tasks): "
        f"{sorted(set(found) - set(ALLOWED))}"
    )
