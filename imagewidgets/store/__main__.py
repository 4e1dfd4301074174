"""Look after a store from a shell.

``python -m imagewidgets.store check [FOLDER]`` prints every problem (exit status 1 if any);
``python -m imagewidgets.store repair [FOLDER]`` mends what can be mended and says what it did;
``python -m imagewidgets.store reindex [FOLDER]`` builds the index again from the files.
``FOLDER`` defaults to ``$IMAGEWIDGETS_HOME``, else ``~/.imagewidgets``.
"""

from __future__ import annotations

import argparse
import sys

from imagewidgets.store.store import Store


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit status."""
    parser = argparse.ArgumentParser(prog="python -m imagewidgets.store", description=__doc__)
    parser.add_argument("command", choices=("check", "repair", "reindex"))
    parser.add_argument("folder", nargs="?", default=None, help="the store (default: the usual)")
    arguments = parser.parse_args(argv)
    store = Store(arguments.folder)
    if arguments.command == "reindex":
        store.index.rebuild()
        print(f"{store.path}: indexed {store.count(None)} images")
        return 0
    lines = store.problems() if arguments.command == "check" else store.repair()
    for line in lines:
        print(line)
    if not lines:
        print(
            f"{store.path}: {'no problems' if arguments.command == 'check' else 'nothing to mend'}"
        )
    return 1 if lines and arguments.command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
