"""The access matrix (issue 11, point 3; docs/security.md, "Access matrix").

Every URL of the URL conf is requested as every persona, with an object in and out of the
persona's scope for each URL kwarg: GETs (pages, exports, htmx partials) and POSTs. A POST that
the persona may not make must leave the database exactly as it was. Every request runs inside a
savepoint that is rolled back, so the one class-level fixture serves all of them.

A named URL that no app declares in its `tests/access.py`, or whose kwargs the declared builder
does not fill, fails `test_every_url_is_declared`: a new view without a declared access rule
cannot pass CI.
"""

import copy
import hashlib
import importlib
import os
import shutil
import tempfile
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from netral.core import audit
from netral.core.models import Role
from netral.core.tests.matrix import PUBLIC, TOKEN, Url
from netral.test import Personas, make_user

# Build order: an app's builder may use what the ones before it made.
APP_ORDER = ["core", "people", "elections", "pledges", "monitoring", "cases"]
# URL names outside the matrix: Django's own admin site (is_staff check of its own, no Netral
# data reachable without it); listed so that the exclusion is explicit.
NOT_IN_MATRIX_PREFIXES = ("django-admin/",)
SKIP_MODELS = {"sessions.session"}
# MATRIX_ONLY=url_name,url_name limits the matrix while working on a view (never set in CI).
ONLY = {n for n in os.environ.get("MATRIX_ONLY", "").split(",") if n}


def registries():
    labels = [a.label for a in apps.get_app_configs() if a.name.startswith("netral.")]
    ordered = [a for a in APP_ORDER if a in labels] + sorted(a for a in labels if a not in APP_ORDER)
    out = []
    for label in ordered:
        name = apps.get_app_config(label).name
        try:
            module = importlib.import_module(f"{name}.tests.access")
        except ModuleNotFoundError as e:
            if e.name != f"{name}.tests.access" and e.name != f"{name}.tests":
                raise
            continue
        out.append((label, module))
    return out


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from all_patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def declared():
    rules = {}
    for _label, module in registries():
        for name, rule in module.ACCESS.items():
            rules[name] = rule
    return rules


def unnamed_declared():
    """Routes without a name (redirects of old addresses) that an app lists, with a reason, in UNNAMED."""
    out = {}
    for _label, module in registries():
        out.update(getattr(module, "UNNAMED", {}))
    return out


def snapshot():
    """A digest per table of every row: what "the database did not change" is compared on."""
    out = {}
    for model in apps.get_models():
        if model._meta.label_lower in SKIP_MODELS or model._meta.proxy:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        out[model._meta.label_lower] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return out


