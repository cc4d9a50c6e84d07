"""A mixed load on a running Kinerja server, shared by bench_mixed_load and bench_faults.

``prepare`` builds the data in the configured database (Django must be set up): the close
benchmark's agency (``bench.bench_close.build``: approved SKPs, 6 indicators each, four
quarters of realisations), the period moved back to *pelaksanaan* with the last quarter
emptied for the employees who take part, accounts for them and their raters, API tokens,
browser sessions, the citizen demo's public services and the dashboard's stored figures.

``run`` drives ``clients`` concurrent clients (threads, one keep-alive connection each, no
think time) for a number of seconds; each client plays one rater and that rater's team:

- ``survei``      POST /api/v1/citizen/survei/<kode>/  a public answer (no account), 201
- ``realisasi``   POST /api/v1/skp/realisasi           an employee's value (token), 200/201;
                                                        30 % of them submitted for review
- ``verifikasi``  POST /skp/realisasi/<id>/verifikasi/ the rater's page form (session,
                                                        CSRF), 302 with a success message
- ``tim``         GET  /skp/tim/                       the rater's team page
- ``dasbor``      GET  /wawasan/                       the agency head's dashboard

Every acknowledged write is remembered (survey answer ids; per realisation the last
acknowledged version, value and status) and ``check`` compares them with the database.
A client that gets 503 waits ``BACKOFF_503`` seconds (not the full Retry-After, so the
recovery shows within a second) and tries again.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MIX = {"survei": 35, "realisasi": 30, "verifikasi": 15, "tim": 10, "dasbor": 10}
WARM_UP = {"survei": 1, "tim": 1, "dasbor": 1}
SLICE = 4
TEAM = 8
BACKOFF_503 = 0.2


# ---------------------------------------------------------------- data


def prepare(pegawai: int, *, clients: int, seed: int = 1) -> dict:
    """Build the data; return the plan the clients need (ids, tokens, cookies)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.db.models import Count, Q

    from bench.bench_close import build
    from kinerja.citizen.demo import build_citizen_data
    from kinerja.citizen.models import Layanan
    from kinerja.insight.summary import refresh_aggregates
    from kinerja.org.models import Pegawai, User
    from kinerja.org.tokens import create_token
    from kinerja.skp.models import Indikator, Periode, Realisasi, Skp

    periode, *_ = build(pegawai, seed=seed)
    instansi = periode.instansi
    with transaction.atomic():
        Periode.objects.filter(pk=periode.pk).update(status=Periode.Status.PELAKSANAAN)
        raters = list(
            Pegawai.objects.filter(instansi=instansi, akun__isnull=True)
            .annotate(n=Count("bawahan", filter=Q(bawahan__aktif=True)))
            .filter(n__gte=TEAM + 4)
            .order_by("-n", "pk")[:clients]
        )
        if len(raters) < clients:
            raise SystemExit(f"hanya {len(raters)} penilai dengan ≥ {TEAM} bawahan")
        unusable = make_password(None)
        plan = {"instansi": instansi.kode, "periode": periode.pk, "clients": []}
        rater_ids = {r.pk for r in raters}
        for rater in raters:
            skps = list(
                Skp.objects.filter(periode=periode, penilai=rater)
                .exclude(pegawai_id__in=rater_ids)
                .filter(pegawai__akun__isnull=True)
                .order_by("pk")
                .values_list("pk", "pegawai_id")[:TEAM]
            )
            Realisasi.objects.filter(skp_id__in=[s for s, _ in skps], bagian__nomor=SLICE).delete()
            rater_user = User.objects.create(username=f"bench-{rater.nip}", instansi=instansi,
                                             pegawai=rater, password=unusable)  # fmt: skip
            team = []
            for skp_id, pegawai_id in skps:
                user = User.objects.create(username=f"bench-p{pegawai_id}", instansi=instansi,
                                           pegawai_id=pegawai_id, password=unusable)  # fmt: skip
                _, raw = create_token(user, nama="bench", hari=30)
                indicators = list(
                    Indikator.objects.filter(rhk__skp_id=skp_id)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                team.append({"skp": skp_id, "token": raw, "indikator": indicators})
            plan["clients"].append({"rater": rater_user.pk, "team": team})
        head = User.objects.create(username="bench-pimpinan", instansi=instansi,
                                   is_pimpinan=True, password=unusable)  # fmt: skip

    def session_for(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "kinerja.org.auth.NipBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    for entry in plan["clients"]:
        entry["session"] = session_for(User.objects.get(pk=entry["rater"]))
    plan["pimpinan_session"] = session_for(head)
    build_citizen_data(instansi, seed=seed)
    plan["layanan"] = list(
        Layanan.objects.filter(instansi=instansi)
        .order_by("pk")
        .values_list("kode_publik", flat=True)
    )
    refresh_aggregates(Periode.objects.get(pk=periode.pk))
    return plan


# ---------------------------------------------------------------- server


def start_server(database_url: str | None, workdir: Path, port: int) -> subprocess.Popen:
    """gunicorn as bench_survey_load runs it (bench/survey_gunicorn.py: 2 × cores + 1 sync
    workers, app loaded before fork) with the survey bench's settings (client address from
    X-Real-IP, per-service flood guard off) on ``database_url`` (None: the inherited
    DATABASE_URL, or SQLite under ``workdir``); waits for /sehat/ to answer 200."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.survey_settings",
               KINERJA_VAR_DIR=str(workdir), PYTHONPATH=str(ROOT))  # fmt: skip
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    log_path = workdir / "gunicorn.log"
    with log_path.open("ab") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kinerja.wsgi", "-b", f"127.0.0.1:{port}",
             "-c", str(ROOT / "bench" / "survey_gunicorn.py")],
            cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log,
        )  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline:
        if health(port) == 200:
            return server
        time.sleep(0.3)
    stop_server(server)
    tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-20:])
    raise SystemExit(f"gunicorn tidak menjawab /sehat/ dalam 60 detik; {log_path}:\n{tail}")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def health(port: int, timeout: float = 2.0) -> int:
    """Status of GET /sehat/ (0: no HTTP answer)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", "/sehat/")
        status = conn.getresponse().status
        conn.close()
        return status
    except (OSError, http.client.HTTPException):
        return 0


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------- load


@dataclass
class Ledger:
    """What the server acknowledged to the clients."""

    survei: set = field(default_factory=set)
    # realisation id -> (version, nilai, status) of the last acknowledged write
    realisasi: dict = field(default_factory=dict)
    verified: set = field(default_factory=set)
    per_row: Counter = field(default_factory=Counter)  # acknowledged writes per realisation
    writes: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Results:
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    statuses: dict = field(default_factory=lambda: defaultdict(Counter))
    # (sent, answered, route, status) of every request, in seconds since the run started;
    # status 0 = no HTTP answer
    timeline: list = field(default_factory=list)
    started: float = 0.0
    seconds: float = 0.0
    ledger: Ledger = field(default_factory=Ledger)


def _messages(headers) -> list:
    """Decode the ``messages`` cookie Django sets after a form (the success or error text)."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("messages="):
            jar = SimpleCookie()
            jar.load(value)
            decoded = CookieStorage(HttpRequest())._decode(jar["messages"].value)
            return list(decoded or [])
    return []


class Client(threading.Thread):
    def __init__(self, number, base, plan, entry, results, deadline, rng, mix):
        super().__init__(daemon=True)
        self.mix = mix
        self.number, self.plan, self.entry = number, plan, entry
        self.results, self.deadline, self.rng = results, deadline, rng
        self.host, self.port = base
        self.conn = None
        self.csrf = secrets.token_hex(16)  # 32 characters: Django accepts the bare secret
        # indicator id -> (realisation id, version, status) as this client last saw it
        self.state = {}
        self.owner = {}
        for member in entry["team"]:
            for ind in member["indikator"]:
                self.owner[ind] = member

    def request(self, route, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        status, data, answer_headers = 0, b"", []
        for attempt in range(2):  # a kept-alive connection the server closed: reconnect once
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                status, answer_headers = response.status, response.getheaders()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                break
            except (ConnectionError, http.client.HTTPException, OSError):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt:
                    status = 0
        elapsed = time.perf_counter() - started
        r = self.results
        r.latencies[route].append(elapsed)
        r.statuses[route][status] += 1
        r.timeline.append((started - r.started, started + elapsed - r.started, route, status))
        return status, data, answer_headers

    def session_headers(self, session):
        return {"Cookie": f"sessionid={session}; csrftoken={self.csrf}",
                "X-CSRFToken": self.csrf}  # fmt: skip

    # one method per route -------------------------------------------------

    def survei(self):
        kode = self.rng.choice(self.plan["layanan"])
        answers = {f"u{i}": self.rng.randint(1, 4) for i in range(1, 10)}
        ip = f"10.{self.rng.randint(0, 255)}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}"
        status, data, _ = self.request("survei", "POST", f"/api/v1/citizen/survei/{kode}/",
                                       answers, {"X-Real-IP": ip})  # fmt: skip
        if status == 201:
            with self.results.ledger.lock:
                self.results.ledger.survei.add(json.loads(data)["nomor"])
                self.results.ledger.writes["survei"] += 1
        return status

    def realisasi(self):
        free = [i for i in self.owner if self.state.get(i, (0, 0, "draf"))[2] == "draf"]
        if not free:
            return self.tim()
        ind = self.rng.choice(free)
        member = self.owner[ind]
        ajukan = self.rng.random() < 0.3
        nilai = Decimal(self.rng.randint(0, 400)) / 4
        payload = {"indikator_id": ind, "bagian": SLICE, "nilai": str(nilai), "ajukan": ajukan}
        status, data, _ = self.request(
            "realisasi", "POST", "/api/v1/skp/realisasi", payload,
            {"Authorization": f"Bearer {member['token']}"},
        )  # fmt: skip
        if status in (200, 201):
            body = json.loads(data)
            self.state[ind] = (body["id"], body["version"], body["status"])
            with self.results.ledger.lock:
                self.results.ledger.realisasi[body["id"]] = (
                    body["version"],
                    Decimal(str(body["nilai"])),
                    body["status"],
                )
                self.results.ledger.per_row[body["id"]] += 1
                self.results.ledger.writes["realisasi"] += 1
        elif status == 422 and b"tunggu" in data:  # submitted before a lost answer: skip it
            self.state[ind] = (0, 0, "diajukan?")
        return status

    def verifikasi(self):
        waiting = [(i, s) for i, s in self.state.items() if s[2] == "diajukan"]
        if not waiting:
            return self.tim()
        ind, (pk, version, _) = self.rng.choice(waiting)
        status, _, headers = self.request(
            "verifikasi", "POST", f"/skp/realisasi/{pk}/verifikasi/",
            f"version={version}".encode(),
            {"Content-Type": "application/x-www-form-urlencoded",
             **self.session_headers(self.entry["session"])},
        )  # fmt: skip
        if status == 302:
            levels = [m.level for m in _messages(headers)]
            if levels and all(level == 25 for level in levels):  # messages.SUCCESS
                self.state[ind] = (pk, version + 1, "diverifikasi")
                with self.results.ledger.lock:
                    ledger = self.results.ledger
                    old = ledger.realisasi[pk]
                    ledger.realisasi[pk] = (version + 1, old[1], "diverifikasi")
                    ledger.verified.add(pk)
                    ledger.per_row[pk] += 1
                    ledger.writes["verifikasi"] += 1
            else:
                self.results.statuses["verifikasi_ditolak"][302] += 1
        return status

    def tim(self):
        return self.request("tim", "GET", "/skp/tim/", None,
                            self.session_headers(self.entry["session"]))[0]  # fmt: skip

    def dasbor(self):
        return self.request("dasbor", "GET", "/wawasan/", None,
                            self.session_headers(self.plan["pimpinan_session"]))[0]  # fmt: skip

    def run(self):
        routes, weights = zip(*self.mix.items(), strict=True)
        while time.perf_counter() < self.deadline:
            route = self.rng.choices(routes, weights)[0]
            status = getattr(self, route)()
            if status == 503 or status == 0:
                time.sleep(BACKOFF_503)
        if self.conn is not None:
            self.conn.close()


def run(base: tuple[str, int], plan: dict, *, seconds: float, clients: int, seed: int = 1,
        results: Results | None = None, mix: dict | None = None) -> Results:  # fmt: skip
    """The load; ``mix`` (route: weight) defaults to MIX. A warm-up passes reads only, so
    the measured run starts from the realisations as ``prepare`` left them."""
    results = results or Results()
    results.started = time.perf_counter()
    deadline = results.started + seconds
    threads = [
        Client(
            n,
            base,
            plan,
            plan["clients"][n % len(plan["clients"])],
            results,
            deadline,
            random.Random(seed * 1000 + n),
            mix or MIX,
        )  # fmt: skip
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    results.seconds = time.perf_counter() - results.started
    return results


# ---------------------------------------------------------------- figures


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary(results: Results) -> list[dict]:
    rows = []
    for route in [*MIX, "total"]:
        if route == "total":
            lat = [x for r in MIX for x in results.latencies[r]]
            statuses = sum((results.statuses[r] for r in MIX), Counter())
        else:
            lat, statuses = results.latencies[route], results.statuses[route]
        count = sum(statuses.values())
        errors = sum(n for s, n in statuses.items() if s == 0 or s >= 400)
        rows.append({"route": route, "requests": count, "errors": errors,
                     "statuses": dict(sorted(statuses.items())),
                     "rps": count / results.seconds if results.seconds else 0,
                     "p50_ms": percentile(lat, 50) * 1000,
                     "p99_ms": percentile(lat, 99) * 1000})  # fmt: skip
    return rows


def print_summary(results: Results) -> None:
    print(f"{'rute':11s} {'permintaan':>10s} {'req/s':>7s} {'galat':>6s} {'p50 ms':>8s} "
          f"{'p99 ms':>8s}  status")  # fmt: skip
    for row in summary(results):
        print(f"{row['route']:11s} {row['requests']:10d} {row['rps']:7.1f} {row['errors']:6d} "
              f"{row['p50_ms']:8.1f} {row['p99_ms']:8.1f}  {row['statuses']}")  # fmt: skip
    refused = results.statuses.get("verifikasi_ditolak")
    if refused:
        print(f"verifikasi dijawab 302 dengan pesan galat (bukan sukses): {sum(refused.values())}")


def baseline(plan: dict) -> dict:
    """Rows the load may add to, counted just before it starts."""
    from kinerja.citizen.models import JawabanSurvei
    from kinerja.skp.models import Realisasi

    skps = [m["skp"] for c in plan["clients"] for m in c["team"]]
    return {
        "skp": skps,
        "layanan": plan["layanan"],
        "survei": JawabanSurvei.objects.filter(layanan__kode_publik__in=plan["layanan"]).count(),
        "realisasi": set(
            Realisasi.objects.filter(skp_id__in=skps, bagian__nomor=SLICE).values_list(
                "pk", flat=True
            )
        ),
    }


def check(results: Results, before: dict) -> dict:
    """Compare every acknowledged write with what the database holds now."""
    from kinerja.citizen.models import JawabanSurvei
    from kinerja.skp.models import Realisasi

    ledger = results.ledger
    stored_answers = set()
    ids = sorted(ledger.survei)
    for start in range(0, len(ids), 5000):
        stored_answers |= set(
            JawabanSurvei.objects.filter(pk__in=ids[start : start + 5000]).values_list(
                "pk", flat=True
            )
        )
    rows = {
        pk: (version, nilai, status)
        for pk, version, nilai, status in Realisasi.objects.filter(
            pk__in=list(ledger.realisasi)
        ).values_list("pk", "version", "nilai", "status")
    }
    missing, ahead, differ = [], 0, []
    for pk, (version, nilai, status) in ledger.realisasi.items():
        row = rows.get(pk)
        if row is None or row[0] < version:
            missing.append(pk)
        elif row[0] > version:
            ahead += 1  # a write committed whose answer never reached the client
        elif (row[1], row[2]) != (nilai, status):
            differ.append(pk)
    lost = sum(ledger.per_row[pk] for pk in {*missing, *differ})
    answers_now = JawabanSurvei.objects.filter(layanan__kode_publik__in=before["layanan"]).count()
    created_now = set(
        Realisasi.objects.filter(skp_id__in=before["skp"], bagian__nomor=SLICE).values_list(
            "pk", flat=True
        )
    )
    unanswered = created_now - before["realisasi"] - set(ledger.realisasi)
    return {
        "survei_diakui": len(ledger.survei),
        "survei_tersimpan": len(stored_answers),
        "realisasi_baris": len(ledger.realisasi),
        "realisasi_baris_hilang": len(missing),
        "realisasi_baris_beda": len(differ),
        # a write committed whose answer never reached the client (allowed: not acknowledged)
        "realisasi_baris_lebih_baru": ahead,
        # committed, but the answer never reached the client (the connection or the
        # database went away after the COMMIT): allowed, nothing acknowledged was lost
        "survei_tersimpan_tanpa_jawaban": answers_now - before["survei"] - len(stored_answers),
        "realisasi_baru_tanpa_jawaban": len(unanswered),
        "tulis_diakui": dict(ledger.writes),
        "tulis_diakui_total": sum(ledger.writes.values()),
        # a realisation row at its last acknowledged version (or later) holds every earlier
        # acknowledged write of it too: versions only grow, one per committed write
        "tulis_tersimpan_total": len(stored_answers) + sum(ledger.per_row.values()) - lost,
    }


def nothing_lost(stored: dict) -> bool:
    return (
        stored["survei_diakui"] == stored["survei_tersimpan"]
        and not stored["realisasi_baris_hilang"]
        and not stored["realisasi_baris_beda"]
    )
