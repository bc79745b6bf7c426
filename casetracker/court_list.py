"""Every federal district court and court of appeals, as CM/ECF knows them: the court id used in
CM/ECF host names (`ecf.dcd.uscourts.gov`), the court's name, the time zone of its clerk's office
(where CM/ECF's "filed on" dates and the 6(a)(4)(A) midnight are reckoned) and the state or
territory whose legal holidays count under FRCP 6(a)(6)(C) / FRAP 26(a)(6)(C).

Pure data, loaded into `Court` by a data migration (casetracker 0003) and kept in step by it;
a court that sits in two time zones is given the zone of its main clerk's office."""

ET = "America/New_York"
CT = "America/Chicago"
MT = "America/Denver"
PT = "America/Los_Angeles"

DISTRICT = "district"
APPELLATE = "appellate"

# (CM/ECF id, "District of ..." part of the name, time zone, holiday subdivision)
_DISTRICTS = (
    ("almd", "Middle District of Alabama", CT, "AL"),
    ("alnd", "Northern District of Alabama", CT, "AL"),
    ("alsd", "Southern District of Alabama", CT, "AL"),
    ("akd", "District of Alaska", "America/Anchorage", "AK"),
    ("azd", "District of Arizona", "America/Phoenix", "AZ"),
    ("ared", "Eastern District of Arkansas", CT, "AR"),
    ("arwd", "Western District of Arkansas", CT, "AR"),
    ("cacd", "Central District of California", PT, "CA"),
    ("caed", "Eastern District of California", PT, "CA"),
    ("cand", "Northern District of California", PT, "CA"),
    ("casd", "Southern District of California", PT, "CA"),
    ("cod", "District of Colorado", MT, "CO"),
    ("ctd", "District of Connecticut", ET, "CT"),
    ("ded", "District of Delaware", ET, "DE"),
    ("dcd", "District of Columbia", ET, "DC"),
    ("flmd", "Middle District of Florida", ET, "FL"),
    ("flnd", "Northern District of Florida", ET, "FL"),
    ("flsd", "Southern District of Florida", ET, "FL"),
    ("gamd", "Middle District of Georgia", ET, "GA"),
    ("gand", "Northern District of Georgia", ET, "GA"),
    ("gasd", "Southern District of Georgia", ET, "GA"),
    ("gud", "District of Guam", "Pacific/Guam", "GU"),
    ("hid", "District of Hawaii", "Pacific/Honolulu", "HI"),
    ("idd", "District of Idaho", "America/Boise", "ID"),
    ("ilcd", "Central District of Illinois", CT, "IL"),
    ("ilnd", "Northern District of Illinois", CT, "IL"),
    ("ilsd", "Southern District of Illinois", CT, "IL"),
    ("innd", "Northern District of Indiana", "America/Indiana/Indianapolis", "IN"),
    ("insd", "Southern District of Indiana", "America/Indiana/Indianapolis", "IN"),
    ("iand", "Northern District of Iowa", CT, "IA"),
    ("iasd", "Southern District of Iowa", CT, "IA"),
    ("ksd", "District of Kansas", CT, "KS"),
    ("kyed", "Eastern District of Kentucky", ET, "KY"),
    ("kywd", "Western District of Kentucky", "America/Kentucky/Louisville", "KY"),
    ("laed", "Eastern District of Louisiana", CT, "LA"),
    ("lamd", "Middle District of Louisiana", CT, "LA"),
    ("lawd", "Western District of Louisiana", CT, "LA"),
    ("med", "District of Maine", ET, "ME"),
    ("mdd", "District of Maryland", ET, "MD"),
    ("mad", "District of Massachusetts", ET, "MA"),
    ("mied", "Eastern District of Michigan", "America/Detroit", "MI"),
    ("miwd", "Western District of Michigan", "America/Detroit", "MI"),
    ("mnd", "District of Minnesota", CT, "MN"),
    ("msnd", "Northern District of Mississippi", CT, "MS"),
    ("mssd", "Southern District of Mississippi", CT, "MS"),
    ("moed", "Eastern District of Missouri", CT, "MO"),
    ("mowd", "Western District of Missouri", CT, "MO"),
    ("mtd", "District of Montana", MT, "MT"),
    ("ned", "District of Nebraska", CT, "NE"),
    ("nvd", "District of Nevada", PT, "NV"),
    ("nhd", "District of New Hampshire", ET, "NH"),
    ("njd", "District of New Jersey", ET, "NJ"),
    ("nmd", "District of New Mexico", MT, "NM"),
    ("nyed", "Eastern District of New York", ET, "NY"),
    ("nynd", "Northern District of New York", ET, "NY"),
    ("nysd", "Southern District of New York", ET, "NY"),
    ("nywd", "Western District of New York", ET, "NY"),
    ("nced", "Eastern District of North Carolina", ET, "NC"),
    ("ncmd", "Middle District of North Carolina", ET, "NC"),
    ("ncwd", "Western District of North Carolina", ET, "NC"),
    ("ndd", "District of North Dakota", CT, "ND"),
    ("nmid", "District for the Northern Mariana Islands", "Pacific/Saipan", "MP"),
    ("ohnd", "Northern District of Ohio", ET, "OH"),
    ("ohsd", "Southern District of Ohio", ET, "OH"),
    ("oked", "Eastern District of Oklahoma", CT, "OK"),
    ("oknd", "Northern District of Oklahoma", CT, "OK"),
    ("okwd", "Western District of Oklahoma", CT, "OK"),
    ("ord", "District of Oregon", PT, "OR"),
    ("paed", "Eastern District of Pennsylvania", ET, "PA"),
    ("pamd", "Middle District of Pennsylvania", ET, "PA"),
    ("pawd", "Western District of Pennsylvania", ET, "PA"),
    ("prd", "District of Puerto Rico", "America/Puerto_Rico", "PR"),
    ("rid", "District of Rhode Island", ET, "RI"),
    ("scd", "District of South Carolina", ET, "SC"),
    ("sdd", "District of South Dakota", CT, "SD"),
    ("tned", "Eastern District of Tennessee", ET, "TN"),
    ("tnmd", "Middle District of Tennessee", CT, "TN"),
    ("tnwd", "Western District of Tennessee", CT, "TN"),
    ("txed", "Eastern District of Texas", CT, "TX"),
    ("txnd", "Northern District of Texas", CT, "TX"),
    ("txsd", "Southern District of Texas", CT, "TX"),
    ("txwd", "Western District of Texas", CT, "TX"),
    ("utd", "District of Utah", MT, "UT"),
    ("vtd", "District of Vermont", ET, "VT"),
    ("vid", "District of the Virgin Islands", "America/St_Thomas", "VI"),
    ("vaed", "Eastern District of Virginia", ET, "VA"),
    ("vawd", "Western District of Virginia", ET, "VA"),
    ("waed", "Eastern District of Washington", PT, "WA"),
    ("wawd", "Western District of Washington", PT, "WA"),
    ("wvnd", "Northern District of West Virginia", ET, "WV"),
    ("wvsd", "Southern District of West Virginia", ET, "WV"),
    ("wied", "Eastern District of Wisconsin", CT, "WI"),
    ("wiwd", "Western District of Wisconsin", CT, "WI"),
    ("wyd", "District of Wyoming", MT, "WY"),
)

