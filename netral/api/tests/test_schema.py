"""schemathesis against the API's own OpenAPI schema (issue 18): no 500 and no response outside the schema.

The app is called in-process through WSGI with a valid token holding every operation, so that generated
requests reach the handlers (not only the 401). Examples are bounded so that the run stays under a minute.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from netral.api.models import ApiToken
from netral.core.models import OrgUnit, Role
from netral.test import make_user

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def token(db, settings):
    # The WSGI handler closes the database connection after each request (request_finished); inside a test
    # transaction that would close the test's own connection on PostgreSQL. Django's test client does the same.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield from _token(settings)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _token(settings):
    settings.API_RATE_PER_MINUTE = 100_000
    settings.ALLOWED_HOSTS = ["*"]
    unit = OrgUnit.objects.create(code="KW", name="Kanwil Uji", kind="kanwil")
    OrgUnit.objects.create(code="UPT-A", name="Lapas Uji", kind="lapas", parent=unit)
    admin = make_user("admin", Role.ADMIN, unit)
    _t, raw = ApiToken.issue(name="schemathesis", unit=unit, operations=["content:push", "roster:write",
                                                                        "findings:read", "cases:read"],
                             created_by=admin)
    yield raw


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_conforms_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
