"""Volunteers, residents' needs, the matching engine and sign-ups: a Kokoron plugin.

The settings read DJANGO_APPS before Django is set up: this module imports nothing.
"""

# The Django apps this plugin brings into INSTALLED_APPS, itself first: the sign-ups
# (volunteer experiences, label "signups") are an app of their own inside the plugin.
DJANGO_APPS = ("matching", "matching.signups")
