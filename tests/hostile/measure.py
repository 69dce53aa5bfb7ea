#!/usr/bin/env python3
"""Runs a command and prints "EXIT WALL_MS CPU_MS PEAK_RSS_KB" for test_yaml_limits.sh.

usage: measure.py OUT_FILE ERR_FILE CMD...

The command's stdout goes to OUT_FILE, its stderr to ERR_FILE. It runs under a 1 GB
address-space limit (none under AddressSanitizer) and a 20 s timeout (120 s under it;
EXIT is then "timeout"), so that a regression
fails the test instead of taking the machine. CPU time and peak resident size are the
child's own, from wait4(). The peak cannot be less than this interpreter's size (~10 MB):
the child is a copy of it until it runs the command, and the kernel keeps that high mark.
"""
import os
import resource
import subprocess
import sys
import time


# Under AddressSanitizer (AB_SANITIZED set by test_yaml_limits.sh) the shadow memory needs
# terabytes of address space: no address-space limit then, and a longer timeout.
SANITIZED = bool(os.environ.get("AB_SANITIZED"))
TIMEOUT = 120 if SANITIZED else 20


def limit():
    if not SANITIZED:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def main():
    with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
        start = time.monotonic()
        child = subprocess.Popen(sys.argv[3:], stdin=subprocess.DEVNULL, stdout=out,
                                 stderr=err, preexec_fn=limit)
        timed_out = False
        while True:
            pid, status, use = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > TIMEOUT:
                child.kill()
                pid, status, use = os.wait4(child.pid, 0)
                timed_out = True
                break
            time.sleep(0.002)
        elapsed = time.monotonic() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    rc = "timeout" if timed_out else child.returncode
    print(rc, round(elapsed * 1000), round((use.ru_utime + use.ru_stime) * 1000), use.ru_maxrss)


if __name__ == "__main__":
    main()
