"""Issue 8 §3: the right rule for each paper, classified by what it is (real D.D.C. docket text),
suggestions the team confirms, overrides that keep the computed date, executive-order closures
as FRCP 6(a)(6)(B) holidays and FRCP 6(a)(3) inaccessibility apart. Every date below was worked
out by hand from the rule text (comments show the counting)."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from casetracker.models import CourtClosure
from docket.entries import services as entry_services
from notices.deadlines import rules
from notices.deadlines.classify import classify
from notices.deadlines.services import override_due
from notices.models import ClerkInaccessibility, Deadline

ET = ZoneInfo("America/New_York")
CLOSURES = (
    (dt.date(2024, 12, 24), "Executive order of 19 Dec 2024 (Christmas Eve)"),
    (dt.date(2025, 1, 9), "National Day of Mourning for President Jimmy Carter"),
    (dt.date(2025, 12, 24), "Executive order of 18 Dec 2025 (Christmas Eve)"),
    (dt.date(2025, 12, 26), "Executive order of 18 Dec 2025 (day after Christmas)"),
)
DDC = rules.CourtCalendar(closures=CLOSURES)


# --------------------------------------------------------------------------- what a paper is


@pytest.mark.parametrize(
    "kind, text, paper, rule_keys, certain",
    [
        ("motion", "MOTION for Preliminary Injunction by CENTER FOR TAXPAYER RIGHTS, MAIN STREET "
         "ALLIANCE. (Attachments: # 1 Memorandum in Support)", "pi_application",
         ("lcvr_65_1c_pi_opposition",), True),
        ("motion", "Plaintiffs' motion for a stay or preliminary injunction of the IRS data-sharing "
         "policy, with memorandum", "pi_application", ("lcvr_65_1c_pi_opposition",), True),
        ("motion", "MOTION for Preliminary Injunction and Request for Hearing by AMERICAN "
         "FEDERATION OF TEACHERS", "pi_application",
         ("lcvr_65_1c_pi_opposition", "lcvr_65_1d_hearing"), True),
        # The real-case bug: a stay of the PI pending appeal is an ordinary motion, 14 days.
        ("motion", "MOTION to Stay Preliminary Injunction Pending Appeal by INTERNAL REVENUE "
         "SERVICE, DEPARTMENT OF THE TREASURY", "motion", ("lcvr_7b_opposition",), True),
        ("motion", "MOTION for Extension of Time to File Response/Reply as to 12 MOTION for "
         "Preliminary Injunction by INTERNAL REVENUE SERVICE", "motion",
         ("lcvr_7b_opposition",), True),
        ("motion", "MOTION for Leave to File Excess Pages re 12 MOTION for Preliminary "
         "Injunction by CENTER FOR TAXPAYER RIGHTS", "motion", ("lcvr_7b_opposition",), True),
        ("motion", "MOTION to Expedite consideration of motion for preliminary injunction",
         "motion", ("lcvr_7b_opposition",), True),
        ("motion", "MOTION to Dismiss for Lack of Jurisdiction by INTERNAL REVENUE SERVICE",
         "motion", ("lcvr_7b_opposition",), True),
        ("motion", "MOTION to Stay Proceedings by INTERNAL REVENUE SERVICE", "motion",
         ("lcvr_7b_opposition",), True),
        # A TRO: no automatic period, the Court sets it.
        ("motion", "Emergency MOTION for Temporary Restraining Order by NATIONAL FEDERATION OF "
         "FEDERAL EMPLOYEES", "tro_application", (), True),
        # Uncertain: say why, suggest the shorter period.
        ("motion", "Emergency MOTION for Temporary Restraining Order and Preliminary Injunction "
         "by X", "pi_application", ("lcvr_65_1c_pi_opposition",), False),
        ("motion", "MOTION for a § 705 Stay by CENTER FOR TAXPAYER RIGHTS", "pi_application",
         ("lcvr_65_1c_pi_opposition",), False),
        ("motion", "Joint Status Report and Proposed Motion", "motion", ("lcvr_7b_opposition",),
         False),
        ("opposition", "Memorandum in opposition to re 12 MOTION for Preliminary Injunction "
         "filed by INTERNAL REVENUE SERVICE", "opposition", ("lcvr_7d_reply",), True),
        ("other", "SUMMONS (3) Returned Executed as to the United States Attorney. Date of "
         "Service Upon United States Attorney on 2/18/2025. ( Answer due for ALL FEDERAL "
         "DEFENDANTS by 4/19/2025.)", "service_on_us_attorney", ("frcp_12a2_answer",), True),
        ("other", "ANSWER to Complaint by INTERNAL REVENUE SERVICE.", "answer",
         ("lcvr_7n1_record_list",), True),
        ("order", "Memorandum opinion and order granting in part Plaintiffs' motion: preliminary "
         "relief staying the IRS data-sharing policy", "appealable_order",
         (), True),
        ("order", "JUDGMENT in favor of Plaintiffs", "appealable_order", (),
         True),
        ("minute_order", "MINUTE ORDER: the parties shall appear for a status conference",
         "other", (), True),
    ],
)  # fmt: skip
def test_classified_by_what_the_paper_is(kind, text, paper, rule_keys, certain):
    found = classify(kind, text, us_party=True, agency_review=True)
    assert (found.paper, found.rules, not found.uncertain) == (paper, rule_keys, certain)
    assert found.set_by_court == (paper == "tro_application")


# --------------------------------------------------------------------------- dates by hand


def _due(start, key, service="electronic", calendar=DDC):
    named = rules.NAMED_RULES[key]
    result = rules.compute(start, named.period, calendar=calendar)
    return rules.add_service_days(result, calendar, service).last_day


@pytest.mark.parametrize(
    "start, key, service, due",
    [
        # PI filed Wed 20 Aug 2025 + 7 = Wed 27 Aug 2025 (LCvR 65.1(c)).
        (dt.date(2025, 8, 20), "lcvr_65_1c_pi_opposition", "electronic", dt.date(2025, 8, 27)),
        # Hearing, if requested: no later than 21 days after filing = Wed 10 Sep 2025.
        (dt.date(2025, 8, 20), "lcvr_65_1d_hearing", "electronic", dt.date(2025, 9, 10)),
        # Motion to stay the PI pending appeal, Fri 5 Dec 2025 + 14 = Fri 19 Dec 2025 (7(b)).
        (dt.date(2025, 12, 5), "lcvr_7b_opposition", "electronic", dt.date(2025, 12, 19)),
        # Opposition Wed 17 Dec 2025 + 7 = Wed 24 Dec (executive-order closure, 6(a)(6)(B)),
        # Thu 25 Christmas, Fri 26 closure, Sat 27, Sun 28 -> Mon 29 Dec 2025.
        (dt.date(2025, 12, 17), "lcvr_7d_reply", "electronic", dt.date(2025, 12, 29)),
        # Tue 10 Dec 2024 + 14 = Tue 24 Dec 2024 (closure), Wed 25 Christmas -> Thu 26 Dec 2024.
        (dt.date(2024, 12, 10), "lcvr_7b_opposition", "electronic", dt.date(2024, 12, 26)),
        # Service on the U.S. Attorney Tue 18 Feb 2025 + 60: Feb 19-28 (10), Mar (41), Apr 19
        # (60) = Sat 19 Apr 2025 -> Mon 21 Apr 2025 (FRCP 12(a)(2), 6(a)(1)(C)). The clerk's
        # "Answer due by 4/19/2025" is not rolled; the rule is.
        (dt.date(2025, 2, 18), "frcp_12a2_answer", "electronic", dt.date(2025, 4, 21)),
        # Answer Mon 21 Apr 2025 + 30 = Wed 21 May 2025 (LCvR 7(n)(1)).
        (dt.date(2025, 4, 21), "lcvr_7n1_record_list", "electronic", dt.date(2025, 5, 21)),
        # PI order Fri 21 Nov 2025 + 60: Nov 22-30 (9), Dec (40), Jan 20 (60) = Tue 20 Jan 2026
        # (MLK Day is Mon 19 Jan) (FRAP 4(a)(1)(B)).
        (dt.date(2025, 11, 21), "frap_4a1b_notice_of_appeal", "electronic", dt.date(2026, 1, 20)),
        # FRCP 6(d): served by mail Fri 1 Aug 2025, 14 days = Fri 15 Aug, + 3 = Mon 18 Aug 2025.
        (dt.date(2025, 8, 1), "lcvr_7b_opposition", "mail", dt.date(2025, 8, 18)),
        # Mon 18 Aug 2025 + 14 = Mon 1 Sep (Labor Day) -> Tue 2 Sep; + 3 = Fri 5 Sep 2025.
        (dt.date(2025, 8, 18), "lcvr_7b_opposition", "mail", dt.date(2025, 9, 5)),
        # Fri 1 Aug 2025 + 14 = Fri 15 Aug; + 3 = Mon 18 Aug... by CM/ECF: no 6(d) days.
        (dt.date(2025, 8, 1), "lcvr_7b_opposition", "electronic", dt.date(2025, 8, 15)),
        # Mail: Wed 3 Dec 2025 + 14 = Wed 17 Dec; + 3 = Sat 20 Dec -> Mon 22 Dec 2025.
        (dt.date(2025, 12, 3), "lcvr_7b_opposition", "mail", dt.date(2025, 12, 22)),
    ],
)
def test_rule_dates_worked_out_by_hand(start, key, service, due):
    assert _due(start, key, service) == due


def test_inaccessible_clerks_office_is_6a3_not_a_holiday():
    def outage(day, start=(0, 0), end=(23, 59)):
        begins = dt.datetime.combine(day, dt.time(*start), tzinfo=ET)
        return (begins, dt.datetime.combine(day, dt.time(*end), tzinfo=ET), "CM/ECF outage")

    # 14 days after Mon 20 Oct 2025 = Mon 3 Nov 2025; CM/ECF down that day -> Tue 4 Nov 2025
    # (6(a)(3)(A): the first accessible day that is not a Saturday, Sunday or legal holiday).
    down = rules.CourtCalendar(inaccessible=(outage(dt.date(2025, 11, 3)),))
    result = rules.compute(dt.date(2025, 10, 20), "14 days", calendar=down)
    assert result.last_day == dt.date(2025, 11, 4)
    assert any("6(a)(3)(A)" in step for step in result.steps)
    # Fri 17 Oct + 14 = Fri 31 Oct; outage that day; Sat, Sun skipped -> Mon 3 Nov 2025.
    down = rules.CourtCalendar(inaccessible=(outage(dt.date(2025, 10, 31)),))
    assert rules.compute(dt.date(2025, 10, 17), "14 days", calendar=down).last_day == dt.date(
        2025, 11, 3
    )
    # It is not a legal holiday: a period *ending later* is unaffected by an earlier outage.
    assert rules.compute(dt.date(2025, 10, 16), "21 days", calendar=down).last_day == dt.date(
        2025, 11, 6
    )
    # Hours, 6(a)(3)(B): Thu 6 Nov 2025 4:00 pm + 24 h = Fri 7 Nov 4:00 pm; CM/ECF down 3:30-3:45
    # pm, within the last hour -> same time on the next accessible day not a weekend/holiday:
    # Mon 10 Nov 2025, 4:00 pm (Veterans Day is Tue 11 Nov).
    down = rules.CourtCalendar(inaccessible=(outage(dt.date(2025, 11, 7), (15, 30), (15, 45)),))
    start = dt.datetime(2025, 11, 6, 16, 0, tzinfo=ET)
    result = rules.compute(start, "24 hours", calendar=down)
    assert result.deadline == dt.datetime(2025, 11, 10, 16, 0, tzinfo=ET)
    assert any("6(a)(3)(B)" in step for step in result.steps)
    # An outage earlier that day, not in the last hour, changes nothing.
    down = rules.CourtCalendar(inaccessible=(outage(dt.date(2025, 11, 7), (9, 0), (10, 0)),))
    assert rules.compute(start, "24 hours", calendar=down).deadline == dt.datetime(
        2025, 11, 7, 16, 0, tzinfo=ET
    )


# --------------------------------------------------------------------------- in the tracker


def docket(case, user, **fields):
    fields.setdefault("visibility", "public")
    filed_by = fields.pop("filed_by", ())
    return entry_services.create_entry(case=case, by=user, fields=fields, filed_by=filed_by)


@pytest.fixture(autouse=True)
def late_2025(monkeypatch):
    """ "Now" is Sat 6 Dec 2025, 1 pm UTC: after the entries below, before their deadlines."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 12, 6, 13, tzinfo=dt.UTC))


