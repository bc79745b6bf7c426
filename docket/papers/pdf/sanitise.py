"""Markdown in, HTML that is safe to put in a filing out.

Raw HTML is never interpreted: Python-Markdown's HTML block and inline HTML handling are removed,
so `<script>` or `<img src=...>` typed in a draft come out as visible text, exactly as typed.
Images are not supported (a filing attaches exhibits instead), and the result passes through nh3
with a short allow-list as a second line of defence."""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote",
    "ol", "ul", "li", "h1", "h2", "h3", "h4", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def _markdown():
    md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for pattern in ("image_link", "image_reference", "short_image_ref"):
        if pattern in md.inlinePatterns:
            md.inlinePatterns.deregister(pattern)
    return md


def markdown_to_safe_html(text):
    """Render a draft's Markdown to sanitised HTML (a fragment, no wrapper)."""
    html = _markdown().convert(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
