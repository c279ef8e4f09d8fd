"""Who viewed which sensitive record (UU PDP: access to personal data is accountable).

One line in a detail view, after the scoped fetch:

    from netral.core.access import record_access
    emp = get_scoped_or_404(Employee, request.user, pk=pk)
    record_access(request, emp)

Rows land in core.AccessLog, scoped by the record's unit (an Admin sees the views of records in
their units, /audit/akses/), and are kept RETENTION_ACCESS_LOG_DAYS days (core.retention).
"""

from netral.core.audit import _unit_path
from netral.core.models import AccessLog


def record_access(request, obj, kind=None):
    user = request.user
    return AccessLog.objects.create(
        user=user if user.is_authenticated else None,
        username=getattr(user, "username", "") or "anonim",
        kind=kind or obj._meta.label_lower,
        object_pk=str(obj.pk),
        object_repr=str(obj)[:255],
        unit_path=_unit_path(obj) or "",
    )
