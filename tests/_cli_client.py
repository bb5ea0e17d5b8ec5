"""Stand-in for ``python`` in shell scripts the tests run (``$TN_MAP_PYTHON``), started with ``-S``.

``$TN_MAP_PYTHON -m tn_map.cli ARGS`` runs the command in a fork of the test
session's :mod:`_cli_server` (socket ``$TN_MAP_CLI_SOCKET``) with this
process's stdin, stdout, stderr, folder and environment, and exits with its
code.  Anything else is handed to the real interpreter (``$TN_MAP_REAL_PYTHON``).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _cli_server import request  # noqa: E402  (stdlib only: this stays a ~20 ms start)

args = sys.argv[1:]
if os.environ.get("TN_MAP_CLI_SOCKET") and args[:2] == ["-m", "tn_map.cli"]:
    code = request(os.environ["TN_MAP_CLI_SOCKET"], "cli", args[2:], cwd=os.getcwd(), env=dict(os.environ), fds=(0, 1, 2))
    sys.stdout.flush()
    os._exit(code & 0xFF)
real = os.environ["TN_MAP_REAL_PYTHON"]
os.execv(real, [real, *args])
