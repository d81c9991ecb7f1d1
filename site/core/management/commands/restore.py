from django.core.management.base import BaseCommand, CommandError

from kokoron.core.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Put back the database and the media from an archive made by `manage.py backup`. "
        "Everything since that backup is lost: stop the web server and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a kokoron-backup-….tar.gz file")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, **options):
        try:
            manifest = read_manifest(options["archive"])
            if options["interactive"]:
                answer = input(
                    f"Replace this site's database and media with the backup of "
                    f"{manifest['created']}? Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Nothing was restored.")
            restore_backup(options["archive"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {manifest['created']} ({manifest['media_files']} media files)."
        )
