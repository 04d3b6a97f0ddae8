"""``python -m zhclean`` runs the command line."""

from .cli import main

main()
