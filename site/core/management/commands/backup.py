from django.core.management.base import BaseCommand, CommandError

from kokoron.core.backup import BackupError, make_backup, prune


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database and the media into one archive in "
        "KOKORON_BACKUP_DIR (or --dir); --prune also deletes archives older than "
        "KOKORON_BACKUP_KEEP_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="the folder to write to (default: KOKORON_BACKUP_DIR)")
        parser.add_argument(
            "--prune", action="store_true", help="delete old archives after writing this one"
        )

    def handle(self, *args, **options):
        try:
            path = make_backup(options["dir"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
        if options["prune"]:
            deleted = prune(directory=options["dir"])
            self.stdout.write(f"{deleted} old backup(s) deleted")
