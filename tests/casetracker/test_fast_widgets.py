"""FastSelect and FastTextInput draw exactly what Django's widget templates draw (they exist only
to skip the template engine on the docket's filter form)."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from casetracker.formfields import CourtDateInput, FastDateInput, FastSelect, FastTextInput
from docket.entries.filters import DocketFilter

CHOICES = [
    ("", "Any kind"),
    ("motion", "Motion"),
    ("order", 'Order & "minute" <order>'),
    ("Groups", [("a", "First"), ("b", "Second")]),
    (3, "Three"),
]


def django_and_fast(django_widget, fast_widget, name, value, attrs=None):
    return (
        django_widget.render(name, value, attrs=attrs),
        fast_widget.render(name, value, attrs=attrs),
    )


@pytest.mark.parametrize("value", [None, "", "motion", "order", "b", 3, ["motion", "a"]])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_kind"}, {"id": "id_kind", "disabled": True, "data-x": 'q"<'}]
)
def test_select_matches_djangos_template(value, attrs):
    ours, django = FastSelect(choices=CHOICES), forms.Select(choices=CHOICES)
    theirs, mine = django_and_fast(django, ours, "kind", value, attrs)
    assert mine == theirs


def test_multiple_select_matches_djangos_template():
    django = forms.SelectMultiple(choices=CHOICES)
    ours = type("FastMultiple", (FastSelect,), {"allow_multiple_selected": True})(choices=CHOICES)
    theirs, mine = django_and_fast(django, ours, "kind", ["motion", "b"], {"id": "k"})
    assert mine == theirs


@pytest.mark.parametrize(
    "value", [None, "", "dismiss", '"administrative record" <b>', mark_safe("<i>x</i>"), 12]
)
@pytest.mark.parametrize("attrs", [None, {"id": "id_q", "required": True, "maxlength": 40}])
def test_text_input_matches_djangos_template(value, attrs):
    theirs, mine = django_and_fast(forms.TextInput(), FastTextInput(), "q", value, attrs)
    assert mine == theirs


def test_court_date_box_matches_djangos_template():
    class Plain(forms.TextInput):
        def format_value(self, value):
            return CourtDateInput().format_value(value)

    django = Plain({"placeholder": "MM/DD/YYYY", "inputmode": "numeric", "autocomplete": "off"})
    import datetime as dt

    for value in (None, "02/30/2025", dt.date(2025, 9, 5)):
        assert CourtDateInput().render("filed_after", value) == django.render("filed_after", value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [None, {"kind": "motion", "q": "a <b>", "order": "-date", "filed_after": "02/30/2025"}],
)
def test_the_docket_filter_form_is_drawn_as_before(real_case, params):
    """The whole form, bound and unbound, against the same form with Django's own widgets."""
    fast = DocketFilter(params, queryset=real_case.entries.all(), case=real_case)
    plain = DocketFilter(params, queryset=real_case.entries.all(), case=real_case)
    for name, field in plain.form.fields.items():
        if isinstance(field.widget, FastSelect):
            django = forms.Select(attrs=field.widget.attrs)
            django.choices = field.widget.choices
            field.widget = django
        elif isinstance(field.widget, FastTextInput) and type(field.widget) is FastTextInput:
            field.widget = forms.TextInput(attrs=field.widget.attrs)
        assert str(fast.form[name]) == str(plain.form[name]), name
    assert any(isinstance(f.widget, FastSelect) for f in fast.form.fields.values())


@pytest.mark.parametrize("value", [None, "", "2025-09-05", "not a date", "2025-02-30"])
def test_date_box_matches_djangos_template(value):
    import datetime as dt

    attrs = {"type": "date"}
    for shown in (value, dt.date(2025, 9, 5)):
        theirs, mine = django_and_fast(
            forms.DateInput(attrs=attrs), FastDateInput(attrs=attrs), "date_after", shown
        )
        assert mine == theirs


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        None,
        {"source": "document", "kind": "motion", "date_after": "2025-01-02", "sort": "date"},
        {"privilege": "privileged", "date_before": "2025-02-30", "party": "999999"},
    ],
)
def test_the_search_filter_form_is_drawn_as_before(real_case, params):
    """The search page's form, bound (valid and not) and unbound, against Django's widgets."""
    from docket.search.filters import SearchFilter
    from docket.search.models import SearchItem

    if params and "party" in params:
        params = {**params, "party": str(real_case.parties.order_by("name").first().pk)}

    def form():
        return SearchFilter(params, queryset=SearchItem.objects.all(), cases=[real_case]).form

    fast, plain = form(), form()
    fast.is_valid(), plain.is_valid()
    for name, field in plain.fields.items():
        if isinstance(field.widget, FastSelect):
            django = forms.Select(attrs=field.widget.attrs)
            django.choices = field.widget.choices
            field.widget = django
        elif isinstance(field.widget, FastDateInput):
            field.widget = forms.DateInput(attrs={**field.widget.attrs, "type": "date"})
        assert str(fast[name]) == str(plain[name]), name
    assert {type(f.widget) for f in fast.fields.values()} == {FastSelect, FastDateInput}
