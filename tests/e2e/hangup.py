#!/usr/bin/env python3
"""hangup.py — the e2e tests' harness for a dashboard whose terminal goes away.

usage:
  hangup.py watch PID SECONDS
      Waits up to SECONDS for process PID to end (gone, or a zombie nobody reaps yet).
      Prints "gone MS CPU" (milliseconds waited, CPU seconds used over its life) or, when
      it is still running, "alive MS CPU".
  hangup.py pty ctty|noctty SECONDS MARKER COMMAND...
      Runs COMMAND on a new 100x30 pseudo-terminal, waits until MARKER shows, closes the
      terminal's master side, and reports like `watch` (a process still alive is killed).
      ctty: COMMAND leads the terminal's session, so the kernel also sends it SIGHUP.
      noctty: COMMAND has a session of its own without a controlling terminal and the
      harness stays its parent: only the terminal itself says that it is gone.
"""
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time

HZ = os.sysconf("SC_CLK_TCK")


def proc_state(pid):
    """(state letter, CPU seconds) from /proc/PID/stat, or None when there is no PID."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return fields[0], (int(fields[11]) + int(fields[12])) / HZ


def watch(pid, seconds):
    start = time.monotonic()
    cpu = 0.0
    while True:
        ms = int((time.monotonic() - start) * 1000)
        st = proc_state(pid)
        if st is None or st[0] in "ZX":
            cpu = st[1] if st else cpu
            return f"gone {ms} {cpu:.2f}"
        cpu = st[1]
        if ms > seconds * 1000:
            return f"alive {ms} {cpu:.2f}"
        time.sleep(0.02)


def wait_for(master, marker, seconds):
    """Reads the terminal until marker shows; false at the deadline."""
    seen, end = b"", time.monotonic() + seconds
    while time.monotonic() < end:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                seen += os.read(master, 65536)
            except OSError:
                return False
            if marker.encode() in seen:
                return True
    return False


def on_pty(mode, seconds, marker, cmd):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))

    def child():
        os.setsid()
        if mode == "ctty":
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    env = dict(os.environ, TERM="xterm-256color")
    p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, preexec_fn=child,
                         env=env)
    os.close(slave)
    if not wait_for(master, marker, seconds):
        p.kill()
        p.wait()
        return f"never-started 0 0"
    os.close(master)
    start = time.monotonic()
    while True:
        ms = int((time.monotonic() - start) * 1000)
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            p.returncode = status
            return f"gone {ms} {usage.ru_utime + usage.ru_stime:.2f}"
        if ms > seconds * 1000:
            st = proc_state(p.pid)
            p.send_signal(signal.SIGKILL)
            p.wait()
            return f"alive {ms} {st[1] if st else 0:.2f}"
        time.sleep(0.02)


def main(argv):
    if len(argv) >= 4 and argv[1] == "watch":
        print(watch(int(argv[2]), float(argv[3])))
        return 0
    if len(argv) >= 6 and argv[1] == "pty" and argv[2] in ("ctty", "noctty"):
        print(on_pty(argv[2], float(argv[3]), argv[4], argv[5:]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
