#!/usr/bin/env python3
"""Synthetic ticket exports with a known answer, for the sample data and the benchmark.

    gen_tickets.py --rows N --out FILE [--answer FILE] [--seed S] [--weeks W] [--style sample|bench]
                   [--events K] [--subject]

Every row is one ticket (ids are unique), written as a real export would be: a header with
the names ticketing tools use, ISO timestamps, handle times in seconds, TRUE/FALSE for bot
resolution, and personal data (requester name and e-mail) that exposure must never print.
The answer file holds, per queue and category, the exact ticket count and the sum of valid
handle seconds, and the rows whose handle time is invalid (negative or over a day).

With --events K, each ticket is written as K event rows sharing its id (N rows, N/K tickets),
in rounds of 1,000 tickets so that a ticket's events lie 1,000 rows apart: a valid handle time is
split over its events, an invalid one stays on the first event and the others have none. The
answer per ticket is the same as for one row per ticket.

With --subject, each row also has a free-text Subject column after the category (a customer's
line with an order number, often quoted because it holds a comma or a quote), as help-desk
exports have: exposure does not read it when there is a category, but every reader has to get
past it.
"""
import argparse, json, random, datetime

QUEUES = {
    "L1 Chat": ["Order status", "Password reset", "Opening hours", "Delivery times", "Refund request", "Change of address"],
    "L1 Email": ["Order status", "Invoice copy", "Refund request", "Password reset", "Delivery complaint"],
    "L1 Phone": ["Order status", "Account locked", "Delivery complaint", "Opening hours"],
    "L2 Escalations": ["Delivery complaint", "Billing dispute", "Fraud report", "Data privacy request", "Bot handoff"],
    "Back Office": ["Document verification", "Invoice copy", "Change of address", "Refund processing"],
}
# Mean handle minutes per category (what an agent spends on one).
AHT = {
    "Order status": 4, "Password reset": 3, "Opening hours": 2, "Delivery times": 3, "Refund request": 7,
    "Change of address": 5, "Invoice copy": 4, "Delivery complaint": 12, "Account locked": 5,
    "Billing dispute": 18, "Fraud report": 25, "Data privacy request": 20, "Bot handoff": 9,
    "Document verification": 8, "Refund processing": 6,
}
BOT = {"Order status": 0.55, "Password reset": 0.6, "Opening hours": 0.8, "Delivery times": 0.5, "Invoice copy": 0.4}
CHANNEL = {"L1 Chat": "chat", "L1 Email": "email", "L1 Phone": "phone", "L2 Escalations": "phone", "Back Office": "email"}
# Subject lines written for the benchmark (not taken from any dataset); {n} is an order number.
SUBJECTS = [
    "Question about order {n}",
    "Re: order {n}, any update?",
    "\"Urgent\" - please call me back about {n}",
    "Hello, I need help with my account",
    "Fwd: your message of last week, ref {n}",
    "Can you check this for me, thanks",
    "Order {n}: wrong item, size and colour",
    "Still waiting for an answer",
]
FIRST = ["Ana", "Budi", "Chen", "Dewi", "Eko", "Fatima", "Gita", "Hugo", "Ines", "Joko", "Kim", "Lena"]
LAST = ["Santoso", "Wijaya", "Lim", "Putri", "Haddad", "Meyer", "Tan", "Garcia", "Kurniawan", "Novak"]

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--answer")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--weeks", type=float, default=4)
    p.add_argument("--style", choices=["sample", "bench"], default="bench")
    p.add_argument("--events", type=int, default=1)
    p.add_argument("--subject", action="store_true")
    a = p.parse_args()
    rnd = random.Random(a.seed)
    pairs = [(q, c) for q, cs in QUEUES.items() for c in cs]
    weights = [(6 if q.startswith("L1") else 2) * (3 if c in BOT else 1) for q, c in pairs]
    start = datetime.datetime(2026, 9, 7, 8, 0, 0)
    span = int(a.weeks * 7 * 86400)
    answer = {}
    bad = 0
    cum = []
    t = 0
    for w in weights:
        t += w
        cum.append(t)
    import bisect
    with open(a.out, "w", newline="") as f:
        subject_header = "Subject," if a.subject else ""
        f.write(f"Ticket ID,Created at,Resolved at,Queue,Category,{subject_header}Channel,Requester,Requester email,Handle time (sec),Resolved by bot\n")
        round_rows = []
        for i in range(a.rows // a.events):
            q, c = pairs[bisect.bisect_right(cum, rnd.random() * t)]
            created = start + datetime.timedelta(seconds=int(rnd.random() * (span - 86400)))
            secs = int(rnd.expovariate(1.0 / (AHT[c] * 60))) + 30
            roll = rnd.random()
            if roll < 0.002:
                secs = -secs
            elif roll < 0.003:
                secs = 200000
            resolved = created + datetime.timedelta(seconds=abs(secs) + int(rnd.random() * 7200))
            bot = rnd.random() < BOT.get(c, 0.0)
            fn, ln = rnd.choice(FIRST), rnd.choice(LAST)
            subject = ""
            if a.subject:
                text = rnd.choice(SUBJECTS).format(n=rnd.randrange(10**6, 10**7))
                if "," in text or '"' in text:
                    text = '"' + text.replace('"', '""') + '"'
                subject = text + ","
            key = f"{q}\t{c}"
            e = answer.setdefault(key, {"queue": q, "category": c, "tickets": 0, "handle_seconds": 0, "timed": 0, "bot": 0})
            e["tickets"] += 1
            e["bot"] += bot
            if 0 <= secs <= 86400:
                e["handle_seconds"] += secs
                e["timed"] += 1
            else:
                bad += 1
            if a.events == 1:
                parts = [secs]
            elif 0 <= secs <= 86400:
                parts = [secs // a.events + secs % a.events] + [secs // a.events] * (a.events - 1)
            else:
                parts = [secs] + [""] * (a.events - 1)
            round_rows.append([f"NW-{100000 + i},{created:%Y-%m-%dT%H:%M:%S},{resolved:%Y-%m-%dT%H:%M:%S},{q},{c},{subject}{CHANNEL[q]},"
                               f"\"{ln}, {fn}\",{fn.lower()}.{ln.lower()}@example.com,{part},{'TRUE' if bot else 'FALSE'}\n"
                               for part in parts])
            if len(round_rows) == 1000 or i == a.rows // a.events - 1:
                for event in range(a.events):
                    f.writelines(rows[event] for rows in round_rows)
                round_rows = []
    if a.answer:
        with open(a.answer, "w") as f:
            json.dump({"rows": a.rows // a.events * a.events, "invalid_handle_times": bad, "groups": sorted(answer.values(), key=lambda e: (e["queue"], e["category"]))}, f, indent=1)

if __name__ == "__main__":
    main()
