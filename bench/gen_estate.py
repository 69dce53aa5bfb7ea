#!/usr/bin/env python3
"""Writes a deterministic, synthetic configuration the size of the prison estate.

usage: gen_estate.py [--size 10k|100k|1m] [--seed N] [--establishments N] [--plans N]
                     [--actions N] [--force] [--json] DIR

DIR receives actionboard.yaml (settings: owners with aliases), establishments/*.yaml and
plans/*.yaml in the format of SPEC.md section 4, ready for `actionboard --config
DIR/actionboard.yaml sync`. Presets (exact counts):

    10k   120 establishments,    420 plans,    10,000 actions
    100k  120 establishments,    420 plans,   100,000 actions
    1m    2,539 establishments, 11,449 plans, 1,000,000 actions

What is in it, and why:
- both schemes by inspection date (recommendations before May 2022, concerns after):
  concerns are 3-6 priority then key concerns, at most 15 in all, refs 1.1, 1.2 ...;
  recommendations are key (S37 ...) then general (2.103 ...), with seq, directed_to,
  agreement and, when partly or not agreed, agreement_note; some repeat an earlier one;
- a skewed owner population: a dozen owners in every prison (Governor, Head of Residence,
  ...) that own most actions, regional and national owners (Prison Group Directors,
  "HMPPS Estates", providers) in dozens of prisons, and many rare local owners; a few
  actions name their owner by an alias from the settings;
- targets over the years after each inspection, in every published form: "March 2023",
  "12/05/2025", "12 May 2025", "Completed", "Ongoing", "2024/25", "Ongoing, to be
  completed by 2024/2025", a sentence ending in a month, empty, and a few not understood;
- UTF-8 text (£, –, •, é, ŵ) and double quotes that YAML must escape.

Same arguments, same bytes: the generator uses its own PRNG (splitmix64, so the output does
not depend on the Python version), seeds each plan from (seed, establishment, cycle), and
never iterates an unordered collection. It streams: one plan is built and written at a
time, so memory stays flat at any size. It prints one line (or, with --json, one JSON
object) with the counts, the bytes written and the SHA-256 of every file in order.
"""
import argparse
import datetime
import hashlib
import json
import os
import shutil
import sys
import time
import unicodedata

PRESETS = {
    "10k": (120, 420, 10_000),
    "100k": (120, 420, 100_000),
    "1m": (2_539, 11_449, 1_000_000),
}

M64 = (1 << 64) - 1


