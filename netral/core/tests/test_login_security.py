import time

from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from netral.core import totp
from netral.core.models import AuditEntry, LoginEvent, RecoveryCode, User
from netral.test import BaseTestCase

PASSWORD = "sandi-yang-kuat-2024"


class PasswordPolicyTestCase(BaseTestCase):
    def test_it_refuses_short_passwords(self):
        with self.assertRaises(ValidationError) as cm:
            validate_password("Kp9#xq2!aZ", self.pegawai)  # 10 characters
        self.assertIn("12", " ".join(cm.exception.messages))

    def test_it_refuses_indonesian_common_passwords(self):
        for pw in ["bismillah123456", "sayangku12345", "indonesia1945", "Merdeka17081945"]:
            with self.assertRaises(ValidationError, msg=pw):
                validate_password(pw, self.pegawai)

    def test_it_refuses_django_common_passwords_and_digits_only(self):
        for pw in ["password1234", "123456789012"]:
            with self.assertRaises(ValidationError, msg=pw):
                validate_password(pw, self.pegawai)

    def test_it_accepts_a_long_uncommon_passphrase(self):
        validate_password("kopi tubruk di lapas semarang", self.pegawai)


class ThrottleTestCase(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.pegawai.set_password(PASSWORD)
        self.pegawai.save()

    def post(self, username, password, ip="10.1.2.3"):
        return self.client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)

    def test_it_holds_an_account_after_repeated_failures_then_lets_it_in_after_the_hold(self):
        for _ in range(5):
            self.post("pegawai", "tebakan-salah")
        r = self.post("pegawai", PASSWORD)
        self.assertContains(r, "Terlalu banyak percobaan masuk")
        self.assertNotIn("_auth_user_id", self.client.session)
        # The hold expires (never a permanent lock-out): simulate the time passing.
        cache.delete("login-failures:pegawai:until")
        r = self.post("pegawai", PASSWORD)
        self.assertRedirects(r, reverse("home"))

    def test_it_doubles_the_hold_with_each_further_failure_up_to_the_maximum(self):
        for _ in range(5):
            self.post("pegawai", "salah")
        first = cache.get("login-failures:pegawai:until") - time.time()
        cache.delete("login-failures:pegawai:until")
        self.post("pegawai", "salah")
        second = cache.get("login-failures:pegawai:until") - time.time()
        self.assertGreater(second, first * 1.5)
        for i in range(30):
            cache.delete("login-failures:pegawai:until")
            self.post("pegawai", "salah", ip=f"10.9.{i}.1")
        self.assertLessEqual(cache.get("login-failures:pegawai:until") - time.time(), 15 * 60 + 1)

    @override_settings(LOGIN_FAILURES_PER_SOURCE=8)
    def test_it_holds_a_source_address_that_tries_many_accounts(self):
        for i in range(8):
            self.post(f"tebakan{i}", "salah", ip="203.0.113.9")
        r = self.post("pegawai", PASSWORD, ip="203.0.113.9")
        self.assertContains(r, "Terlalu banyak percobaan masuk")
        # The same account from another address is not held.
        r = self.post("pegawai", PASSWORD, ip="198.51.100.7")
        self.assertRedirects(r, reverse("home"))

    def test_it_records_the_login_history_with_a_coarse_source(self):
        self.post("pegawai", "salah", ip="10.20.30.40")
        self.post("pegawai", PASSWORD, ip="10.20.30.40")
        events = list(LoginEvent.objects.filter(user=self.pegawai).order_by("at", "pk"))
        self.assertEqual([e.outcome for e in events], ["failed", "success"])
        self.assertEqual(events[0].source, "10.20.30.0/24")
        r = self.client.get(reverse("account_security"))
        self.assertContains(r, "10.20.30.0/24")
        self.assertContains(r, "Kata sandi salah")


