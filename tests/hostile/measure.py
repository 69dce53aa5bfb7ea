#!/usr/bin/env python3
"""Runs a command and prints "EXIT WALL_MS CPU_MS PEAK_RSS_KB" for test_yaml_limits.sh.

usage: measure.py OUT_FILE ERR_FILE CMD...

The command's stdout goes to OUT_FILE, its stderr to ERR_FILE. It runs under a 1 GB
address-space limit and a 20 s timeout (EXIT is then "timeout"), so that a regression
fails the test instead of taking the machine. The peak resident size is the child's own
(getrusage RUSAGE_CHILDREN: this process waits for no other child), or this process's
own size if larger (the child starts as a copy of it before it runs the command); the CPU
time is the child's user plus system time.
"""
import resource
import subprocess
import sys
import time


def limit():
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def main():
    with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
        start = time.monotonic()
        try:
            rc = subprocess.run(sys.argv[3:], stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err, timeout=20,
                                preexec_fn=limit).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
        elapsed = time.monotonic() - start
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(rc, round(elapsed * 1000), round((use.ru_utime + use.ru_stime) * 1000), use.ru_maxrss)


if __name__ == "__main__":
    main()