class Rng:
    """splitmix64: small, fast enough, and the same sequence on every Python."""

    def __init__(self, *seed):
        s = 0x2545F4914F6CDD1D
        for part in seed:
            s = self._mix((s ^ (part & M64)) & M64)
        self.s = s

    @staticmethod
    def _mix(z):
        z = (z + 0x9E3779B97F4A7C15) & M64
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def between(self, lo, hi):
        """lo..hi inclusive."""
        return lo + self.next() % (hi - lo + 1)

    def chance(self, per_mille):
        return self.next() % 1000 < per_mille

    def pick(self, seq):
        return seq[self.next() % len(seq)]

    def weighted(self, table):
        """table: Weighted; returns one of its values."""
        r = self.next() % table.total
        lo, hi = 0, len(table.cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if table.cum[mid] > r:
                hi = mid
            else:
                lo = mid + 1
        return table.values[lo]

    def shuffle(self, seq):
        for i in range(len(seq) - 1, 0, -1):
            j = self.next() % (i + 1)
            seq[i], seq[j] = seq[j], seq[i]


class Weighted:
    """Values with integer weights, for Rng.weighted()."""

    def __init__(self, pairs):
        self.values, self.cum, total = [], [], 0
        for value, weight in pairs:
            if weight <= 0:
                continue
            total += weight
            self.values.append(value)
            self.cum.append(total)
        self.total = total


def apportion(total, weights, minimum):
    """Splits `total` into len(weights) integers >= minimum, proportional to the integer
    weights, exactly (largest remainder, ties by position)."""
    n = len(weights)
    rest = total - minimum * n
    if rest < 0:
        raise SystemExit(f"gen_estate: cannot give {n} parts at least {minimum} of {total}")
    wsum = sum(weights)
    parts = [minimum + rest * w // wsum for w in weights]
    order = sorted(range(n), key=lambda i: (-(rest * weights[i] % wsum), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


# ---- words --------------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

PLACE_HEAD = ["Ash", "Brad", "Carl", "Dun", "Elm", "Fern", "Gran", "Hol", "Ire", "Kirk",
              "Lang", "Mar", "Nor", "Oak", "Pen", "Ry", "Stan", "Thorn", "Up", "Wal", "Wy",
              "Bel", "Chel", "Dart", "Ex", "Ford", "Gart", "Hew", "Lind", "Mor", "Bryn",
              "Caer", "Lly", "Haver", "Whit", "Sud", "Ox", "Brix", "Feath", "Ran"]
PLACE_TAIL = ["bourne", "ton", "ley", "field", "wood", "moor", "by", "ham", "stead", "well",
              "brook", "ford", "hill", "gate", "mouth", "thorpe", "dale", "bury", "wick",
              "combe", "stone", "worth", "wyn", "hurst", "den"]
PLACE_QUALIFIER = ["", "", "", " Grange", " Park", " Heath", " Vale", " Moor", " Fields"]
# A few Welsh names, so that names carry letters outside Latin-1's common set.
WELSH = ["Berwŷn", "Pen-y-bŵlch", "Caerŵyn", "Llanfair Dôl", "Cwm Tâf", "Ynys Môn"]

DESCRIPTIONS = [
    "Category B local prison",
    "Category B reception prison – serves the courts of the county",
    "Category C training and resettlement prison",
    "Category D open prison",
    "Young offender institution for men aged 18–21",
    "Women's closed local prison",
    "High-security prison in the long-term and high-security estate",
    "Category C prison with a therapeutic community • and a drug recovery wing",
    "Category B local prison and young offender institution (HMP/YOI)",
]

REGIONS = ["North West", "North East", "Yorkshire", "East Midlands", "West Midlands",
           "East of England", "London", "Kent, Surrey and Sussex", "South Central",
           "Avon and South Dorset", "Devon, Cornwall and Dorset", "Wales", "Greater Manchester",
           "Cumbria and Lancashire", "Lincolnshire and Humber", "Thames Valley",
           "Long Term High Security Estate", "Women's Estate", "Youth Custody Service",
           "Tees and Wear"]
NHS_REGIONS = ["North West", "North East and Yorkshire", "Midlands", "East of England",
               "London", "South East", "South West"]
HEALTH_PROVIDERS = ["Practice Plus Group", "Spectrum Community Health CIC",
                    "Oxleas NHS Foundation Trust", "Care UK", "Sodexo Justice Services",
                    "Northumberland, Tyne and Wear NHS Foundation Trust",
                    "Mid Yorkshire Hospitals NHS Trust", "Hertfordshire Community NHS Trust",
                    "Central and North West London NHS Foundation Trust", "Forward Trust"]
EDU_PROVIDERS = ["Novus", "Milton Keynes College", "PeoplePlus", "Weston College",
                 "Novus Cambria", "Coleg Cambria", "Nacro Education", "Chrysalis Learning"]

# (owner, weight in an action's draw, aliases). Every prison has all of these.
COMMON_OWNERS = [
    ("Governor", 300, ["The Governor", "Governor."]),
    ("Deputy Governor", 70, ["Deputy Governor."]),
    ("Head of Residence", 80, ["Head of Residential", "HoR"]),
    ("Head of Security", 70, ["Head of Security and Intelligence"]),
    ("Head of Safety", 60, ["Head of Safer Custody"]),
    ("Head of Reducing Reoffending", 55, ["Head of Rehabilitation and Resettlement"]),
    ("Head of Healthcare", 55, ["Healthcare Manager"]),
    ("Head of Education, Skills and Work", 55, ["Head of ESW", "Head of Learning and Skills"]),
    ("Head of Operations", 35, []),
    ("Head of Offender Management Delivery", 30, ["Head of OMU"]),
    ("Head of Business Assurance", 15, []),
    ("Head of Decency", 12, []),
]

# National owners: (name, aliases, in how many prisons per thousand, weight when present).
NATIONAL_OWNERS = [
    ("HMPPS Estates", ["HMPPS Estates Directorate"], 350, 10),
    ("HMPPS", [], 500, 12),
    ("NHS England", ["NHSE", "NHS England and NHS Improvement"], 450, 12),
    ("Capacity Management, HMPPS Prison Supply Directorate", [], 150, 6),
    ("Project Delivery Director, MoJ Estates Directorate", [], 150, 6),
    ("HMPPS Executive Director for Safety and Rehabilitation", [], 120, 5),
    ("HMPPS Security Group", [], 200, 6),
    ("HMPPS Population Management Unit", [], 120, 4),
    ("HMPPS Digital, Data and Technology", ["HMPPS DDaT"], 150, 4),
    ("HMPPS Health, Safety and Fire Team", [], 100, 3),
    ("Education and Skills Funding Agency", ["ESFA"], 100, 3),
    ("MoJ Property Directorate", [], 80, 3),
    ("HMPPS Women's Estate Team", [], 40, 4),
    ("Youth Custody Service", ["YCS"], 40, 4),
    ("National Probation Service", ["NPS"], 250, 5),
]

LOCAL_ROLES = ["Safer Custody Manager", "Custodial Manager, Segregation", "Head of Activities",
               "Catering Manager", "Managing Chaplain", "Equalities Lead",
               "Business Hub Manager", "Head of Programmes", "Drug Strategy Lead",
               "Custodial Manager, Reception", "Family Services Lead",
               "Head of Industries", "Works Manager", "Mental Health Lead",
               "Keyworker Lead", "Head of Resettlement", "Neurodiversity Support Manager",
               "Library Manager", "Physical Education Manager", "Visits Manager"]

CONCERN_SUBJECTS = [
    ("The availability of illicit drugs", "was too high"),
    ("The management of medicines", "was inadequate and administration was not safe"),
    ("Too many prisoners", "were locked in their cells for most of the day"),
    ("Levels of self-harm", "had risen sharply since the last inspection"),
    ("The use of force", "was not always proportionate or well governed"),
    ("Living conditions on the older wings", "were poor – many cells were damp and cold"),
    ("Support for prisoners with disabilities", "was weak"),
    ("Public protection arrangements", "were not robust enough before release"),
    ("The allocation to education, skills and work", "was not efficient"),
    ("Access to the café and visits hall", "was too limited for families"),
    ("Drone incursions", "were frequent and the response was slow"),
    ("Key worker sessions", "rarely took place"),
    ("Complaints", "were not answered on time"),
    ("The segregation unit", "held some men for far too long"),
    ("Recruitment of officers", "had not kept up with staff leaving"),
]
CONCERN_TAILS = ["", " and leaders did not know why", " despite a previous recommendation",
                 ", which undermined rehabilitation", " – a repeated concern"]

REC_LEADS = ["Leaders should ensure that", "The prison should make sure that",
             "Managers should make sure that", "HMPPS and the prison should ensure that",
             "The Governor should ensure that"]
REC_BODIES = [
    "all incidents of violence are investigated thoroughly and victims are supported",
    "prisoners in crisis receive prompt and focused care",
    "prisoners have enough time out of cell to shower, exercise and use the telephone",
    "there are enough high-quality activity places to meet prisoners' needs",
    "cells are clean, decent and properly equipped",
    "the use of force is proportionate and every use is reviewed",
    "medicines are administered safely and in line with national guidance",
    "prisoners are paid fairly – the \"parity of pay\" principle – across all activities",
    "prisoners with protected characteristics are treated fairly",
    "release planning starts early and includes suitable accommodation",
    "the café and visits hall are open at times that suit families",
    "drone incursions are detected and disrupted",
]

ACTION_OPENINGS = ["The establishment will", "We will", "The Governor will", "Managers will",
                   "The prison has begun to", "A working group will", "Staff will be trained to",
                   "The Safer Custody team will", "Healthcare partners will", "HMPPS will"]
ACTION_VERBS = ["review", "refurbish", "introduce", "monitor", "audit", "replace", "extend",
                "re-launch", "evaluate", "expand", "recruit for", "strengthen"]
ACTION_OBJECTS = ["the window grilles on the residential wings", "the incentives scheme",
                  "key worker sessions", "the drug strategy", "ACCT case reviews",
                  "the café in the visits hall", "CV and résumé workshops",
                  "in-cell telephony", "showers on B wing", "the reception process",
                  "the pay policy for prisoners", "the induction programme",
                  "the equalities action plan", "the segregation unit regime",
                  "the body-worn camera policy", "the drone detection system",
                  "the library and gym timetable", "the 'This is ME' learning corners"]
ACTION_PURPOSES = ["so that prisoners are safer", "to reduce self-harm",
                   "to increase time out of cell", "so that complaints are answered on time",
                   "to reduce the supply of illicit drugs", "so that families can visit more often",
                   "to meet the standards in the Prison Service Instructions",
                   "to improve attendance at education and work"]
ACTION_EXTRAS = [
    "Progress will be reported monthly to the Senior Leadership Team.",
    "The work is funded by a £{k}k bid approved by the Prison Group Director.",
    "HMPPS is investing £{m}.{d} million – the second phase starts next year.",
    "Measures: • attendance • incidents • complaints, reviewed each quarter.",
    "The Head of Function will audit a sample of {n} cases every month.",
    "Quality assurance will be carried out by the Business Assurance team.",
    "The café will reopen with a new menu and a café manager from the community.",
    "This was discussed at the Local Delivery Board and agreed by all partners.",
    "A \"Clean Sweep\" campaign will run on every wing for {n} weeks.",
    "The findings will be shared with the Independent Monitoring Board.",
]

AGREEMENT_NOTES = [
    "This recommendation is partly agreed because the funding required is not available at this time.",
    "This recommendation is partly agreed: the regime is constrained by the current staffing levels.",
    "This recommendation is not agreed – the national policy sets the approach and cannot be changed locally.",
    "This recommendation is partly agreed as the building works depend on the estates programme.",
]
DIRECTED_TO = Weighted([("Governor", 80), ("HMPPS", 10), ("Prison Group Director", 5),
                        ("NHS England", 3), ("HMPPS and NHS England", 2)])
AGREEMENT = Weighted([("agreed", 78), ("partly_agreed", 17), ("not_agreed", 5)])
EXTRA_COUNT = Weighted([(0, 35), (1, 45), (2, 20)])
OWNER_COUNT = Weighted([(1, 75), (2, 20), (3, 5)])
TARGET_KIND = Weighted([
    ("month", 500), ("dmy", 100), ("day_month", 40), ("completed", 120), ("ongoing", 90),
    ("fy", 40), ("ongoing_by", 40), ("sentence", 30), ("empty", 20), ("unknown", 10),
    ("month_short", 10),
])


def yq(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---- the estate: establishments, their owners and their cycles -----------------------------

class Establishment:
    __slots__ = ("index", "code", "name", "description", "region", "owners", "local",
                 "cycles")


def make_names(rng, n):
    """n distinct (display name, place) pairs; a few places are Welsh."""
    combos = list(dict.fromkeys(h + t + q for q in PLACE_QUALIFIER for h in PLACE_HEAD
                                for t in PLACE_TAIL))  # dict: the repeated "" keeps order
    rng.shuffle(combos)
    welsh, names, ci = list(WELSH), [], 0
    for i in range(n):
        if welsh and i % 97 == 13:
            place = welsh.pop(0)
        elif ci < len(combos):
            place, ci = combos[ci], ci + 1
        else:
            raise SystemExit(f"gen_estate: at most {len(combos) + len(WELSH)} establishments")
        prefix = "HMP/YOI " if rng.chance(150) else "HMP "
        names.append((prefix + place, place))
    return names


def ascii_letters(place):
    """The letters of a place name without accents, upper case."""
    plain = unicodedata.normalize("NFKD", place)
    return [c.upper() for c in plain if "a" <= c.lower() <= "z"]


def make_code(place, used):
    letters = ascii_letters(place)
    first = letters[0]
    for i in range(1, len(letters)):
        for j in range(i + 1, len(letters)):
            code = first + letters[i] + letters[j]
            if code not in used:
                return code
    for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            code = first + a + b
            if code not in used:
                return code
    for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
                if a + b + c not in used:
                    return a + b + c
    raise SystemExit("gen_estate: out of codes")


def make_estate(seed, n_est, n_plans):
    """Establishments with owner rosters and cycle dates; small, kept in memory."""
    rng = Rng(seed, 1)
    if n_plans < n_est:
        raise SystemExit("gen_estate: need at least one plan per establishment")
    names = make_names(rng, n_est)
    # Plans per establishment: 1..8 around the mean, adjusted to the exact total.
    mean = n_plans / n_est
    counts = [max(1, min(8, int(mean) + rng.between(-1, 1))) for _ in range(n_est)]
    while sum(counts) != n_plans:
        i = rng.below(n_est)
        if sum(counts) < n_plans and counts[i] < 15:
            counts[i] += 1
        elif sum(counts) > n_plans and counts[i] > 1:
            counts[i] -= 1
    health = [f"Director of {p}" for p in HEALTH_PROVIDERS]
    edu = [f"Director of {p}" for p in EDU_PROVIDERS]
    used, estate = set(), []
    for i, (name, place) in enumerate(names):
        e = Establishment()
        e.index, e.name = i, name
        e.code = make_code(place, used)
        used.add(e.code)
        e.description = rng.pick(DESCRIPTIONS)
        e.region = rng.below(len(REGIONS))
        roster = [(o, w) for o, w, _ in COMMON_OWNERS]
        roster.append((f"Prison Group Director, {REGIONS[e.region]}", 25))
        roster.append((f"NHS England {NHS_REGIONS[e.region % len(NHS_REGIONS)]} Commissioning", 8))
        roster.append((rng.pick(health), 20))
        roster.append((rng.pick(edu), 20))
        for o, _, per_mille, w in NATIONAL_OWNERS:
            if rng.chance(per_mille):
                roster.append((o, w))
        roles = list(LOCAL_ROLES)
        rng.shuffle(roles)
        e.local = []
        for role in roles[: rng.between(2, 8)]:
            roster.append((f"{role}, {name}", rng.between(2, 6)))
            e.local.append(f"{role}, {name}")
        e.owners = Weighted(roster)
        # Cycle dates: distinct years from 2011 to 2026, inspected before September 2026.
        years = list(range(2011, 2027))
        rng.shuffle(years)
        k = counts[i]
        while k > len(years):  # more cycles than years: two a year, months apart
            years += years[: k - len(years)]
        chosen = sorted(years[:k])
        cycles, seen = [], set()
        for y in chosen:
            m = rng.between(1, 8) if y == 2026 else rng.between(1, 12)
            while (y, m) in seen:
                m = m % 12 + 1
            seen.add((y, m))
            cycles.append((y, m, rng.between(1, 28)))
        e.cycles = sorted(cycles)
        estate.append(e)
    return estate


def settings_owners():
    """The owners that appear in more than one prison, in a fixed order, with aliases and
    whether the estate shares them (each prison's local owners are added by generate()).
    The roles every prison has its own of (Governor, ...) are local; the regional,
    provider and national owners are one body across their prisons: `shared: true`, as
    real settings say."""
    out = [(o, aliases, False) for o, _, aliases in COMMON_OWNERS]
    for r in REGIONS:
        out.append((f"Prison Group Director, {r}", [], True))
    for r in NHS_REGIONS:
        out.append((f"NHS England {r} Commissioning", [], True))
    for p in HEALTH_PROVIDERS + EDU_PROVIDERS:
        out.append((f"Director of {p}", [p] if p in ("Novus", "PeoplePlus") else [], True))
    for o, aliases, _, _ in NATIONAL_OWNERS:
        out.append((o, aliases, True))
    return out


# ---- one plan -----------------------------------------------------------------------------

def add_months(y, m, k):
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def add_days(y, m, d, k):
    t = datetime.date(y, m, d) + datetime.timedelta(days=k)
    return t.year, t.month, t.day


def iso(y, m, d):
    return f"{y:04d}-{m:02d}-{d:02d}"


def make_target(rng, y, m):
    """A target as published, some months after an inspection in y-m."""
    # Older plans have had time: more of their actions were published as done.
    kind = "completed" if rng.chance(min(550, 45 * max(0, 2025 - y))) else rng.weighted(TARGET_KIND)
    ty, tm = add_months(y, m, rng.between(4, 36))
    if kind == "month":
        return f"{MONTHS[tm - 1]} {ty}"
    if kind == "month_short":
        return f"{MONTHS[tm - 1][:3]} {ty}"
    if kind == "dmy":
        return f"{rng.between(1, 28):02d}/{tm:02d}/{ty}"
    if kind == "day_month":
        return f"{rng.between(1, 28)} {MONTHS[tm - 1]} {ty}"
    if kind == "completed":
        return "Completed"
    if kind == "ongoing":
        return "Ongoing"
    fy = ty if tm > 3 else ty - 1  # the financial year that holds the month
    if kind == "fy":
        return f"{fy}/{(fy + 1) % 100:02d}"
    if kind == "ongoing_by":
        return f"Ongoing, to be completed by {fy}/{fy + 1}"
    if kind == "sentence":
        return f"This action is in progress and will be audited throughout the year. {MONTHS[tm - 1]} {ty}"
    if kind == "empty":
        return ""
    return rng.pick(["To be confirmed", "Quarterly", "Subject to funding"])


def make_action_text(rng):
    parts = [f"{rng.pick(ACTION_OPENINGS)} {rng.pick(ACTION_VERBS)} {rng.pick(ACTION_OBJECTS)} "
             f"{rng.pick(ACTION_PURPOSES)}."]
    first = rng.below(len(ACTION_EXTRAS))
    for i in range(rng.weighted(EXTRA_COUNT)):  # 0-2 extra sentences, never the same twice
        extra = ACTION_EXTRAS[(first + i * rng.between(1, len(ACTION_EXTRAS) - 1)) % len(ACTION_EXTRAS)]
        parts.append(extra.format(k=rng.between(20, 900), m=rng.between(1, 9),
                                  d=rng.between(0, 9), n=rng.between(2, 12)))
    return " ".join(parts)


def make_owners(rng, e, aliases):
    n = rng.weighted(OWNER_COUNT)
    chosen = []
    for _ in range(n * 3):
        o = rng.weighted(e.owners)
        if o not in chosen:
            chosen.append(o)
        if len(chosen) == n:
            break
    # Now and then the plan names an owner the way the settings list as an alias.
    return [rng.pick(aliases[o]) if o in aliases and rng.chance(50) else o for o in chosen]


def item_layout(rng, scheme, n_actions):
    """[(ref, seq, category)] for a plan of n_actions actions."""
    if scheme == "concerns":
        n_items = max(1, min(15, n_actions // 3 if n_actions >= 9 else n_actions))
        priority = min(n_items, rng.between(3, 6))
        return [(f"1.{i + 1}", None, "priority" if i < priority else "key")
                for i in range(n_items)]
    n_items = max(1, min(n_actions, (n_actions * 10 + 34) // 35))
    n_key = min(n_items, max(1, n_items * rng.between(15, 30) // 100))
    out, s = [], rng.between(20, 60)
    for i in range(n_key):
        out.append((f"S{s + i}", i + 1, "key"))
    section, para = 1, rng.between(5, 20)
    for i in range(n_key, n_items):
        out.append((f"{section}.{para}", i + 1, "general"))
        para += rng.between(1, 12)
        if para > 110 and section < 4:
            section, para = section + 1, rng.between(2, 15)
    return out


def write_plan(out, rel, digest, e, ci, n_actions, seed, aliases, previous_refs):
    """Writes one plan file; returns (its refs, bytes written)."""
    y, m, d = e.cycles[ci]
    rng = Rng(seed, 2, e.index, ci)
    scheme = "recommendations" if (y, m) < (2022, 5) else "concerns"
    cycle = f"{y:04d}-{m:02d}"
    end = add_days(y, m, d, rng.between(4, 11))
    lines = [f"establishment: {e.code}", f"cycle: {yq(cycle)}", f"scheme: {scheme}",
             "inspection:", f"  - {{from: {iso(y, m, d)}, to: {iso(*end)}}}"]
    if rng.chance(200):  # a second visit a week later, as at Liverpool in 2022
        a = add_days(*end, 6)
        lines.append(f"  - {{from: {iso(*a)}, to: {iso(*add_days(*a, 4))}}}")
    pub = add_days(*end, rng.between(70, 120))
    lines.append(f"report_published: {iso(*pub)}")
    lines.append(f"plan_submitted: {iso(*add_days(*pub, rng.between(-10, 40)))}")
    lines.append(f"source: gen-{seed}-{e.code}-{cycle}.txt")
    lines.append("items:")
    layout = item_layout(rng, scheme, n_actions)
    per_item = apportion(n_actions, [rng.between(1, 8) for _ in layout], 1)
    refs = []
    for (ref, seq, category), count in zip(layout, per_item):
        refs.append(ref)
        lines.append(f"  - ref: {yq(ref)}")
        if scheme == "recommendations":
            lines.append(f"    seq: {seq}")
        lines.append(f"    category: {category}")
        if scheme == "recommendations":
            agreement = rng.weighted(AGREEMENT)
            lines.append(f"    directed_to: {rng.weighted(DIRECTED_TO)}")
            lines.append(f"    agreement: {agreement}")
            if agreement != "agreed":
                lines.append(f"    agreement_note: {yq(rng.pick(AGREEMENT_NOTES))}")
            if previous_refs and rng.chance(80):
                lines.append(f"    repeated_from: {yq(rng.pick(previous_refs))}")
            text = f"{rng.pick(REC_LEADS)} {rng.pick(REC_BODIES)}."
        else:
            subject, problem = rng.pick(CONCERN_SUBJECTS)
            text = f"{subject} {problem}{rng.pick(CONCERN_TAILS)}."
        lines.append(f"    text: {yq(text)}")
        lines.append("    actions:")
        for k in range(count):
            owners = ", ".join(yq(o) for o in make_owners(rng, e, aliases))
            lines.append(f"      - id: {yq(f'{ref}.{k + 1}')}")
            lines.append(f"        text: {yq(make_action_text(rng))}")
            lines.append(f"        owners: [{owners}]")
            lines.append(f"        target: {yq(make_target(rng, y, m))}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    write_file(out, rel, data, digest)
    return refs, len(data)


def write_file(out, rel, data, digest):
    """Writes out/rel; the digest covers each file's relative name and bytes, in order."""
    with open(os.path.join(out, rel), "wb") as f:
        f.write(data)
    digest.update(rel.encode() + b"\0")
    digest.update(data)


# ---- main ---------------------------------------------------------------------------------

def generate(out, seed, n_est, n_plans, n_actions):
    started = time.monotonic()
    if n_actions < n_plans:
        raise SystemExit("gen_estate: need at least one action per plan")
    estate = make_estate(seed, n_est, n_plans)
    owners = settings_owners()
    aliases = {o: a for o, a, _ in owners if a}
    # A listed owners list is checked: every owner a plan names must be in it (actionboard
    # refuses a typo'd owner), so each prison's local owners are listed too, after the
    # shared ones.
    owners += [(o, [], False) for e in estate for o in e.local]
    digest = hashlib.sha256()
    total_bytes = 0
    os.makedirs(os.path.join(out, "establishments"))
    os.makedirs(os.path.join(out, "plans"))
    lines = ["# Synthetic estate written by bench/gen_estate.py "
             f"(seed {seed}: {n_est} establishments, {n_plans} plans, {n_actions} actions).",
             "establishments: [establishments/*.yaml]", "plans: [plans/*.yaml]", "owners:"]
    for o, a, shared in owners:
        lines.append(f"  - name: {yq(o)}")
        lines.append(f"    aliases: [{', '.join(yq(x) for x in a)}]")
        if shared:
            lines.append("    shared: true")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    write_file(out, "actionboard.yaml", data, digest)
    total_bytes += len(data)
    # Actions per plan: weights 40..160, so plans differ in size as real ones do.
    wrng = Rng(seed, 3)
    sizes = apportion(n_actions, [wrng.between(40, 160) for _ in range(n_plans)], 1)
    k = 0
    for e in estate:
        data = (f"code: {e.code}\nname: {yq(e.name)}\ndescription: {yq(e.description)}\n"
                ).encode("utf-8")
        write_file(out, f"establishments/{e.code}.yaml", data, digest)
        total_bytes += len(data)
        previous = None
        for ci, (y, m, _) in enumerate(e.cycles):
            rel = f"plans/{e.code}-{y:04d}-{m:02d}.yaml"
            previous, n = write_plan(out, rel, digest, e, ci, sizes[k], seed, aliases, previous)
            total_bytes += n
            k += 1
    return {
        "dir": out, "seed": seed, "establishments": n_est, "plans": n_plans,
        "actions": n_actions, "files": 1 + n_est + n_plans, "bytes": total_bytes,
        "sha256": digest.hexdigest(), "seconds": round(time.monotonic() - started, 3),
    }


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dir")
    p.add_argument("--size", choices=sorted(PRESETS), default="100k")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--establishments", type=int)
    p.add_argument("--plans", type=int)
    p.add_argument("--actions", type=int)
    p.add_argument("--force", action="store_true",
                   help="replace actionboard.yaml, establishments/ and plans/ in DIR")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    a = p.parse_args(argv)
    n_est, n_plans, n_actions = PRESETS[a.size]
    n_est = a.establishments or n_est
    n_plans = a.plans or max(n_plans * n_est // PRESETS[a.size][0], n_est)
    n_actions = a.actions or n_actions
    if os.path.isdir(a.dir) and os.listdir(a.dir):
        if not a.force:
            raise SystemExit(f"gen_estate: {a.dir} is not empty (--force replaces the estate)")
        for sub in ("establishments", "plans"):
            shutil.rmtree(os.path.join(a.dir, sub), ignore_errors=True)
        if os.path.exists(os.path.join(a.dir, "actionboard.yaml")):
            os.remove(os.path.join(a.dir, "actionboard.yaml"))
    os.makedirs(a.dir, exist_ok=True)
    r = generate(a.dir, a.seed, n_est, n_plans, n_actions)
    if a.json:
        print(json.dumps(r))
    else:
        print(f"{r['establishments']} establishments, {r['plans']} plans, {r['actions']} actions "
              f"in {r['dir']}: {r['files']} files, {r['bytes'] / 1e6:.1f} MB, "
              f"{r['seconds']:.1f} s, sha256 {r['sha256']}")


if __name__ == "__main__":
    main(sys.argv[1:])
