# ruff: noqa: RUF001 - full-width punctuation is what the line breaking is about
"""The printed newsletter as a PDF, written by hand: no library, no Django.

The text is set in the standard Japanese fonts every PDF reader brings, so nothing is embedded
and a whole issue is a few kilobytes: HeiseiKakuGo-W5 (gothic) for the masthead and headings,
HeiseiMin-W3 (mincho) for the text. Each is a Type0 font over a CIDFontType0 of the
Adobe-Japan1 collection with the UniJIS-UCS2-H encoding, so a character's code in a string is
its UTF-16 code, written as hex. A ToUnicode map turns the codes back into the characters, so
the text can be searched, copied and read aloud.

Widths are measured the way the fonts are declared: full-width characters 1 em, ASCII and
half-width katakana ½ em (the /W arrays say so, so readers place them where the wrapping
here expects them). Characters outside the Basic Multilingual Plane, which UCS2 cannot encode,
print as 〓, the typesetters' mark for a missing character.
"""

import zlib
from dataclasses import dataclass, field

A4 = (595.28, 841.89)
MARGIN = 56.0
HEADING_FONT = "HeiseiKakuGo-W5"
TEXT_FONT = "HeiseiMin-W3"
MISSING = "\u3013"  # 〓

# Sizes in points: (font size, line height).
TITLE = (26.0, 34.0)
SUBTITLE = (12.0, 19.0)
HEADING = (15.0, 23.0)
SUBHEADING = (12.0, 19.0)
TEXT = (10.5, 18.0)
RUNNING_HEAD = (9.0, 12.0)
PAGE_NUMBER = (9.0, 12.0)

# 禁則: what may not begin a line, and what may not end one.
NO_LINE_START = frozenset(
    "、。，．,.:;!?)]}」』）］｝】〕〉》〙〗〟’”・：；？！ー…‥々ゝゞ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
)
NO_LINE_END = frozenset("([{「『（［｛【〔〈《〘〖〝‘“")

# Descriptors of the two fonts, with the metrics readers use when the font is not embedded.
FONT_DESCRIPTORS = {
    HEADING_FONT: "/Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 752 "
    "/Descent -221 /CapHeight 737 /StemV 114",
    TEXT_FONT: "/Flags 6 /FontBBox [-123 -257 1001 910] /ItalicAngle 0 /Ascent 723 "
    "/Descent -241 /CapHeight 709 /StemV 69",
}


@dataclass
class Subheading:
    text: str


@dataclass
class Article:
    """An article: its heading, then paragraphs (str) and subheadings in order."""

    heading: str
    parts: list = field(default_factory=list)


def char_width(char):
    """Width of a character in ems: ½ for ASCII and half-width katakana, else 1."""
    code = ord(char)
    if 0x20 <= code <= 0x7E or 0xFF61 <= code <= 0xFF9F:
        return 0.5
    return 1.0


def text_width(text):
    return sum(char_width(char) for char in text)


def printable(text):
    """The text with what the fonts cannot show replaced: tabs and newlines by spaces, other
    control characters dropped, characters beyond UCS2 by 〓."""
    out = []
    for char in text:
        code = ord(char)
        if char in "\t\n\r\f\v":
            out.append(" ")
        elif code < 0x20 or 0x7F <= code < 0xA0:
            continue
        elif code > 0xFFFF or 0xD800 <= code <= 0xDFFF:
            out.append(MISSING)
        else:
            out.append(char)
    return "".join(out)


def _tokens(text):
    """Pieces that a line may not break inside: a run of ASCII letters and digits, or one
    full-width character, with the punctuation that may not start or end a line held to it."""
    raw = []
    for char in text:
        if char == " ":
            raw.append(" ")
        elif (
            raw
            and raw[-1] != " "
            and 0x21 <= ord(char) <= 0x7E
            and char not in NO_LINE_END
            and all(0x21 <= ord(c) <= 0x7E for c in raw[-1])
        ):
            raw[-1] += char
        else:
            raw.append(char)
    tokens = []
    for token in raw:
        if (
            tokens
            and tokens[-1] != " "
            and (token[0] in NO_LINE_START or tokens[-1][-1] in NO_LINE_END)
        ):
            tokens[-1] += token
        else:
            tokens.append(token)
    return tokens