# (CM/ECF id, circuit, time zone and holiday state of the seat)
_CIRCUITS = (
    ("ca1", "First Circuit", ET, "MA"),
    ("ca2", "Second Circuit", ET, "NY"),
    ("ca3", "Third Circuit", ET, "PA"),
    ("ca4", "Fourth Circuit", ET, "VA"),
    ("ca5", "Fifth Circuit", CT, "LA"),
    ("ca6", "Sixth Circuit", ET, "OH"),
    ("ca7", "Seventh Circuit", CT, "IL"),
    ("ca8", "Eighth Circuit", CT, "MO"),
    ("ca9", "Ninth Circuit", PT, "CA"),
    ("ca10", "Tenth Circuit", MT, "CO"),
    ("ca11", "Eleventh Circuit", ET, "GA"),
    ("cadc", "District of Columbia Circuit", ET, "DC"),
    ("cafc", "Federal Circuit", ET, "DC"),
)

# The feeds this case needs, at the addresses CM/ECF publishes them (district: rss_outside.pl;
# appellate NextGen: the TransportRoom RSS generator). Other courts' feeds are set by an admin.
KNOWN_FEEDS = {
    "dcd": "https://ecf.dcd.uscourts.gov/cgi-bin/rss_outside.pl",
    "cadc": "https://ecf.cadc.uscourts.gov/n/beam/servlet/TransportRoom?servlet=RSSGenerator",
}


def _district_name(part):
    joiner = "" if part.startswith("District for") else "for the "
    return f"United States District Court {joiner}{part}"


COURTS = tuple(
    {
        "cmecf_code": code,
        "name": _district_name(part),
        "time_zone": tz,
        "holiday_subdivision": state,
        "kind": DISTRICT,
        "rss_url": KNOWN_FEEDS.get(code, ""),
    }
    for code, part, tz, state in _DISTRICTS
) + tuple(
    {
        "cmecf_code": code,
        "name": f"United States Court of Appeals for the {circuit}",
        "time_zone": tz,
        "holiday_subdivision": state,
        "kind": APPELLATE,
        "rss_url": KNOWN_FEEDS.get(code, ""),
    }
    for code, circuit, tz, state in _CIRCUITS
)