@pytest.fixture
def irs(real_case):
    return real_case.parties.get(name="Internal Revenue Service")


@pytest.fixture
def closures(real_case):
    for day, reason in CLOSURES:
        CourtClosure.objects.get_or_create(
            court=real_case.court, date=day, defaults={"reason": reason}
        )


@pytest.mark.django_db
def test_stay_of_the_pi_pending_appeal_is_lcvr_7b_ours_to_oppose(real_case, users, irs, closures):
    motion = docket(
        real_case, users["paralegal"], number=150, date_filed=dt.date(2025, 12, 5), kind="motion",
        text="MOTION to Stay Preliminary Injunction Pending Appeal by INTERNAL REVENUE SERVICE",
        filed_by=[irs],
    )  # fmt: skip
    deadline = Deadline.objects.get(trigger=motion)
    assert (deadline.rule, deadline.owner, deadline.status) == ("LCvR 7(b)", "ours", "open")
    assert deadline.due_at == dt.datetime(2025, 12, 19, 23, 59, 59, tzinfo=ET)
    assert any(
        "read as: Stay Preliminary Injunction Pending Appeal" in s for s in deadline.explanation
    )
    out = StringIO()
    call_command("deadlines", "--case", real_case.slug, stdout=out)
    assert (
        "2025-12-19\topen\tours\tLCvR 7(b)\tPlaintiffs' opposition to the motion due\tECF 150"
        in (out.getvalue().splitlines())
    )