class TwoFactorTestCase(BaseTestCase):
    def setUp(self):
        cache.clear()
        for u in (self.pengawas, self.pegawai):
            u.set_password(PASSWORD)
            u.save()

    def enrol(self, user):
        self.client.force_login(user)
        self.client.get(reverse("twofactor_enrol"))
        secret = totp.unseal(self.client.session["nt_2fa_secret"], user.pk)
        r = self.client.post(reverse("twofactor_enrol"), {"password": PASSWORD, "code": totp.code_at(secret)})
        self.assertContains(r, "Kode pemulihan")
        self.client.logout()
        user.refresh_from_db()
        return secret, r.context["codes"]

    def test_totp_matches_the_rfc_6238_test_vector(self):
        # RFC 6238 appendix B, SHA-1 key "12345678901234567890", T=59 -> 94287082 (8 digits: last 6).
        import base64

        secret = base64.b32encode(b"12345678901234567890").decode()
        self.assertEqual(totp.code_at(secret, when=59), "287082")
        self.assertEqual(totp.code_at(secret, when=1111111109), "081804")

    def test_moving_2fa_to_another_phone_needs_the_current_second_factor(self):
        # A hijacked session plus the password must not be enough to move the second factor to another phone.
        old_secret, codes = self.enrol(self.pengawas)
        self.client.force_login(self.pengawas)
        self.assertContains(self.client.get(reverse("twofactor_enrol")), 'name="current_code"')
        new_secret = totp.unseal(self.client.session["nt_2fa_secret"], self.pengawas.pk)
        r = self.client.post(reverse("twofactor_enrol"), {"password": PASSWORD, "code": totp.code_at(new_secret)})
        self.assertNotContains(r, "Kode pemulihan baru")
        self.assertTrue(r.context["form"].errors.get("current_code"))
        r = self.client.post(reverse("twofactor_enrol"), {"password": PASSWORD, "code": totp.code_at(new_secret),
                                                          "current_code": "000000"})
        self.assertTrue(r.context["form"].errors.get("current_code"))
        self.pengawas.refresh_from_db()
        self.assertEqual(self.pengawas.totp_plain_secret(), old_secret)
        # With a recovery code (the old phone is lost) the move goes through.
        r = self.client.post(reverse("twofactor_enrol"), {"password": PASSWORD, "code": totp.code_at(new_secret),
                                                          "current_code": codes[0]})
        self.assertContains(r, "Kode pemulihan")
        self.pengawas.refresh_from_db()
        self.assertEqual(self.pengawas.totp_plain_secret(), new_secret)

    def test_enrolment_shows_a_qr_code_and_needs_a_right_first_code(self):
        self.login(self.pengawas)
        r = self.client.get(reverse("twofactor_enrol"))
        self.assertContains(r, 'src="data:image/svg+xml;base64,')
        r = self.client.post(reverse("twofactor_enrol"), {"password": PASSWORD, "code": "000000x"})
        self.assertContains(r, "Kode tidak cocok")
        self.pengawas.refresh_from_db()
        self.assertFalse(self.pengawas.has_2fa)

    def test_login_with_2fa_asks_for_the_code_before_logging_in(self):
        secret, codes = self.enrol(self.pengawas)
        self.assertEqual(len(codes), 10)
        self.assertEqual(RecoveryCode.objects.filter(user=self.pengawas).count(), 10)
        self.assertFalse(RecoveryCode.objects.filter(code_hash__contains=codes[0].replace("-", "")).exists())
        r = self.client.post(reverse("login"), {"username": "pengawas", "password": PASSWORD})
        self.assertRedirects(r, reverse("login_code"))
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)  # not logged in yet
        r = self.client.post(reverse("login_code"), {"code": "123456"})
        self.assertContains(r, "Kode salah")
        # The enrolment used the current step's code; the next step's code is new (clock drift window).
        r = self.client.post(reverse("login_code"), {"code": totp.code_at(secret, when=time.time() + 30)})
        self.assertRedirects(r, reverse("home"))
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.pengawas.pk)

    def test_a_code_of_other_digits_is_a_wrong_code_not_a_500(self):
        # "²²²²²²" or Arabic-Indic digits pass str.isdigit; hmac.compare_digest refuses non-ASCII str (TypeError):
        # the code step of the login and the enrolment answered 500.
        for odd in ("\u00b2" * 6, "\u0661" * 6, "\uff11" * 6):
            self.assertIsNone(totp.verify("JBSWY3DPEHPK3PXP", odd))
        self.enrol(self.pengawas)
        self.client.post(reverse("login"), {"username": "pengawas", "password": PASSWORD})
        r = self.client.post(reverse("login_code"), {"code": "\u00b2" * 6})
        self.assertContains(r, "Kode salah")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_code_cannot_be_used_twice(self):
        secret, _codes = self.enrol(self.pengawas)
        code = totp.code_at(secret)
        # The enrolment already consumed the current step: the same code is refused at login.
        self.client.post(reverse("login"), {"username": "pengawas", "password": PASSWORD})
        r = self.client.post(reverse("login_code"), {"code": code})
        self.assertContains(r, "Kode salah atau sudah dipakai")

    def test_a_recovery_code_works_once(self):
        _secret, codes = self.enrol(self.pengawas)
        self.client.post(reverse("login"), {"username": "pengawas", "password": PASSWORD})
        r = self.client.post(reverse("login_code"), {"code": codes[0].lower()})
        self.assertRedirects(r, reverse("home"))
        self.client.logout()
        self.client.post(reverse("login"), {"username": "pengawas", "password": PASSWORD})
        r = self.client.post(reverse("login_code"), {"code": codes[0]})
        self.assertContains(r, "Kode salah")

    def test_the_code_step_without_a_password_step_goes_back_to_login(self):
        r = self.client.get(reverse("login_code"))
        self.assertRedirects(r, reverse("login"))

    @override_settings(TWO_FACTOR_ENFORCED=True)
    def test_a_required_role_without_2fa_is_held_on_enrolment(self):
        r = self.client.post(reverse("login"), {"username": "pengawas", "password": PASSWORD})
        self.assertRedirects(r, reverse("twofactor_enrol"))
        self.assertRedirects(self.client.get(reverse("home")), reverse("twofactor_enrol"))
        self.assertRedirects(self.client.get(reverse("account_security")), reverse("twofactor_enrol"))
        # Enrolling opens the rest.
        secret = totp.unseal(self.client.session["nt_2fa_secret"], self.pengawas.pk)
        self.client.post(reverse("twofactor_enrol"), {"password": PASSWORD, "code": totp.code_at(secret)})
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    @override_settings(TWO_FACTOR_ENFORCED=True)
    def test_pegawai_is_not_forced_and_required_roles_cannot_switch_2fa_off(self):
        r = self.client.post(reverse("login"), {"username": "pegawai", "password": PASSWORD})
        self.assertRedirects(r, reverse("home"))
        self.client.logout()
        secret, _codes = self.enrol(self.pengawas)
        self.client.force_login(self.pengawas)
        r = self.client.post(reverse("twofactor_disable"), {"password": PASSWORD}, follow=True)
        self.assertContains(r, "tidak dapat dimatikan")
        self.pengawas.refresh_from_db()
        self.assertTrue(self.pengawas.has_2fa)

    def test_django_admin_login_goes_through_the_netral_login(self):
        r = self.client.get("/django-admin/login/?next=/django-admin/")
        self.assertRedirects(r, reverse("login") + "?next=/django-admin/", fetch_redirect_response=False)

    def test_admin_resets_2fa_of_a_user_in_scope_only(self):
        self.enrol(self.pengawas)
        self.login(self.other_admin)
        r = self.client.post(reverse("user_2fa_reset", args=[self.pengawas.pk]))
        self.assertEqual(r.status_code, 404)
        self.login(self.admin)
        r = self.client.post(reverse("user_2fa_reset", args=[self.pengawas.pk]))
        self.assertContains(r, "harus mendaftar ulang")  # asks first, changes nothing
        self.pengawas.refresh_from_db()
        self.assertTrue(self.pengawas.has_2fa)
        self.client.post(reverse("user_2fa_reset", args=[self.pengawas.pk]), {"confirmed": "yes"})
        self.pengawas.refresh_from_db()
        self.assertFalse(self.pengawas.has_2fa)
        notes = list(AuditEntry.objects.filter(model="core.user", object_pk=str(self.pengawas.pk), action="event")
                     .order_by("seq").values_list("note", "actor_name"))
        self.assertEqual(notes, [("verifikasi dua langkah diaktifkan", "pengawas"),
                                 ("verifikasi dua langkah direset oleh Admin", "admin")])


