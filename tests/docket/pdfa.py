"""What can be checked of PDF/A without veraPDF (a Java tool, not packaged for this machine):
a PDF is read back with pypdf and held to the rules that a join or a stamp could break.

- header: `%PDF-1.n` and a comment line of four bytes above 127 (ISO 19005-2 6.1.2);
- trailer: a file identifier (/ID), no /Encrypt (6.1.3);
- catalog: an XMP metadata stream (/Type /Metadata /Subtype /XML) naming the PDF/A part and
  conformance, its dc:title, dc:creator, pdf:Producer, xmp:CreatorTool equal to the document
  information dictionary's Title, Author, Producer, Creator (6.6.2, 6.6.3);
- an output intent /GTS_PDFA1 with an embedded ICC profile (/DestOutputProfile) (6.2.3);
- every font reachable from any page — its resources, form XObjects, patterns, annotation
  appearances, Type 3 glyph resources — embedded: FontFile, FontFile2 or FontFile3 (6.2.11.4);
- nothing forbidden: JavaScript, Launch actions, additional actions (/AA), transfer functions
  (/TR, /TR2 other than /Default), /HTO, PostScript XObjects, OPI, reference XObjects
  (6.2.4, 6.2.5, 6.2.9, 6.5, 6.6.1).

`check(data)` returns a `PdfaReport`: its `problems` (empty when all holds) and what was found."""

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
# Information dictionary key -> XMP property it must equal (ISO 19005-2 6.6.3 / 19005-1 table 1)
INFO_TO_XMP = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
}
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass
class PdfaReport:
    problems: list[str] = field(default_factory=list)
    xmp: dict[str, object] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)
    # (page number from 1, path to the font, e.g. "/XObject/CTPageNumber/Font/F1", BaseFont)
    fonts: list[tuple[int, str, str]] = field(default_factory=list)
    icc_profile: bytes = b""


def _qualified(tag):
    for prefix, uri in NS.items():
        if tag.startswith(f"{{{uri}}}"):
            return f"{prefix}:{tag[len(uri) + 2 :]}"
    return tag


def xmp_properties(packet: bytes) -> dict[str, object]:
    """The properties of an XMP packet, as "prefix:name" -> text (attributes and simple
    elements) or list of texts (rdf:Alt, rdf:Seq, rdf:Bag)."""
    # our own files, read back in a test: no untrusted XML
    root = ET.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", packet).strip())  # noqa: S314
    found: dict[str, object] = {}
    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        for name, value in description.attrib.items():
            if name != f"{{{NS['rdf']}}}about":
                found[_qualified(name)] = value
        for element in description:
            items = element.findall("./*/rdf:li", NS)
            found[_qualified(element.tag)] = (
                [item.text or "" for item in items] if items else (element.text or "")
            )
    return found


def _xmp_value_matches(prop, xmp_value, info_value):
    if prop == "dc:creator":  # an ordered list of authors; the Info entry is one string
        return isinstance(xmp_value, list) and ", ".join(xmp_value) == info_value
    if isinstance(xmp_value, list):  # rdf:Alt: the x-default (first) item
        return bool(xmp_value) and xmp_value[0] == info_value
    return xmp_value == info_value


class _Walker:
    """Visits every resource dictionary reachable from a page, once each per page (so each
    page's fonts are listed, and a loop of form XObjects ends)."""

    def __init__(self, report):
        self.report, self.seen = report, set()

    def _once(self, obj):
        key = (obj.idnum, obj.generation) if isinstance(obj, IndirectObject) else id(obj)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def resources(self, page_no, path, resources):
        if resources is None or not self._once(resources):
            return
        resources = resources.get_object()
        for name, font in (resources.get("/Font") or DictionaryObject()).get_object().items():
            self.font(page_no, f"{path}/Font/{name[1:]}", font)
        for name, ref in (resources.get("/XObject") or DictionaryObject()).get_object().items():
            self.xobject(page_no, f"{path}/XObject/{name[1:]}", ref)
        for name, ref in (resources.get("/Pattern") or DictionaryObject()).get_object().items():
            pattern = ref.get_object()
            self.resources(page_no, f"{path}/Pattern/{name[1:]}", pattern.get("/Resources"))
        for name, state in (resources.get("/ExtGState") or DictionaryObject()).get_object().items():
            state = state.get_object()
            if "/TR" in state:
                self.report.problems.append(f"page {page_no}: {path}/ExtGState/{name[1:]} has /TR")
            if state.get("/TR2") not in (None, "/Default"):
                self.report.problems.append(f"page {page_no}: {path}/ExtGState/{name[1:]} has /TR2")
            if "/HTO" in state:
                self.report.problems.append(f"page {page_no}: {path}/ExtGState/{name[1:]} has /HTO")

    def xobject(self, page_no, path, ref):
        xobject = ref.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/PS" or xobject.get("/Subtype2") == "/PS":
            self.report.problems.append(f"page {page_no}: {path} is a PostScript XObject")
        for forbidden in ("/OPI", "/Ref"):
            if forbidden in xobject:
                self.report.problems.append(f"page {page_no}: {path} has {forbidden}")
        if subtype == "/Form":
            self.resources(page_no, path, xobject.get("/Resources"))

    def font(self, page_no, path, ref):
        font = ref.get_object()
        base = str(font.get("/BaseFont", font.get("/Name", "?")))
        self.report.fonts.append((page_no, path, base))
        subtype = font.get("/Subtype")
        if subtype == "/Type3":
            self.resources(page_no, f"{path}/Type3", font.get("/Resources"))
            return
        described = font
        if subtype == "/Type0":
            described = font["/DescendantFonts"][0].get_object()
        descriptor = described.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else DictionaryObject()
        if not any(key in descriptor for key in FONT_FILES):
            self.report.problems.append(f"page {page_no}: font {base} ({path}) is not embedded")


