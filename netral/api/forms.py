from django import forms
from django.utils.translation import gettext_lazy as _

from netral.api.models import OPERATIONS
from netral.core.forms import BootstrapMixin
from netral.core.models import OrgUnit


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Nama integrasi"), max_length=100,
                           help_text=_("Misalnya: SIMPEG Kanwil, perayap media sosial."))
    unit = forms.ModelChoiceField(label=_("Unit (cakupan)"), queryset=OrgUnit.objects.none(),
                                  help_text=_("Token hanya melihat dan mengubah data unit ini dan di bawahnya."))
    operations = forms.MultipleChoiceField(label=_("Operasi yang diizinkan"), choices=OPERATIONS,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_user(user)
