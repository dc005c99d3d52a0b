"""The built program's entry point (packaging/dutydesk.spec): the same `dutydesk` command as
`pip install` gives — no command opens the desktop program."""

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen program must not re-run itself in a child process
    sys.exit(main())
