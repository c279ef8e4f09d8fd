from datetime import date

import pytest

from netral.browser import page  # noqa: F401  (fixture)
from netral.core.models import Role
from netral.elections.models import Election, Stage
from netral.people.models import Employee
from netral.pledges import actions
from netral.pledges.models import IntegrityPact, PactTemplate
from netral.test import make_unit, make_user


@pytest.mark.django_db(transaction=True)
def test_pegawai_signs_the_pact_in_the_browser(page):  # noqa: F811
    kanwil = make_unit("KW", "kanwil", name="Kanwil Browser")
    upt = make_unit("UPT", "lapas", kanwil, name="Lapas Browser")
    user = make_user("agus", Role.PEGAWAI, upt, password="sandi-browser-123", first_name="Agus")
    emp = Employee.objects.create(unit=upt, name="Agus Setiawan", employment_type="pns", nip="198503122010121001",
                                  position="Pengelola Data", user=user)
    election = Election.objects.create(slug="pilkada-b", kind="pilkada", name="Pilkada Browser",
                                       voting_day=date(2024, 11, 27))
    Stage.objects.create(election=election, name="Kampanye", start=date(2024, 9, 25), end=date(2024, 11, 23),
                         phase="campaign")
    template = PactTemplate.objects.create(election=election, unit=kanwil, place="Semarang")
    actions.generate_pacts(template)

    page.goto("/masuk/")
    page.fill("#id_username", "agus")
    page.fill("#id_password", "sandi-browser-123")
    page.click("button[type=submit]")
    page.click("text=Tanda tangani pakta")
    page.wait_for_selector("text=Nama: Agus Setiawan")
    button = page.locator("#sign-button")
    # sign.js disables the button until consent and NIP are given; wait for the script to run.
    page.wait_for_function("document.getElementById('sign-button').disabled")
    assert button.is_disabled()
    page.check("#id_consent")
    page.fill("#id_nip", "198503122010121001")
    assert button.is_enabled()
    button.click()
    page.wait_for_selector("text=Pakta sah")
    pact = IntegrityPact.objects.get(employee=emp)
    assert pact.status == "signed" and pact.method == "esign"
    assert page.locator(f"text={pact.text_sha256}").count() == 1
