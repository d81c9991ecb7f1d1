from pathlib import Path

from django.core.management.base import BaseCommand

from kokoron.core.catalogues import partial_catalogues, prune


class Command(BaseCommand):
    help = (
        "After makemessages: keep only the translated entries of the partial catalogues (easy "
        "Japanese and the residents' languages), which fall back to Japanese for the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "root",
            nargs="?",
            default=".",
            help="The folder holding site/ and the plugins (default: the current folder).",
        )

    def handle(self, *args, root, **options):
        for path in partial_catalogues(root):
            removed = prune(path)
            if removed or not path.exists():
                state = "deleted (nothing translated)" if not path.exists() else "pruned"
                self.stdout.write(f"{path.relative_to(Path(root))}: {removed} entries {state}")
