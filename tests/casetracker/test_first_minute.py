"""The first minute: demo users and their passwords (printed, saved mode 600, resettable), the
start-up banner, configurable ports, a 403 logged as one line, and an overview that says
plainly when the docket holds only the key orders."""

import logging
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from casetracker.models import User
from docket.models import DocketEntry

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def credentials(tmp_path, monkeypatch):
    path = tmp_path / "var" / "demo-credentials.txt"
    monkeypatch.setenv("DEMO_CREDENTIALS_FILE", str(path))
    return path


def _run(*args):
    out = StringIO()
    call_command("seed_demo_users", *args, stdout=out)
    return out.getvalue()


def _saved(path):
    return dict(
        line.split(" ", 1) for line in path.read_text().splitlines() if not line.startswith("#")
    )


def test_new_passwords_are_printed_and_saved_for_the_owner_only(real_case, credentials):
    first = _run()
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    saved = _saved(credentials)
    assert set(saved) == {"admin", "attorney", "paralegal", "client"}
    for name, password in saved.items():
        assert f"{name:10} {password}" in first  # the same password on screen and in the file
        assert User.objects.get(username=name).check_password(password)
    again = _run()  # idempotent: passwords unchanged, the way to get new ones is shown
    assert "exists; password unchanged" in again
    assert "python manage.py seed_demo_users --reset-passwords" in again
    assert _saved(credentials) == saved


def test_reset_passwords_prints_new_ones_and_rewrites_the_file(real_case, credentials):
    _run()
    old = _saved(credentials)
    credentials.chmod(0o644)  # loosened by someone: the reset makes it private again
    out = _run("--reset-passwords")
    new = _saved(credentials)
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    for name in old:
        assert new[name] != old[name]
        assert f"{name:10} {new[name]}   (" in out
        assert User.objects.get(username=name).check_password(new[name])
        assert not User.objects.get(username=name).check_password(old[name])


def test_seed_demo_users_says_which_case_to_name(db, credentials):
    from django.core.management import CommandError

    from casetracker.services import track_case

    with pytest.raises(CommandError, match=r"No case yet: run load_case \(or add_case\) first"):
        _run()
    call_command("load_case", stdout=StringIO())
    track_case(court_code="cadc", number="26-5006", caption="Center for Taxpayer Rights v. IRS")
    with pytest.raises(CommandError, match=r"several cases: name one with --case SLUG \("):
        _run()
    with pytest.raises(CommandError, match=r"No case with the slug 'nope'\. Cases: "):
        _run("--case", "nope")
    assert "admin" in _run("--case", "center-for-taxpayer-rights-v-irs")
    assert not User.objects.filter(username="client", is_superuser=True).exists()
    # `make run` again (no --case): the demo users' own case is the one, among several
    assert "exists; password unchanged" in _run()


def test_banner_names_the_url_users_and_the_reset_command(real_case, credentials):
    _run()
    out = StringIO()
    call_command("run_banner", "--port", "8080", stdout=out)
    text = out.getvalue()
    assert "open http://127.0.0.1:8080/" in text
    for name in ("admin", "attorney", "paralegal", "client"):
        assert f"    {name:10} " in text
    assert str(credentials) in text
    assert "python manage.py seed_demo_users --reset-passwords" in text


def test_ports_are_configurable():
    makefile = (ROOT / "Makefile").read_text()
    procfile = (ROOT / "Procfile").read_text()
    assert "PORT ?= 8000" in makefile and "REDIS_PORT ?= 6379" in makefile
    assert "REDIS_URL ?= redis://127.0.0.1:$(REDIS_PORT)/0" in makefile
    assert "run_banner --port $(PORT)" in makefile
    assert "${PORT:-8000}" in procfile and "--port ${REDIS_PORT:-6379}" in procfile


def test_a_403_is_logged_as_one_line(real_case, users, client_for, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_for(users["client"]).get(reverse("record_page", args=[real_case.slug]))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record.exc_info is None and record.exc_text is None  # no traceback
    line = record.getMessage()
    assert "\n" not in line
    assert line.startswith(f"Forbidden (Permission denied): /cases/{real_case.slug}/record/")
    assert "(user client)" in line


def test_overview_says_the_docket_holds_only_key_orders_until_pacer(real_case, users, client_for):
    client = client_for(users["attorney"])
    page = client.get(real_case.get_absolute_url()).content.decode()
    assert 'id="docket-partial"' in page
    assert "This docket holds only the key orders and filings from the public record" in page
    assert reverse("import_pacer", args=[real_case.slug]) in page
    DocketEntry.objects.filter(case=real_case).update(source=DocketEntry.Source.PACER)
    assert 'id="docket-partial"' not in client.get(real_case.get_absolute_url()).content.decode()
