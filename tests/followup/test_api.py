"""API: my results, filing and reading an objection; HR's candidates, awards and grid."""

from kinerja.followup import services
from tests.followup.conftest import annual

REASON = "Realisasi triwulan empat belum diverifikasi padahal bukti sudah lengkap."


def test_employee_reads_own_results_files_and_reads_an_objection(personas, closed, login):
    client = login(personas.pegawai)
    rows = client.get("/api/v1/followup/hasil-saya?tahun=2025").json()
    assert [r["bagian"] for r in rows] == [1, 2, 3, 4, None]
    assert rows[-1]["predikat_akhir"] == "baik"
    hasil_id = rows[-1]["id"]
    response = client.post("/api/v1/followup/keberatan", {"hasil_id": hasil_id, "alasan": REASON},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    k = response.json()
    assert k["status"] == "diajukan" and not k["lewat_tenggat"]
    again = client.post("/api/v1/followup/keberatan", {"hasil_id": hasil_id, "alasan": REASON},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 422 and again.json()["kode"] == "ditolak_aturan"
    assert client.get(f"/api/v1/followup/keberatan/{k['id']}").json()["status"] == "diajukan"
    assert login(personas.rekan).get(f"/api/v1/followup/keberatan/{k['id']}").status_code == 404
    rina = annual(closed.skp["rina"]).pk
    other = login(personas.pegawai).post("/api/v1/followup/keberatan",
                                         {"hasil_id": rina, "alasan": REASON},
                                         content_type="application/json")  # fmt: skip
    assert other.status_code == 404


def test_hr_endpoints_are_for_hr_and_pimpinan(personas, closed, login):
    for url in ("/api/v1/followup/kandidat", "/api/v1/followup/talenta",
                "/api/v1/followup/penghargaan"):  # fmt: skip
        assert login(personas.pegawai).get(url).status_code == 403
        assert login(personas.pimpinan).get(url).status_code == 200
    body = login(personas.admin).get("/api/v1/followup/kandidat?tahun=2025").json()
    assert [r["nip"] for r in body] == [personas.rekan_pegawai.nip]
    services.record_potential(personas.rekan_pegawai, closed.periode, by=personas.admin, skor=90)
    grid = login(personas.admin).get("/api/v1/followup/talenta").json()
    assert {b["kotak"]: b["jumlah"] for b in grid["kotak"]}[9] == 1
    made = login(personas.admin).post(
        "/api/v1/followup/penghargaan",
        {"nip": personas.rekan_pegawai.nip, "jenis": "piagam", "tanggal": "2026-02-01",
         "dasar": "SK Wali Kota 3/2026"}, content_type="application/json",
    )  # fmt: skip
    assert made.status_code == 201
    denied = login(personas.pimpinan).post(
        "/api/v1/followup/penghargaan",
        {"nip": personas.rekan_pegawai.nip, "jenis": "pegawai_teladan", "tanggal": "2026-02-01",
         "dasar": "SK Wali Kota 3/2026"}, content_type="application/json",
    )  # fmt: skip
    assert denied.status_code == 403
