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
    )  # fmt: skip
    isi = forms.CharField(
        label=_("Isi aduan"), min_length=10, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ceritakan apa yang terjadi, kapan dan di mana."),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layanan"].queryset = (
            Layanan.objects.filter(aktif=True)
            .select_related("instansi")
            .order_by("instansi__nama", "nama")
        )
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
