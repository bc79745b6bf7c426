"""An admin's edit of a docket entry, a document or a record document is reindexed with the save:
a search right after it finds the new text and no longer the old, and the edit is audited."""

import pytest
from django.forms import MultiWidget
from django.urls import reverse

from docket.models import RecordDocument
from docket.record.services import save_record_document
from docket.search.selectors import memberships_of, search

from .conftest import attachment, pages_pdf

pytestmark = pytest.mark.django_db


def found(user, case, query):
    return [
        h.where for h in search(user=user, query=query, memberships=memberships_of(user, case)).hits
    ]


def post_admin_change(client, obj, **changes):
    """Submit the admin's change form for `obj` as a browser would: every field as the form
    shows it, with `changes` applied."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = list(value)
        elif value is not None and name != "file":
            data[name] = value
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_admin_edit_of_a_document_is_found_at_once(users, real_case, add_entry, client_for):
    entry = add_entry(
        "Exhibit list",
        attachments=[attachment(pages_pdf("the okapi declaration"), number=1)],
    )
    document = entry.documents.get()
    attorney = users["attorney"]
    assert found(attorney, real_case, "okapi")
    post_admin_change(client_for(users["admin"]), document, text="the bonobo declaration")
    assert found(attorney, real_case, "bonobo") and not found(attorney, real_case, "okapi")
    document.refresh_from_db()
    assert document.history.first().history_user == users["admin"]
    # the document's description is searchable too (its title)
    post_admin_change(client_for(users["admin"]), document, description="Gazelle affidavit")
    assert found(attorney, real_case, "gazelle")


def test_admin_edit_of_an_entry_is_found_at_once(users, real_case, add_entry, client_for):
    entry = add_entry("Notice of the lemur hearing", kind="notice")
    post_admin_change(client_for(users["admin"]), entry, text="Notice of the marmot hearing")
    assert found(users["client"], real_case, "marmot") and not found(
        users["client"], real_case, "lemur"
    )


def test_admin_edit_of_a_record_document_is_found_at_once(users, real_case, client_for):
    record = save_record_document(
        document=RecordDocument(
            case=real_case,
            bates_start="IRS-AR-000100",
            bates_end="IRS-AR-000101",
            title="Memo on caracal data",
            text="caracal",
        ),
        user=users["paralegal"],
    )
    attorney = users["attorney"]
    assert found(attorney, real_case, "caracal")
    post_admin_change(client_for(users["admin"]), record, title="Memo on jerboa data", text="")
    assert found(attorney, real_case, "jerboa") and not found(attorney, real_case, "caracal")
    assert record.history.first().history_user == users["admin"]
