"""Access rules of the API URLs for the access matrix (netral/core/tests/matrix.py).

The token pages are Admin pages like any other. The API itself takes a bearer token and nothing else: every
session persona (anonymous or logged in, whatever the role) gets a 401 and a POST changes nothing (TOKEN).
What a token may do (its operations, its unit) is tested in netral/api/tests/test_*.py.
"""

from netral.api.models import ApiToken
from netral.core.models import Role
from netral.core.tests.matrix import CONFIRMED, PUBLIC, TOKEN, Url


def build(fx, side):
    side.api_token, _raw = ApiToken.issue(name=f"Token {side.name}", unit=side.kanwil, operations=["cases:read"],
                                          created_by=side.staff)


ACCESS = {
    "api_token_list": Url((Role.ADMIN,), post=lambda s: {"name": "SIMPEG", "unit": s.upt.pk,
                                                         "operations": ["roster:write"]}, writes=True),
    "api_token_revoke": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.api_token.pk}, post=CONFIRMED, get=False,
                            writes=True),
    # The schema and its offline docs page describe the API; they hold no data.
    "api_home": Url(PUBLIC),
    "api-root": Url(PUBLIC, namespace="api"),  # shadowed by api_home: the same redirect to the docs
    "openapi-json": Url(PUBLIC, namespace="api"),
    "openapi-view": Url(PUBLIC, namespace="api"),
    "api_content_push": Url(TOKEN, namespace="api", post={"platform": "x"}, get=False),
    "api_roster": Url(TOKEN, namespace="api", post={"nip": "1"}, get=False),
    "api_findings": Url(TOKEN, namespace="api"),
    "api_cases": Url(TOKEN, namespace="api"),
    "api_case_detail": Url(TOKEN, namespace="api", kwargs=lambda s: {"case_id": s.case.pk}),
}
