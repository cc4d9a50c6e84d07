"""Issue 23's attacks, replayed against a real server on 127.0.0.1 (bounded, repeatable).

A throwaway SQLite database in a temporary folder, one agency with officer p01 (40 good
answers in the last weeks), gunicorn on 127.0.0.1:8240 (``--port``) with
KINERJA_IP_HEADER=X-Forwarded-For from 127.0.0.1, so one script can speak for many
addresses. Each attack prints what was tried and what held; nothing outside the temporary
folder is touched, and the server is stopped at the end.

    .venv/bin/python bench/bench_abuse.py [--port 8240]

1. sink-one-address   30 varied low survey answers about p01 from one address in a minute
2. sink-one-network   30 answers from 30 addresses of one /24
3. big-body           a 300 MB complaint body with Content-Length, and chunked without it
4. audit-cut          delete the newest audit entries and move the head back
5. audit-rewrite      rewrite an entry and re-hash the rest with the project's own function
   (on the attacker's machine: the database, not the server's key)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")

SETUP = r"""
import json, random
from datetime import timedelta
from django.utils import timezone
from kinerja.citizen.models import JawabanSurvei, PetugasLayanan
from tests.citizen.conftest import add_answers, make_layanan
from tests.factories import InstansiFactory, PegawaiFactory, UnitFactory
instansi = InstansiFactory(kode="UJI", nama="Instansi Uji")
unit = UnitFactory(instansi=instansi, kode="DUKCAPIL", nama="Dukcapil")
officer = PegawaiFactory(instansi=instansi, unit=unit, nama="Petugas P01")
layanan = make_layanan(instansi, unit, kode="ktp", populasi=1000)
p01 = PetugasLayanan.objects.create(instansi=instansi, layanan=layanan, pegawai=officer, kode="p01")
rng = random.Random(7)
rows = [[rng.choice([3, 3, 4]) for _ in range(9)] for _ in range(40)]
done = add_answers(layanan, rows, petugas=officer)
JawabanSurvei.objects.filter(pk__in=[a.pk for a in done]).update(
    diterima_pada=timezone.now() - timedelta(days=10))
from kinerja.core import audit
for i in range(5):
    audit.record(instansi, actor="bench", action=f"bench.{i}", after={"n": i})
print(json.dumps({"kode": layanan.kode_publik, "qr": p01.kode_qr, "pegawai": officer.pk,
                  "instansi": instansi.pk}))
"""

STATE = r"""
import json, sys
from datetime import timedelta
from django.utils import timezone
from kinerja.citizen.models import JawabanSurvei, TahananSurvei
from kinerja.citizen.queries import ikm_rows
pegawai = int(sys.argv[1]); instansi = int(sys.argv[2])
today = timezone.localdate()
rows = {r.key: r for r in ikm_rows(instansi, today - timedelta(days=60), today, per="petugas")}
row = rows.get(pegawai)
print(json.dumps({
    "ikm": str(row.hasil.nilai.quantize(__import__("decimal").Decimal("0.01"))) if row else None,
    "mutu": row.hasil.mutu if row else None, "responden": row.responden if row else 0,
    "tersimpan_hari_ini": JawabanSurvei.objects.filter(petugas_id=pegawai,
        diterima_pada__date=today).count(),
    "ditahan": JawabanSurvei.objects.filter(petugas_id=pegawai, tahanan__isnull=False).count(),
    "tahanan_terbuka": list(TahananSurvei.objects.filter(status="ditahan").values_list(
        "aturan", flat=True)),
}))
"""


def manage(env, *args, stdin=None) -> str:
    out = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, input=stdin,
                         capture_output=True, text=True, timeout=600)  # fmt: skip
    if out.returncode not in (0, 1):
        raise SystemExit(out.stderr)
    return out.stdout


def shell(env, code: str, *argv) -> dict:
    script = Path(env["KINERJA_VAR_DIR"], "script.py")
    script.write_text(f"import sys\nsys.argv = ['x', *{[str(a) for a in argv]!r}]\n" + code)
    out = manage(env, "shell", "-c", f"exec(open({str(script)!r}).read())")
    return json.loads(out.strip().splitlines()[-1])


def post_json(port, path, body, address) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Forwarded-For": address},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def low(rng) -> dict:
    return {f"u{i}": rng.choice([1, 1, 2]) for i in range(1, 10)}


def sink(port, env, ids, addresses, label) -> None:
    before = shell(env, STATE, ids["pegawai"], ids["instansi"])
    rng = random.Random(23)
    started = time.perf_counter()
    codes = [
        post_json(
            port,
            f"/api/v1/citizen/survei/{ids['kode']}/",
            low(rng) | {"petugas": ids["qr"]},
            address,
        )  # fmt: skip
        for address in addresses
    ]
    seconds = time.perf_counter() - started
    after = shell(env, STATE, ids["pegawai"], ids["instansi"])
    print(f"[{label}] dicoba: {len(codes)} jawaban rendah dalam {seconds:.1f} s; "
          f"jawaban: {json.dumps({c: codes.count(c) for c in sorted(set(codes))})}")  # fmt: skip
    print(f"[{label}] IKM p01 sebelum {before['ikm']} ({before['mutu']}, "
          f"{before['responden']} responden), sesudah {after['ikm']} ({after['mutu']}, "
          f"{after['responden']} responden); ditahan {after['ditahan']}; tahanan terbuka: "
          f"{after['tahanan_terbuka']}")  # fmt: skip
    print(f"[{label}] {'BERTAHAN' if before['ikm'] == after['ikm'] else 'TEMBUS'}")


def files(*folders) -> int:
    return sum(len(names) for folder in folders for _, _, names in os.walk(folder))


def big_body(port, env, *, chunked: bool) -> None:
    label = "big-body-chunked" if chunked else "big-body"
    media, tmp = Path(env["KINERJA_VAR_DIR"], "media"), Path(env["TMPDIR"])
    before = files(media, tmp)
    total = 300 * 1024 * 1024
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = (
        "POST /layanan/aduan/baru/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\n"
        + ("Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {total}\r\n")
        + "\r\n"
    )
    sock.sendall(head.encode())
    chunk = b"x" * 65536
    sent, status = 0, None
    started = time.perf_counter()
    sock.setblocking(False)
    try:
        while sent < total:
            try:
                data = sock.recv(4096)
                if data:
                    status = data.split(b" ", 2)[1].decode()
                    break
            except BlockingIOError:
                pass
            payload = (b"%x\r\n" % len(chunk) + chunk + b"\r\n") if chunked else chunk
            try:
                sock.send(payload)
                sent += len(chunk)
            except BlockingIOError:
                time.sleep(0.001)
            except (BrokenPipeError, ConnectionResetError):
                break
    finally:
        sock.close()
    seconds = time.perf_counter() - started
    after = files(media, tmp)
    print(f"[{label}] dicoba: 300 MB ke /layanan/aduan/baru/; terkirim {sent / 1024**2:.1f} MB "
          f"sebelum server menjawab {status} ({seconds:.2f} s); berkas baru di media/tmp: "
          f"{after - before}")  # fmt: skip
    print(f"[{label}] {'BERTAHAN' if status in ('413', '411') and after == before else 'TEMBUS'}")


def audit_attacks(env, ids) -> None:
    manage(env, "audit_checkpoint")
    cut = r"""
