from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core.forms import BootstrapMixin, validate_upload
from netral.core.uploads import check_content
from netral.core.models import OrgUnit
from netral.elections.models import Phase
from netral.monitoring import ingest
from netral.monitoring.models import Finding, Interaction
from netral.people.accounts import PLATFORMS, AccountError, normalise_account
from netral.people.models import Employee

IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif",
               b"GIF89a": "image/gif"}
MAX_IMAGE = 10 * 1024 * 1024


def image_type(head: bytes):
    for magic, mime in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def validate_image(f):
    validate_upload(f, max_bytes=MAX_IMAGE)
    head = f.read(16)
    f.seek(0)
    mime = image_type(head)
    if mime is None:
        raise forms.ValidationError(_("%(name)s bukan gambar PNG, JPEG, GIF atau WebP.") % {"name": f.name})
    # The one content check in core: the whole image must decode (no polyglot, no pixel bomb).
    check_content(f, ["png", "jpeg", "gif", "webp"])
    f.content_type = mime
    return f


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > 10:
            raise forms.ValidationError(_("Paling banyak 10 tangkapan layar per konten."))
        return [validate_image(f) for f in files]


class CaptureForm(BootstrapMixin, forms.Form):
    url = forms.URLField(label=_("URL konten"), required=False, max_length=1000, assume_scheme="https")
    platform = forms.ChoiceField(label=_("Platform"), choices=[("", "—")] + PLATFORMS, required=False,
                                 help_text=_("Dikenali dari URL bila dikosongkan."))
    handle = forms.CharField(label=_("Akun (nama akun atau URL profil)"), required=False, max_length=500)
    employee = forms.ModelChoiceField(label=_("Pegawai"), queryset=Employee.objects.none(), required=False,
                                      help_text=_("Kosongkan bila akun sudah tercatat: pegawai dikenali dari akunnya."))
    interaction = forms.ChoiceField(label=_("Jenis interaksi"), choices=Interaction.choices)
    text = forms.CharField(label=_("Teks"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    ref_text = forms.CharField(label=_("Teks konten yang dibagikan / disukai / dikomentari"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    posted_at = forms.DateTimeField(label=_("Waktu unggah (WIB)"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    images = MultipleImageField(label=_("Tangkapan layar"), required=False,
                                help_text=_("PNG/JPEG/GIF/WebP, maks. 10 MB per berkas. Teks di gambar dibaca dengan OCR."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = Employee.objects.for_user(user).active().select_related("unit")
        self.fields["employee"].label_from_instance = lambda e: f"{e.name} · {e.identifier} · {e.unit}"

    def clean(self):
        data = super().clean()
        url, platform, handle = data.get("url") or "", data.get("platform") or "", data.get("handle") or ""
        if not platform and url:
            from urllib.parse import urlsplit

            from netral.people.accounts import _platform_from_host

            platform = _platform_from_host(urlsplit(url).netloc) or ""
        if not platform:
            self.add_error("platform", _("Pilih platform (tidak dapat dikenali dari URL)."))
        data["platform"] = platform
        if handle and platform:
            try:
                _p, data["handle"], _u = normalise_account(platform, handle)
            except AccountError as e:
                self.add_error("handle", str(e))
        if not (data.get("text") or data.get("ref_text") or data.get("images") or url):
            raise forms.ValidationError(_("Isi minimal URL, teks, atau satu tangkapan layar."))
        if not handle and not data.get("employee"):
            self.add_error("handle", _("Isi akun atau pilih pegawai."))
        return data


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Berkas"))
    format = forms.ChoiceField(label=_("Format"), required=False,
                               choices=[("", _("Kenali otomatis"))] + ingest.CHOICES)
    account_handle = forms.CharField(
        label=_("Akun pemilik arsip"), required=False, max_length=100,
        help_text=_("Untuk arsip unduhan pribadi (Facebook, Instagram, TikTok; berkas JSON atau seluruh zip-nya) dan "
                    "berkas suka/ikuti X: nama akun pegawai yang arsipnya diimpor."))
    dry_run = forms.BooleanField(label=_("Uji coba dulu (periksa semua baris tanpa menyimpan)"), required=False)

    def clean(self):
        data = super().clean()
        f = data.get("file")
        if f is None:
            return data
        validate_upload(f, max_bytes=200 * 1024 * 1024)
        head = f.read(65536)
        f.seek(0)
        fmt = data.get("format") or ingest.detect_format(head, f.name or "")
        is_archive = ingest.BY_FORMAT["zip"].sniff(head, (f.name or "").lower())
        if fmt and fmt != "zip" and is_archive:
            self.add_error("format", _("Berkas ini arsip zip: pilih “Arsip zip unduhan data” atau “Kenali otomatis”."))
        elif fmt == "zip" and not is_archive:
            self.add_error("format", _("Berkas ini bukan arsip zip; pilih format lain atau “Kenali otomatis”."))
        if not fmt:
            self.add_error("format", _("Format berkas tidak dikenali; pilih formatnya."))
        data["format"] = fmt
        data["account_handle"] = (data.get("account_handle") or "").strip().lstrip("@").lower()
        return data


LABELS = [("", _("Semua label")), ("partisan", _("Partisan")), ("hate", _("Ujaran kebencian")), ("hoax", _("Hoaks"))]


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class FindingFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("new", _("Menunggu telaah")), ("all", _("Semua"))] + [
                                   c for c in Finding.Status.choices if c[0] != "new"])
    label = forms.ChoiceField(label=_("Label"), required=False, choices=LABELS)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
                                  empty_label=_("Semua unit"))
    platform = forms.ChoiceField(label=_("Platform"), required=False, choices=[("", _("Semua"))] + PLATFORMS)
    phase = forms.ChoiceField(label=_("Tahapan"), required=False, choices=[("", _("Semua"))] + Phase.choices)
    min_score = forms.FloatField(label=_("Skor minimal"), required=False, min_value=0, max_value=1,
                                 widget=forms.NumberInput(attrs={"step": "0.05"}))
    date_from = forms.DateField(label=_("Dari"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    order = forms.ChoiceField(label=_("Urutan"), required=False, choices=[
        ("", _("Skor tertinggi dulu")), ("doubt", _("Paling meragukan dulu"))])

    ORDERS = {"": ("-score", "-pk"), "doubt": ("-uncertainty", "-pk")}

    def ordering(self):
        """The queue's order: by score, or the detector's most doubtful first (a person's eye helps most there)."""
        key = self.cleaned_data.get("order", "") if self.is_valid() else ""
        return self.ORDERS.get(key or "", self.ORDERS[""])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user)
        self.fields["unit"].label_from_instance = lambda u: ("— " * u.depth) + u.name

    def apply(self, qs):
        if not self.is_valid():
            return qs.filter(status="new")
        d = self.cleaned_data
        status = d.get("status") or "new"
        if status != "all":
            qs = qs.filter(status=status)
        if d.get("label"):
            qs = qs.filter(**{d["label"]: True})
        if d.get("unit"):
            qs = qs.filter(unit__path__startswith=d["unit"].path)
        if d.get("platform"):
            qs = qs.filter(platform=d["platform"])
        if d.get("phase"):
            qs = qs.filter(phase=d["phase"])
        if d.get("min_score") is not None:
            qs = qs.filter(score__gte=d["min_score"])
        # A range on the stored instant (not posted_at__date) so the (status, posted_at) index is used;
        # days are the office's local days.
        if d.get("date_from"):
            qs = qs.filter(posted_at__gte=_day_start(d["date_from"]))
        if d.get("date_to"):
            qs = qs.filter(posted_at__lt=_day_start(d["date_to"] + timedelta(days=1)))
        return qs


class ContentFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Cari akun"), required=False)
    platform = forms.ChoiceField(label=_("Platform"), required=False, choices=[("", _("Semua"))] + PLATFORMS)
    interaction = forms.ChoiceField(label=_("Interaksi"), required=False,
                                    choices=[("", _("Semua"))] + Interaction.choices)
    attributed = forms.ChoiceField(label=_("Pegawai"), required=False, choices=[
        ("", _("Semua")), ("yes", _("Sudah dikenali")), ("no", _("Belum dikenali"))])

    def apply(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        if d.get("q"):
            qs = qs.filter(handle__startswith=d["q"].strip().lstrip("@").lower())
        if d.get("platform"):
            qs = qs.filter(platform=d["platform"])
        if d.get("interaction"):
            qs = qs.filter(interaction=d["interaction"])
        if d.get("attributed") == "yes":
            qs = qs.filter(employee__isnull=False)
        elif d.get("attributed") == "no":
            qs = qs.filter(employee__isnull=True)
        return qs
