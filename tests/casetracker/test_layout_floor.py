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
