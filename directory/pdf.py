"""The booklet as a PDF, printed by headless Chromium from the booklet's own page.

Chromium is optional: Debian's `chromium` (or CHROMIUM_PATH). Without it the admin says so and
offers the page for printing from a browser instead. The page is fetched from the site's own
address (WAGTAILADMIN_BASE_URL), so the PDF is exactly what a browser prints.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

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


class PdfError(Exception):
    pass


def chromium_path():
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def booklet_url(query=""):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    url = f"{base}{reverse('directory:booklet')}"
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
    return urlencode([(k, v) for k, v in params if k != "page" and v])