KEY_A = "a" * 20 + "-totp-key-for-tests-A"
KEY_B = "b" * 20 + "-totp-key-for-tests-B"


@override_settings(TOTP_KEY=KEY_A, TOTP_OLD_KEYS=[])
class TotpAtRestTestCase(BaseTestCase):
    """The TOTP secret is sealed with a key outside the database (core/totp.py)."""

    def setUp(self):
        cache.clear()
        self.pengawas.set_password(PASSWORD)
        self.pengawas.save()

    enrol = TwoFactorTestCase.enrol

    def raw_column(self, user):
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("SELECT totp_secret FROM core_user WHERE id = %s", [user.pk])
            return cur.fetchone()[0]

    def login_with_code(self, secret, when_offset=30):
        self.client.post(reverse("login"), {"username": "pengawas", "password": PASSWORD})
        return self.client.post(reverse("login_code"), {"code": totp.code_at(secret, when=time.time() + when_offset)})

    def test_a_value_that_no_key_opens_is_refused_without_an_error_page(self):
        secret, codes = self.enrol(self.pengawas)
        with override_settings(TOTP_KEY=KEY_B):
            r = self.login_with_code(secret)
            self.assertContains(r, "Kode salah")
            self.assertNotIn("_auth_user_id", self.client.session)
            # The recovery codes (keyed hashes, not sealed) still let the user in.
            r = self.client.post(reverse("login_code"), {"code": codes[0]})
            self.assertRedirects(r, reverse("home"))
        self.assertRaises(totp.SealError, totp.unseal, "JBSWY3DPEHPK3PXP", self.pengawas.pk)
        self.assertRaises(totp.SealError, totp.unseal, "enc1$abc$!!!", self.pengawas.pk)

    def test_a_sealed_secret_copied_to_another_user_does_not_open(self):
        self.enrol(self.pengawas)
        stored = self.raw_column(self.pengawas)
        self.assertRaises(totp.SealError, totp.unseal, stored, self.admin.pk)

    def test_the_database_never_holds_the_base32_secret(self):
        from django.contrib.sessions.models import Session

        self.client.force_login(self.pengawas)
        self.client.get(reverse("twofactor_enrol"))
        pending = totp.unseal(self.client.session["nt_2fa_secret"], self.pengawas.pk)
        # Waiting for the first code: the session row holds it sealed too.
        self.assertFalse(any(pending in str(s.get_decoded()) for s in Session.objects.all()))
        self.client.logout()
        secret, _codes = self.enrol(self.pengawas)
        stored = self.raw_column(self.pengawas)
        self.assertTrue(stored.startswith("enc1$"))
        self.assertNotIn(secret, stored)
        self.assertNotIn(secret.lower(), stored.lower())
        self.assertEqual(totp.unseal(stored, self.pengawas.pk), secret)
        # Sealing twice gives two different values (random nonce).
        self.assertNotEqual(totp.seal(secret, 1), totp.seal(secret, 1))

    def test_login_with_a_sealed_secret_works(self):
        secret, _codes = self.enrol(self.pengawas)
        r = self.login_with_code(secret)
        self.assertRedirects(r, reverse("home"))

    def test_a_secret_stored_in_clear_before_the_migration_is_sealed_and_works(self):
        from importlib import import_module

        from django.apps import apps

        migration = import_module("netral.core.migrations.0007_totp_secret_sealed")
        secret = totp.new_secret()
        User.objects.filter(pk=self.pengawas.pk).update(totp_secret=secret, totp_confirmed_at="2024-01-01T00:00Z")
        migration.seal_secrets(apps, None)
        stored = self.raw_column(self.pengawas)
        self.assertTrue(totp.is_sealed(stored))
        self.assertNotIn(secret, stored)
        migration.seal_secrets(apps, None)  # twice is harmless: sealed values are left alone
        self.assertEqual(self.raw_column(self.pengawas), stored)
        r = self.login_with_code(secret)
        self.assertRedirects(r, reverse("home"))

    def test_rotation_reseals_every_secret_under_the_new_key(self):
        from io import StringIO

        from django.core.management import CommandError, call_command

        secret, _codes = self.enrol(self.pengawas)
        old = self.raw_column(self.pengawas)
        with override_settings(TOTP_KEY=KEY_B):  # the new key without the old one: nothing opens
            self.assertRaises(CommandError, call_command, "rotate_totp_key", stdout=StringIO())
            self.assertEqual(self.raw_column(self.pengawas), old)
        with override_settings(TOTP_KEY=KEY_B, TOTP_OLD_KEYS=[KEY_A]):
            self.assertTrue(totp.needs_reseal(old))
            out = StringIO()
            call_command("rotate_totp_key", stdout=out)
            self.assertIn("1 rahasia TOTP disegel ulang", out.getvalue())
        new = self.raw_column(self.pengawas)
        self.assertNotEqual(new, old)
        with override_settings(TOTP_KEY=KEY_B):  # the old key is no longer needed
            self.assertEqual(totp.unseal(new, self.pengawas.pk), secret)
            self.assertRedirects(self.login_with_code(secret), reverse("home"))


