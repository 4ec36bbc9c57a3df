#!/usr/bin/env python3
"""Two weeks of Northwind Support's ticket queue, sized to its headcount, with a known answer.

    python3 sample-data/gen_queue.py [--out DIR]

Writes, next to this script unless --out says otherwise:

  tickets.csv.gz        one row per ticket, 7 to 20 September 2026, as a ticketing tool exports
                        it (gzip with mtime 0, so the bytes repeat from run to run)
  queues.csv            queue,role pairs for exposure's --queue-map
  tickets.answer.json   the exact answer: per queue and category the tickets, bot-resolved
                        tickets, timed tickets and the sum of valid handle seconds; per role the
                        handle hours per person-week as exposure computes them; the busiest
                        half-hour of each channel in the typical week

Python 3.11 standard library only, deterministic: a fixed seed, and only random.random() (whose
sequence Python keeps stable) feeds the draws; every other distribution is built here from it.
sample-data/README.md explains the assumptions and their public sources.

Every figure the volumes rest on is a named constant below: headcounts, paid hours, shrinkage
and occupancy decide the handle hours each role can give the queue in a week; handle times per
channel and category turn those hours into tickets; bot resolution rates add the tickets no agent
touches; weekday and intraday profiles place them in time.
"""
import argparse
import bisect
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import math
import os
import random
import unicodedata

SEED = 20260907
START = dt.datetime(2026, 9, 7)  # Monday 00:00
DAYS = 14
WEEKS = DAYS / 7

HEADER = ["Ticket ID", "Created at", "Resolved at", "Queue", "Category", "Channel", "Requester",
          "Requester email", "Handle time (sec)", "Resolved by bot"]

# --- Who works the queue (sample-data/tasks.csv) ----------------------------------------------
ROLES = {
    "Level 1 Support Agent": {"headcount": 120, "paid_hours": 40},
    "Escalation Specialist": {"headcount": 18, "paid_hours": 39},
    "Back-Office Admin": {"headcount": 35, "paid_hours": 40},
}
QUEUE_ROLE = {
    "L1 Chat": "Level 1 Support Agent",
    "L1 Email": "Level 1 Support Agent",
    "L1 Phone": "Level 1 Support Agent",
    "L1 WhatsApp": "Level 1 Support Agent",
    "L2 Escalations": "Escalation Specialist",
    "Back Office": "Back-Office Admin",
}

