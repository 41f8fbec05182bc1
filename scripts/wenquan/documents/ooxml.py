"""Small edits of a Word file's XML (as python-docx parses it), each element put where the schema wants it.

Word refuses a file whose properties come in the wrong order; `child` finds or makes a property element in its
place in the sequence ECMA-376 gives for its parent (paragraph, run, table, cell properties).
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# ECMA-376 Part 1, the children of each properties element in their order.
ORDER = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
            "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
            "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
            "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
            "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
            "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position",
            "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
            "eastAsianLayout", "specVanish", "oMath"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
              "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
              "tblDescription"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
             "tcFitText", "vAlign", "hideMark"),
}


def child(parent: Any, tag: str, **attrs: str) -> Any:
    """`parent`'s child `tag` with these attributes (w: namespace), made in its schema place when missing (a
    parent whose children may come in any order, such as trPr, gets it last)."""
    from docx.oxml import OxmlElement

    element = parent.find(W + tag)
    if element is None:
        element = OxmlElement(f"w:{tag}")
        order = ORDER.get(parent.tag.removeprefix(W), ())
        later = {W + t for t in order[order.index(tag) + 1:]} if tag in order else set()
        follower = next((c for c in parent if c.tag in later), None)
        if follower is not None:
            follower.addprevious(element)
        else:
            parent.append(element)
    for name, value in attrs.items():
        element.set(W + name, value)
    return element


def first(parent: Any, tag: str) -> Any:
    """`parent`'s child `tag`, made as its first child when missing (pPr, rPr, trPr and tcPr come first)."""
    from docx.oxml import OxmlElement

    element = parent.find(W + tag)
    if element is None:
        element = OxmlElement(f"w:{tag}")
        parent.insert(0, element)
    return element


def text(element: Any) -> str:
    """All the text under `element` (w:t), as stored."""
    return "".join(t.text or "" for t in element.iter(W + "t"))


def style(p: Any) -> str:
    """A paragraph's style id ("" for the default)."""
    found = p.find(f"{W}pPr/{W}pStyle")
    return str(found.get(W + "val")) if found is not None else ""
