from django.core.management.base import BaseCommand, CommandError

from kokoron.core.policy import RESULTS_FILE, load_results, publish_policy
from kokoron.pages.models import HomePage


class Command(BaseCommand):
    help = (
        "Publish the accessibility policy page with the results that the browser checks wrote "
        "(KOKORON_ACCESSIBILITY_RESULTS=<file> pytest tests/browser/test_accessibility.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("results", nargs="?", default=str(RESULTS_FILE))

    def handle(self, *args, results, **options):
        document = load_results(results)
        if document is None:
            raise CommandError(f"No results at {results}.")
        home = HomePage.objects.filter(locale__language_code="ja").first()
        if home is None:
            raise CommandError("There is no Japanese home page; run load_demo or migrate first.")
        page = publish_policy(home, document)
        self.stdout.write(f"{len(document['results'])} results published on {page.url_path}")