# --- The queues -----------------------------------------------------------------------------
# Per queue: tickets a week (bot-resolved ones included), the channels it takes (with shares),
# and per category: share of the queue's tickets, mean agent handle minutes as the tool records
# them (talk or chat time plus after-contact work), and the bot resolution rate.
#
# Chat: agents hold 2 chats at once, so the tool records each chat's agent-time share, half of
# its 8-16 minute length. WhatsApp: asynchronous, the tool records active handling time only.
# L2 "Bot handoff": customers whom the bot could not help and who asked for a person; L2 calls
# them back or answers by e-mail.
QUEUES = {
    "L1 Chat": {
        "weekly": 27500,
        "channels": {"chat": 1.0},
        "categories": [
            # category, share, handle minutes, bot rate
            ("Order status", 0.30, 4.0, 0.65),
            ("Delivery times", 0.08, 3.5, 0.60),
            ("Password reset", 0.08, 4.0, 0.68),
            ("Opening hours", 0.04, 2.5, 0.66),
            ("Top-up balance", 0.08, 3.5, 0.60),
            ("Billing date", 0.06, 4.0, 0.50),
            ("Payment options", 0.05, 4.0, 0.45),
            ("Invoice copy", 0.04, 3.5, 0.50),
            ("Refund request", 0.08, 6.0, 0.0),
            ("Change of address", 0.04, 5.0, 0.0),
            ("Plan downgrade", 0.05, 6.0, 0.0),
            ("SIM replacement", 0.04, 5.5, 0.0),
            ("Delivery complaint", 0.06, 8.0, 0.0),
        ],
    },
    "L1 WhatsApp": {
        "weekly": 12000,
        "channels": {"whatsapp": 1.0},
        "categories": [
            ("Order status", 0.36, 4.5, 0.60),
            ("Delivery times", 0.10, 4.0, 0.55),
            ("Top-up balance", 0.10, 4.0, 0.55),
            ("Billing date", 0.06, 4.5, 0.45),
            ("Password reset", 0.05, 4.5, 0.60),
            ("Opening hours", 0.03, 3.0, 0.65),
            ("Payment options", 0.04, 4.5, 0.40),
            ("Refund request", 0.07, 6.5, 0.0),
            ("Change of address", 0.04, 5.5, 0.0),
            ("Plan downgrade", 0.04, 6.5, 0.0),
            ("SIM replacement", 0.05, 6.0, 0.0),
            ("Delivery complaint", 0.06, 8.5, 0.0),
        ],
    },
    "L1 Phone": {
        "weekly": 8200,
        "channels": {"phone": 1.0},
        "categories": [
            ("Order status", 0.14, 6.0, 0.0),
            ("Billing date", 0.10, 6.5, 0.0),
            ("Top-up balance", 0.08, 5.5, 0.0),
            ("Account locked", 0.08, 6.5, 0.0),
            ("Password reset", 0.06, 5.5, 0.0),
            ("Payment options", 0.04, 6.0, 0.0),
            ("Opening hours", 0.02, 3.5, 0.0),
            ("Plan downgrade", 0.08, 9.0, 0.0),
            ("SIM replacement", 0.07, 8.0, 0.0),
            ("Lost or stolen phone", 0.05, 9.0, 0.0),
            ("Contract cancellation", 0.06, 10.0, 0.0),
            ("Refund request", 0.06, 8.0, 0.0),
            ("Delivery complaint", 0.08, 10.0, 0.0),
            ("Complaint", 0.08, 11.0, 0.0),
        ],
    },
    "L1 Email": {
        "weekly": 5500,
        "channels": {"email": 1.0},
        "categories": [
            ("Order status", 0.22, 4.0, 0.20),
            ("Invoice copy", 0.12, 3.5, 0.25),
            ("Refund request", 0.12, 6.0, 0.0),
            ("Password reset", 0.06, 3.5, 0.20),
            ("Delivery complaint", 0.09, 8.0, 0.0),
            ("Change of address", 0.08, 5.0, 0.0),
            ("Billing date", 0.06, 4.0, 0.15),
            ("Payment options", 0.06, 4.5, 0.15),
            ("Delivery times", 0.05, 4.0, 0.20),
            ("Top-up balance", 0.04, 4.0, 0.15),
            ("Plan downgrade", 0.05, 6.0, 0.0),
            ("Complaint", 0.05, 9.0, 0.0),
        ],
    },
    "L2 Escalations": {
        "weekly": 1230,
        "channels": None,  # per category: share of phone, the rest e-mail
        "categories": [
            # category, share, handle minutes, phone share
            ("Billing dispute", 0.24, 24.0, 0.5),
            ("Complaint", 0.20, 20.0, 0.6),
            ("Bot handoff", 0.16, 14.0, 0.7),
            ("Delivery complaint", 0.12, 16.0, 0.5),
            ("Fraud report", 0.10, 28.0, 0.8),
            ("Goodwill credit", 0.08, 15.0, 0.5),
            ("Data privacy request", 0.06, 26.0, 0.2),
            ("Ombudsman complaint", 0.04, 40.0, 0.0),
        ],
    },
    "Back Office": {
        "weekly": 6400,
        "channels": {"email": 0.4, "web form": 0.6},
        "categories": [
            ("Identity check", 0.18, 6.0, 0.0),
            ("Refund processing", 0.16, 7.0, 0.0),
            ("Document verification", 0.14, 8.0, 0.0),
            ("Contract cancellation", 0.10, 10.0, 0.0),
            ("Number port-out", 0.09, 9.0, 0.0),
            ("Change of address", 0.08, 5.0, 0.0),
            ("Invoice copy", 0.08, 5.0, 0.0),
            ("Bank details change", 0.07, 6.0, 0.0),
            ("SIM replacement", 0.06, 6.0, 0.0),
            ("Missing documents", 0.04, 12.0, 0.0),
        ],
    },
}

