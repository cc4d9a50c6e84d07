"""Pages for learning the system: glossary, first-week checklist, help, rater training."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.belajar import langkah
from kinerja.belajar import latihan as kursus
from kinerja.belajar.glosarium import ENTRI, URUTAN
from kinerja.belajar.kasus_rancangan import LATAR
from kinerja.belajar.models import JawabanLatihan, Orientasi
from kinerja.belajar.panduan import BY_PERAN, PANDUAN
from kinerja.core import audit
from kinerja.core.navigation import may_open
from kinerja.core.permissions import PERAN_LABEL, Peran, roles_of
from kinerja.core.tenancy import agency_required

PENILAI = (Peran.ATASAN, Peran.PIMPINAN)


@agency_required()
def bantuan(request):
    """A help page per role: what to do first and where, with the real pages linked."""
    roles = roles_of(request.user)
    context = {
        "bagian": [
            (peran, PERAN_LABEL[peran], [step for step in langkah.LANGKAH if step.peran == peran])
            for peran in Peran
            if peran in roles
        ],
        "istilah": [ENTRI[k] for k in URUTAN],
        "penilai": bool(roles & set(PENILAI)),
        # every role's guide: the viewer's own first, the others after
        "panduan_saya": [p for p in PANDUAN if p.peran in roles],
        "panduan_lain": [p for p in PANDUAN if p.peran not in roles],
    }
    return render(request, "belajar/bantuan.html", context)


@agency_required()
def panduan(request, peran):
    """One role's help page: short guides, each step linked to its real page when the viewer
    may open it, with screenshots of those pages. Readable by anyone of the agency (it holds
    no agency data); a step the viewer may not open is written without a link."""
    bagian = BY_PERAN.get(peran)
    if bagian is None:
        raise Http404
    boleh: dict[str, bool] = {}

    def tautan(url_name: str) -> str:
        if not url_name:
            return ""
        if url_name not in boleh:
            boleh[url_name] = may_open(request.user, url_name)
        return reverse(url_name) if boleh[url_name] else ""

    guides = [
        {
            "g": g,
            "tahap": [(t.teks, tautan(t.url_name)) for t in g.tahap],
            "istilah": [ENTRI[k] for k in g.istilah],
        }
        for g in bagian.panduan
    ]
    context = {
        "bagian": bagian,
        "guides": guides,
        "milik_sendiri": bagian.peran in roles_of(request.user),
        "lain": [p for p in PANDUAN if p.peran != bagian.peran],
    }
    return render(request, "belajar/panduan.html", context)


def glosarium(request):
    """Every term; public like the regulation it explains (no agency data)."""
    return render(request, "belajar/glosarium.html", {"entri": [ENTRI[k] for k in URUTAN]})


def istilah(request, kode):
    entri = ENTRI.get(kode)
    if entri is None:
        raise Http404
    return render(request, "belajar/istilah.html", {"e": entri})


def _orientasi(user) -> Orientasi:
    orientasi, _ = Orientasi.objects.get_or_create(
        instansi_id=user.instansi_id, user=user, defaults={"dikunjungi": []}
    )
    return orientasi


@agency_required()
def buka_langkah(request, kode):
    """Open a step's page from the checklist, remembering it was opened (visit steps)."""
    step = langkah.BY_KODE.get(kode)
    if step is None or step.peran not in roles_of(request.user):
        raise Http404
    if step.selesai is None:
        orientasi = _orientasi(request.user)
        if kode not in orientasi.dikunjungi:
            orientasi.dikunjungi = [*orientasi.dikunjungi, kode]
            orientasi.save(update_fields=["dikunjungi"])
    return redirect(step.url)


@require_POST
@agency_required()
def tutup_minggu_pertama(request):
    orientasi = _orientasi(request.user)
    orientasi.ditutup_pada = timezone.now()
    orientasi.save(update_fields=["ditutup_pada"])
    messages.success(request, "Daftar langkah pertama ditutup. Panduan tetap ada di menu Bantuan.")
    return redirect("home")


@agency_required(*PENILAI)
def latihan(request):
    """Ten practice cases; the answers are the rater's own (nobody else reads them)."""
    user = request.user
    set_ = kursus.latihan_instansi(user.instansi)
    kasus = set_.kasus
    lalu = JawabanLatihan.objects.filter(latihan=set_, user=user).first()
    jawaban, galat = (lalu.jawaban if lalu else {}), {}
    if request.method == "POST":
        jawaban, galat = kursus.baca_jawaban(request.POST, kasus)
        if not galat:
            umpan = kursus.nilai_jawaban(kasus, jawaban)
            JawabanLatihan.objects.update_or_create(
                instansi_id=user.instansi_id,
                latihan=set_,
                user=user,
                defaults={"jawaban": jawaban, "skor": umpan.skor, "selesai_pada": timezone.now()},
            )
            audit.record(
                user.instansi,
                actor=user,
                action="belajar.latihan_selesai",
                obj=set_,
                after={"selesai": True},
            )
            return redirect("belajar_latihan_hasil")
        messages.error(
            request,
            f"{len(galat)} kasus belum dinilai lengkap; pilihan Anda yang lain tetap tersimpan di "
            "formulir.",
        )
    context = {
        "kasus": kasus,
        "jawaban": jawaban,
        "galat": galat,
        "lalu": lalu,
        "pilihan": [(k, kursus.LABEL[k]) for k in ("di_atas", "sesuai", "di_bawah")],
        "latar": LATAR,
    }
    return render(request, "belajar/latihan.html", context, status=400 if galat else 200)


@agency_required(*PENILAI)
def latihan_hasil(request):
    user = request.user
    jawaban = (
        JawabanLatihan.objects.select_related("latihan")
        .filter(user=user, instansi_id=user.instansi_id)
        .order_by("-selesai_pada")
        .first()
    )
    if jawaban is None:
        raise Http404
    umpan = kursus.nilai_jawaban(jawaban.latihan.kasus, jawaban.jawaban)
    return render(
        request,
        "belajar/latihan_hasil.html",
        {"umpan": umpan, "jawaban": jawaban, "label": kursus.LABEL},
    )


@agency_required(Peran.ADMIN)
def latihan_peserta(request):
    """HR: which raters completed the training (never their answers), and who calibration
    flagged; flagged raters who have not completed can be invited."""
    from kinerja.belajar.peserta import daftar_peserta, undang

    if request.method == "POST":
        n = undang(request.user)
        if n:
            messages.success(request, f"Undangan latihan dikirim ke {n} penilai.")
        else:
            messages.info(request, "Tidak ada penilai yang perlu diundang.")
        return redirect("belajar_latihan_peserta")
    return render(request, "belajar/latihan_peserta.html", daftar_peserta(request.user))
