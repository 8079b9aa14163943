"""Where the published catalog lives: the addresses every linked-data identifier is made from.

A dataset's IRI is the address of its page, a unit's the address of its unit page, the
catalog's the site itself (issue: a harvester follows an identifier and lands on something a
person can read). All of them derive from the site's address in mkdocs.yml (`site_url`), so a
city that forks the catalog publishes its own identifiers without touching the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..check.rules.content import is_web_address as _whole_web_address

# What an IRI may not hold (RFC 3987): blanks, controls and these delimiters. Percent-encoded in a unit's address
# (dcat.web_iri), refused by the Turtle writer.
NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@dataclass(frozen=True)
class Platform:
    """The sharing platform units reach shared data through (办法第十四条): its name and address."""

    title: str
    url: str


@dataclass(frozen=True)
class Publication:
    """The site's address and what the catalog says about itself, as configured in mkdocs.yml."""

    site: str  # absolute http(s) address ending in "/"
    description: str = ""
    platform: Platform | None = None

    def __post_init__(self):
        parts = urlsplit(self.site)
        if not is_web_address(self.site) or not self.site.endswith("/") or parts.query or parts.fragment:
            raise ValueError("mkdocs.yml 的 site_url(网站地址)必须是完整的 http(s) 地址,不带 ? 和 #,"
                             f"例如 https://changde-data.github.io/catalog/;现在是「{self.site.rstrip('/')}」")

    def resource(self, code: str) -> str:
        """A dataset: the address of its page."""
        return f"{self.site}resources/{code}/"

    def unit(self, unit_id: str) -> str:
        """A unit (publisher): the address of its page."""
        return f"{self.site}units/{unit_id}/"

    def theme(self, code: str) -> str:
        """A class of the classification (J, J01): the address of the class page, or of the classes page
        for a database letter, which has no page of its own."""
        return f"{self.site}classes/{code}/" if len(code) > 1 else f"{self.site}classes/#{code}"

    @property
    def scheme(self) -> str:
        """The classification as a concept scheme: the classes page."""
        return f"{self.site}classes/"

    def api(self, path: str) -> str:
        """A file of the machine interface (api/...)."""
        return f"{self.site}api/{path}"


def is_web_address(text: str) -> bool:
    """A whole http or https address with a host, as the validator accepts a unit's link: no blank, quote, angle
    bracket or brace, which an IRI may not hold."""
    return _whole_web_address(text) and text == text.strip()  # the validator's pattern asks the scheme and host


def publication_from(site_url: str, description: str, platform: dict | None) -> Publication:
    """The publication from mkdocs.yml's values; the site address is given its closing "/" when it lacks it."""
    site = site_url if site_url.endswith("/") else site_url + "/"
    found = None
    if platform is not None:
        found = Platform(str(platform.get("title", "")), str(platform.get("url", "")))
        if not found.title or not is_web_address(found.url):
            raise ValueError("mkdocs.yml 的 extra.sharing_platform 需要 title(平台名称)和 url(http(s) 地址)")
    return Publication(site, description, found)