# Spread of handle times (sigma of the log): phone calls vary least, written work most.
SIGMA = {"phone": 0.55, "chat": 0.65, "whatsapp": 0.75, "email": 0.75, "web form": 0.7}

# How the export is spelled where one integration writes a category its own way: (queue,
# category) -> (variant, share of that category's tickets).
VARIANTS = {
    ("L1 Email", "Order status"): ("order status ", 0.04),
    ("L1 WhatsApp", "Top-up balance"): ("Top-up Balance", 0.05),
    ("L1 Phone", "Password reset"): ("Password Reset", 0.03),
    ("L1 Chat", "Delivery times"): ("Delivery Times", 0.03),
    ("Back Office", "Identity check"): (" Identity check", 0.02),
}

# Bad handle times, as shares of the tickets an agent handled: negative (clock or sync errors),
# absurd (a timer left running, over a day), and missing (empty or N/A).
P_NEGATIVE = 0.0028
P_ABSURD = 0.0014
P_MISSING = 0.010

# --- When tickets arrive ---------------------------------------------------------------------
# Weekday index, Monday first (relative volumes).
WEEKDAY = {
    "phone": [1.30, 1.10, 1.05, 1.00, 1.00, 0.66, 0.56],
    "chat": [1.25, 1.08, 1.04, 1.00, 0.98, 0.78, 0.72],
    "whatsapp": [1.25, 1.08, 1.04, 1.00, 0.98, 0.80, 0.75],
    "email": [1.28, 1.10, 1.05, 1.00, 0.98, 0.60, 0.55],
    "web form": [1.28, 1.10, 1.05, 1.00, 0.95, 0.62, 0.57],
}


