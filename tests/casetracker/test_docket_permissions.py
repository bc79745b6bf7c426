"""Who sees what on the docket: every docket URL × every role, plus a member of another case
and an anonymous visitor. Non-members get 404 (the case's existence is not revealed)."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from docket.models import DocketEntry
from tests.docket.factories import DocumentFactory, EntryFactory

pytestmark = pytest.mark.django_db
V = DocketEntry.Visibility


@pytest.fixture
def entries(real_case):
    made = {}
    for number, vis in ((21, V.PUBLIC), (22, V.RESTRICTED), (23, V.SEALED)):
        entry = EntryFactory(
            case=real_case,
            number=number,
            visibility=vis,
            date_filed=dt.date(2025, 4, 1),
            text=f"{vis} entry text",
            internal_note=f"internal note {number}",
        )
        doc = DocumentFactory(entry=entry, attachment_number=0, sha256=f"{number:064d}")
        doc.file.save("ignored.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        made[vis] = (entry, doc)
    return made


def urls_for(case, entries):
    urls = {
        "case": reverse("case_detail", args=[case.slug]),
        "docket": reverse("docket_list", args=[case.slug]),
    }
    for vis, (entry, doc) in entries.items():
        urls[f"entry-{vis}"] = entry.get_absolute_url()
        urls[f"doc-{vis}"] = reverse("document_download", args=[case.slug, doc.pk])
    return urls


# Expected status per URL and role. 302 for a client on the case page = redirect to status.
MATRIX = {
    "case":              {"admin": 200, "attorney": 200, "paralegal": 200, "client": 302, "outsider": 404},
    "docket":            {"admin": 200, "attorney": 200, "paralegal": 200, "client": 200, "outsider": 404},
    "entry-public":      {"admin": 200, "attorney": 200, "paralegal": 200, "client": 200, "outsider": 404},
    "entry-restricted":  {"admin": 200, "attorney": 200, "paralegal": 200, "client": 404, "outsider": 404},
    "entry-sealed":      {"admin": 200, "attorney": 404, "paralegal": 404, "client": 404, "outsider": 404},
    "doc-public":        {"admin": 200, "attorney": 200, "paralegal": 200, "client": 200, "outsider": 404},
    "doc-restricted":    {"admin": 200, "attorney": 200, "paralegal": 200, "client": 404, "outsider": 404},
    "doc-sealed":        {"admin": 200, "attorney": 404, "paralegal": 404, "client": 404, "outsider": 404},
}  # fmt: skip


@pytest.mark.parametrize("role", ["admin", "attorney", "paralegal", "client", "outsider"])
def test_docket_permission_matrix(client_for, users, real_case, entries, role):
    client = client_for(users[role])
    for name, url in urls_for(real_case, entries).items():
        response = client.get(url)
        assert response.status_code == MATRIX[name][role], (name, role)


def test_anonymous_is_sent_to_login_everywhere(client_for, users, real_case, entries):
    client = client_for(None)
    for url in urls_for(real_case, entries).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/"), url


def test_client_docket_lists_only_public_entries_and_no_internal_notes(
    client_for, users, real_case, entries
):
    html = client_for(users["client"]).get(reverse("docket_list", args=[real_case.slug]))
    text = html.content.decode()
    assert "public entry text" in text
    assert "restricted entry text" not in text and "sealed entry text" not in text
    entry_html = client_for(users["client"]).get(entries[V.PUBLIC][0].get_absolute_url())
    assert "internal note" not in entry_html.content.decode()


def test_team_sees_internal_note(client_for, users, entries):
    html = client_for(users["paralegal"]).get(entries[V.PUBLIC][0].get_absolute_url())
    assert "internal note 21" in html.content.decode()


def test_document_of_another_case_is_404_through_this_case(
    client_for, users, real_case, other_case
):
    """IDOR: a document id from another case, requested under a case the user is a member of."""
    foreign_entry = EntryFactory(case=other_case, number=1)
    foreign = DocumentFactory(entry=foreign_entry, sha256="f" * 64)
    foreign.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=True)
    response = client_for(users["attorney"]).get(
        reverse("document_download", args=[real_case.slug, foreign.pk])
    )
    assert response.status_code == 404


def test_document_is_served_as_pdf_never_html(client_for, users, real_case, entries):
    _, doc = entries[V.PUBLIC]
    response = client_for(users["attorney"]).get(
        reverse("document_download", args=[real_case.slug, doc.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # A download unless our own PDF page frames it (issue 9 §5; tests/security/test_pdf_and_nef.py)
    assert response["Content-Disposition"].startswith('attachment; filename="ECF-21.pdf"')
    assert "sandbox" in response["Content-Security-Policy"]


def test_stored_path_is_derived_from_the_hash(entries):
    _, doc = entries[V.PUBLIC]
    assert doc.file.name == f"documents/00/00/{doc.sha256}.pdf"


def test_admin_site_is_for_admins_only(client_for, users):
    assert client_for(users["admin"]).get("/admin/").status_code == 200
    for role in ("attorney", "paralegal", "client", "outsider"):
        response = client_for(users[role]).get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response.url, role
