"""Triage of a report into a new or an existing case, through the cases app's action API
(`open_case`, `attach_report`; the link is the cases app's generic CaseLink, so whistle holds no
foreign key into cases). Every lookup is scoped to the user. The report's text is never copied
into the case: the case points at the report, whose content stays sealed here."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.cases.actions import CaseError, attach_report, open_case
from netral.cases.models import Case, Source
from netral.core import audit
from netral.core.forms import BootstrapMixin
from netral.core.models import OrgUnit
from netral.whistle.models import Report


class TriageForm(BootstrapMixin, forms.Form):
    case = forms.ModelChoiceField(label=gettext_lazy("Kasus yang sudah ada"), queryset=Case.objects.none(),
                                  required=False, empty_label=gettext_lazy("— buka kasus baru —"))
    title = forms.CharField(label=gettext_lazy("Judul kasus baru"), max_length=200, required=False)
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit kasus baru"), queryset=OrgUnit.objects.none(),
                                  required=False)

    def __init__(self, *args, user, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = Case.objects.for_user(user).open().order_by("-opened_at")
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user).filter(is_active=True)
        self.fields["unit"].initial = report.unit_id
        self.fields["title"].initial = _("Pengaduan %(n)s") % {"n": report.number}

    def clean(self):
        data = super().clean()
        if not data.get("case") and not (data.get("title") or "").strip():
            raise forms.ValidationError(_("Pilih kasus yang ada atau isi judul kasus baru."))
        return data


def form_for(request, report, data=None):
    return TriageForm(data, user=request.user, report=report)


def context(request, report, form=None):
    visible = Case.objects.for_user(request.user)
    cases = [c for c in report.cases() if visible.filter(pk=c.pk).exists()]
    return {"triage_available": True, "triage_form": form or form_for(request, report),
            "linked_cases": [(c, reverse("case_detail", args=[c.pk])) for c in cases]}


def triage(report, user, *, case=None, title="", unit=None):
    """Link the report to `case`, or open a case (source "pengaduan") and link it."""
    if report.status in (Report.Status.MERGED, Report.Status.REJECTED, Report.Status.TRIAGED):
        raise ValidationError(_("Pengaduan ini sudah diputuskan (%(status)s).") % {"status": report.get_status_display()})
    try:
        with transaction.atomic():
            if case is None:
                case = open_case(user=user, unit=unit or report.unit, source=Source.REPORT, title=title,
                                 description=_("Dari pengaduan %(n)s. Isi pengaduan dan buktinya tersimpan terenkripsi "
                                               "di modul pengaduan.") % {"n": report.number})
            attach_report(case, report, user, kind="report", label=report.number)
            with audit.acting_as(user):
                report = Report.objects.select_for_update().get(pk=report.pk)
                if report.acknowledged_on is None:
                    report.acknowledged_on = timezone.localdate()
                report.status = Report.Status.TRIAGED
                report.decided_on = timezone.localdate()
                report.save()
    except CaseError as exc:
        raise ValidationError(str(exc)) from exc
    return case


def run(request, report, form):
    data = form.cleaned_data
    return triage(report, request.user, case=data.get("case"), title=data.get("title") or "", unit=data.get("unit"))
