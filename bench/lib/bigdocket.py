"""A big docket for the search and scale benchmarks: numbered entries (as a PACER docket report
imports them) with varied legal text
(a Zipf-like draw from a legal vocabulary, so words are common or rare as in real dockets), a
document with multi-page text for every fifth entry, and the search index built in bulk."""

import datetime as dt
import random

from django.db import connection

VOCABULARY = (
    "motion order notice memorandum opinion declaration exhibit complaint answer reply "
    "opposition stipulation schedule extension time preliminary injunction stay summary judgment "
    "administrative record agency action policy taxpayer information disclosure confidential "
    "internal revenue service immigration customs enforcement data sharing plaintiffs defendants "
    "counsel appearance status report conference hearing minute transcript sealed redacted "
    "privilege deliberative process attorney client work product certificate service filing "
    "court judge clerk docket entry amended supplemental response brief argument standing "
    "jurisdiction venue discovery subpoena production documents privacy act section code "
    "regulation statute rule federal procedure local civil granted denied part moot vacated "
    "withdrawn leave file excess pages consent unopposed joint proposed"
).split()
RARE = ["quokka", "armadillo", "ocelot"]


FILLER = "the of and to in for by with on that a is be as at".split()
# Zipf-like weights (1 / (rank + 10)): the commonest legal word is ~3.5% of the legal words, and
# a third of all words are fillers, roughly as in real docket text.
WEIGHTS = [1 / (rank + 10) for rank in range(len(VOCABULARY))]


def _words(rng, n):
    legal = rng.choices(VOCABULARY, weights=WEIGHTS, k=n)
    return " ".join(word if rng.random() > 0.33 else rng.choice(FILLER) for word in legal)


def entry_text(rng, n):
    text = f"{rng.choice(['MOTION', 'ORDER', 'NOTICE', 'MEMORANDUM', 'REPLY'])} {_words(rng, rng.randint(12, 40))}"
    if n % 997 == 0:
        text += f" {RARE[n % len(RARE)]}"
    return text


def document_text(rng, pages=3):
    return "\f".join(_words(rng, 220) for _ in range(pages))


def build(case, upto, *, with_index=True, seed=7):
    """Add numbered entries until the case has `upto`; every 5th gets a 3-page document."""
    from docket.models import DocketEntry, Document

    rng = random.Random(seed + upto)
    start = case.entries.filter(number__isnull=False).count()
    kinds = [k for k, _ in DocketEntry.Kind.choices]
    base = dt.date(2020, 1, 1)
    DocketEntry.objects.bulk_create(
        [
            DocketEntry(
                case=case,
                number=n + 1,
                date_filed=base + dt.timedelta(days=n // 20),
                kind=kinds[n % len(kinds)],
                visibility="restricted" if n % 50 == 0 else "public",
                source="pacer",  # a docket this size arrives by import, not by hand
                is_key_order=n % 500 == 0,
                text=entry_text(rng, n + 1),
            )
            for n in range(start, upto)
        ],
        batch_size=2000,
    )
    made = list(DocketEntry.objects.filter(case=case, number__gt=start).values_list("pk", "number"))
    Document.objects.bulk_create(
        [
            Document(
                entry_id=pk,
                attachment_number=0,
                description="Main document",
                sha256=f"{pk:064x}",
                page_count=3,
                text=document_text(rng),
            )
            for pk, number in made
            if number % 5 == 0
        ],
        batch_size=2000,
    )
    parties = list(case.parties.all()[:2])
    through = DocketEntry.filed_by.through
    through.objects.bulk_create(
        [through(docketentry_id=pk, party_id=parties[pk % 2].pk) for pk, _ in made],
        batch_size=4000,
    )
    if with_index:
        index_new(case)


def index_new(case):
    """Index, in bulk, every entry and document of the case not indexed yet."""
    from docket.models import DocketEntry, Document
    from docket.search.models import SearchItem

    done_entries = set(
        SearchItem.objects.filter(case=case, source="entry").values_list("entry_id", flat=True)
    )
    done_docs = set(
        SearchItem.objects.filter(case=case, source="document").values_list(
            "document_id", flat=True
        )
    )
    items = [
        SearchItem(
            case=case, source="entry", entry_id=pk, kind=kind, date=date, title=kind, body=text
        )
        for pk, kind, date, text in DocketEntry.objects.filter(case=case).values_list(
            "pk", "kind", "date_filed", "text"
        )
        if pk not in done_entries
    ]
    items += [
        SearchItem(
            case=case,
            source="document",
            entry_id=entry_id,
            document_id=pk,
            kind=kind,
            date=date,
            title=description,
            body=text,
        )
        for pk, entry_id, kind, date, description, text in Document.objects.filter(
            entry__case=case
        ).values_list("pk", "entry_id", "entry__kind", "entry__date_filed", "description", "text")
        if pk not in done_docs
    ]
    SearchItem.objects.bulk_create(items, batch_size=2000)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        SearchItem.objects.filter(case=case, vector__isnull=True).update(
            vector=SearchVector("title", weight="A", config="english")
            + SearchVector("body", weight="B", config="english")
        )
        with connection.cursor() as cursor:
            # what autovacuum does to a live index soon after (the UPDATE above left a dead
            # copy of every new row): without it a timing depends on whether it has run yet
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
