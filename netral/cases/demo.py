"""Demo cases: confirmed findings carried to every state (some overdue, some forwarded, with
letters), plus one case opened by hand from an offline observation."""

from datetime import datetime, time, timedelta

from django.utils import timezone


def _backdate(case, days):
    """Pretend the case was opened `days` ago, so its deadlines are (over)due in the demo."""
    from netral.cases.models import Case, Deadline

    Case.objects.filter(pk=case.pk).update(opened_at=case.opened_at - timedelta(days=days))
    for d in Deadline.objects.filter(case=case):
        Deadline.objects.filter(pk=d.pk).update(start=d.start - timedelta(days=days), due=d.due - timedelta(days=days))


def seed_cases():
    from netral.cases import actions
    from netral.cases.models import Case, State
    from netral.core.models import OrgUnit, User
    from netral.monitoring.actions import decide
    from netral.monitoring.models import Finding
    from netral.people.models import Employee

    if Case.objects.exists():
        return
    pengawas = User.objects.filter(username="pengawas").first()
    pimpinan = User.objects.filter(username="pimpinan").first()
    if pengawas is None or pimpinan is None:
        return
    seen, findings = set(), []
    for f in Finding.objects.filter(status="new", partisan=True, employee__isnull=False).select_related(
            "content", "employee", "unit").order_by("-score", "pk")[:200]:
        if f.employee_id not in seen:
            seen.add(f.employee_id)
            findings.append(f)
        if len(findings) == 9:
            break
    cases = []
    for f in findings:
        decide(f, "confirm", user=pengawas, reason="Unggahan berpihak, data contoh")
        case = Case.objects.get(pk=f.case_id)
        if not case.skb_items:
            Case.objects.filter(pk=case.pk).update(skb_items=["socmed_campaign"])
            case.refresh_from_db()
        actions.assign(case, pengawas, pengawas)
        cases.append(case)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()

    def to(case, *states, user=pengawas, note=""):
        for s in states:
            actions.transition(case, s, user, note=note or "Data contoh")

    def hearing(case, attended=True):
        emp = case.employees.first()
        # The summons below is three weeks old: the case was opened before it.
        Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=30))
        case.refresh_from_db()
        h = actions.schedule_hearing(
            case, user=pengawas, employee=emp, summons_sent_on=today - timedelta(days=21),
            scheduled_at=timezone.make_aware(datetime.combine(today - timedelta(days=6), time(9, 0)), tz),
            place="Ruang Rapat Kanwil Lt. 2", examiner="Dewi Anggraini (Tim Pengawas Internal)",
            letter_number=f"W.12-PW.01-{case.pk:03d}")
        actions.generate_letter(h, "invitation", pengawas)
        actions.generate_letter(h, "minutes", pengawas)
        actions.record_attendance(h, user=pengawas, attended=attended, notes="Data contoh")
        return h

    def recommend(case, tier="berat"):
        actions.record_recommendation(
            case, user=pengawas, regime="discipline", recommended_tier=tier,
            legal_basis="PP 94/2021 Pasal 5 huruf n; SKB 22 September 2022",
            recommendation="Direkomendasikan hukuman disiplin kepada PPK.",
            override_reason="" if tier == actions._suggested_tier(case, "discipline") else "Pelanggaran pertama")

    if len(cases) < 9:
        return
    c_received, c_verif, c_clar, c_rec, c_sanc, c_notp, c_fw, c_fw_reply, c_closed = cases
    _backdate(c_received, 9)  # overdue verification
    to(c_verif, State.VERIFICATION)
    _backdate(c_verif, 5)
    to(c_clar, State.VERIFICATION, State.CLARIFICATION)
    hearing(c_clar, attended=False)  # missed the first summons: second summons deadline runs
    to(c_rec, State.VERIFICATION, State.CLARIFICATION)
    hearing(c_rec)
    to(c_rec, State.RECOMMENDATION)
    recommend(c_rec)
    _backdate(c_rec, 12)  # follow-up overdue: escalated by the scheduler
    for c in (c_sanc, c_closed):
        to(c, State.VERIFICATION, State.CLARIFICATION)
        hearing(c)
        to(c, State.RECOMMENDATION)
        recommend(c, "sedang")
        emp = c.employees.first()
        actions.record_sanction(
            c, user=pimpinan, employee=emp, regime="discipline", tier="sedang",
            kind="Pemotongan tunjangan kinerja 25% selama 6 bulan", legal_basis="PP 94/2021 Pasal 8 ayat (3)",
            ppk_name="Kepala Kantor Wilayah", decree_number=f"W.12-KP.04.03-{c.pk:03d}",
            decree_date=today - timedelta(days=2), override_reason="Pelanggaran pertama, kooperatif")
    to(c_closed, State.CLOSED, user=pimpinan, note="Keputusan telah disampaikan")
    to(c_notp, State.VERIFICATION, State.RECOMMENDATION, note="Akun ternyata bukan milik pegawai")
    to(c_notp, State.NOT_PROVEN, user=pimpinan, note="Akun bukan milik pegawai (dikonfirmasi)")
    for c in (c_fw, c_fw_reply):
        to(c, State.VERIFICATION, State.RECOMMENDATION, note="Calon sudah ditetapkan: kewenangan Bawaslu/BKN")
        actions.forward(c, user=pimpinan, to="bkn", sent_on=today - timedelta(days=9),
                        letter_number=f"W.12-PW.02-{c.pk:03d}")
    fw = c_fw_reply.forwardings.first()
    actions.record_reply(fw, user=pimpinan, reply_on=today - timedelta(days=3), reply_number="B-1234/KASN/2024",
                         reply_text="Rekomendasi BKN: hukuman disiplin sedang kepada PPK.")

    # An offline observation: a banner at a unit's gate, no finding behind it.
    unit = OrgUnit.objects.filter(code="LP-AMB").first()
    emp = Employee.objects.filter(unit=unit).first() if unit else None
    if unit and emp:
        case = actions.open_case(
            user=pengawas, unit=unit, source="manual", employees=[emp], skb_items=["banner"],
            title=f"Baliho bakal calon di pagar rumah dinas: {emp.name}", assignee=pengawas,
            description="Tim melihat baliho bakal calon bupati terpasang di pagar rumah dinas saat kunjungan "
                        "monitoring; foto diambil dengan ponsel dinas.", occurred_on=today - timedelta(days=2))
        to(case, State.VERIFICATION)
    actions.warn_and_escalate()  # what the hourly scheduler job would do: notifications for the overdue ones
