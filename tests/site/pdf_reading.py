"""Reading back the PDFs that kokoron.newsletters.pdf writes, without any PDF tool."""

import re
import zlib


def objects(data):
    return {
        int(number): body
        for number, body in re.findall(rb"(?ms)^(\d+) 0 obj\n(.*?)\nendobj\n", data)
    }


def content_streams(data):
    """The decompressed content streams of the pages, in page order."""
    found = objects(data)
    pages_ref = int(re.search(rb"/Pages (\d+) 0 R", found[1]).group(1))
    kids = [
        int(n)
        for n in re.findall(
            rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", found[pages_ref]).group(1)
        )
    ]
    streams = []
    for kid in kids:
        contents = int(re.search(rb"/Contents (\d+) 0 R", found[kid]).group(1))
        body = found[contents]
        length = int(re.search(rb"/Length (\d+)", body).group(1))
        start = body.index(b"stream\n") + len(b"stream\n")
        streams.append(zlib.decompress(body[start : start + length]).decode("ascii"))
    return streams


def shown_text(stream):
    """Every string the stream shows, decoded from its UTF-16 hex."""
    return [
        bytes.fromhex(hexed).decode("utf-16-be")
        for hexed in re.findall(r"<([0-9A-F]*)> Tj", stream)
    ]


def body_text(data):
    """What the pages show, without the running heads and page numbers, spaces left out
    (a line drops the space it ends at)."""
    pieces = []
    for number, stream in enumerate(content_streams(data)):
        shown = shown_text(stream)[:-1]  # the page number
        pieces.extend(shown[1:] if number else shown)  # the running head
    return "".join(pieces).replace(" ", "").replace("\u3000", "")


def page_count(data):
    return int(re.search(rb"/Type /Pages .*?/Count (\d+)", data).group(1))
