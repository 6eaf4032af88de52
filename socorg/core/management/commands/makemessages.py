"""Django's makemessages, also extracting msgids marked with ``N_`` in pure rule modules."""

from django.core.management.commands.makemessages import Command as BaseCommand


class Command(BaseCommand):
    xgettext_options = [*BaseCommand.xgettext_options, "--keyword=N_"]