@pytest.mark.django_db
def test_a_tro_shows_set_by_the_court_and_creates_no_date(real_case, users, client_for):
    plaintiff = real_case.parties.filter(side="plaintiff").first()
    motion = docket(
        real_case, users["paralegal"], number=151, date_filed=dt.date(2025, 11, 28),
        kind="motion", text="Emergency MOTION for Temporary Restraining Order by X",
        filed_by=[plaintiff],
    )  # fmt: skip
    assert not Deadline.objects.filter(trigger=motion).exists()
    page = client_for(users["attorney"]).get(motion.get_absolute_url()).content.decode()
    assert "Set by the Court" in page and "no automatic period" in page


@pytest.mark.django_db
def test_uncertain_reading_is_a_suggestion_to_accept_or_dismiss_audited(
    real_case, users, client_for
):
    # 65.1(c) or 7(b)? -> a suggestion, with the reason (and the filer is not known either).
    motion = docket(
        real_case, users["paralegal"], number=152, date_filed=dt.date(2025, 12, 5),
        kind="motion", text="MOTION for a § 705 Stay",
    )  # fmt: skip
    suggestion = Deadline.objects.get(trigger=motion)
    assert suggestion.status == "suggested" and suggestion.rule == "LCvR 65.1(c)"
    assert "shorter period" in suggestion.uncertain_reason
    assert any("Who filed the paper is not known" in step for step in suggestion.explanation)
    assert not suggestion.reminders.exists()  # not a deadline yet
    # Fri 5 Dec 2025 + 7 = Fri 12 Dec 2025.
    assert suggestion.due_at == dt.datetime(2025, 12, 12, 23, 59, 59, tzinfo=ET)
    out = StringIO()
    call_command("deadlines", "--case", real_case.slug, "--suggested", stdout=out)
    assert (
        "2025-12-12\tsuggested\tours\tLCvR 65.1(c)\tOpposing party's opposition to the "
        "application for a preliminary injunction due\tECF 152"
    ) in out.getvalue().splitlines()
    client = client_for(users["paralegal"])
    page = client.get(f"/cases/{real_case.slug}/deadlines/").content.decode()
    assert "Suggestions to review" in page and "shorter period" in page
    client.post(f"/cases/{real_case.slug}/deadlines/{suggestion.pk}/review/accept/")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.review, suggestion.reviewed_by) == (
        "open",
        "accepted",
        users["paralegal"],
    )
    assert suggestion.history.first().history_change_reason == "Suggestion accepted"
    assert suggestion.reminders.exists()
    # A second one, dismissed: kept in the history, never a deadline.
    other = docket(
        real_case, users["paralegal"], number=153, date_filed=dt.date(2025, 12, 5),
        kind="motion", text="MOTION",
    )  # fmt: skip
    dismissed = Deadline.objects.get(trigger=other)
    client.post(
        f"/cases/{real_case.slug}/deadlines/{dismissed.pk}/review/dismiss/",
        {"reason": "Withdrawn the same day"},
    )
    dismissed.refresh_from_db()
    assert (dismissed.status, dismissed.review) == ("suggested", "dismissed")
    assert dismissed.history.first().history_change_reason == (
        "Suggestion dismissed: Withdrawn the same day"
    )
    out = StringIO()
    call_command("deadlines", "--case", real_case.slug, "--suggested", stdout=out)
    assert "ECF 153" not in out.getvalue() and "ECF 152" not in out.getvalue()


