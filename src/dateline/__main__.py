"""``python -m dateline``: the same as the ``dateline`` command."""

from .cli import main

main()
