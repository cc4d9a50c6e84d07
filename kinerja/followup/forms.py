"""Small forms for the follow-up pages; validation of substance stays in the services."""

from django import forms

from kinerja.core.errors import DomainError
from kinerja.followup.models import Keberatan, Penghargaan
from kinerja.followup.services.keberatan import MAX_LAMPIRAN, check_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: the widget hands over a list, each file is cleaned as a
    FileField cleans one, and ``cleaned_data`` holds the list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ObjectionForm(forms.Form):
    alasan = forms.CharField(label="Alasan keberatan", widget=forms.Textarea(attrs={"rows": 6}))
    lampiran = MultipleFileField(
        label="Lampiran (PDF, PNG, JPEG, DOCX, XLSX atau ODT; boleh lebih dari satu)",
        required=False,
    )

    def clean_lampiran(self):
        """Each file's size and type are checked here, before anything is stored, so the
        message stands beside the field (the service checks them again)."""
        files = self.cleaned_data.get("lampiran") or []
        if len(files) > MAX_LAMPIRAN:
            raise forms.ValidationError(f"Lampirkan paling banyak {MAX_LAMPIRAN} berkas.")
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except DomainError as exc:
                errors.append(f"{upload.name}: {exc}")
        if errors:
            raise forms.ValidationError(errors)
        return files


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
