"""Content-Security-Policy: the site's pages run only the site's own scripts and styles.

Public pages carry no inline script, style or event handler at all, so their policy needs no
nonce and cached copies stay valid for every visitor; a page that must inline something (the
server error page) uses the request's nonce, and is never cached.

Wagtail 8's admin cannot run under that policy: its form widgets write inline scripts from
Python (choosers, date pickers), its inline panels from templates, and its rich-text editor
(Draftail) adds <style> elements from script, none of them with a nonce. The admin therefore
allows inline scripts and styles (ADMIN_REPLACEMENTS), and keeps everything else: no script
or style from another origin, no eval, no plugins, no framing by another site.
"""

from django.urls import NoReverseMatch, reverse

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_REPLACEMENTS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    # Wagtail previews pages in a frame of its own.
    "frame-ancestors": [SELF],
}


def is_admin(request):
    try:
        admin_home = reverse("wagtailadmin_home")
    except NoReverseMatch:  # a URLconf without the admin (a test's own urls) has no admin pages
        return False
    return request.path_info.startswith(admin_home)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_admin(request):
            parts.replace = {**ADMIN_REPLACEMENTS, **(parts.replace or {})}
        return parts
