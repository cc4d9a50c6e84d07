"""The close's compute step alone: CPU of ``bulk.stream`` over every slice and the year of the
largest period in a database ``bench/bench_close.py`` has filled (inputs read once and laid
out beforehand, untimed; nothing written). For A/B runs of the evaluator's Python, where the
whole close's CPU moves by more than the difference (docs: bench/RESULTS.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kinerja_bench_close \\
        PYTHONHASHSEED=0 .venv/bin/python bench/bench_compute.py [--reps 6]

Run from the tree whose code is measured (``sys.path`` starts at the working directory);
the digest (of every result's hash, fixed by PYTHONHASHSEED) must be equal across trees.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from kinerja.scoring.rules.common import RULE_CONTEXT  # noqa: E402
from kinerja.scoring.services import bulk, inputs  # noqa: E402
from kinerja.skp.models import Periode  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=6)
    reps = parser.parse_args().reps
    from decimal import localcontext

    periode = Periode.objects.annotate(n=Count("skp")).order_by("-n").first()
    slices_s, year_s, digest = [], [], 0
    with transaction.atomic():
        source = inputs.read_source(periode)
        slices = list(periode.bagian.order_by("nomor"))
        bulk.prepare(source)
        for rep in range(reps):
            with localcontext(RULE_CONTEXT):
                started = time.process_time()
                for bagian in slices:
                    for item in bulk.stream(periode, bagian, None, source):
                        if not rep:
                            digest ^= hash(item.hash_masukan)
                slices_s.append(time.process_time() - started)
                started = time.process_time()
                for item in bulk.stream(periode, None, None, source):
                    if not rep:
                        digest ^= hash((item.skp_id, item.hash_masukan))
                year_s.append(time.process_time() - started)
    print(f"{os.getcwd()}: slices min {min(slices_s):.3f} s, year min {min(year_s):.3f} s "
          f"(CPU, {reps} runs); digest {digest}")  # fmt: skip


if __name__ == "__main__":
    main()
