"""The one pagination helper: `paginate(request, qs, size)`.

A list page never counts its whole table: the count reads at most `LIST_COUNT_CAP` rows (10,000 by default, or as
far as the requested page reaches), as `SELECT COUNT(*) FROM (SELECT ... LIMIT cap + 1)`. Beyond that the page says
"lebih dari 10.000" and offers the next page one by one; filters narrow the list. On a ministry's database (millions
of content items, a large audit log) a plain `Paginator` would read every row in scope on every page load.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap=None, number=1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        cap = settings.LIST_COUNT_CAP if cap is None else cap
        # Count far enough to know the requested page and whether one follows it.
        self.cap = max(cap, number * per_page)
        self.capped = False

    @cached_property
    def count(self):
        if not hasattr(self.object_list, "order_by"):  # a list: its length is known
            return len(self.object_list)
        n = self.object_list.order_by()[: self.cap + 1].count()
        if n > self.cap:
            # More rows than counted: one page past the cap exists, so "next" stays offered.
            self.capped = True
        return n


# A page number past this is "past the end" for any list (it still gives the last page): it bounds the LIMIT of the
# count, which the databases refuse past 2**63 (a 500 on every list page otherwise).
MAX_PAGE = 1_000_000


def page_number(request):
    try:
        return min(MAX_PAGE, max(1, int(request.GET.get("page") or 1)))
    except (TypeError, ValueError):
        return 1


def paginate(request, qs, size=50):
    """The page of `qs` that `?page=` asks for (a number that is not a positive whole number gives the first page,
    one past the end, however large, the last page), counted at most up to the cap."""
    number = page_number(request)
    return CappedPaginator(qs, size, number=number).get_page(number)
