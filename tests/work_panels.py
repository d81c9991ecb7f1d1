"""Reading a plugin's work panel on the admin's home page (kokoron.core.dashboard.WorkPanel)."""

import html
import re

LINE = re.compile(r'<a href="([^"]+)">[^<]*</a>: (?:<strong>(\d+)</strong>|\w+)')


def work_panel(client, name):
    """{link: count} of the lines of the panel `name` ("none" is 0), or None when the user
    does not see that panel."""
    page = client.get("/admin/").content.decode()
    start = page.find(f'id="{name}-heading"')
    if start < 0:
        return None
    section = page[start : page.find("</section>", start)]
    return {html.unescape(href): int(count or 0) for href, count in LINE.findall(section)}
