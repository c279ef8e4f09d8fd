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


def paginate(request, qs, size=50, sort_few=None):
    """The page of `qs` that `?page=` asks for (a number that is not a positive whole number gives the first page,
    one past the end, however large, the last page), counted at most up to the cap.

    `sort_few`: another ordering of the same rows (an expression no index serves), used when the count finds at most
    `LIST_SORT_FEW` rows, which it then counts up to. For a search whose matches an index of their own finds (a
    trigram index): PostgreSQL otherwise tends to walk the ordering's index and filter, which reads everything newer
    than the matches when they lie together far back (an old object's entries); a few matches are found and sorted
    instead. Many matches keep the index walk, which then stops after a page."""
    number = page_number(request)
    cap = max(settings.LIST_COUNT_CAP, settings.LIST_SORT_FEW) if sort_few else None
    paginator = CappedPaginator(qs, size, cap=cap, number=number)
    if sort_few and paginator.count <= settings.LIST_SORT_FEW:
        paginator.object_list = qs.order_by(*sort_few)
    return paginator.get_page(number)
