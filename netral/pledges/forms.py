from django import forms
from django.utils.translation import gettext_lazy as _

from netral.core.forms import BootstrapMixin, validate_upload
from netral.core.uploads import check_content
from netral.core.models import OrgUnit, User
from netral.pledges.models import Event, PactTemplate, Regulation, TaskForce, TaskForceMember

PDF_MAX = 20 * 1024 * 1024
SCAN_MAX = 10 * 1024 * 1024

MAGIC = {
    "pdf": (b"%PDF-",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def check_magic(f, kinds, message):
    # The one content check in core (markup, PDF JavaScript, broken images refused too).
    check_content(f, kinds, message)
    return f


def clean_pdf(f, max_bytes=PDF_MAX):
    validate_upload(f, max_bytes=max_bytes, extensions=[".pdf"])
    return check_magic(f, ["pdf"], _("Berkas bukan PDF yang sah (isinya tidak diawali %PDF-)."))


def unit_field_setup(field, user):
    field.queryset = OrgUnit.objects.for_user(user)
    field.label_from_instance = lambda u: ("— " * u.depth) + u.name


class RegulationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Regulation
        fields = ["key", "kind", "title", "reference", "issued_on", "summary", "file", "order"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 6})}

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if f and hasattr(f, "content_type"):  # a new upload, not the stored file
            clean_pdf(f)
        return f


class EventForm(BootstrapMixin, forms.ModelForm):
    online_link = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = ["kind", "title", "election", "starts_at", "unit", "targets", "place", "online_link", "speakers",
                  "materials", "material_file", "pledge_text", "qr_valid_hours"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "speakers": forms.Textarea(attrs={"rows": 2}), "materials": forms.Textarea(attrs={"rows": 3}),
                   "pledge_text": forms.Textarea(attrs={"rows": 5}),
                   "targets": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_setup(self.fields["unit"], user)
        unit_field_setup(self.fields["targets"], user)
        self.fields["election"].required = False
        if not self.instance.pk and user.unit_id:
            self.initial.setdefault("unit", user.unit_id)

    def clean_material_file(self):
        f = self.cleaned_data.get("material_file")
        if f and hasattr(f, "content_type"):
            clean_pdf(f)
        return f


class PactTemplateForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PactTemplate
        fields = ["election", "unit", "title", "place", "pact_date", "body"]
        widgets = {"pact_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "body": forms.Textarea(attrs={"rows": 18, "class": "font-monospace small"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_setup(self.fields["unit"], user)
        if not self.instance.pk and user.unit_id:
            self.initial.setdefault("unit", user.unit_id)
        if self.instance.pk and self.instance.pacts.exists():
            # Pacts freeze their text when generated; changing the template later would make the
            # register inconsistent, so election and unit are fixed once pacts exist.
            for name in ("election", "unit"):
                self.fields[name].disabled = True


class SignForm(BootstrapMixin, forms.Form):
    consent = forms.BooleanField(label=_("Saya telah membaca seluruh naskah pakta di atas dan menyetujuinya."),
                                 required=True)
    nip = forms.CharField(label=_("Ketik ulang NIP Anda"), max_length=40,
                          widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    text_sha256 = forms.CharField(widget=forms.HiddenInput)


class ScanForm(BootstrapMixin, forms.Form):
    scan = forms.FileField(label=_("Pindaian pakta bertanda tangan (PDF, JPEG atau PNG, maks. 10 MB)"))
    replace = forms.BooleanField(label=_("Ganti pakta yang sudah sah (pakta lama tetap tersimpan sebagai riwayat)"),
                                 required=False)
    reason = forms.CharField(label=_("Alasan penggantian"), max_length=255, required=False)

    def clean_scan(self):
        f = validate_upload(self.cleaned_data.get("scan"), max_bytes=SCAN_MAX,
                            extensions=[".pdf", ".jpg", ".jpeg", ".png"])
        return check_magic(f, ["pdf", "jpeg", "png"],
                           _("Isi berkas bukan PDF, JPEG atau PNG yang sah (jenis berkas diperiksa dari isinya)."))


class AttendanceImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Daftar hadir (CSV atau Excel, kolom NIP)"))

    def clean_file(self):
        return validate_upload(self.cleaned_data.get("file"), max_bytes=10 * 1024 * 1024,
                               extensions=[".csv", ".xlsx", ".txt"])


class TaskForceForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = TaskForce
        fields = ["kind", "name", "unit", "election", "decree_number", "decree_date", "decree_file", "covered_units",
                  "duties", "is_active"]
        widgets = {"decree_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "duties": forms.Textarea(attrs={"rows": 5}),
                   "covered_units": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_setup(self.fields["unit"], user)
        unit_field_setup(self.fields["covered_units"], user)
        self.fields["election"].required = False
        if not self.instance.pk and user.unit_id:
            self.initial.setdefault("unit", user.unit_id)

    def clean_decree_file(self):
        f = self.cleaned_data.get("decree_file")
        if f and hasattr(f, "content_type"):
            clean_pdf(f)
        return f

    def clean(self):
        data = super().clean()
        unit, covered = data.get("unit"), data.get("covered_units")
        if unit and covered:
            outside = [u.name for u in covered if not u.path.startswith(unit.path)]
            if outside:
                raise forms.ValidationError(_("Unit yang diawasi harus berada di bawah unit pembentuk: %(u)s.")
                                            % {"u": ", ".join(outside)})
        return data


class MemberForm(BootstrapMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Pengguna"), queryset=User.objects.none())
    position = forms.ChoiceField(label=_("Kedudukan"), choices=TaskForceMember.Position.choices)

    def __init__(self, *args, user, task_force, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.for_user(user).filter(is_active=True).exclude(
            pk__in=task_force.members.values("user_id")).select_related("unit").order_by("first_name", "username")
        self.fields["user"].label_from_instance = lambda u: f"{u} — {u.get_role_display()}, {u.unit}"
