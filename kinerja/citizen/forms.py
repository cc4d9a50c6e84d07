from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.citizen.models import Aduan, JawabanSurvei, Layanan
from kinerja.citizen.questionnaire import QUESTIONS

HONEYPOT = "situs_web"


class SurveyForm(forms.Form):
    """The nine questions, the optional profile and a suggestion; ``situs_web`` is the
    honeypot, hidden from people and left empty by them."""

    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False,
        choices=[("", "—"), *JawabanSurvei.JenisKelamin.choices],
    )  # fmt: skip
    usia = forms.IntegerField(label=_("Usia (tahun)"), required=False, min_value=10, max_value=120)
    pendidikan = forms.ChoiceField(
        label=_("Pendidikan terakhir"), required=False,
        choices=[("", "—"), *JawabanSurvei.Pendidikan.choices],
    )  # fmt: skip
    pekerjaan = forms.ChoiceField(
        label=_("Pekerjaan"), required=False, choices=[("", "—"), *JawabanSurvei.Pekerjaan.choices]
    )
    saran = forms.CharField(
        label=_("Saran dan masukan"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    token = forms.CharField(label=_("Kode struk"), required=False, max_length=20)
    situs_web = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, element, question, options in QUESTIONS:
            self.fields[field] = forms.TypedChoiceField(
                label=question, coerce=int,
                choices=[(i + 1, text) for i, text in enumerate(options)],
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )  # fmt: skip
            self.fields[field].element = element

    def questions(self):
        return [self[field] for field, *_rest in QUESTIONS]

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def answers(self) -> dict[str, int]:
        return {field: self.cleaned_data[field] for field, *_rest in QUESTIONS}

    def profile(self) -> dict:
        keys = ("jenis_kelamin", "usia", "pendidikan", "pekerjaan", "saran")
        return {k: self.cleaned_data[k] for k in keys if self.cleaned_data.get(k)}


class ComplaintForm(forms.Form):
    layanan = forms.ModelChoiceField(
        label=_("Layanan yang diadukan"), queryset=Layanan.objects.none(),
        to_field_name="kode_publik", empty_label=_("— pilih layanan —"),
        error_messages={"required": _("Pilih layanan yang Anda adukan dari daftar.")},
    )  # fmt: skip
    isi = forms.CharField(
        label=_("Isi aduan"), min_length=10, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ceritakan apa yang terjadi, kapan dan di mana."),
        error_messages={
            "required": _("Tulis isi aduan Anda, minimal 10 karakter."),
            "min_length": _("Ceritakan aduan Anda minimal 10 karakter; tertulis %(show_value)d."),
        },
    )  # fmt: skip
    nama_pelapor = forms.CharField(
        label=_("Nama (boleh dikosongkan)"), required=False, max_length=120
    )
    kontak_pelapor = forms.CharField(
        label=_("Nomor HP atau surel (boleh dikosongkan)"), required=False, max_length=120
    )
    lampiran = forms.FileField(
        label=_("Lampiran (PDF, JPG atau PNG, maks. 5 MB; boleh dikosongkan)"), required=False
    )
    situs_web = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, instansi=None, **kwargs):
        super().__init__(*args, **kwargs)
        services = Layanan.objects.filter(aktif=True).select_related("instansi")
        if instansi is not None:
            # One agency's form (from its entry page): its services only, named plainly.
            self.fields["layanan"].queryset = services.filter(instansi=instansi).order_by("nama")
            self.fields["layanan"].error_messages["invalid_choice"] = _(
                "Pilih salah satu layanan %(instansi)s dari daftar."
            ) % {"instansi": instansi.nama}
        else:
            self.fields["layanan"].queryset = services.order_by("instansi__nama", "nama")
            self.fields["layanan"].label_from_instance = lambda s: f"{s.nama} — {s.instansi.nama}"

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


class TrackForm(forms.Form):
    kode = forms.CharField(label=_("Kode lacak"), max_length=20)


class TransitionForm(forms.Form):
    ke = forms.ChoiceField(choices=Aduan.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
    petugas = forms.IntegerField(required=False)
    tanggapan = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    alasan = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    catatan = forms.CharField(required=False, max_length=2000)


class LayananForm(forms.Form):
    """HR's form for a service point; the unit list is the agency's own."""

    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=None, empty_label=_("— pilih unit —")
    )
    nama = forms.CharField(label=_("Nama layanan"), max_length=200)
    kode = forms.SlugField(
        label=_("Kode layanan"), max_length=40,
        help_text=_("Huruf kecil, angka dan tanda hubung, misalnya ktp-el."),
        error_messages={"invalid": _("Kode hanya huruf, angka dan tanda hubung, tanpa spasi.")},
    )  # fmt: skip
    populasi = forms.IntegerField(
        label=_("Populasi penerima layanan per tahun"), required=False, min_value=1,
        help_text=_("Untuk memeriksa sampel minimal; boleh dikosongkan."),
    )  # fmt: skip
    tenggat_verifikasi = forms.IntegerField(
        label=_("Tenggat verifikasi aduan (hari kerja)"), min_value=1, max_value=365, initial=3
    )
    tenggat_respons = forms.IntegerField(
        label=_("Tenggat tanggapan pertama (hari kerja)"), min_value=1, max_value=365, initial=5
    )
    tenggat_selesai = forms.IntegerField(
        label=_("Tenggat penyelesaian (hari kerja)"), min_value=1, max_value=365, initial=14
    )
    wajib_token = forms.BooleanField(label=_("Wajib kode struk"), required=False)
    aktif = forms.BooleanField(
        label=_("Aktif menerima survei dan aduan"), required=False, initial=True
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, instansi_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        from kinerja.org.models import UnitKerja

        self.fields["unit"].queryset = UnitKerja.objects.filter(instansi_id=instansi_id).order_by(
            "nama"
        )
        self.fields["unit"].error_messages["invalid_choice"] = _("Pilih unit kerja instansi ini.")

    def clean(self):
        data = super().clean()
        verifikasi = data.get("tenggat_verifikasi")
        respons = data.get("tenggat_respons")
        selesai = data.get("tenggat_selesai")
        if verifikasi and respons and respons < verifikasi:
            self.add_error(
                "tenggat_respons",
                _("Tidak boleh kurang dari tenggat verifikasi (%(n)s hari kerja).")
                % {"n": verifikasi},
            )
        if respons and selesai and selesai < respons:
            self.add_error(
                "tenggat_selesai",
                _("Tidak boleh kurang dari tenggat tanggapan (%(n)s hari kerja).") % {"n": respons},
            )
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "unit_id": data["unit"].pk, "nama": data["nama"].strip(), "kode": data["kode"].lower(),
            "populasi": data["populasi"], "tenggat_verifikasi": data["tenggat_verifikasi"],
            "tenggat_respons": data["tenggat_respons"], "tenggat_selesai": data["tenggat_selesai"],
            "wajib_token": data["wajib_token"], "aktif": data["aktif"],
        }  # fmt: skip


class PetugasForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP petugas"), max_length=18, min_length=18,
        error_messages={"min_length": _("NIP harus 18 digit angka.")},
    )  # fmt: skip
    kode = forms.SlugField(
        label=_("Kode petugas (boleh dikosongkan)"), max_length=20, required=False,
        help_text=_("Dicetak pada kartu QR, misalnya p03. Kosongkan agar dibuat otomatis."),
    )  # fmt: skip

    def clean_nip(self):
        nip = self.cleaned_data["nip"].strip()
        if not nip.isdigit():
            raise forms.ValidationError(_("NIP hanya berisi angka (18 digit)."))
        return nip


class HariLiburForm(forms.Form):
    tanggal = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Tulis tanggal sebagai TTTT-BB-HH, misalnya 2025-03-31.")},
    )  # fmt: skip
    nama = forms.CharField(label=_("Keterangan"), max_length=120)


class TokenForm(forms.Form):
    jumlah = forms.IntegerField(
        label=_("Jumlah kode"), min_value=1, max_value=1000, initial=100,
        help_text=_("1 sampai 1.000 kode sekali pakai per cetak."),
    )  # fmt: skip