@pytest.mark.django_db
def test_override_keeps_the_computed_date_and_the_reason(real_case, users, irs, client_for):
    motion = docket(
        real_case, users["paralegal"], number=154, date_filed=dt.date(2025, 12, 5), kind="motion",
        text="MOTION to Dismiss by INTERNAL REVENUE SERVICE", filed_by=[irs],
    )  # fmt: skip
    deadline = Deadline.objects.get(trigger=motion)
    computed = deadline.due_at
    url = f"/cases/{real_case.slug}/deadlines/{deadline.pk}/override/"
    new_date = {"due_at": "2026-01-09T23:59", "reason": "Minute order of 8 Dec 2025"}
    # A risky action (issue 11 §5): paralegals and clients are refused, nothing changes.
    for role in ("paralegal", "client"):
        refused = client_for(users[role])
        assert refused.get(url).status_code == 403
        assert refused.post(url, {**new_date, "confirm": "on"}).status_code == 403
        with pytest.raises(PermissionDenied):
            override_due(deadline=deadline, user=users[role], confirmed=True, **new_date)
    client = client_for(users["attorney"])
    page = client.get(url).content.decode()
    assert "Override the computed date?" in page and "Fri 19 Dec 2025" in page
    no_reason = client.post(url, {"due_at": "2026-01-09T23:59", "reason": "", "confirm": "on"})
    assert no_reason.status_code == 400
    assert "Say why the computed date is overridden" in no_reason.content.decode()
    unconfirmed = client.post(url, new_date)
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    deadline.refresh_from_db()
    assert (deadline.due_at, deadline.computed_due_at) == (computed, None)  # nothing changed
    assert client.post(url, {**new_date, "confirm": "on"}).status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_at == dt.datetime(2026, 1, 9, 23, 59, tzinfo=ET)
    assert deadline.computed_due_at == computed
    assert (deadline.override_reason, deadline.overridden_by) == (
        "Minute order of 8 Dec 2025",
        users["attorney"],
    )
    latest = deadline.history.first()
    assert latest.history_change_reason == "Overridden: Minute order of 8 Dec 2025"
    assert latest.history_user == users["attorney"]
    page = client.get(f"/cases/{real_case.slug}/deadlines/{deadline.pk}/").content.decode()
    assert "the rule gives" in page and "Fri 19 Dec 2025" in page


@pytest.mark.django_db
def test_inaccessibility_recorded_for_the_court_moves_a_deadline(real_case, users, irs):
    ClerkInaccessibility.objects.create(
        court=real_case.court,
        starts_at=dt.datetime(2025, 12, 19, 9, 0, tzinfo=ET),
        ends_at=dt.datetime(2025, 12, 19, 17, 0, tzinfo=ET),
        reason="CM/ECF unavailable",
        source="Clerk's notice of 19 Dec 2025",
    )
    motion = docket(
        real_case, users["paralegal"], number=155, date_filed=dt.date(2025, 12, 5), kind="motion",
        text="MOTION to Dismiss by INTERNAL REVENUE SERVICE", filed_by=[irs],
    )  # fmt: skip
    # Fri 19 Dec 2025 inaccessible -> Sat, Sun skipped -> Mon 22 Dec 2025 (6(a)(3)(A)).
    deadline = Deadline.objects.get(trigger=motion)
    assert deadline.due_at == dt.datetime(2025, 12, 22, 23, 59, 59, tzinfo=ET)
    assert any("CM/ECF unavailable" in step for step in deadline.explanation)
