"""Import a file into the directory from the command line: the same checks as the admin."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from directory import importer


class Command(BaseCommand):
    help = (
        "Import an HSDS data package (ZIP) or the council's sheet (CSV in UTF-8 or Shift_JIS, "
        "or .xlsx) into the directory. All or nothing; problems are listed by row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but write nothing."
        )
        parser.add_argument("--language", default="ja", help="Language of the messages.")

    def handle(self, *args, file, dry_run, language, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        with translation.override(language):
            result = importer.import_file(data, file.name, dry_run=dry_run)
            for problem in result.problems:
                where = ":".join(str(p) for p in (problem.file or file.name, problem.row) if p)
                column = f" [{problem.column}]" if problem.column else ""
                self.stderr.write(f"{where}{column} {importer.message(problem)}")
        if result.problems:
            raise CommandError(f"{len(result.problems)} problem(s); nothing was imported.")
        for table, counts in sorted(result.counts.items()):
            self.stdout.write(
                f"{table}: {counts['created']} new, {counts['updated']} changed, "
                f"{counts['unchanged']} unchanged, {counts['deleted']} removed"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
