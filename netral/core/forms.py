from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from netral.core.imports import MAX_YEAR, MIN_YEAR
from netral.core.models import OfficeProfile, OrgUnit, Role, User


class PkMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of objects whose submitted ids are checked to be ids (`scoping.as_pk`) before any query: Django's
    own field sends "99999999999999999999" to the database, which SQLite refuses with an OverflowError (a 500)."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk" and isinstance(value, list | tuple):
            from netral.core.scoping import as_pk

            for v in value:
                if as_pk(v) is None:
                    raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                                params={"value": str(v)[:40]})
        return super()._check_values(value)


def plausible_year(value):
    """Years a date typed into Netral can have (core.imports.MIN_YEAR/MAX_YEAR, the imports' rule too). A date picker
    accepts 0001 and 9999: stored, they are nonsense (a hearing in 9999); in a filter, adding one day to 9999-12-31
    raised OverflowError (a 500)."""
    if value is not None and hasattr(value, "year") and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise forms.ValidationError(_("Tahun %(year)s tidak masuk akal: isi tanggal antara %(min)s dan %(max)s."),
                                    code="year", params={"year": value.year, "min": MIN_YEAR, "max": MAX_YEAR})


class BootstrapMixin:
    """Adds Bootstrap classes so every form in Netral looks the same without a form library; makes every multiple
    choice of objects a `PkMultipleChoiceField` (explicit fields and the ManyToMany fields of model forms alike) and
    every date field refuse years outside MIN_YEAR..MAX_YEAR (`plausible_year`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = PkMultipleChoiceField
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(plausible_year)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def full_clean(self):
        super().full_clean()
        for name in getattr(self, "_errors", None) or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class HiddenUniqueMixin:
    """A unique-value clash (NIP, user name, unit code) gets one message that does not say the
    value exists: the clash may be with a row in another Kanwil, and an error must never confirm
    that (docs/security.md, "Scoping rules"). Same text whether the other row is in scope or not."""

    def validate_unique(self):
        from django.core.exceptions import ValidationError

        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions())
        except ValidationError as e:
            errors = {}
            for field, errs in e.error_dict.items():
                label = self.fields[field].label if field in self.fields else field
                errors[field] = [
                    ValidationError(_("%(field)s ini tidak dapat dipakai. Periksa kembali, atau hubungi admin bila "
                                      "data ini perlu dipindahkan ke unit Anda.") % {"field": label}, code="unique")
                    if err.code == "unique" else err for err in errs]
            self._update_errors(ValidationError(errors))


def validate_upload(f, *, max_bytes=None, extensions=None, kinds=None):
    """Shared check for every upload: size and extension, with Indonesian messages; with `kinds`
    (pdf, jpeg, png, gif, webp, xlsx, csv) also what the content really is (core/uploads.py)."""
    max_bytes = max_bytes or settings.MAX_UPLOAD_SIZE
    if f is None:
        raise forms.ValidationError(_("Pilih berkas untuk diunggah."))
    if f.size == 0:
        raise forms.ValidationError(_("Berkas kosong."))
    if f.size > max_bytes:
        raise forms.ValidationError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(max)s MB.")
            % {"size": round(f.size / 1048576, 1), "max": round(max_bytes / 1048576, 1)}
        )
    if extensions:
        name = (f.name or "").lower()
        if not name.endswith(tuple(extensions)):
            raise forms.ValidationError(
                _("Jenis berkas tidak didukung. Gunakan: %(ext)s.") % {"ext": ", ".join(extensions)}
            )
    if kinds:
        from netral.core.uploads import check_content

        check_content(f, kinds)
    return f


class OrgUnitForm(HiddenUniqueMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent", "province", "regency", "address", "is_active"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        qs = OrgUnit.objects.for_user(user)
        if self.instance.pk:
            qs = qs.exclude(path__startswith=self.instance.path)
            if self.instance.parent_id:
                # A Kanwil admin's own Kanwil hangs under the ministry, outside their scope: it keeps that parent
                # (otherwise its name and address could never be saved), it is not moved anywhere else.
                qs = qs | OrgUnit.objects.filter(pk=self.instance.parent_id)
        self.fields["parent"].queryset = qs
        self.fields["parent"].label_from_instance = lambda u: ("— " * u.depth) + u.name
        # Only an unscoped superuser may create a root unit (a ministry).
        self.fields["parent"].required = not (user.is_superuser and user.unit_id is None)

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class UnitImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Berkas CSV atau Excel"))

    def clean_file(self):
        return validate_upload(self.cleaned_data.get("file"), max_bytes=10 * 1024 * 1024,
                               extensions=[".csv", ".xlsx", ".txt"])


class UserForm(HiddenUniqueMixin, BootstrapMixin, forms.ModelForm):
    password = forms.CharField(
        label=_("Kata sandi"), required=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Kosongkan untuk mempertahankan kata sandi lama."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "unit", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user)
        self.fields["unit"].required = True
        self.fields["unit"].label_from_instance = lambda u: ("— " * u.depth) + u.name
        # Django's own help text reads "150 karakter atau sedikit" in Indonesian.
        self.fields["username"].help_text = _("Paling banyak 150 karakter: huruf, angka, dan @ . + - _ saja.")
        if not self.instance.pk:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean_password(self):
        pw = self.cleaned_data.get("password")
        if pw:
            validate_password(pw, self.instance)
        return pw

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class AuditFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Cari objek"), required=False)
    model = forms.ChoiceField(label=_("Jenis data"), required=False)
    action = forms.ChoiceField(label=_("Tindakan"), required=False)
    actor = forms.CharField(label=_("Pelaku"), required=False)
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    scope = forms.ChoiceField(label=_("Cakupan"), required=False, choices=[
        ("", _("Semua")), ("units", _("Data unit kerja")), ("national", _("Data referensi nasional"))])

    def __init__(self, *args, models=(), national=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not national:  # only an Admin sees the audit of national reference data
            del self.fields["scope"]
        self.fields["model"].choices = [("", _("Semua"))] + [(m, m) for m in models]
        from netral.core.models import AuditEntry

        self.fields["action"].choices = [("", _("Semua"))] + list(AuditEntry.Action.choices)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data


ROLE_CHOICES = Role.choices


class OfficeProfileForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = OfficeProfile
        fields = ["parent_name", "name", "address", "city", "phone", "email", "website",
                  "head_title", "head_name", "head_nip", "helpdesk", "logo"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2}), "logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg"})}

    def clean_head_nip(self):
        from netral.people.nip import NIPError, parse_nip  # people depends on core, not the reverse

        nip = (self.cleaned_data.get("head_nip") or "").strip().replace(" ", "")
        if nip:
            try:
                parse_nip(nip)
            except NIPError as exc:
                raise forms.ValidationError(str(exc)) from None
        return nip

    def clean_logo(self):
        f = self.cleaned_data.get("logo")
        if not f or not hasattr(f, "read") or getattr(f, "_committed", False):
            return f
        validate_upload(f, max_bytes=1024 * 1024)
        head = f.read(16)
        f.seek(0)
        # By content, not by name: only PNG and JPEG (an SVG can carry script).
        if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
            raise forms.ValidationError(_("Logo harus berupa gambar PNG atau JPEG."))
        return f
