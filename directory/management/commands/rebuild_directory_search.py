"""Redo every directory entry's search words, e.g. after the site's text handling changed."""

from django.core.management.base import BaseCommand

from directory.search import refresh_search_text


class Command(BaseCommand):
    help = "Recompute the words every directory entry is found by (kept up to date on save)."

    def handle(self, *args, **options):
        written = refresh_search_text()
        self.stdout.write(f"{written} directory entries had new search words.")
