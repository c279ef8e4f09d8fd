"""Admin pages for integration tokens (create, list, revoke), scoped to the admin's units."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.api.forms import TokenForm
from netral.api.models import ApiToken
from netral.core.confirm import confirmation, confirmed
from netral.core.models import Role
from netral.core.scoping import get_scoped_or_404, role_required, scoped


@role_required(Role.ADMIN)
def token_list(request):
    raw = None
    if request.method == "POST":
        form = TokenForm(request.POST, user=request.user)
        if form.is_valid():
            token, raw = ApiToken.issue(name=form.cleaned_data["name"], unit=form.cleaned_data["unit"],
                                        operations=form.cleaned_data["operations"], created_by=request.user)
            messages.success(request, _("Token dibuat. Salin sekarang: token ini tidak akan ditampilkan lagi."))
            form = TokenForm(user=request.user)
    else:
        form = TokenForm(user=request.user)
    tokens = scoped(ApiToken, request.user).select_related("unit", "created_by")
    # The new token is in this one response only (never stored, never in a redirect's URL).
    response = render(request, "api/token_list.html", {"form": form, "tokens": tokens, "raw": raw})
    response["Cache-Control"] = "no-store, private"
    return response


@role_required(Role.ADMIN)
@require_POST
def token_revoke(request, pk):
    token = get_scoped_or_404(ApiToken, request.user, pk=pk)
    if token.revoked_at is None and not confirmed(request):
        return confirmation(
            request, title=_("Cabut token API"), button=_("Ya, cabut token"), cancel_url=reverse("api_token_list"),
            message=_("Token %(name)s (%(hint)s…, unit %(unit)s) akan dicabut. Sistem yang memakainya tidak dapat "
                      "mengirim atau membaca data lagi; pencabutan tidak dapat dibatalkan.")
            % {"name": token.name, "hint": token.hint, "unit": token.unit.name})
    if token.revoked_at is None:
        token.revoke()
        messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return redirect("api_token_list")