def write_count():
    """Rows written so far on this connection (SQLite's total_changes()), None elsewhere."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0]


class Rollback(Exception):
    pass


class AccessMatrixTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()
        cls.other_pengawas = make_user("other_pengawas", Role.PENGAWAS, cls.other_kanwil)
        cls.other_pegawai = make_user("other_pegawai", Role.PEGAWAI, cls.upt_c)
        cls.fx = fx = SimpleNamespace()
        fx.inside = SimpleNamespace(name="in", upt=cls.upt_a, kanwil=cls.kanwil, staff=cls.admin,
                                    pegawai_user=cls.pegawai)
        fx.outside = SimpleNamespace(name="out", upt=cls.upt_c, kanwil=cls.other_kanwil, staff=cls.other_admin,
                                     pegawai_user=cls.other_pegawai)
        # The fixture's files live in a folder of the class (the per-test MEDIA_ROOT of conftest.py
        # would not have them); check_app points MEDIA_ROOT at it.
        cls.media_root = tempfile.mkdtemp(prefix="netral-matrix-")
        cls.addClassCleanup(shutil.rmtree, cls.media_root, ignore_errors=True)
        with audit.acting_as(cls.admin), override_settings(MEDIA_ROOT=cls.media_root):
            for _label, module in registries():
                for side in (fx.inside, fx.outside):
                    module.build(fx, side)
            for _label, module in registries():
                for side in (fx.inside, fx.outside):
                    if hasattr(module, "finish"):
                        module.finish(fx, side)
        # Who sees which side: the personas under the Kanwil of UPT-A see "in", those of the
        # other Kanwil see "out"; the operator of UPT-B (outsider) sees neither.
        cls.personas = [
            ("anonymous", None, set()),
            ("admin", cls.admin, {"in"}), ("pimpinan", cls.pimpinan, {"in"}), ("pengawas", cls.pengawas, {"in"}),
            ("operator", cls.operator, {"in"}), ("pegawai", cls.pegawai, {"in"}),
            ("outsider", cls.outsider, set()), ("other_pengawas", cls.other_pengawas, {"out"}),
            ("other_admin", cls.other_admin, {"out"}),
        ]

    # --- the registry covers the URL conf ----------------------------------------------------------

    def coverage_problems(self, rules, patterns):
        """What keeps the matrix from covering the URL conf: undeclared URLs, kwargs not filled."""
        missing, unfilled = [], []
        unnamed = unnamed_declared()
        for route, p in patterns:
            if route.startswith(NOT_IN_MATRIX_PREFIXES) or (not p.name and route in unnamed):
                continue
            if not p.name or p.name not in rules:
                missing.append(p.name or route)
                continue
            rule = rules[p.name]
            wanted = set(p.pattern.converters)
            for side in (self.fx.inside, self.fx.outside):
                got = set(rule.kwargs(side)) if rule.kwargs else set()
                if got != wanted:
                    unfilled.append(f"{p.name}: {sorted(wanted)} != {sorted(got)}")
        return missing, unfilled

    def test_every_url_is_declared(self):
        rules = declared()
        missing, unfilled = self.coverage_problems(rules, list(all_patterns()))
        assert not missing, f"URLs without an access rule in any tests/access.py: {missing}"
        assert not unfilled, f"URL kwargs not filled by the declared builder: {unfilled}"
        stale = set(rules) - {p.name for _r, p in all_patterns()}
        assert not stale, f"access rules for URLs that no longer exist: {sorted(stale)}"

    def test_a_new_view_without_a_rule_or_with_new_kwargs_is_caught(self):
        from django.urls import path

        def view(request, **kwargs):  # pragma: no cover - never requested
            raise AssertionError

        patterns = list(all_patterns()) + [
            ("laporan/", path("laporan/", view, name="report_new")),
            ("pegawai/<int:pk>/<int:year>/", path("pegawai/<int:pk>/<int:year>/", view, name="employee_detail")),
        ]
        missing, unfilled = self.coverage_problems(declared(), patterns)
        assert missing == ["report_new"]
        assert unfilled and all(u.startswith("employee_detail: ['pk', 'year']") for u in unfilled)

    # --- the matrix ----------------------------------------------------------------------------

    def expected(self, rule: Url, role, sees, side):
        """'ok', 'login', 'forbidden' (403/404) or 'hidden' (404)."""
        if rule.roles == PUBLIC:
            return "ok"
        if rule.roles == TOKEN:
            return "token"
        if role is None:
            return "login"
        if role not in rule.roles:
            return "forbidden"
        if rule.kwargs and rule.scoped and side.name not in sees:
            return "hidden"
        return "ok"

    def request(self, client, method, url, data, query, htmx, base):
        """Make one request inside a rolled-back savepoint. Returns (response, changed tables or
        None when not compared). `base` returns the digest of the untouched database."""
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        # A logout or a language switch rewrites the cookies; the next request must still be
        # made as the same persona, in Indonesian.
        cookies = copy.deepcopy(client.cookies)
        compare = method == "post"
        changed = None
        if compare:
            base()  # taken now, before this request writes anything
        try:
            with transaction.atomic():
                before = write_count()
                if method == "get":
                    response = client.get(url, query, **headers)
                else:
                    response = client.post(url, data, **headers)
                if compare:
                    # Cheap first look (SQLite counts the rows written); the digest of every
                    # table decides when anything was written at all.
                    if before is not None and write_count() == before:
                        changed = []
                    else:
                        after = snapshot()
                        changed = sorted(k for k, v in after.items() if base()[k] != v)
                raise Rollback
        except Rollback:
            pass
        client.cookies = cookies
        return response, changed

    def check_app(self, label):
        module = dict(registries())[label]
        names = {p.name: p for _r, p in all_patterns() if p.name}
        login_url = reverse(settings.LOGIN_URL) if not settings.LOGIN_URL.startswith("/") else settings.LOGIN_URL
        checked, posts, problems = 0, 0, []
        for persona, user, sees in self.personas:
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            role = user.role if user is not None else None
            digest = {}

            def base():
                # The fixture as it is for this persona (the login itself wrote last_login).
                if not digest:
                    digest.update(snapshot())
                return digest

            for name, rule in module.ACCESS.items():
                if name not in names or (ONLY and name not in ONLY):
                    continue
                sides = [self.fx.inside]
                # A persona without the role gets the same 403 whatever the object: one side is enough.
                role_ok = rule.roles == PUBLIC or (role is not None and role in rule.roles)
                if (rule.kwargs or callable(rule.post)) and role_ok:
                    sides.append(self.fx.outside)
                for side in sides:
                    url = reverse(f"{rule.namespace}:{name}" if rule.namespace else name,
                                  kwargs=rule.kwargs(side) if rule.kwargs else None)
                    want = self.expected(rule, role, sees, side)
                    post_scoped_out = (not rule.kwargs and callable(rule.post) and rule.roles != PUBLIC
                                       and side.name not in sees)
                    variants = [("get", rule.query, rule.htmx)] + [("get", q, h) for q, h in rule.also]
                    variants.append(("post", {}, rule.htmx))
                    for method, query, htmx in variants:
                        if method == "get" and not rule.get and want in ("ok", "hidden", "token"):
                            continue
                        if method == "post" and rule.post is None:
                            continue
                        data = rule.post(side) if callable(rule.post) else (rule.post or {})
                        denied = want != "ok" or post_scoped_out
                        where = (f"{name} as {persona}, {side.name}side object, {method.upper()}"
                                 + (" (htmx)" if htmx else "") + (f" ?{query}" if query else ""))
                        r, changed = self.request(client, method, url, data, query, htmx, base)
                        checked += 1
                        posts += method == "post"
                        problem = self.judge(r, changed, want, method, rule, denied, login_url,
                                             side.name in sees and role in self.roles_of(rule, role))
                        if problem:
                            problems.append(f"{where}: {problem}")
        # The size of the matrix, for docs/security.md ("Access matrix"); shown with pytest -s.
        print(f"MATRIX {label}: {len(module.ACCESS)} URLs, {len(self.personas)} personas, {checked} requests, "
              f"{posts} POSTs")
        assert not problems, f"{len(problems)} of {checked} requests broke the access rules:\n" + "\n".join(problems)
        return checked

    @staticmethod
    def roles_of(rule, role):
        return (role,) if rule.roles == PUBLIC else rule.roles

    @staticmethod
    def judge(r, changed, want, method, rule, denied, login_url, owner):
        status = r.status_code
        if status >= 500:
            exc = getattr(r, "exc_info", None)
            return f"{status} server error" + (f" ({exc[0].__name__}: {exc[1]})" if exc else "")
        if want == "token" and status != 401:
            return f"{status}, expected 401 (bearer token only, no session)"
        if want == "login" and not (status == 302 and r["Location"].startswith(login_url)):
            return f"{status}, expected a redirect to the login page"
        if want == "forbidden" and status not in (403, 404):
            return f"{status}, expected 403/404 (role not allowed)"
        if want == "hidden" and status != 404:
            return f"{status}, expected 404 (object out of scope)"
        if want == "ok" and method == "get" and status not in (200, 302):
            return f"{status}, expected 200/302"
        if method == "post" and denied and changed:
            return f"database changed by a refused POST: {changed}"
        if method == "post" and not denied and rule.writes and owner and not changed:
            form = (r.context or {}).get("form") if r.context is not None else None
            errors = dict(form.errors) if form is not None and hasattr(form, "errors") else ""
            return f"the declared POST data changed nothing (fix the registry) {errors}"
        return ""


def _make_test(label):
    def test(self):
        with self.settings(MEDIA_ROOT=self.media_root):
            self.check_app(label)
    test.__name__ = f"test_matrix_{label}"
    return test


for _label, _module in registries():
    setattr(AccessMatrixTests, f"test_matrix_{_label}", _make_test(_label))

