"""The DOCX's custom document properties (docProps/custom.xml): File ▸ Properties ▸ Custom.

python-docx has no API for them, so the part is written here through its package layer:
one Part at /docProps/custom.xml, with the custom-properties content type (written into
[Content_Types].xml as the package saves) and related from the package itself, as Word
does. Every property is text (vt:lpwstr). A part already in the package (none is in the
template today) is filled in place, so the file never holds two.
"""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

PARTNAME = "/docProps/custom.xml"
_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The format id every user-defined property carries (ECMA-376 part 1, 22.3.2.2).
_USER_DEFINED = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_FIRST_PID = 2  # ids 0 and 1 are reserved
MAX_VALUE = 255  # Word shows and keeps no more of a text property


def set_custom_properties(word: WordDocument, properties: dict[str, str]) -> None:
    """Give the document these text properties (name -> value), in this order."""
    blob = custom_xml(properties)
    package = word.part.package
    try:
        package.part_related_by(RT.CUSTOM_PROPERTIES)._blob = blob
    except KeyError:
        part = Part(PackURI(PARTNAME), CT.OFC_CUSTOM_PROPERTIES, blob, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)


def custom_xml(properties: dict[str, str]) -> bytes:
    """The custom.xml part holding `properties` as text properties."""
    root = etree.Element(f"{{{_NS}}}Properties", nsmap={None: _NS, "vt": _VT})
    for pid, (name, value) in enumerate(properties.items(), _FIRST_PID):
        prop = etree.SubElement(
            root, f"{{{_NS}}}property", fmtid=_USER_DEFINED, pid=str(pid), name=name
        )
        etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = " ".join(value.split())[:MAX_VALUE]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
