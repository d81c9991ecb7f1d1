"""The booklet as a PDF, printed by headless Chromium from the booklet's own page.

Chromium is optional: Debian's `chromium` (or CHROMIUM_PATH). Without it the admin says so and
offers the page for printing from a browser instead. The page is fetched from the site's own
address (WAGTAILADMIN_BASE_URL), so the PDF is exactly what a browser prints.

Page numbers in the contents and the index: Chromium does not implement CSS `target-counter`,
so the booklet is printed twice. Chromium writes a named destination (the page) for every
element a link on the page points at; the first print tells on which page each heading is,
and the second print of the same page, given those numbers (`?pages=`, a signed reference to
them), writes them where the first left the same room empty, so nothing moves. The numbers
are read again from the second print, and printed once more in the unlikely case they moved.
"""

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse

from kokoron.core.links import absolute_url
from kokoron.core.signed_links import LinkError, sign_data, signed_data

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
]
TIMEOUT = 240
# Prints of one booklet at most: the first finds the pages, the next write them.
MAX_PRINTS = 3
PAGE_NUMBERS_PARAM = "pages"
PAGE_NUMBERS_SALT = "directory.booklet.page-numbers"
# A print takes minutes at most; the token is only for that print.
PAGE_NUMBERS_MAX_AGE = 3600


class PdfError(Exception):
    pass


def chromium_path():
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def booklet_url(query=""):
    url = absolute_url(reverse("directory:booklet"))
    return f"{url}?{query}" if query else url


def print_to_pdf(url):
    """The PDF bytes of a page, or PdfError with a reason staff can act on."""
    executable = chromium_path()
    if executable is None:
        raise PdfError("chromium-missing")
    with tempfile.TemporaryDirectory(prefix="kokoron-pdf-") as workdir:
        target = Path(workdir) / "booklet.pdf"
        command = [
            executable,
            *CHROMIUM_ARGS,
            f"--user-data-dir={workdir}/profile",
            f"--print-to-pdf={target}",
            url,
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=True)
        except subprocess.TimeoutExpired:
            raise PdfError("timeout") from None
        except subprocess.CalledProcessError:
            raise PdfError("chromium-failed") from None
        if not target.exists() or target.stat().st_size == 0:
            raise PdfError("chromium-failed")
        return target.read_bytes()


def count_pages(pdf):
    """Pages of a PDF as Chromium writes it (page objects are never compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def filter_query(params):
    return urlencode([(k, v) for k, v in params if k not in ("page", PAGE_NUMBERS_PARAM) and v])


def destination_pages(pdf):
    """{anchor: printed page number (from 1)} of the named destinations of a PDF: Chromium
    writes one for each element that a link on the page points at."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(pdf))
        return {
            str(name).removeprefix("/"): reader.get_destination_page_number(destination) + 1
            for name, destination in reader.named_destinations.items()
        }
    except PdfReadError:
        raise PdfError("chromium-failed") from None


def page_numbers_token(booklet_pdf_id):
    return sign_data({"pdf": booklet_pdf_id}, PAGE_NUMBERS_SALT)


def booklet_pdf_id(token):
    """The BookletPdf id a `?pages=` token names, or None for anything else."""
    try:
        value = signed_data(token, PAGE_NUMBERS_SALT, PAGE_NUMBERS_MAX_AGE).get("pdf")
    except LinkError:
        return None
    return value if isinstance(value, int) else None


def print_booklet(query, booklet_pdf_id, save_page_numbers):
    """(PDF bytes, page numbers, whether the numbers printed are those of that PDF).

    save_page_numbers(numbers) keeps the numbers where the booklet page reads them for the
    BookletPdf booklet_pdf_id (they are committed before Chromium asks for the page).
    """
    data = print_to_pdf(booklet_url(query))
    found = destination_pages(data)
    token = urlencode({PAGE_NUMBERS_PARAM: page_numbers_token(booklet_pdf_id)})
    numbered_url = booklet_url(f"{query}&{token}" if query else token)
    for _print in range(MAX_PRINTS - 1):
        save_page_numbers(found)
        data = print_to_pdf(numbered_url)
        printed, found = found, destination_pages(data)
        if found == printed:
            return data, found, True
    return data, found, False