def halfhours(pairs):
    """48 half-hour weights from (HH:MM, weight) points; closed hours weigh 0."""
    out = [0.0] * 48
    for hhmm, w in pairs:
        h, m = hhmm.split(":")
        out[int(h) * 2 + int(m) // 30] = w
    return out


# Intraday profiles: a mid-morning peak, a lunch dip, an early-afternoon peak, an evening tail.
INTRADAY = {
    # phone lines open 08:00-20:00
    "phone": halfhours([
        ("08:00", .55), ("08:30", .80), ("09:00", 1.00), ("09:30", 1.20), ("10:00", 1.35),
        ("10:30", 1.40), ("11:00", 1.35), ("11:30", 1.20), ("12:00", 1.00), ("12:30", .95),
        ("13:00", 1.05), ("13:30", 1.20), ("14:00", 1.25), ("14:30", 1.20), ("15:00", 1.10),
        ("15:30", 1.00), ("16:00", .95), ("16:30", .90), ("17:00", .85), ("17:30", .75),
        ("18:00", .65), ("18:30", .55), ("19:00", .45), ("19:30", .35)]),
    # chat open 07:00-22:00, more evening use than the phone
    "chat": halfhours([
        ("07:00", .30), ("07:30", .45), ("08:00", .60), ("08:30", .75), ("09:00", .90),
        ("09:30", 1.05), ("10:00", 1.20), ("10:30", 1.25), ("11:00", 1.20), ("11:30", 1.10),
        ("12:00", 1.05), ("12:30", 1.05), ("13:00", 1.10), ("13:30", 1.15), ("14:00", 1.15),
        ("14:30", 1.10), ("15:00", 1.00), ("15:30", .95), ("16:00", .90), ("16:30", .90),
        ("17:00", .90), ("17:30", .90), ("18:00", .90), ("18:30", .90), ("19:00", .95),
        ("19:30", .95), ("20:00", .85), ("20:30", .70), ("21:00", .50), ("21:30", .35)]),
    # WhatsApp messages come at any hour; the bot answers at night, agents from 07:00
    "whatsapp": halfhours(
        [(f"{h:02d}:{m:02d}", w) for h, w in [(0, .14), (1, .08), (2, .05), (3, .04), (4, .04),
                                               (5, .07), (6, .18)] for m in (0, 30)] + [
        ("07:00", .32), ("07:30", .45), ("08:00", .60), ("08:30", .72), ("09:00", .85),
        ("09:30", .98), ("10:00", 1.10), ("10:30", 1.15), ("11:00", 1.12), ("11:30", 1.05),
        ("12:00", 1.05), ("12:30", 1.08), ("13:00", 1.10), ("13:30", 1.12), ("14:00", 1.10),
        ("14:30", 1.05), ("15:00", .98), ("15:30", .95), ("16:00", .92), ("16:30", .92),
        ("17:00", .95), ("17:30", .98), ("18:00", 1.00), ("18:30", 1.02), ("19:00", 1.05),
        ("19:30", 1.05), ("20:00", .98), ("20:30", .88), ("21:00", .72), ("21:30", .55),
        ("22:00", .40), ("22:30", .30), ("23:00", .24), ("23:30", .18)]),
    # e-mail around the clock, mostly in business hours
    "email": halfhours(
        [(f"{h:02d}:{m:02d}", w) for h, w in [(0, .14), (1, .10), (2, .08), (3, .07), (4, .07),
                                               (5, .10), (6, .20)] for m in (0, 30)] + [
        ("07:00", .38), ("07:30", .52), ("08:00", .70), ("08:30", .88), ("09:00", 1.02),
        ("09:30", 1.15), ("10:00", 1.25), ("10:30", 1.28), ("11:00", 1.22), ("11:30", 1.12),
        ("12:00", 1.00), ("12:30", .98), ("13:00", 1.05), ("13:30", 1.15), ("14:00", 1.18),
        ("14:30", 1.12), ("15:00", 1.05), ("15:30", .98), ("16:00", .92), ("16:30", .85),
        ("17:00", .78), ("17:30", .70), ("18:00", .60), ("18:30", .52), ("19:00", .48),
        ("19:30", .45), ("20:00", .42), ("20:30", .40), ("21:00", .36), ("21:30", .32),
        ("22:00", .28), ("22:30", .24), ("23:00", .20), ("23:30", .17)]),
    # web forms: like e-mail, with more evening use (filled in at home)
    "web form": halfhours(
        [(f"{h:02d}:{m:02d}", w) for h, w in [(0, .16), (1, .10), (2, .07), (3, .06), (4, .06),
                                               (5, .09), (6, .18)] for m in (0, 30)] + [
        ("07:00", .34), ("07:30", .48), ("08:00", .64), ("08:30", .80), ("09:00", .95),
        ("09:30", 1.08), ("10:00", 1.18), ("10:30", 1.22), ("11:00", 1.18), ("11:30", 1.10),
        ("12:00", 1.02), ("12:30", 1.00), ("13:00", 1.05), ("13:30", 1.12), ("14:00", 1.15),
        ("14:30", 1.10), ("15:00", 1.02), ("15:30", .96), ("16:00", .90), ("16:30", .85),
        ("17:00", .80), ("17:30", .76), ("18:00", .74), ("18:30", .74), ("19:00", .76),
        ("19:30", .76), ("20:00", .72), ("20:30", .66), ("21:00", .58), ("21:30", .48),
        ("22:00", .38), ("22:30", .30), ("23:00", .24), ("23:30", .19)]),
}

# --- Requesters (fictional) -----------------------------------------------------------------
FIRST = ["Ana", "Budi", "Chen", "Dewi", "Eko", "Fatima", "Gita", "Hugo", "Ines", "Joko", "Kim",
         "Lena", "Maria", "Nur", "Omar", "Putu", "Rina", "Sari", "Tomas", "Wei", "Yusuf", "Zoë",
         "Agus", "Bella", "Dian", "Farah", "Hana", "Indra", "José", "Lukas", "Mei", "Rizky",
         "Sofia", "Teguh", "Vera", "Wulan"]
LAST = ["Santoso", "Wijaya", "Lim", "Putri", "Haddad", "Meyer", "Tan", "Garcia", "Kurniawan",
        "Novak", "Hartono", "Siregar", "Nasution", "Müller", "O'Brien", "Pratama", "Saputra",
        "Lestari", "Hidayat", "Gunawan", "Chandra", "Silva", "Rossi", "Nguyen", "Rahman",
        "Setiawan", "Halim", "Sutanto", "Kusuma", "Andersen"]
CUSTOMERS = 30000


# --- Draws built on random.random() only -----------------------------------------------------
class Draw:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def u(self):
        return self.r.random()

    def below(self, n):
        return min(int(self.u() * n), n - 1)

    def normal(self):
        u1 = 1.0 - self.u()  # (0, 1]
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * self.u())

    def lognormal_mean(self, mean, sigma):
        """A lognormal value with this mean."""
        return math.exp(math.log(mean) - sigma * sigma / 2 + sigma * self.normal())

    def exp(self, mean):
        return -mean * math.log(1.0 - self.u())

    def pick(self, cum):
        """Index into cumulative weights."""
        return bisect.bisect_right(cum, self.u() * cum[-1])


