"""Reads screen lines on stdin; prints each whose last character is not a box-drawing
border ending in column 80, measured with the C library's wcwidth in C.UTF-8 (the width
the dashboard and the terminal agree on)."""
import ctypes
import locale
import sys

locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
libc = ctypes.CDLL(None)
libc.wcwidth.argtypes = [ctypes.c_wchar]
for line in sys.stdin.read().splitlines():
    cols = sum(max(libc.wcwidth(ch), 0) for ch in line)
    if cols != 80 or line[-1:] not in "│┐┘┤":
        print(f"{cols} columns: {line}")
