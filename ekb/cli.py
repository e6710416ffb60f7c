"""The `ekb` console script.

`ekb norm ...` runs the norm engine's own CLI without starting Django (it is pure Python),
except `ekb norm parameters ...` (loading a new year's amounts), which is the management
command `norm_parameters`: it reads the installation's settings and resumes waiting work.
Everything else is a Django management command: `ekb migrate`, `ekb demo`, `ekb runserver`, ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if args[1:3] == ["norm", "parameters"]:
        args = [args[0], "norm_parameters", *args[3:]]
    elif len(args) > 1 and args[1] == "norm":
        from ekb.norm.cli import main as norm_main

        sys.exit(norm_main(args[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekb.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
