"""Small forms for the follow-up pages; validation of substance stays in the services."""

from django import forms

from kinerja.followup.models import Keberatan, Penghargaan


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ObjectionForm(forms.Form):
    alasan = forms.CharField(label="Alasan keberatan", widget=forms.Textarea(attrs={"rows": 6}))
    lampiran = forms.FileField(
        label="Lampiran (PDF, PNG, JPEG, DOCX, XLSX atau ODT; boleh lebih dari satu)",
        required=False, widget=MultipleFileInput(attrs={"multiple": True}),
    )  # fmt: skip


class DecisionForm(forms.Form):
    putusan = forms.ChoiceField(label="Keputusan", choices=Keberatan.Putusan.choices,
                                widget=forms.RadioSelect)  # fmt: skip
    alasan = forms.CharField(label="Alasan keputusan", widget=forms.Textarea(attrs={"rows": 4}))
    hasil_kerja = forms.CharField(required=False)
    perilaku = forms.CharField(required=False)
    predikat = forms.CharField(required=False)


class AwardForm(forms.Form):
    pegawai = forms.IntegerField(widget=forms.HiddenInput)
    jenis = forms.ChoiceField(label="Jenis", choices=Penghargaan.Jenis.choices)
    tanggal = forms.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}))
    dasar = forms.CharField(label="Dasar pemberian", max_length=500)
