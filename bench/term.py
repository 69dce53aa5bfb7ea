"""The terminal side of the benchmark: a pseudo-terminal session and a screen model.

Session runs a program on a pty of a fixed size (TIOCSWINSZ) the way a user's terminal
would, timestamps every read of its output, and feeds the bytes to a Screen, a small
emulator of the xterm control sequences ncurses sends for TERM=xterm-256color (cursor
motion, erase, insert/delete, scrolling regions, repeat, the DEC line-drawing set), so that
the harness can check what is on screen instead of trusting that bytes arrived.

How a frame is detected (see README.md): after a key is written, its frame is the burst of
output that follows, ended by `quiet` seconds of silence; the key-to-frame latency is the
arrival of the burst's last byte minus the moment the key was written. The silence adds
nothing to the figure (it is only waited for). A frame drawn in two bursts more than `quiet`
apart would be cut short: Session reports the largest gap it saw inside any burst, and each
step checks the screen, so such a cut shows up as a failed check, not as a fast figure.
"""
import codecs
import errno
import fcntl
import os
import select
import signal
import struct
import termios
import time
import unicodedata

# DEC special graphics (ESC ( 0), as ncurses uses it for borders when it does.
DEC_GRAPHICS = {
    "j": "┘", "k": "┐", "l": "┌", "m": "└", "n": "┼", "q": "─", "t": "├", "u": "┤",
    "v": "┴", "w": "┬", "x": "│", "a": "▒", "~": "·", "`": "◆", "f": "°", "g": "±",
    "y": "≤", "z": "≥", "{": "π", "|": "≠", "}": "£", "h": "░", "0": "█",
}


