"""Volunteers, residents' needs, the matching engine and sign-ups: a Kokoron plugin."""