def cumulative(weights):
    out, t = [], 0.0
    for w in weights:
        t += w
        out.append(t)
    return out


def ascii_name(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return s.replace("'", "").lower()


def make_customers(d):
    people = []
    for i in range(CUSTOMERS):
        fn, ln = FIRST[d.below(len(FIRST))], LAST[d.below(len(LAST))]
        r = d.u()
        if r < 0.85:
            name = f"{ln}, {fn}"  # as the CRM stores it: quoted in the CSV
        else:
            name = f"{fn} {ln}"
        local = f"{ascii_name(fn)}.{ascii_name(ln)}"
        r = d.u()
        if r < 0.55:
            local += str(1 + d.below(99))
        elif r < 0.70:
            local = f"{ascii_name(fn)[0]}{ascii_name(ln)}"
        domain = "example.org" if d.u() < 0.25 else "example.com"
        people.append((name, f"{local}@{domain}"))
    return people


# --- Time helpers ---------------------------------------------------------------------------
def next_open(t, open_h, close_h, weekdays_only=False):
    """t (seconds from START) moved to the next moment within opening hours."""
    while True:
        day, sod = divmod(t, 86400)
        weekday = (START.weekday() + day) % 7
        if weekdays_only and weekday >= 5:
            t = (day + 1) * 86400 + open_h * 3600
            continue
        if sod < open_h * 3600:
            return day * 86400 + open_h * 3600
        if sod >= close_h * 3600:
            t = (day + 1) * 86400 + open_h * 3600
            continue
        return t


def stamp(t):
    return (START + dt.timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%S")


# --- The queue ------------------------------------------------------------------------------
def slot_table(channel):
    """Cumulative weights over the 14 × 48 half-hours of the period for one channel."""
    w = []
    for day in range(DAYS):
        f = WEEKDAY[channel][(START.weekday() + day) % 7]
        w.extend(f * x for x in INTRADAY[channel])
    return cumulative(w)


def resolution(d, queue, channel, created, handle, bot, category):
    """Seconds from creation to resolution: queue wait, handling, and any days in between."""
    if bot:
        return int(60 + d.exp(150 if channel != "email" else 240))
    if queue == "L1 Phone":
        return int(d.exp(55)) + handle
    if queue == "L1 Chat":
        return int(d.exp(40)) + 2 * handle  # the chat lasts twice its agent-time share
    if queue == "L1 WhatsApp":
        start = next_open(created + int(d.exp(240)), 7, 22)
        return start - created + int(d.lognormal_mean(45 * 60, 1.0)) + handle
    if queue == "L1 Email":
        start = next_open(created + int(d.exp(2.5 * 3600)), 7, 22)
        end = start + handle
        if d.u() < 0.25:  # the customer writes back once
            end += int(d.lognormal_mean(18 * 3600, 0.9))
        return end - created
    if queue == "L2 Escalations":
        if channel == "phone":
            end = created + int(d.exp(180)) + handle
            if d.u() < 0.35:  # investigation before the case closes
                end = next_open(end + int(d.lognormal_mean(20 * 3600, 0.8)), 8, 20)
                end += 60 + int(d.exp(1800))  # the closing call or note
        else:
            end = next_open(created + int(d.exp(4 * 3600)), 8, 20) + handle
            if d.u() < 0.5:
                end = next_open(end + int(d.lognormal_mean(24 * 3600, 0.8)), 8, 20)
                end += 60 + int(d.exp(1800))
        return end - created
    # Back Office: worked Monday to Friday 08:00-18:00, within about one to three working days
    start = next_open(created, 8, 18, weekdays_only=True)
    start = next_open(start + int(d.lognormal_mean(16 * 3600, 0.9)), 8, 18, weekdays_only=True)
    return start + handle - created


def generate(d):
    customers = make_customers(d)
    slots = {c: slot_table(c) for c in INTRADAY}
    tickets = []  # (created, queue, category, channel, handle_text, bot, resolved, who)
    for queue, spec in QUEUES.items():
        n = round(spec["weekly"] * WEEKS)
        cats = spec["categories"]
        cum = cumulative([c[1] for c in cats])
        if spec["channels"]:
            ch_names = list(spec["channels"])
            ch_cum = cumulative([spec["channels"][c] for c in ch_names])
        for _ in range(n):
            cat, _share, aht, extra = cats[d.pick(cum)]
            if spec["channels"] is None:
                channel, bot_rate = ("phone" if d.u() < extra else "email"), 0.0
            else:
                channel, bot_rate = ch_names[d.pick(ch_cum)], extra
            # L2 phone escalations come in phone hours, their e-mails around the clock
            slot = d.pick(slots[channel])
            created = slot * 1800 + d.below(1800)
            bot = d.u() < bot_rate
            if bot:
                handle = 0
                text = "0"
            else:
                handle = max(15, int(round(d.lognormal_mean(aht * 60, SIGMA[channel]))))
                r = d.u()
                if r < P_NEGATIVE:
                    text = str(-handle)
                elif r < P_NEGATIVE + P_ABSURD:
                    text = str(86400 + 3600 + d.below(14 * 86400))
                elif r < P_NEGATIVE + P_ABSURD + P_MISSING:
                    text = "N/A" if d.u() < 0.4 else ""
                else:
                    text = str(handle)
            shown = cat
            if (queue, cat) in VARIANTS:
                variant, p = VARIANTS[(queue, cat)]
                if d.u() < p:
                    shown = variant
            resolved = created + resolution(d, queue, channel, created, handle, bot, cat)
            who = d.below(len(customers))
            tickets.append((created, queue, shown, cat, channel, text, bot, resolved, who))
    # A ticketing tool numbers tickets in the order they are created.
    tickets.sort(key=lambda t: (t[0], t[1], t[2], t[8]))
    return tickets, customers


def write_csv(tickets, customers):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for i, (created, queue, shown, _cat, channel, text, bot, resolved, who) in enumerate(tickets):
        name, email = customers[who]
        w.writerow([f"NW-{2600001 + i}", stamp(created), stamp(resolved), queue, shown, channel,
                    name, email, text, "TRUE" if bot else "FALSE"])
    return buf.getvalue().encode("utf-8")


def gzip_bytes(data):
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as g:
        g.write(data)
    return out.getvalue()


def answer(tickets, csv_bytes):
    groups = {}
    negative = absurd = missing_empty = missing_na = 0
    first = min(t[0] for t in tickets)
    last = max(t[0] for t in tickets)
    weeks = (last - first) / 86400 / 7
    for created, queue, shown, cat, channel, text, bot, _res, _who in tickets:
        g = groups.setdefault((queue, shown), {
            "queue": queue, "category": shown, "canonical": cat, "role": QUEUE_ROLE[queue],
            "tickets": 0, "bot_resolved": 0, "timed": 0, "handle_seconds": 0, "missing": 0,
            "negative": 0, "over_24_hours": 0})
        g["tickets"] += 1
        g["bot_resolved"] += bot
        if text in ("", "N/A"):
            g["missing"] += 1
            missing_empty += text == ""
            missing_na += text == "N/A"
            continue
        v = int(text)
        if v < 0:
            g["negative"] += 1
            negative += 1
        elif v > 86400:
            g["over_24_hours"] += 1
            absurd += 1
        else:
            g["timed"] += 1
            g["handle_seconds"] += v

    def hours(gs):
        """exposure's workload: tickets × mean valid handle minutes / 60 / weeks, summed."""
        total = 0.0
        for g in gs:
            if g["timed"]:
                total += g["tickets"] * (g["handle_seconds"] / g["timed"] / 60) / 60 / weeks
        return total

    ordered = sorted(groups.values(), key=lambda g: (g["queue"], g["category"]))
    for g in ordered:
        g["aht_minutes"] = round(g["handle_seconds"] / g["timed"] / 60, 6) if g["timed"] else None
        g["hours_per_week"] = round(hours([g]), 6)
    roles = {}
    for role, info in ROLES.items():
        mine = [g for g in ordered if g["role"] == role]
        by_role_cat = {}
        for g in mine:
            m = by_role_cat.setdefault(g["category"], {"tickets": 0, "timed": 0, "handle_seconds": 0})
            for k in m:
                m[k] += g[k]
        q_hours = hours(mine)
        r_hours = hours(by_role_cat.values())
        recorded = sum(g["handle_seconds"] for g in mine) / 3600
        roles[role] = {
            "headcount": info["headcount"],
            "paid_hours_per_week": info["paid_hours"],
            "queues": sorted({g["queue"] for g in mine}),
            "tickets": sum(g["tickets"] for g in mine),
            "bot_resolved": sum(g["bot_resolved"] for g in mine),
            "hours_per_week": round(q_hours, 6),
            "handle_hours_per_person_week": round(q_hours / info["headcount"], 6),
            "with_queue_map": {
                "hours_per_week": round(r_hours, 6),
                "handle_hours_per_person_week": round(r_hours / info["headcount"], 6),
            },
            "recorded_handle_hours_per_person_week": round(recorded / info["headcount"] / 2, 6),
        }
    # Busiest half-hour per channel in the typical week (the mean of the two weeks).
    counts = {}
    for created, _q, _s, _c, channel, _t, bot, _r, _w in tickets:
        day, sod = divmod(created, 86400)
        week, wd = divmod(day, 7)
        c = counts.setdefault(channel, {})
        k = (wd, sod // 1800)
        e = c.setdefault(k, [0, 0, 0, 0])
        e[week] += 1
        if not bot:
            e[2 + week] += 1
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    busiest = {}
    for channel in sorted(counts):
        (wd, slot), e = max(counts[channel].items(), key=lambda kv: (kv[1][0] + kv[1][1], -kv[0][0], -kv[0][1]))
        busiest[channel] = {
            "interval": f"{names[wd]} {slot // 2:02d}:{slot % 2 * 30:02d}-{(slot + 1) // 2:02d}:{(slot + 1) % 2 * 30:02d}",
            "arrivals": (e[0] + e[1]) / 2,
            "arrivals_week_1": e[0],
            "arrivals_week_2": e[1],
            "agent_handled": (e[2] + e[3]) / 2,
        }
    return {
        "generator": "sample-data/gen_queue.py",
        "seed": SEED,
        "csv_sha256": hashlib.sha256(csv_bytes).hexdigest(),
        "rows": len(tickets),
        "period": {
            "first_created": stamp(first),
            "last_created": stamp(last),
            "days": round((last - first) / 86400, 9),
            "weeks": round(weeks, 9),
        },
        "invalid_handle_times": {"negative": negative, "over_24_hours": absurd,
                                 "total": negative + absurd},
        "missing_handle_times": {"empty": missing_empty, "n_a": missing_na,
                                 "total": missing_empty + missing_na},
        "bot_resolved": sum(g["bot_resolved"] for g in ordered),
        "roles": roles,
        "busiest_half_hour": busiest,
        "groups": ordered,
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=here, help="folder to write to (default: next to this script)")
    a = p.parse_args()
    d = Draw(SEED)
    tickets, customers = generate(d)
    data = write_csv(tickets, customers)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "tickets.csv.gz"), "wb") as f:
        f.write(gzip_bytes(data))
    with open(os.path.join(a.out, "queues.csv"), "w", newline="") as f:
        f.write("queue,role\n")
        for q, r in QUEUE_ROLE.items():
            f.write(f"{q},{r}\n")
    with open(os.path.join(a.out, "tickets.answer.json"), "w") as f:
        json.dump(answer(tickets, data), f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
