"""Precision and recall of the indicator checker (kinerja/skp/terukur.py) on the labelled fixture.

The fixture tests/skp/data/indikator_berlabel.csv holds real-style indicators labelled by hand
(terukur ya/tidak, with the reason). "Positive" is "tidak terukur": precision is the share of the
checker's complaints that are right (people must not be nagged wrongly; goal >= 0.9), recall the
share of unmeasurable indicators it catches. No database, no timing: run it anywhere.

    .venv/bin/python bench/bench_indikator.py
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kinerja.skp.terukur import periksa, tidak_terukur  # noqa: E402

FIXTURE = ROOT / "tests" / "skp" / "data" / "indikator_berlabel.csv"


def evaluate(path: Path = FIXTURE) -> dict:
    tp = fp = fn = tn = 0
    wrong = []
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        temuan = periksa(
            row["uraian"],
            satuan=row["satuan"],
            aspek=row["aspek"],
            sumber=row["sumber"],
            target=row["target"],
        )
        said = tidak_terukur(temuan)
        truth = row["terukur"] == "tidak"
        tp += said and truth
        fp += said and not truth
        fn += truth and not said
        tn += not said and not truth
        if said != truth:
            wrong.append((row["uraian"], row["satuan"], row["alasan"], [t.kode for t in temuan]))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "n": len(rows),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "wrong": wrong,
    }


def main() -> int:
    r = evaluate()
    print(f"Indikator berlabel: {r['n']} (tidak terukur: {r['tp'] + r['fn']})")
    counts = f"benar ditandai {r['tp']}, salah ditandai {r['fp']}, terlewat {r['fn']}"
    print(f"  {counts}, benar lolos {r['tn']}")
    print(f"  presisi 'tidak terukur': {r['precision']:.3f}   recall: {r['recall']:.3f}")
    for uraian, satuan, alasan, kode in r["wrong"]:
        print(f"  keliru: {uraian!r} [{satuan}] label: {alasan}; temuan: {kode or '-'}")
    return 0 if r["precision"] >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
