"""Attributing captured content to employees through their declared accounts.

Content is captured by handle; when an employee's account is recorded later (declared,
found, imported), items already captured under that (platform, handle) get the account, the
employee and the employee's unit. Wired as a post_save receiver on SocialAccount (apps.py),
and callable by hand (`attribute_account`) or for everything (`attribute_all`).

Scope rule (docs/security.md): an item only moves *down its own tree*. Its unit must be the
employee's unit or a unit above it, so whoever captured it still sees it after the move.
Content that another UPT or another Kanwil captured under the same handle is never taken:
declaring a handle must not pull another office's content and findings into the declarer's unit.
"""

from django.db import transaction

from netral.core import audit
from netral.core.models import PATH_STEP
from netral.monitoring.models import ContentItem, Finding


def unit_and_ancestors(unit):
    """Paths of `unit` and every unit above it (the units whose scope contains `unit`)."""
    step = PATH_STEP + 1
    return [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]


def attribute_account(account):
    if account.removed_at is not None:
        return 0
    emp = account.employee
    with transaction.atomic():
        qs = ContentItem.objects.filter(platform=account.platform, handle=account.handle, account__isnull=True,
                                        unit__path__in=unit_and_ancestors(emp.unit))
        ids = list(qs.values_list("pk", flat=True))
        if not ids:
            return 0
        ContentItem.objects.filter(pk__in=ids).update(account=account, employee=emp, unit=emp.unit_id)
        Finding.objects.filter(content_id__in=ids).update(employee=emp, unit=emp.unit_id)
        audit.record("event", model="people.socialaccount", object_pk=account.pk, object_repr=str(account),
                     unit_path=emp.unit.path, after={"content_items": len(ids)},
                     note="konten yang sudah tertangkap dikaitkan ke pegawai")
    return len(ids)


def attribute_all():
    from netral.people.models import SocialAccount

    pairs = ContentItem.objects.filter(account__isnull=True).exclude(handle="").values_list(
        "platform", "handle").distinct()
    total = 0
    for platform, handle in pairs:
        acc = SocialAccount.objects.current().filter(platform=platform, handle=handle).select_related(
            "employee__unit").first()
        if acc:
            total += attribute_account(acc)
    return total


def on_account_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    attribute_account(instance)
