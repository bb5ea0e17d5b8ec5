"""A fork server for the tests: ``tn-map`` commands as real processes, without the import cost.

Starting ``python -m tn_map.cli`` spends 1–2 s importing pandas, geopandas,
pyogrio, folium and matplotlib before the command runs; the suite starts
hundreds.  This server imports them once, then forks a copy of itself per
command.  The copy gets the caller's own stdin, stdout and stderr (passed as
file descriptors over a Unix socket), its working folder and environment,
runs ``tn_map.cli`` exactly as ``python -m tn_map.cli`` does and exits; its
exit code goes back to the caller.  Each command is still a fresh process: no
state leaks from one to the next, output reaches the real file descriptors
(pipes in a shell script work), and exit codes are real.

Run as a script: ``python tests/_cli_server.py SOCKET`` prints ``ready`` once
it listens, and stops at the end of its stdin (the test process closing it, or gone).  Callers: :func:`request` (from Python) and ``_cli_client.py``
(an executable stand-in for ``python`` that shell scripts call).
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import struct
import sys
import traceback

# What the commands import lazily, imported once here (imports only: no files opened,
# so no open file or database handle is shared by the forked copies).
PRELOAD = (
    "tn_map", "tn_map.cli", "tn_map.render", "tn_map.export.html", "tn_map.export.image", "tn_map.report",
    "folium", "jinja2", "matplotlib.pyplot", "openpyxl", "docx", "pyogrio", "pyproj", "shapely",
)


def _recv_exact(conn: socket.socket, n: int, head: bytes = b"") -> bytes:
    data = head
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("caller went away")
        data += chunk
    return data


def request(sock_path: str, mode: str, argv: list[str], *, cwd: str, env: dict[str, str],
            fds: tuple[int, int, int], timeout: float | None = None) -> int:
    """Run one command in a fresh fork of the server; its exit code.

    ``mode`` is ``"cli"`` (``argv`` as typed after ``tn-map``) or ``"python"``
    (``argv[0]`` is the source a ``python -c`` would run).  ``fds`` become the
    command's stdin, stdout and stderr.
    """
    payload = json.dumps({"mode": mode, "argv": argv, "cwd": cwd, "env": env}).encode("utf-8")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout)
        conn.connect(sock_path)
        message = struct.pack("!I", len(payload)) + payload
        sent = socket.send_fds(conn, [message], list(fds))
        if sent < len(message):
            conn.sendall(message[sent:])
        status = conn.recv(4)
        while 0 < len(status) < 4:
            more = conn.recv(4 - len(status))
            if not more:
                break
            status += more
    if len(status) < 4:  # the command's process died without reporting (a crash)
        return -int(signal.SIGKILL)
    return struct.unpack("!i", status)[0]


def _run(req: dict) -> int:
    """The forked copy: become the command's process and run it."""
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    try:
        if req["mode"] == "cli":
            sys.argv = [os.path.join(os.path.dirname(sys.modules["tn_map.cli"].__file__), "cli.py"), *req["argv"]]
            sys.path[0] = os.getcwd()  # as ``python -m`` puts it
            from tn_map.cli import main

            code = main()
        else:
            sys.argv = ["-c", *req["argv"][1:]]
            sys.path[0] = ""
            exec(compile(req["argv"][0], "<string>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})
            code = 0
    except SystemExit as exc:
        code = exc.code
        if code is None:
            code = 0
        elif not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
    except BaseException:  # noqa: BLE001 - as the interpreter does: the traceback, exit 1
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass
    return code


def _child(conn: socket.socket, listener: socket.socket, req: dict, fds: list[int]) -> None:
    listener.close()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    # fresh text streams on the new descriptors, buffered as the interpreter would choose
    sys.stdin = open(0, "r", closefd=False)
    sys.stdout = open(1, "w", closefd=False, buffering=1 if os.isatty(1) else -1)
    sys.stderr = open(2, "w", closefd=False, buffering=1, errors="backslashreplace")
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
    code = 1
    try:
        code = _run(req)
    finally:
        try:
            conn.sendall(struct.pack("!i", code & 0xFF if code >= 0 else code))
        finally:
            os._exit(code & 0xFF)


def _reap(block: bool) -> None:
    """Collect finished commands (their CPU time then counts as this server's children's)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _stop(signum, frame) -> None:
    raise SystemExit(0)


def serve(sock_path: str) -> None:
    for name in PRELOAD:
        __import__(name)
    signal.signal(signal.SIGTERM, _stop)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sock_path)
    listener.listen(64)
    print("ready", flush=True)
    try:
        _loop(listener)
    finally:
        listener.close()
        _reap(block=True)


def _loop(listener: socket.socket) -> None:
    # stdin is a pipe from the test process: at its end (that process gone, even killed) stop
    watch = selectors.DefaultSelector()
    watch.register(listener, selectors.EVENT_READ)
    watch.register(sys.stdin, selectors.EVENT_READ)
    while True:
        _reap(block=False)
        ready = [key.fileobj for key, _ in watch.select()]
        if sys.stdin in ready and not os.read(sys.stdin.fileno(), 1024):
            return
        if listener not in ready:
            continue
        conn, _ = listener.accept()
        try:
            head, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
            if len(head) < 4 or len(fds) != 3:
                raise ConnectionError("bad request")
            (length,) = struct.unpack("!I", head[:4])
            req = json.loads(_recv_exact(conn, length, head[4:]).decode("utf-8"))
        except (ConnectionError, ValueError, OSError):
            conn.close()
            continue
        pid = os.fork()
        if pid == 0:
            _child(conn, listener, req, fds)
        for fd in fds:
            os.close(fd)
        conn.close()


if __name__ == "__main__":
    serve(sys.argv[1])