def char_width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class Screen:
    """A rows x cols grid of characters driven by the bytes a program writes."""

    def __init__(self, rows, cols):
        self.rows, self.cols = rows, cols
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.clear_all()
        self.y = self.x = 0
        self.top, self.bottom = 0, rows - 1
        self.wrap = False
        self.charset = ["B", "B"]
        self.shift = 0
        self.saved = (0, 0)
        self.last = " "
        self.state, self.seq = "ground", ""

    # -- what the harness reads ----------------------------------------------------------

    def lines(self):
        return ["".join(row).rstrip() for row in self.grid]

    def text(self):
        return "\n".join(self.lines())

    def row(self, y):
        return "".join(self.grid[y]).rstrip()

    # -- feeding -------------------------------------------------------------------------

    def feed(self, data):
        for ch in self.decoder.decode(data):
            self.char(ch)

    def char(self, ch):
        st = self.state
        if st == "ground":
            if ch == "\x1b":
                self.state = "esc"
            elif ch < " " or ch == "\x7f":
                self.control(ch)
            else:
                self.put(ch)
        elif st == "esc":
            self.escape(ch)
        elif st == "csi":
            if "@" <= ch <= "~":
                self.state = "ground"
                self.csi(self.seq, ch)
            elif ch == "\x1b":  # a broken sequence: start again
                self.state = "esc"
            else:
                self.seq += ch
        elif st in ("osc", "dcs"):
            if ch == "\x07":
                self.state = "ground"
            elif ch == "\x1b":
                self.state = st + "-esc"
        elif st in ("osc-esc", "dcs-esc"):
            self.state = "ground" if ch == "\\" else st[:3]
        elif st in ("g0", "g1"):
            self.charset[0 if st == "g0" else 1] = ch
            self.state = "ground"
        else:  # "skip": one more byte belongs to the sequence
            self.state = "ground"

    def escape(self, ch):
        self.state = "ground"
        if ch == "[":
            self.state, self.seq = "csi", ""
        elif ch == "]":
            self.state = "osc"
        elif ch == "P":
            self.state = "dcs"
        elif ch == "(":
            self.state = "g0"
        elif ch == ")":
            self.state = "g1"
        elif ch in "*+-./#%":
            self.state = "skip"
        elif ch == "7":
            self.saved = (self.y, self.x)
        elif ch == "8":
            self.y, self.x = self.saved
            self.wrap = False
        elif ch == "M":
            self.reverse_index()
        elif ch == "D":
            self.index()
        elif ch == "E":
            self.x = 0
            self.index()
        elif ch == "c":
            self.__init__(self.rows, self.cols)

    def control(self, ch):
        if ch == "\r":
            self.x, self.wrap = 0, False
        elif ch in "\n\x0b\x0c":
            self.index()
        elif ch == "\b":
            self.x, self.wrap = max(0, self.x - 1), False
        elif ch == "\t":
            self.x = min(self.cols - 1, (self.x // 8 + 1) * 8)
        elif ch == "\x0e":
            self.shift = 1
        elif ch == "\x0f":
            self.shift = 0

    def put(self, ch):
        if self.charset[self.shift] == "0":
            ch = DEC_GRAPHICS.get(ch, ch)
        w = char_width(ch)
        if w == 0:
            px = self.x - 1 if not self.wrap else self.x
            if px >= 0:
                self.grid[self.y][px] += ch
            return
        if self.wrap or (w == 2 and self.x == self.cols - 1):
            self.x, self.wrap = 0, False
            self.index()
        self.grid[self.y][self.x] = ch
        if w == 2:
            self.grid[self.y][self.x + 1] = ""
        self.last = ch
        if self.x + w >= self.cols:
            self.x, self.wrap = self.cols - 1, True
        else:
            self.x += w

    # -- lines and scrolling ---------------------------------------------------------------

    def blank(self):
        return [" "] * self.cols

    def clear_all(self):
        self.grid = [[" "] * self.cols for _ in range(self.rows)]

    def scroll_up(self, n, top=None):
        top = self.top if top is None else top
        for _ in range(n):
            del self.grid[top]
            self.grid.insert(self.bottom, self.blank())

    def scroll_down(self, n, top=None):
        top = self.top if top is None else top
        for _ in range(n):
            del self.grid[self.bottom]
            self.grid.insert(top, self.blank())

    def index(self):
        self.wrap = False
        if self.y == self.bottom:
            self.scroll_up(1)
        elif self.y < self.rows - 1:
            self.y += 1

    def reverse_index(self):
        self.wrap = False
        if self.y == self.top:
            self.scroll_down(1)
        elif self.y > 0:
            self.y -= 1

    # -- CSI -------------------------------------------------------------------------------

    def csi(self, seq, final):
        private = seq[:1] in ("?", ">", "<", "=")
        body = seq[1:] if private else seq
        body = body.rstrip(" !\"#$%&'()*+,-./")  # intermediates
        ps = [int(p) if p.isdigit() else 0 for p in body.split(";")] if body else []
        n = ps[0] if ps and ps[0] > 0 else 1
        self.wrap = self.wrap and final in "mhlntq"
        if private:
            if final in "hl" and set(ps) & {47, 1047, 1049}:
                self.clear_all()
            return
        if final == "A":
            self.y = max(self.top if self.y >= self.top else 0, self.y - n)
        elif final in "Be":
            self.y = min(self.bottom if self.y <= self.bottom else self.rows - 1, self.y + n)
        elif final in "Ca":
            self.x = min(self.cols - 1, self.x + n)
        elif final == "D":
            self.x = max(0, self.x - n)
        elif final == "E":
            self.x, self.y = 0, min(self.rows - 1, self.y + n)
        elif final == "F":
            self.x, self.y = 0, max(0, self.y - n)
        elif final in "G`":
            self.x = min(self.cols - 1, n - 1)
        elif final == "d":
            self.y = min(self.rows - 1, n - 1)
        elif final in "Hf":
            row = ps[0] if ps and ps[0] > 0 else 1
            col = ps[1] if len(ps) > 1 and ps[1] > 0 else 1
            self.y, self.x = min(self.rows, row) - 1, min(self.cols, col) - 1
        elif final == "J":
            self.erase_display(ps[0] if ps else 0)
        elif final == "K":
            self.erase_line(ps[0] if ps else 0)
        elif final == "X":
            for i in range(self.x, min(self.cols, self.x + n)):
                self.grid[self.y][i] = " "
        elif final == "P":
            row = self.grid[self.y]
            del row[self.x:self.x + n]
            row.extend([" "] * (self.cols - len(row)))
        elif final == "@":
            row = self.grid[self.y]
            row[self.x:self.x] = [" "] * n
            del row[self.cols:]
        elif final == "L":
            if self.top <= self.y <= self.bottom:
                self.scroll_down(min(n, self.bottom - self.y + 1), top=self.y)
        elif final == "M":
            if self.top <= self.y <= self.bottom:
                self.scroll_up(min(n, self.bottom - self.y + 1), top=self.y)
        elif final == "S":
            self.scroll_up(n)
        elif final == "T" and len(ps) <= 1:
            self.scroll_down(n)
        elif final == "r":
            top = (ps[0] if ps and ps[0] > 0 else 1) - 1
            bottom = (ps[1] if len(ps) > 1 and ps[1] > 0 else self.rows) - 1
            if top < bottom < self.rows:
                self.top, self.bottom = top, bottom
            self.y = self.x = 0
        elif final == "b":
            for _ in range(n):
                self.put(self.last)
        elif final == "s" and not ps:
            self.saved = (self.y, self.x)
        elif final == "u":
            self.y, self.x = self.saved

    def erase_display(self, mode):
        if mode == 0:
            self.erase_line(0)
            for y in range(self.y + 1, self.rows):
                self.grid[y] = self.blank()
        elif mode == 1:
            self.erase_line(1)
            for y in range(0, self.y):
                self.grid[y] = self.blank()
        else:
            self.clear_all()

    def erase_line(self, mode):
        row = self.grid[self.y]
        lo, hi = (self.x, self.cols) if mode == 0 else (0, self.x + 1) if mode == 1 else (0, self.cols)
        for i in range(lo, hi):
            row[i] = " "


class Burst:
    """What one wait for output saw."""
    __slots__ = ("t_first", "t_last", "nbytes", "max_gap", "timed_out", "eof", "check_ok")

    def __init__(self):
        self.t_first = self.t_last = None
        self.nbytes = 0
        self.max_gap = 0.0
        self.timed_out = self.eof = False
        self.check_ok = True


class Session:
    """A program on a pseudo-terminal of rows x cols, with its screen."""

    def __init__(self, argv, env, rows=60, cols=200):
        self.rows, self.cols = rows, cols
        self.screen = Screen(rows, cols)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.t_start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: a new session whose controlling terminal is the pty
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        os.close(slave)
        self.pid, self.fd = pid, master
        os.set_blocking(master, False)
        self.pending = []
        self.status = None

    def write(self, data):
        """Writes input as typed; returns the moment it was written."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        t = time.perf_counter()
        os.write(self.fd, data)
        return t

    def _flush_screen(self):
        for chunk in self.pending:
            self.screen.feed(chunk)
        self.pending = []

    def wait_frame(self, quiet, timeout, check=None, since=None, allow_silence=False):
        """Reads output until it has been silent for `quiet` seconds after at least one
        byte (or from the start, with allow_silence: for a key that may change nothing on
        screen) and check(screen) holds, when given; gives up `timeout` seconds after
        `since` (default now). Returns a Burst."""
        b = Burst()
        start = since if since is not None else time.perf_counter()
        deadline = start + timeout
        while True:
            now = time.perf_counter()
            last = b.t_last if b.t_last is not None else start if allow_silence else None
            if last is None:
                wait = deadline - now
            else:
                wait = min(last + quiet, deadline) - now
            if wait <= 0:
                if last is not None:
                    self._flush_screen()
                    if check is None or check(self.screen):
                        return b
                if now >= deadline:
                    self._flush_screen()
                    b.timed_out = True
                    b.check_ok = check is None or check(self.screen)
                    return b
                wait = deadline - now if last is None else min(quiet, deadline - now)
            r, _, _ = select.select([self.fd], [], [], max(0.0, wait))
            if not r:
                continue
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError as e:
                if e.errno in (errno.EAGAIN, errno.EINTR):
                    continue
                if e.errno != errno.EIO:
                    raise
                data = b""
            t = time.perf_counter()
            if not data:
                b.eof = True
                self._flush_screen()
                b.check_ok = check is None or check(self.screen)
                return b
            if b.t_last is not None:
                b.max_gap = max(b.max_gap, t - b.t_last)
            else:
                b.t_first = t
            b.t_last = t
            b.nbytes += len(data)
            self.pending.append(data)

    def vm_hwm_kib(self):
        """Peak resident set so far, from /proc (None once the process is gone). This and
        not wait4's ru_maxrss: Linux carries the memory a process had before exec() into
        ru_maxrss, and a child forked from the harness starts with the harness's."""
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def finish(self, quit_keys=b"q", timeout=10.0):
        """Asks the program to quit, drains its output, reaps it (killing it after
        `timeout` seconds); returns its exit status as os.waitstatus_to_exitcode gives."""
        if self.status is None:
            try:
                os.write(self.fd, quit_keys)
            except OSError:
                pass
            end = time.perf_counter() + timeout
            while time.perf_counter() < end:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.status = status
                    break
                r, _, _ = select.select([self.fd], [], [], 0.05)
                if r:
                    try:
                        os.read(self.fd, 1 << 16)
                    except OSError:
                        pass
            if self.status is None:
                os.kill(self.pid, signal.SIGKILL)
                _, self.status = os.waitpid(self.pid, 0)
        try:
            os.close(self.fd)
        except OSError:
            pass
        return os.waitstatus_to_exitcode(self.status)
