"""PostgreSQL, large periods: a slice's results computed by a forked child process while this
process streams them to the server, so that the rules' Python (one core) and the server's
parsing and indexing of the rows (the other core) run at the same time instead of one after
the other.

The child is forked after every query of the slice has run (the period's inputs, the
existing results, the raters' decisions: :func:`results.store` primes the computation
first), so it only computes: it inherits the inputs by ``fork`` (copy on write), runs the same
:func:`results._sorted` as the serial path, writes each batch of new rows as ``COPY`` text
into a pipe, and at the end the counts and the changed rows (pickled). This process copies
the text into one ``COPY … FROM STDIN`` on the close's own connection and transaction, then
writes the changed rows itself. The child never touches the database: its copies of the
connections refuse use, and it leaves by ``os._exit`` (no finaliser may close the socket it
shares with this process). A failed or killed child ends the ``COPY`` with an error, which
rolls the caller's transaction back like any other failure.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import threading
import traceback
from collections.abc import Callable

from django.db import connection, connections

MINIMUM = 2000
"""Results below which a slice is computed in this process (a fork costs a few ms)."""

_FRAME = struct.Struct("!cQ")
_DATA, _SUMMARY, _ERROR = b"D", b"S", b"E"


class PipelineError(RuntimeError):
    """The child failed; its traceback is the message."""


def usable(count: int) -> bool:
    """Large enough, PostgreSQL inside the close's transaction, and this process has no other
    thread: a thread holding a lock (the dashboard refresh of an earlier close, say) at the
    moment of the fork would leave that lock held forever in the child, so then the slice
    is computed here instead."""
    return (
        count >= MINIMUM
        and connection.vendor == "postgresql"
        and connection.in_atomic_block
        and hasattr(os, "fork")
        and threading.active_count() == 1
    )


def run(work: Callable[[Callable[[bytes], None]], object], copy_sql: str):
    """Fork; in the child ``work(send)`` calls ``send(copy_text)`` per batch and returns a
    summary; here each batch goes into ``copy_sql`` and the summary is returned."""
    connection.ensure_connection()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        _child(work, write_end)
    os.close(write_end)
    finished = False
    try:
        with (
            os.fdopen(read_end, "rb", buffering=1 << 20) as pipe,
            connection.connection.cursor() as cursor,
            cursor.copy(copy_sql) as copy,
        ):
            while True:
                kind, data = _frame(pipe)
                if kind == _DATA:
                    copy.write(data)
                elif kind == _SUMMARY:
                    break
                else:
                    raise PipelineError(data.decode(errors="replace"))
        summary = pickle.loads(data)  # noqa: S301 (our own child's, over our own pipe)
        finished = True
        return summary
    finally:
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _child(work, write_end: int) -> None:
    code = 1
    try:
        _refuse_database()
        with os.fdopen(write_end, "wb", buffering=1 << 20) as pipe:

            def send(kind: bytes, data: bytes) -> None:
                pipe.write(_FRAME.pack(kind, len(data)))
                pipe.write(data)

            try:
                summary = work(lambda text: send(_DATA, text))
                send(_SUMMARY, pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL))
                code = 0
            except BaseException:  # noqa: BLE001 (reported to the parent, which raises it)
                send(_ERROR, traceback.format_exc().encode())
    finally:
        os._exit(code)


def _refuse(*_args, **_kwargs):
    raise PipelineError("the pipeline's child must not use the database")


def _refuse_database() -> None:
    """The child's copies of the connections share their sockets with the parent: any use
    would interleave with the parent's messages. Make every use fail instead."""
    for wrapper in connections.all(initialized_only=True):
        wrapper.ensure_connection = wrapper.cursor = wrapper.close = _refuse


def _frame(pipe) -> tuple[bytes, bytes]:
    head = pipe.read(_FRAME.size)
    if len(head) != _FRAME.size:
        raise PipelineError("the computing process ended before sending its results")
    kind, size = _FRAME.unpack(head)
    data = pipe.read(size)
    if len(data) != size:
        raise PipelineError("the computing process ended in the middle of a batch")
    return kind, data
