from django.db.models import Count, Q

from netral.people.models import Employee, SocialAccount


def roster_card(request):
    qs = Employee.objects.for_user(request.user).filter(is_active=True)
    by_type = dict(qs.values_list("employment_type").annotate(n=Count("pk")))
    total = sum(by_type.values())
    with_accounts = qs.with_account_flag().filter(has_accounts=True).count()
    return {"total": total, "by_type": by_type, "with_accounts": with_accounts,
            "without_accounts": total - with_accounts,
            "accounts": SocialAccount.objects.for_user(request.user).current().count()}
