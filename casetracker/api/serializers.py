"""What the API shows: the same fields the pages show each role, no more. Internal notes only to
the team (`context["team"]`); links to entries only for entries the reader may see. The case
and its people here; the docket's and notices' serializers in docket/api and notices/api."""

from django.urls import reverse
from rest_framework import serializers

from casetracker.models import Attorney, Case, Party, Representation


def _absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


def entry_key(entry):
    return entry.permalink_key if entry is not None else None


class CaseSerializer(serializers.ModelSerializer):
    court = serializers.CharField(source="court.cmecf_code", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "slug",
            "docket_number",
            "caption",
            "short_name",
            "court",
            "judge",
            "nature_of_suit",
            "date_filed",
            "status",
            "url",
        ]

    def get_url(self, case) -> str:
        return _absolute(self.context, reverse("api_case", kwargs={"slug": case.slug}))


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["id", "name", "side", "kind", "date_terminated"]


class AttorneySerializer(serializers.ModelSerializer):
    class Meta:
        model = Attorney
        fields = ["id", "name", "organisation", "email", "phone", "bar_number"]


class CounselSerializer(serializers.ModelSerializer):
    attorney = AttorneySerializer(read_only=True)
    party = serializers.IntegerField(source="party_id", read_only=True)
    party_name = serializers.CharField(source="party.name", read_only=True)

    class Meta:
        model = Representation
        fields = ["id", "attorney", "party", "party_name", "role", "terminated"]