class SessionTestCase(BaseTestCase):
    def test_logout_everywhere_ends_other_sessions(self):
        other = self.client_class()
        other.force_login(self.pegawai)
        self.login(self.pegawai)
        r = self.client.post(reverse("logout_everywhere"))
        self.assertContains(r, "termasuk perangkat ini")  # asks first: both sessions still live
        self.assertEqual(other.get(reverse("home")).status_code, 200)
        r = self.client.post(reverse("logout_everywhere"), {"confirmed": "yes"})
        self.assertRedirects(r, reverse("login"))
        self.assertEqual(other.get(reverse("home")).status_code, 302)
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)
        self.assertTrue(LoginEvent.objects.filter(user=self.pegawai, outcome="logout_all").exists())

    def test_an_idle_session_expires(self):
        self.login(self.pegawai)
        session = self.client.session
        session["nt_seen"] = time.time() - 31 * 60
        session.save()
        r = self.client.get(reverse("home"))
        self.assertRedirects(r, reverse("login") + "?next=/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_session_past_its_absolute_lifetime_expires_even_when_active(self):
        self.login(self.pegawai)
        session = self.client.session
        session["nt_started"] = time.time() - 9 * 3600
        session.save()
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)

    def test_an_active_session_continues(self):
        self.login(self.pegawai)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)


class AdminHistoryTestCase(BaseTestCase):
    def test_admin_sees_login_history_of_own_units_only(self):
        LoginEvent.objects.create(user=self.operator, username="operator", outcome="success", source="10.0.0.0/24")
        LoginEvent.objects.create(user=User.objects.get(username="other_admin"), username="other_admin",
                                  outcome="failed")
        self.login(self.admin)
        r = self.client.get(reverse("login_history"))
        self.assertContains(r, "operator")
        self.assertNotContains(r, "other_admin")
        self.login(self.pengawas)
        self.assertEqual(self.client.get(reverse("login_history")).status_code, 403)
