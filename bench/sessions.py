"""Many dashboards at once (bench/run --sessions N): what they cost together while the
estate changes, and whether every change reaches every session showing it.

Half the sessions stay on the estate overview, half inside one plan (the largest plan of
an establishment, chosen with the plan picker as a user would). Then, for --session-seconds
(default 20), a writer changes a status --session-rate times a second (default 2): every
other change is an action of the plan the sessions show, the others actions of other
establishments' plans; each toggles an action between completed and its first status, so
that every change alters a figure the overview shows.

Measured, from /proc/PID/stat of the dashboards (the harness and the writer excluded):
- CPU: utime + stime of all dashboards over the window, and as a share of one core (also
  by kind: the overview sessions' and the plan sessions'); the same over an idle window
  first (no change at all), which should be ~0.
- Delivery: a change reaches a session that shows it (the plan's sessions for a change in
  that plan; every overview session for any change, since each changes an establishment's
  figures) when that session writes to its terminal within 2 s of the writer starting.
  The output is only timestamped during the window (no emulation), so this is "the
  session redrew within 2 s", not a check of the text; a session redrawing for an earlier
  change within those 2 s counts too. Reported with the worst first-output latency.
- Redraws: bursts of output per session (mean, by kind). A plan session should draw about
  once per change of its plan (half the changes), an overview session once per change.
"""
import os
import select
import subprocess
import time

import term

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    except (OSError, IndexError, ValueError):
        return 0


def drain(sessions, until, stamps):
    """Reads every session's output until `until` (perf_counter), recording when each
    wrote (stamps[i] gets the times)."""
    by_fd = {s.fd: i for i, s in enumerate(sessions)}
    while True:
        wait = until - time.perf_counter()
        if wait <= 0:
            return
        r, _, _ = select.select(list(by_fd), [], [], min(wait, 0.05))
        t = time.perf_counter()
        for fd in r:
            try:
                data = os.read(fd, 1 << 16)
            except OSError:
                data = b""
            if data and stamps is not None:
                stamps[by_fd[fd]].append(t)


def pick_actions(bench, plan):
    """The plan's live actions, and live actions of other establishments' latest plans."""
    code, _, cycle = plan
    mine = bench_rows(bench, "SELECT e.code || '/' || c.code || '/' || a.action_id, a.status"
                      " FROM action a JOIN cycle c ON c.id = a.cycle_id"
                      " JOIN establishment e ON e.id = c.establishment_id"
                      f" WHERE a.retired = 0 AND e.code = '{code}' AND c.code = '{cycle}'"
                      " ORDER BY a.id LIMIT 200")
    other = bench_rows(bench, "SELECT e.code || '/' || c.code || '/' || a.action_id, a.status"
                       " FROM action a JOIN cycle c ON c.id = a.cycle_id"
                       " JOIN establishment e ON e.id = c.establishment_id"
                       f" WHERE a.retired = 0 AND c.retired = 0 AND e.code <> '{code}'"
                       " AND c.id = (SELECT max(id) FROM cycle WHERE establishment_id = e.id)"
                       " ORDER BY e.code, a.id LIMIT 400")
    return mine, other