def wrap(text, width):
    """The text broken into lines no wider than `width` ems (a piece wider than a whole line
    is cut by character). Spaces at the start and end of a line are dropped."""
    lines, line, used = [], "", 0.0
    for token in _tokens(printable(text)):
        size = text_width(token)
        if token == " " and not line:
            continue
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0.0
            if token == " ":
                continue
        while size > width:  # longer than a whole line: cut it where it fills the line
            cut, taken = 0, 0.0
            while cut < len(token) and taken + char_width(token[cut]) <= width - used:
                taken += char_width(token[cut])
                cut += 1
            cut = max(cut, 1)
            lines.append((line + token[:cut]).rstrip())
            line, used, token = "", 0.0, token[cut:]
            size = text_width(token)
        line += token
        used += size
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _hex(text):
    return "<" + printable(text).encode("utf-16-be").hex().upper() + ">"


def _number(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


class _Page:
    def __init__(self):
        self.ops = []

    def text(self, font, size, x, y, text):
        self.ops.append(
            f"BT /{font} {_number(size)} Tf {_number(x)} {_number(y)} Td {_hex(text)} Tj ET"
        )

    def rule(self, x1, y1, x2, y2, width=0.6):
        self.ops.append(
            f"{_number(width)} w {_number(x1)} {_number(y1)} m {_number(x2)} {_number(y2)} l S"
        )

    def band(self, x, y, width, height, grey):
        self.ops.append(
            f"q {_number(grey)} g {_number(x)} {_number(y)} {_number(width)} "
            f"{_number(height)} re f Q"
        )


FONT_NAMES = {"F1": HEADING_FONT, "F2": TEXT_FONT}
FONTS = {HEADING_FONT: "F1", TEXT_FONT: "F2"}


class _Layout:
    """Lines set from the top of a page down; a new page when the next does not fit."""

    def __init__(self, title, page_size):
        self.title = title
        self.width, self.height = page_size
        self.pages = []
        self.bottom = MARGIN + 24  # room for the page number
        self.new_page()

    @property
    def measure(self):
        return self.width - 2 * MARGIN

    def new_page(self):
        self.page = _Page()
        self.pages.append(self.page)
        self.y = self.height - MARGIN
        if len(self.pages) > 1:
            size, leading = RUNNING_HEAD
            self.page.text(FONTS[HEADING_FONT], size, MARGIN, self.y - size, self.title)
            self.y -= leading
            self.page.rule(MARGIN, self.y, self.width - MARGIN, self.y, 0.4)
            self.y -= leading

    def room(self, height):
        return self.y - height >= self.bottom

    def line(self, font, style, text, x=MARGIN):
        size, leading = style
        if not self.room(leading):
            self.new_page()
        self.page.text(FONTS[font], size, x, self.y - size, text)
        self.y -= leading

    def block(self, font, style, text, keep_with=0.0):
        """Wrapped lines, running on over pages; `keep_with` is the height that must follow
        on the same page (a heading is never the last thing on a page). A paragraph does not
        start with its first line alone at the foot of a page."""
        size, leading = style
        lines = wrap(text, self.measure / size)
        needed = len(lines) * leading + keep_with if keep_with else min(len(lines), 2) * leading
        if not self.room(needed):
            self.new_page()
        for line in lines:
            self.line(font, style, line)

    def space(self, height):
        self.y -= height


def newsletter_pdf(*, title, subtitle_lines, articles, language="ja", page_size=A4):
    """A PDF of a newsletter issue: a masthead with the title and the subtitle lines (issue
    date, publisher), then every article with its heading, text and subheadings, over as many
    pages as it takes, each numbered "n / total" at the foot. Returns bytes."""
    layout = _Layout(title, page_size)
    width = page_size[0]
    leading = TITLE[1]
    band_height = leading + 2 * 14
    layout.page.band(MARGIN - 8, layout.y - band_height, width - 2 * MARGIN + 16, band_height, 0.9)
    layout.space(14)
    layout.block(HEADING_FONT, TITLE, title)
    layout.space(14 + 8)
    for line in subtitle_lines:
        layout.block(HEADING_FONT, SUBTITLE, line)
    layout.space(6)
    layout.page.rule(MARGIN, layout.y, width - MARGIN, layout.y, 1.2)
    layout.space(TEXT[1])
    for article in articles:
        if layout.y < layout.height - MARGIN - RUNNING_HEAD[1] * 2:
            layout.space(TEXT[1])  # a blank line between articles, not at the top of a page
        layout.block(HEADING_FONT, HEADING, article.heading, keep_with=2 * TEXT[1] + 6)
        layout.page.rule(MARGIN, layout.y + 2, width - MARGIN, layout.y + 2, 0.4)
        layout.space(6)
        for part in article.parts:
            if isinstance(part, Subheading):
                layout.space(6)
                layout.block(HEADING_FONT, SUBHEADING, part.text, keep_with=2 * TEXT[1])
            else:
                layout.block(TEXT_FONT, TEXT, "\u3000" + part.strip())
                layout.space(TEXT[1] / 3)
    total = len(layout.pages)
    for number, page in enumerate(layout.pages, start=1):
        label = f"{number} / {total}"
        size, _ = PAGE_NUMBER
        x = (width - text_width(label) * size) / 2
        page.text(FONTS[HEADING_FONT], size, x, MARGIN, label)
    return _write(layout.pages, title, language, page_size)


def _to_unicode_cmap():
    """The map from the fonts' codes (UTF-16 units) back to Unicode: the identity, in ranges
    that each stay within one high byte, at most 100 to a block (PDF 1.7, 9.10.3)."""
    ranges = [f"<{high:02X}00> <{high:02X}FF> <{high:02X}00>" for high in range(256)]
    blocks = "".join(
        f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange\n"
        for chunk in (ranges[start : start + 100] for start in range(0, len(ranges), 100))
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{blocks}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _stream(data, extra=""):
    packed = zlib.compress(data, 9)
    return (
        f"<< /Length {len(packed)} /Filter /FlateDecode{extra} >>\nstream\n".encode("ascii")
        + packed
        + b"\nendstream"
    )


def _write(pages, title, language, page_size):
    objects = {}  # number -> body

    def add(body):
        number = len(objects) + 1
        objects[number] = body if isinstance(body, bytes) else body.encode("ascii")
        return number

    catalog = add(b"")  # filled in below, once the page tree's number is known
    page_tree = add(b"")
    to_unicode = add(_stream(_to_unicode_cmap()))
    font_refs = {}
    for key, name in FONT_NAMES.items():
        descriptor = add(f"<< /Type /FontDescriptor /FontName /{name} {FONT_DESCRIPTORS[name]} >>")
        cid_font = add(
            f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{name} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> "
            f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [1 95 500 231 389 500] >>"
        )
        font_refs[key] = add(
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /UniJIS-UCS2-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        )
    fonts = " ".join(f"/{key} {number} 0 R" for key, number in font_refs.items())
    width, height = page_size
    kids = []
    for page in pages:
        contents = add(_stream("\n".join(page.ops).encode("ascii")))
        kids.append(
            add(
                f"<< /Type /Page /Parent {page_tree} 0 R "
                f"/MediaBox [0 0 {_number(width)} {_number(height)}] "
                f"/Contents {contents} 0 R /Resources << /Font << {fonts} >> >> >>"
            )
        )
    objects[page_tree] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{kid} 0 R' for kid in kids)}] /Count {len(kids)} >>"
    ).encode("ascii")
    objects[catalog] = (
        f"<< /Type /Catalog /Pages {page_tree} 0 R /Lang ({language}) "
        "/ViewerPreferences << /DisplayDocTitle true >> >>"
    ).encode("ascii")
    title_hex = "<FEFF" + printable(title).encode("utf-16-be").hex().upper() + ">"
    info = add(f"<< /Title {title_hex} /Producer (Kokoron) >>")

    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number in range(1, len(objects) + 1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n" % (len(objects) + 1)
    output += b"0000000000 65535 f \n"
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(output)
