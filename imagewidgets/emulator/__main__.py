"""Run the emulator as a server: ``python -m imagewidgets.emulator --host 127.0.0.1 --port 8000``.

It prints the base URL (with ``--port 0``, the free port it picked) and serves until stopped
(Ctrl-C). Point any client at it, e.g. ``OpenAI(base_url=URL, api_key="offline")``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from datetime import date

from imagewidgets.emulator.config import DEFAULT_PACE, EmulatorConfig
from imagewidgets.emulator.faults import FAULT_NAMES, parse_fault
from imagewidgets.emulator.server import bind, uvicorn_server

__all__ = ["main", "parse_args"]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line: host, port, pace, latency, repeatable ``--fault`` specs, the day and
    the service it plays."""
    parser = argparse.ArgumentParser(
        prog="python -m imagewidgets.emulator",
        description="Serve the offline Images API emulator on a local socket.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8000, help="port (0 picks a free one; default 8000)"
    )
    parser.add_argument(
        "--pace", type=float, default=DEFAULT_PACE, help="seconds before each stream frame"
    )
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before every response")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day whose models it serves (default: $IMAGEWIDGETS_TODAY or the real date)",
    )
    parser.add_argument(
        "--serves-retired",
        action="store_true",
        help="play a compatible server that still serves retired models and variations",
    )
    parser.add_argument(
        "--azure", action="store_true", help="answer as Azure OpenAI's v1 API (/openai/v1, api-key)"
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault into every request: NAME[;times=N][;after=K][;seconds=S], NAME "
        f"one of {', '.join(FAULT_NAMES)} (repeatable)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Bind, print the URL, serve until interrupted."""
    args = parse_args(argv)
    try:
        for spec in args.fault:
            parse_fault(spec)
        config = EmulatorConfig(
            pace=args.pace, faults=tuple(args.fault), latency=args.latency, today=args.today,
            serves_retired=args.serves_retired, azure=args.azure,
        )  # fmt: skip
        sock = bind(args.host, args.port)
    except (ValueError, OSError) as error:
        print(f"imagewidgets emulator: {error}", file=sys.stderr)
        return 2
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"imagewidgets emulator serving at http://{host}:{port}/v1", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn_server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
