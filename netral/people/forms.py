from django import forms
from django.utils.translation import gettext_lazy as _

from netral.core.forms import BootstrapMixin, HiddenUniqueMixin, validate_upload
from netral.core.models import OrgUnit
from netral.people.accounts import PLATFORMS
from netral.people.models import Employee, EmploymentType, PositionClass
from netral.people.roster_import import FIELDS


def unit_field_setup(field, user):
    field.queryset = OrgUnit.objects.for_user(user).filter(is_active=True)
    field.label_from_instance = lambda u: ("— " * max(0, u.depth - (user.unit.depth if user.unit_id else 0))) + u.name


class EmployeeForm(HiddenUniqueMixin, BootstrapMixin, forms.ModelForm):
    move_note = forms.CharField(label=_("Catatan perpindahan unit"), required=False, max_length=255,
                                help_text=_("Diisi bila unit kerja berubah (misalnya nomor SK mutasi)."))

    class Meta:
        model = Employee
        fields = ["name", "employment_type", "nip", "nik", "internal_id", "unit", "position", "position_class",
                  "grade", "email", "phone", "is_active", "end_date"]
        widgets = {"end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_setup(self.fields["unit"], user)
        self.fields["nip"].help_text = _("18 digit: tanggal lahir, TMT CPNS, jenis kelamin, nomor urut.")


class EmployeeFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Cari nama / NIP"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
                                  empty_label=_("Semua unit"))
    type = forms.ChoiceField(label=_("Jenis"), required=False,
                             choices=[("", _("Semua jenis"))] + list(EmploymentType.choices))
    position_class = forms.ChoiceField(label=_("Kelas jabatan"), required=False,
                                       choices=[("", _("Semua kelas"))] + list(PositionClass.choices))
    accounts = forms.ChoiceField(label=_("Akun medsos"), required=False,
                                 choices=[("", _("Semua")), ("ya", _("Punya akun")), ("tidak", _("Belum ada akun"))])
    active = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("ya", _("Aktif")), ("tidak", _("Tidak aktif")), ("semua", _("Semua"))])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_setup(self.fields["unit"], user)

    def apply(self, qs):
        if not self.is_valid():
            return qs.filter(is_active=True)
        d = self.cleaned_data
        qs = qs.search(d.get("q"))
        if d.get("unit"):
            qs = qs.filter(unit__path__startswith=d["unit"].path)
        if d.get("type"):
            qs = qs.filter(employment_type=d["type"])
        if d.get("position_class"):
            qs = qs.filter(position_class=d["position_class"])
        if d.get("accounts") == "ya":
            qs = qs.with_accounts(True)
        elif d.get("accounts") == "tidak":
            qs = qs.with_accounts(False)
        active = d.get("active") or "ya"
        if active == "ya":
            qs = qs.filter(is_active=True)
        elif active == "tidak":
            qs = qs.filter(is_active=False)
        return qs


class AccountForm(BootstrapMixin, forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=PLATFORMS)
    handle = forms.CharField(label=_("Nama akun atau URL profil"), max_length=500,
                             help_text=_("Contoh: @budi.santoso atau https://www.instagram.com/budi.santoso/"))
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            max_length=2000)


class RemoveAccountForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Alasan penghapusan"), max_length=255,
                             help_text=_("Misalnya: akun sudah ditutup, bukan milik pegawai ini."))


class RosterUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Berkas daftar pegawai (CSV atau Excel .xlsx)"))

    def clean_file(self):
        return validate_upload(self.cleaned_data.get("file"), max_bytes=20 * 1024 * 1024,
                               extensions=[".csv", ".xlsx", ".txt"])


class MappingForm(BootstrapMixin, forms.Form):
    """One select per roster field, choosing the column of the uploaded file that holds it."""

    def __init__(self, *args, header, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— tidak ada —"))] + [(h, h) for h in header if h]
        for key, label, _aliases in FIELDS:
            # Added after BootstrapMixin styled the (then empty) form, so styled here.
            self.fields[key] = forms.ChoiceField(label=label, required=False, choices=choices,
                                                 initial=initial_mapping.get(key, ""),
                                                 widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def mapping(self):
        return {k: v for k, v in self.cleaned_data.items() if v}


class LoginIssueForm(BootstrapMixin, forms.Form):
    """Which employees get a login: ticked ones, or every active employee of a unit (and below)."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
                                  empty_label=_("Pilih unit"))
    whole_unit = forms.BooleanField(label=_("Semua pegawai aktif unit ini yang belum punya akun"), required=False)
    ids = forms.ModelMultipleChoiceField(queryset=Employee.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_setup(self.fields["unit"], user)
        self.fields["ids"].queryset = Employee.objects.for_user(user).active()

    def clean(self):
        data = super().clean()
        if data.get("whole_unit") and not data.get("unit"):
            self.add_error("unit", _("Pilih unit yang pegawainya dibuatkan akun."))
        elif not data.get("whole_unit") and not data.get("ids"):
            raise forms.ValidationError(_("Pilih minimal satu pegawai, atau centang semua pegawai unit."))
        return data

    def employees(self):
        d = self.cleaned_data
        if d.get("whole_unit"):
            return list(self.fields["ids"].queryset.filter(unit__path__startswith=d["unit"].path, user__isnull=True))
        return list(d["ids"])


class ActivationForm(BootstrapMixin, forms.Form):
    """The employee chooses their password (Django's password validators apply)."""

    password1 = forms.CharField(label=_("Kata sandi baru"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            try:
                validate_password(p1, self.user)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        return data