def bench_rows(bench, sql):
    out = subprocess.run([bench.sqlite3, "-readonly", "-separator", "\t", bench.db, sql],
                         capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def run_sessions(bench, n):
    a = bench.a
    seconds, rate, quiet = a.session_seconds, a.session_rate, bench.quiet
    plans = bench.plan_targets()
    if not plans:
        return {"error": "no plan to show"}
    plan = plans[0]
    mine, other = pick_actions(bench, plan)
    sessions, kinds = [], []
    for i in range(n):
        s = term.Session(bench.ab(), bench.tui_env(), rows=a.rows, cols=a.cols)
        s.wait_frame(quiet, a.frame_timeout)
        kind = "overview"
        if i % 2:
            text = f"{plan[0]} {plan[2]}"
            s.write("c")
            s.wait_frame(quiet, a.frame_timeout)
            s.write(text)
            s.wait_frame(quiet, a.frame_timeout)
            s.write("\r")
            b = s.wait_frame(quiet, a.frame_timeout, check=lambda sc: plan[1] in sc.row(0))
            kind = "plan" if b.check_ok else "plan?"
        sessions.append(s)
        kinds.append(kind)
    # Idle: nothing changes; the sessions should cost nothing.
    drain(sessions, time.perf_counter() + 1.0, None)
    idle_s = 5.0
    c0 = [cpu_ticks(s.pid) for s in sessions]
    drain(sessions, time.perf_counter() + idle_s, None)
    idle_ticks = sum(cpu_ticks(s.pid) for s in sessions) - sum(c0)
    # The window: changes at `rate` a second.
    stamps = [[] for _ in sessions]
    state = {}
    changes, writers = [], []
    c0 = [cpu_ticks(s.pid) for s in sessions]
    load0 = os.getloadavg()
    start = time.perf_counter()
    k = 0
    while True:
        t_next = start + k / rate
        if t_next >= start + seconds:
            break
        drain(sessions, t_next, stamps)
        pool, where = (mine, "plan") if k % 2 == 0 else (other, "elsewhere")
        key, first = pool[(k // 2) % len(pool)]
        now_status = state.get(key, first)
        new = first if now_status == "completed" and first != "completed" else (
            "planned" if now_status == "completed" else "completed")
        state[key] = new
        t = time.perf_counter()
        writers.append(subprocess.Popen(bench.ab("set", key, new), env=bench.env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        changes.append((t, where, key))
        k += 1
    drain(sessions, start + seconds + 2.0, stamps)
    window = time.perf_counter() - start
    c1 = [cpu_ticks(s.pid) for s in sessions]
    ticks = sum(c1) - sum(c0)
    by_kind = {}
    for i, kind in enumerate(kinds):
        by_kind[kind.rstrip("?")] = by_kind.get(kind.rstrip("?"), 0) + c1[i] - c0[i]
    load1 = os.getloadavg()
    failed_writes = sum(1 for w in writers if w.wait() != 0)
    # Delivery.
    expected = delivered = 0
    worst = 0.0
    missed = []
    for t, where, key in changes:
        for i, kind in enumerate(kinds):
            if kind == "overview" or (kind.startswith("plan") and where == "plan"):
                expected += 1
                after = [x for x in stamps[i] if x > t]
                lat = (after[0] - t) if after else None
                if lat is not None and lat <= 2.0:
                    delivered += 1
                    worst = max(worst, lat)
                else:
                    missed.append({"change": key, "session": i, "kind": kind,
                                   "latency_s": round(lat, 3) if lat is not None else None})
    # Redraws: bursts of output (apart by more than 0.1 s) per session over the window;
    # a plan session should draw about once per change of its plan, not once per change.
    def bursts(ts):
        n, last = 0, None
        for x in ts:
            if last is None or x - last > 0.1:
                n += 1
            last = x
        return n
    per_kind = {}
    for i, kind in enumerate(kinds):
        per_kind.setdefault(kind.rstrip("?"), []).append(bursts(stamps[i]))
    redraws = {k: round(sum(v) / len(v), 1) for k, v in per_kind.items()}
    for s in sessions:
        s.finish()
    cpu = ticks / TICKS
    return {
        "sessions": n, "overview": kinds.count("overview"), "in_plan": n - kinds.count("overview"),
        "plan": f"{plan[0]}/{plan[2]}", "plan_checks_failed": kinds.count("plan?"),
        "changes": len(changes), "failed_writes": failed_writes, "seconds": round(window, 2),
        "rate_per_s": rate,
        "cpu_s": round(cpu, 2), "cpu_pct_of_one_core": round(100 * cpu / window, 1),
        "cpu_s_by_kind": {k: round(v / TICKS, 2) for k, v in by_kind.items()},
        "idle_seconds": idle_s, "idle_cpu_s": round(idle_ticks / TICKS, 2),
        "deliveries_expected": expected, "delivered_within_2s": delivered,
        "worst_latency_ms": round(worst * 1000), "missed": missed[:20],
        "redraws_per_session": redraws,
        "plan_changes": sum(1 for _, where, _ in changes if where == "plan"),
        "loadavg_start": [round(x, 2) for x in load0], "loadavg_end": [round(x, 2) for x in load1],
        "target_cpu_pct": 20 if n <= 50 else None,
    }
