from django.core.management.base import BaseCommand

from wagtail import hooks

from kokoron.core.demo import load_demo
from kokoron.plugins import DEMO_DATA_HOOK


class Command(BaseCommand):
    help = "Build the demo ward: districts, pages in every language, and each plugin's demo data."

    def handle(self, *args, **options):
        context = load_demo(plugin_steps=hooks.get_hooks(DEMO_DATA_HOOK))
        if options["verbosity"] > 0:
            for line in context.log:
                self.stdout.write(f"  {line}")
            self.stdout.write(self.style.SUCCESS("Demo content is ready."))
