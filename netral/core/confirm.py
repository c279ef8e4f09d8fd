"""Destructive actions confirm on the server, without JavaScript.

Every deletion or other destructive POST (delete an election, a unit, a risk point; revoke a token; reset
someone's 2FA; log out everywhere; send reminders to many people ...) needs `confirmed=yes` in its form.
A POST without it changes nothing and answers with a confirmation page (`core/confirm.html`) that names
what will happen and re-posts the same fields with `confirmed=yes` (the finding confirmation in
monitoring works the same way). A view does its permission and scope checks first, so a user who may
not act gets the same 403/404 as before, never a confirmation page:

    obj = get_scoped_or_404(Model, request.user, pk=pk)
    if not confirmed(request):
        return confirmation(request, title=_("Hapus ..."), message=_("... akan dihapus."), cancel_url=...)
    obj.delete()
"""

from django.shortcuts import render

FIELD = "confirmed"


def confirmed(request):
    return request.method == "POST" and request.POST.get(FIELD) == "yes"


def confirmation(request, *, title, message, cancel_url, button, details=(), danger=True):
    """The page a POST without `confirmed=yes` gets: `message` says what will happen, `details` lists
    the records or consequences, `button` is the label of the one button that does it."""
    return render(request, "core/confirm.html", {
        "title": title, "message": message, "details": list(details), "cancel_url": cancel_url,
        "button": button, "danger": danger, "action_url": request.path,
        "fields": [(k, v) for k in request.POST if k not in ("csrfmiddlewaretoken", FIELD)
                   for v in request.POST.getlist(k)],
    })
