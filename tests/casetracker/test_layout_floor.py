"""The layout's cheap parts (bench/floor.py): `{% fixed_url %}` / `{% fixed_static %}` (worked out
once per process) give exactly what `{% url %}` / `{% static %}` give, under any script prefix
and STATIC_URL; the header's search box keeps the page's query, escaped."""

import pytest
from django.template import engines
from django.urls import clear_script_prefix, reverse, set_script_prefix


def render(source):
    return engines["django"].from_string(source).render({})


def test_fixed_url_and_static_match_djangos_tags(settings):
    for name in ("home", "search", "notifications", "logout"):
        assert render("{% load fixed %}{% fixed_url '" + name + "' %}") == render(
            "{% url '" + name + "' %}"
        )
    assert render("{% load fixed %}{% fixed_static 'css/app.css' %}") == render(
        "{% load static %}{% static 'css/app.css' %}"
    )
    settings.STATIC_URL = "/assets/"
    assert render("{% load fixed %}{% fixed_static 'css/app.css' %}") == "/assets/css/app.css"


def test_fixed_url_follows_the_script_prefix():
    set_script_prefix("/tracker/")
    try:
        assert render("{% load fixed %}{% fixed_url 'logout' %}").startswith("/tracker/")
    finally:
        clear_script_prefix()
    assert not render("{% load fixed %}{% fixed_url 'logout' %}").startswith("/tracker/")


@pytest.mark.django_db
def test_the_header_search_box_keeps_the_query_escaped(users, client_for):
    web = client_for(users["attorney"])
    page = web.get(reverse("case_list") + "?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E").content
    assert b'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert b"<script>alert(1)" not in page
    assert (
        b'id="header-q" name="q" placeholder="Search" value=""'
        in web.get(reverse("case_list")).content
    )


# {% site_header %} (casetracker/templatetags/layout.py): the header drawn once per process for
# each set of values it shows, the log-out form's token put in per page.


class _User:
    def __init__(self, name):
        self.name, self.is_authenticated = name, name is not None

    def get_username(self):
        return self.name


class _Case:
    slug = "center-for-taxpayer-rights-v-irs"


def header(**context):
    from django.template import Context

    from casetracker.templatetags.layout import site_header

    return site_header(Context(context))


def fresh(signed_in, username, unread, scope, q, token):
    from casetracker.templatetags.layout import _render

    return _render(signed_in, username, unread, scope, q, token)


@pytest.mark.parametrize("name", ["attorney", "o&brien<b>", None])
@pytest.mark.parametrize("unread", [None, 0, 3])
@pytest.mark.parametrize("case", [None, _Case()])
def test_the_memoised_header_is_the_header_drawn_afresh(name, unread, case):
    token = "T" * 64
    for _ in range(2):  # the second time from the memo
        got = header(user=_User(name), unread_notifications=unread, case=case, csrf_token=token)
        assert got == fresh(
            name is not None, name or "", unread, case and case.slug or "", "", token
        )
    if name is not None:
        assert f'name="csrfmiddlewaretoken" value="{token}"' in got
        assert "Log out o&amp;brien&lt;b&gt;" in got or name == "attorney"
    else:
        assert "csrfmiddlewaretoken" not in got and "Log out" not in got


def test_each_page_gets_its_own_token_and_user_in_the_memoised_header():
    one = header(user=_User("alice"), unread_notifications=0, csrf_token="a" * 64)
    two = header(user=_User("alice"), unread_notifications=0, csrf_token="b" * 64)
    bob = header(user=_User("bob"), unread_notifications=0, csrf_token="b" * 64)
    assert one.replace("a" * 64, "b" * 64) == two and 'value="' + "a" * 64 in one
    assert "Log out bob" in bob and "alice" not in bob


def test_a_search_query_or_a_missing_token_draws_the_header_afresh():
    got = header(user=_User("alice"), unread_notifications=1, header_q='"><x', csrf_token="c" * 64)
    assert got == fresh(True, "alice", 1, "", '"><x', "c" * 64)
    assert 'value="&quot;&gt;&lt;x"' in got
    assert "csrfmiddlewaretoken" not in header(user=_User("alice"), unread_notifications=1)


@pytest.mark.django_db
def test_pages_show_their_users_header(users, client_for, real_case):
    for role in ("attorney", "paralegal"):
        page = client_for(users[role]).get(reverse("case_list")).content.decode()
        assert f"Log out {users[role].get_username()}</button>" in page
        other = "paralegal" if role == "attorney" else "attorney"
        assert f"Log out {users[other].get_username()}<" not in page
    page = client_for(users["attorney"]).get(real_case.get_absolute_url()).content.decode()
    assert 'placeholder="Search this case"' in page
    assert f'<input type="hidden" name="case" value="{real_case.slug}">' in page
    signed_out = client_for(None).get(reverse("login")).content.decode()
    assert "Log out" not in signed_out and 'class="site-header"' in signed_out
