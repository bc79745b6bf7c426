"""`{% fixed_url %}` / `{% fixed_static %}` (the layout's links, worked out once per process) give
exactly what `{% url %}` / `{% static %}` give, under any script prefix and STATIC_URL."""

from django.template import engines
from django.urls import clear_script_prefix, set_script_prefix


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
