"""Kokoron's core: the Wagtail site that the plugins (directory, matching, education) extend."""
