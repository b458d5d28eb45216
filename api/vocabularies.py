"""The shared vocabularies the DCAT-AP catalogue (api/dcat.py) points to, with their official labels.

DCAT-AP asks for concepts of the EU Publications Office's authority tables (data themes, frequencies,
file types, languages, access rights, planned availability) and of ADMS (publisher and licence
types), and for IANA media types. A harvester that does not load those tables still needs a label
and the scheme of each concept it is shown, and the DCAT-AP shapes check both; so the catalogue
states them for the concepts it uses. The English labels are the tables' own; the Chinese ones are
this site's translations (locale/zh_Hans), for the pages that show them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.spreadsheets.files import XLSX_CONTENT_TYPE

EU = "http://publications.europa.eu/resource/authority/"
ADMS = "http://purl.org/adms/"
IANA = "http://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Scheme:
    uri: str
    title: str  # the table's own English title


@dataclass(frozen=True)
class Concept:
    scheme: Scheme
    code: str
    label: object  # the official English label, translatable for the pages

    @property
    def uri(self) -> str:
        base = self.scheme.uri.removesuffix("/1.0")
        return f"{base}/{self.code}"


DATA_THEME = Scheme(f"{EU}data-theme", "Data theme")
FREQUENCY = Scheme(f"{EU}frequency", "Frequency")
FILE_TYPE = Scheme(f"{EU}file-type", "File type")
LANGUAGE = Scheme(f"{EU}language", "Language")
ACCESS_RIGHT = Scheme(f"{EU}access-right", "Access right")
PLANNED_AVAILABILITY = Scheme(f"{EU}planned-availability", "Planned availability")
PUBLISHER_TYPE = Scheme(f"{ADMS}publishertype/1.0", "Publisher Type")
LICENCE_TYPE = Scheme(f"{ADMS}licencetype/1.0", "Licence Type")

# The EU data themes (a dataset names the codes, api.common.Dataset.themes).
THEMES = {
    concept.code: concept
    for concept in [
        Concept(DATA_THEME, "ECON", _("Economy and finance")),
        Concept(DATA_THEME, "GOVE", _("Government and public sector")),
        Concept(DATA_THEME, "REGI", _("Regions and cities")),
        Concept(DATA_THEME, "TECH", _("Science and technology")),
        Concept(DATA_THEME, "ENER", _("Energy")),
        Concept(DATA_THEME, "HEAL", _("Health")),
        Concept(DATA_THEME, "EDUC", _("Education, culture and sport")),
        Concept(DATA_THEME, "ENVI", _("Environment")),
        Concept(DATA_THEME, "TRAN", _("Transport")),
        Concept(DATA_THEME, "SOCI", _("Population and society")),
    ]
}

# How often a dataset changes (api.common.Dataset.frequency).
FREQUENCIES = {
    concept.code: concept
    for concept in [
        Concept(FREQUENCY, "UPDATE_CONT", _("continuously updated")),
        Concept(FREQUENCY, "IRREG", _("irregular")),
        Concept(FREQUENCY, "ANNUAL", _("annual")),
    ]
}

LANGUAGES = [Concept(LANGUAGE, "ZHO", _("Chinese")), Concept(LANGUAGE, "ENG", _("English"))]
STABLE = Concept(PLANNED_AVAILABILITY, "STABLE", _("stable"))
LOCAL_AUTHORITY = Concept(PUBLISHER_TYPE, "LocalAuthority", _("Local Authority"))
ACCESS_RIGHTS = {
    "PUBLIC": Concept(ACCESS_RIGHT, "PUBLIC", _("public")),
    "RESTRICTED": Concept(ACCESS_RIGHT, "RESTRICTED", _("restricted")),
    "NON_PUBLIC": Concept(ACCESS_RIGHT, "NON_PUBLIC", _("non-public")),
}


@dataclass(frozen=True)
class FileFormat:
    """A download format: its EU file type, its IANA media type and the Content-Type the site sends."""

    extension: str
    file_type: Concept
    content_type: str

    @property
    def media_type_uri(self) -> str:
        return IANA + self.content_type


FORMATS = {
    fmt.extension: fmt
    for fmt in [
        FileFormat("csv", Concept(FILE_TYPE, "CSV", "CSV"), "text/csv"),
        FileFormat("json", Concept(FILE_TYPE, "JSON", "JSON"), "application/json"),
        FileFormat("xlsx", Concept(FILE_TYPE, "XLSX", "XLSX"), XLSX_CONTENT_TYPE),
        FileFormat("geojson", Concept(FILE_TYPE, "GEOJSON", "GeoJSON"), "application/geo+json"),
    ]
}

# Licences the catalogue can type (DCAT-AP recommends a licence type): by the URL staff enter in the
# open-data settings, the ADMS licence type. Any other licence is published without a type.
LICENCE_TYPES = {
    "https://creativecommons.org/licenses/by/4.0/": Concept(LICENCE_TYPE, "Attribution", _("Attribution")),
    "https://creativecommons.org/publicdomain/zero/1.0/": Concept(LICENCE_TYPE, "PublicDomain", _("Public domain")),
}

# The OpenAPI version drf-spectacular writes (/api/schema/), which the API conforms to.
OPENAPI = ("https://spec.openapis.org/oas/v3.0.3", "OpenAPI Specification 3.0.3")
