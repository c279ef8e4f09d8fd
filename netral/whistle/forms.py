from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from netral.core.forms import BootstrapMixin
from netral.people.accounts import PLATFORMS
from netral.people.nip import is_digits
from netral.whistle import crypto
from netral.whistle.uploads import UploadError, read_evidence

PLATFORM_CHOICES = [("", _("— tidak di media sosial / tidak tahu —"))] + PLATFORMS + [("offline", _("Di luar internet"))]
ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf,video/mp4,video/quicktime,video/3gpp,video/webm"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files; each checked by its bytes (uploads.py), with count and total limits."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        return data

    def validate(self, value):
        pass

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > settings.WHISTLE_MAX_FILES:
            raise forms.ValidationError(_("Paling banyak %(n)s berkas sekaligus.") % {"n": settings.WHISTLE_MAX_FILES})
        total = sum(getattr(f, "size", 0) or 0 for f in files)
        if total > settings.WHISTLE_MAX_TOTAL_SIZE:
            raise forms.ValidationError(_("Ukuran semua berkas %(size)s MB; batasnya %(max)s MB.") % {
                "size": round(total / 1048576, 1), "max": round(settings.WHISTLE_MAX_TOTAL_SIZE / 1048576, 1)})
        return files


class EvidenceMixin:
    def clean(self):
        data = super().clean()
        evidence, errors = [], []
        for f in data.get("files") or []:
            try:
                evidence.append(read_evidence(f, keep_original=bool(data.get("keep_original")),
                                              max_bytes=settings.WHISTLE_MAX_FILE_SIZE))
            except UploadError as exc:
                errors.append(str(exc))
        if errors:
            self.add_error("files", errors)
        data["evidence"] = evidence
        return data


def _files_help():
    return _("Foto (JPEG, PNG, GIF, WebP), PDF atau video (MP4, MOV, 3GP, WebM); maks. %(file)s MB per berkas, "
             "%(total)s MB semuanya, %(n)s berkas. Data lokasi dan perangkat di dalam foto dihapus otomatis. "
             "Data di dalam PDF dan video TIDAK dihapus: periksa dulu bila perlu.") % {
        "file": settings.WHISTLE_MAX_FILE_SIZE // 1048576, "total": settings.WHISTLE_MAX_TOTAL_SIZE // 1048576,
        "n": settings.WHISTLE_MAX_FILES}


class ReportForm(EvidenceMixin, BootstrapMixin, forms.Form):
    what = forms.CharField(label=_("Apa yang terjadi?"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Ceritakan sejelas mungkin: apa yang dilakukan, oleh siapa, bagaimana Anda "
                                       "mengetahuinya. Jangan menulis nama Anda sendiri bila ingin tetap anonim."))
    unit = forms.ModelChoiceField(label=_("Unit kerja terlapor"), queryset=None, required=False,
                                  empty_label=_("— tidak tahu / tidak ingin menyebut —"),
                                  help_text=_("Pengaduan tanpa unit diterima Tim Pengawas Kantor Wilayah."))
    subject_name = forms.CharField(label=_("Nama terlapor"), max_length=200, required=False)
    subject_unit = forms.CharField(label=_("Jabatan / bagian terlapor"), max_length=200, required=False)
    subject_nip = forms.CharField(label=_("NIP terlapor (bila tahu)"), max_length=30, required=False)
    occurred = forms.CharField(label=_("Kapan terjadi?"), max_length=200, required=False,
                               help_text=_("Tanggal atau perkiraan, misalnya \"awal Oktober 2024\"."))
    place = forms.CharField(label=_("Di mana?"), max_length=300, required=False)
    platform = forms.ChoiceField(label=_("Platform"), choices=PLATFORM_CHOICES, required=False)
    link = forms.CharField(label=_("Tautan (bila daring)"), max_length=1000, required=False,
                           help_text=_("Alamat unggahan, misalnya https://www.instagram.com/p/..."))
    files = EvidenceField(label=_("Bukti"))
    keep_original = forms.BooleanField(label=_("Simpan juga berkas foto asli beserta datanya (lokasi, perangkat, "
                                               "waktu)"), required=False)
    contact = forms.CharField(label=_("Kontak (tidak wajib)"), max_length=300, required=False,
                              help_text=_("Hanya bila Anda ingin dihubungi di luar halaman status. Kontak dapat "
                                          "mengungkap identitas Anda."))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_subject_nip(self):
        nip = "".join((self.cleaned_data.get("subject_nip") or "").split())
        if nip and (not is_digits(nip) or len(nip) != 18):
            raise forms.ValidationError(_("NIP terdiri dari 18 angka. Kosongkan bila tidak tahu pasti."))
        return nip

    def clean_link(self):
        link = (self.cleaned_data.get("link") or "").strip()
        if link and not link.lower().startswith(("http://", "https://")):
            if " " in link or "." not in link:
                raise forms.ValidationError(_("Tautan tidak valid; salin alamat lengkapnya dari peramban."))
            link = "https://" + link
        return link

    def clean_what(self):
        what = (self.cleaned_data.get("what") or "").replace("\x00", "").strip()
        if len(what) < 10:
            raise forms.ValidationError(_("Ceritakan sedikit lebih banyak (paling sedikit 10 huruf)."))
        return what


class ReceiptConfirmForm(forms.Form):
    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(label=_("Saya sudah mencatat kode ini"),
                                   error_messages={"required": _("Centang dulu setelah kode Anda catat; kode tidak "
                                                                 "dapat ditampilkan lagi.")})

    def clean_code(self):
        code = crypto.normalise_receipt(self.cleaned_data.get("code"))
        if code is None:
            raise forms.ValidationError(_("Kode tidak valid."))
        return code


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Kode pengaduan (16 angka)"), max_length=40,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                         "autocapitalize": "off", "spellcheck": "false"}))

    def clean_code(self):
        code = crypto.normalise_receipt(self.cleaned_data.get("code"))
        if code is None:
            raise forms.ValidationError(_("Kode terdiri dari 16 angka, misalnya 1234 5678 9012 3456."))
        return code


class ReplyForm(EvidenceMixin, BootstrapMixin, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Pesan atau jawaban Anda"), max_length=10000, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    files = EvidenceField(label=_("Tambah bukti"))
    keep_original = forms.BooleanField(label=_("Simpan juga berkas foto asli beserta datanya"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("evidence") and not self.errors:
            raise forms.ValidationError(_("Tulis pesan atau pilih berkas bukti."))
        return data


class AskForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Pertanyaan / pesan untuk pelapor"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan (dibaca pelapor)"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(BootstrapMixin, forms.Form):
    target = forms.ModelChoiceField(label=_("Gabungkan ke pengaduan"), queryset=None)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = queryset