def _no_javascript(report, root, reader):
    names = (root.get("/Names") or DictionaryObject()).get_object()
    for key in ("/JavaScript",):
        if key in names:
            report.problems.append(f"catalog /Names has {key}")
    if "/AA" in root:
        report.problems.append("catalog has additional actions (/AA)")
    open_action = root.get("/OpenAction")
    if isinstance(open_action, DictionaryObject) and open_action.get("/S") in (
        "/JavaScript",
        "/Launch",
    ):
        report.problems.append(f"catalog /OpenAction is {open_action['/S']}")
    for page_no, page in enumerate(reader.pages, start=1):
        if "/AA" in page:
            report.problems.append(f"page {page_no} has additional actions (/AA)")
        for annot in page.get("/Annots") or ArrayObject():
            annot = annot.get_object()
            action = (annot.get("/A") or DictionaryObject()).get_object()
            if action.get("/S") in ("/JavaScript", "/Launch") or "/AA" in annot:
                report.problems.append(f"page {page_no}: an annotation runs {action.get('/S')}")


def check(data: bytes) -> PdfaReport:
    report = PdfaReport()
    problems = report.problems
    header, _, rest = data.partition(b"\n")
    if not re.fullmatch(rb"%PDF-1\.[0-7]\r?", header):
        problems.append(f"header is {header[:12]!r}")
    marker = rest.split(b"\n", 1)[0]
    if not (marker.startswith(b"%") and len(marker) >= 5 and all(b > 127 for b in marker[1:5])):
        problems.append("no binary comment after the header")

    reader = PdfReader(io.BytesIO(data), strict=True)  # a broken xref or object fails here
    if reader.is_encrypted or "/Encrypt" in reader.trailer:
        problems.append("encrypted")
    file_id = reader.trailer.get("/ID")
    if not (isinstance(file_id, ArrayObject) and len(file_id) == 2 and all(file_id)):
        problems.append("no file identifier (/ID) in the trailer")

    root = reader.trailer["/Root"].get_object()
    report.info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    metadata = root.get("/Metadata")
    metadata = metadata.get_object() if metadata is not None else None
    if not isinstance(metadata, StreamObject):
        problems.append("no XMP metadata stream in the catalog")
    else:
        if (metadata.get("/Type"), metadata.get("/Subtype")) != ("/Metadata", "/XML"):
            problems.append("the metadata stream is not /Type /Metadata /Subtype /XML")
        report.xmp = xmp_properties(metadata.get_data())
        for key in ("pdfaid:part", "pdfaid:conformance"):
            if key not in report.xmp:
                problems.append(f"XMP has no {key}")
        for key, prop in INFO_TO_XMP.items():
            if key in report.info and not _xmp_value_matches(
                prop, report.xmp.get(prop), report.info[key]
            ):
                problems.append(
                    f"Info {key} {report.info[key]!r} but XMP {prop} {report.xmp.get(prop)!r}"
                )

    intents = [intent.get_object() for intent in (root.get("/OutputIntents") or ArrayObject())]
    pdfa_intents = [intent for intent in intents if intent.get("/S") == "/GTS_PDFA1"]
    if not pdfa_intents:
        problems.append("no /GTS_PDFA1 output intent")
    else:
        profile = pdfa_intents[0].get("/DestOutputProfile")
        profile = profile.get_object() if profile is not None else None
        if not isinstance(profile, StreamObject):
            problems.append("the output intent has no /DestOutputProfile")
        else:
            report.icc_profile = profile.get_data()
            if report.icc_profile[36:40] != b"acsp":
                problems.append("the output intent's profile is not an ICC profile")

    walker = _Walker(report)
    for page_no, page in enumerate(reader.pages, start=1):
        walker.seen.clear()
        walker.resources(page_no, "", page.get("/Resources"))
        for annot in page.get("/Annots") or ArrayObject():
            appearance = (annot.get_object().get("/AP") or DictionaryObject()).get_object()
            for state in appearance.values():
                if isinstance(state.get_object(), StreamObject):
                    walker.xobject(page_no, "/Annot/AP", state)
    _no_javascript(report, root, reader)
    return report