import json
from kinerja.core.models import AuditEntry, AuditHead
instansi = int(__import__("sys").argv[1])
n = AuditEntry.objects.filter(instansi_id=instansi).count()
keep = AuditEntry.objects.get(instansi_id=instansi, seq=n - 2)
AuditEntry.objects.filter(instansi_id=instansi, seq__gt=n - 2).delete()
AuditHead.objects.filter(instansi_id=instansi).update(seq=n - 2, hash=keep.hash)
print(json.dumps({"sebelum": n, "sesudah": n - 2}))
"""
    done = shell(env, cut, ids["instansi"])
    report = manage(env, "verify_audit", "--instansi", "UJI").strip()
    print(f"[audit-cut] dicoba: hapus 2 entri terbaru ({done['sebelum']} → {done['sesudah']}) "
          f"dan mundurkan kepala rantai; verify_audit: {report}")  # fmt: skip
    print(f"[audit-cut] {'BERTAHAN' if 'RUSAK' in report else 'TEMBUS'}")
    manage(env, "audit_checkpoint")  # the operator's next run after noticing (for part 5)
    rewrite = r"""
import json
from django.conf import settings
from kinerja.core import audit
from kinerja.core.models import AuditEntry, AuditHead
instansi = int(__import__("sys").argv[1])
settings.SECRET_KEY = "mesin-penyerang-" * 4   # the attacker's copy: no server key
settings.KINERJA_AUDIT_KEY = ""
entries = list(AuditEntry.objects.filter(instansi_id=instansi).order_by("seq"))
entries[1].after = {"ditulis": "ulang"}
prev = entries[0].hash
for e in entries[1:]:
    e.prev_hash = prev
    e.hash = audit.entry_hash(prev_hash=prev, seq=e.seq, at=e.at, actor_label=e.actor_label,
        action=e.action, object_type=e.object_type, object_id=e.object_id,
        object_repr=e.object_repr, before=e.before, after=e.after, key_id=e.key_id)
    e.save(); prev = e.hash
AuditHead.objects.filter(instansi_id=instansi).update(hash=prev)
print(json.dumps({"ditulis_ulang": len(entries) - 1}))
"""
    done = shell(env, rewrite, ids["instansi"])
    report = manage(env, "verify_audit", "--instansi", "UJI").strip()
    print(f"[audit-rewrite] dicoba: ubah entri 2 dan hitung ulang {done['ditulis_ulang']} entri "
          f"dengan entry_hash; verify_audit: {report}")  # fmt: skip
    print(f"[audit-rewrite] {'BERTAHAN' if 'RUSAK' in report else 'TEMBUS'}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8240)
    port = parser.parse_args().port
    with tempfile.TemporaryDirectory(prefix="kinerja-abuse-") as folder:
        tmp = Path(folder, "tmp")
        tmp.mkdir()
        env = os.environ | {
            "KINERJA_VAR_DIR": folder, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "KINERJA_IP_HEADER": "X-Forwarded-For", "KINERJA_TRUSTED_PROXIES": "127.0.0.1",
            "TMPDIR": str(tmp), "DJANGO_SETTINGS_MODULE": "kinerja.settings",
            "PYTHONPATH": str(ROOT),
        }  # fmt: skip
        manage(env, "migrate", "--noinput")
        ids = shell(env, SETUP)
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "kinerja.wsgi", "-b", f"127.0.0.1:{port}",
             "-w", "2", "--timeout", "120"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            sink(port, env, ids, ["203.0.113.9"] * 30, "sink-one-address")
            sink(port, env, ids, [f"198.51.100.{i + 1}" for i in range(30)], "sink-one-network")
            big_body(port, env, chunked=False)
            big_body(port, env, chunked=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
        audit_attacks(env, ids)
    return 0


if __name__ == "__main__":
    sys.exit(main())
