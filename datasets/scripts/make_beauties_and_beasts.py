"""Build datasets/beauties_and_beasts.csv: the cases the playbooks walk through (texts written for the kit).

Reconstructions of publicly described cases are marked as such and written in the kit's own words:
the source articles show the original posts only as images.
    .venv/bin/python datasets/scripts/make_beauties_and_beasts.py
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "beauties_and_beasts.csv"
A002 = '"Does your CX reflect customer empathy?" (agency blog)'
A004 = '"The Beauties and the Beasts of Social Customer Service", Matthew Thomas, CXperience blog'
KIT = "written for the kit"

# case_id, title, industry, channel, brand, verdict, customer_text, reply_text, posted, latency (minutes), why, source, reconstruction
CASES = [
    ("C01", "In the dark with a hungry family", "food delivery", "twitter", "Domino's", "beauty",
     "Power's out on our whole street and the pizza tracker hasn't moved in an hour. Are you even delivering tonight?",
     "Sorry you're sitting in the dark! The outage hit our local store too, so your order is on hold. It'll be remade and out to you the minute the power is back, and it's on us tonight.",
     "2019-02-08T19:12:00+00:00", 11,
     "Fast, specific and owns the problem: names the outage, says what happens next and adds a gesture.", A004, "yes"),
    ("C02", "Ryan's ruined trip, rescued", "airline", "twitter", "JetBlue", "beauty",
     "Flight delayed twice, missed my brother's graduation dinner, and now the app won't show my bag. Great start to the trip.",
     "Ryan, we're really sorry: missing your brother's dinner after two delays is a lousy way to start a trip. Your bag is on the next flight and will be brought to your hotel tonight; we've also added a credit to your TrueBlue account for the trouble.",
     "2019-05-17T22:40:00+00:00", 18,
     "Apologises for the specific experience, empathises with what it cost him, then follows through with concrete action.", A004, "yes"),
    ("C03", "The owner bites back", "restaurant", "facebook", "Pigalle Boston", "beast",
     "Thanksgiving dinner was overpriced and the turkey was dry. Not what we expected for that money.",
     "Maybe you should stay home and cook yourself next year. People like you shouldn't eat out.",
     "2012-11-23T16:05:00+00:00", 95,
     "Insults a customer in public: snark and blame instead of acknowledgement. The post went viral for the wrong reasons.", A004, "yes"),
    ("C04", "The owner's answer, fixed", "restaurant", "facebook", "Pigalle Boston", "beauty",
     "Thanksgiving dinner was overpriced and the turkey was dry. Not what we expected for that money.",
     "I'm sorry your Thanksgiving dinner let you down, especially a dry turkey on the one day it matters most. That isn't the standard we aim for. Please let us make it right: your next dinner for two is half price, and I'll be in the kitchen myself.",
     "2012-11-23T16:05:00+00:00", 40,
     "What the source suggests instead: acknowledge the complaint, apologise honestly and offer something for a next visit.", A004, "yes"),
    ("C05", "A paid complaint, answered after hours", "airline", "twitter", "British Airways", "beast",
     "Don't fly with this airline. Lost my father's luggage and customer service is useless. (promoted tweet)",
     "Sorry for the delay in responding, our feed is open 09:00-17:00 GMT. Please DM us the baggage reference and we'll look into it.",
     "2013-09-02T19:30:00+00:00", 14 * 60,
     "Kind enough words but hours late, while the complaint spread; and it told the customer the team keeps office hours.", A004, "yes"),
    ("C06", "Missing parcel, scenario A", "retail", "twitter", "(retailer)", "beast",
     "My parcel says delivered but it isn't here and it's a birthday present for tomorrow.",
     "There's nothing we can do until the investigation is complete. Please wait 30 business days.",
     "2019-06-10T09:15:00+00:00", 25,
     "Cold policy, no apology, no option: the customer is left with the problem for a month.", A002, "yes"),
    ("C07", "Missing parcel, scenario B", "retail", "twitter", "(retailer)", "beauty",
     "My parcel says delivered but it isn't here and it's a birthday present for tomorrow.",
     "I'm so sorry, that's stressful with the birthday tomorrow. Two options: I send a replacement today by same-day courier with a free return label in case the first one turns up, or I refund you right now. Which would you prefer?",
     "2019-06-10T09:15:00+00:00", 9,
     "Apology, understanding of what is at stake, and two concrete choices the customer controls.", A002, "yes"),
    ("C08", "Kind but late", "telecom", "twitter", "Northwind Mobile", "near miss",
     "No internet since this morning, I work from home and have a client call at 2.",
     "I'm really sorry, losing your connection on a work day is stressful. There was a fault at the exchange; it's fixed now and I've added a credit for today. -Sam",
     "2024-03-12T08:40:00+00:00", 7 * 60,
     "Everything in the reply is right, but it arrives after the client call: speed is half of empathy.", KIT, "no"),
    ("C09", "Fast but cold", "bank", "twitter", "Bank of Mira", "near miss",
     "My card got declined at the till with a queue behind me. My balance is fine. So embarrassing.",
     "Please call the number on the back of your card.",
     "2024-03-12T12:05:00+00:00", 3,
     "Answered in three minutes, but no acknowledgement of an embarrassing moment and no help beyond a redirect.", KIT, "no"),
    ("C10", "A move to DM that helps", "bank", "twitter", "Bank of Mira", "beauty",
     "I think someone's used my card online, there's a £300 payment I don't recognise.",
     "That's worrying, I'm sorry. I've frozen the card right now so nothing else can go through. Please DM me: I'll need a couple of details I can't ask for in public, and then I'll raise the dispute for the £300 today. ^Grace",
     "2024-03-13T10:20:00+00:00", 6,
     "The private channel protects the customer's data, and the reply says why and what happens next.", KIT, "no"),
    ("C11", "A move to DM that hides", "airline", "twitter", "Skyline Air", "beast",
     "Your gate staff shouted at my disabled son in front of everyone. I want an explanation, publicly.",
     "Please DM us.",
     "2024-03-14T15:00:00+00:00", 50,
     "A serious public complaint pushed out of sight without a word of regret: the move protects the brand, not the customer.", KIT, "no"),
    ("C12", "Boilerplate stuffed with empathy words", "utility", "facebook", "Brightwater Energy", "beast",
     "Third estimated bill in a row even though I send readings every month!",
     "We understand your frustration and we truly value you as a customer. We sincerely apologise for any inconvenience this may have caused. Kindly contact our customer care team for further assistance.",
     "2024-03-15T09:00:00+00:00", 45,
     "Every empathy word is there but nothing specific and nothing done: customers read this as a template.", KIT, "no"),
    ("C13", "Sorry if you feel that way", "fashion retail", "instagram", "Threadline", "beast",
     "The jumper pilled after one wash. Quality has really dropped.",
     "Sorry if you feel that way, but our quality hasn't changed. Please follow the care label.",
     "2024-03-15T18:30:00+00:00", 30,
     "A non-apology that disputes the customer's experience and blames them.", KIT, "no"),
    ("C14", "Sarcasm with positive words", "delivery", "twitter", "Parcelly", "beast",
     "Worst courier in the country, honestly.",
     "Thanks for the glowing review! Good luck finding a better one 🙄",
     "2024-03-16T11:10:00+00:00", 12,
     "Positive words, mocking intent: humour aimed at the customer hurts.", KIT, "no"),
    ("C15", "Praise answered warmly", "games", "twitter", "Pixel Forge", "beauty",
     "The new winter map is gorgeous, great work team!",
     "Thank you!! The art team spent months on it, they'll be so happy you noticed. See you in the snow -Yuki",
     "2024-03-16T20:00:00+00:00", 15,
     "No apology due: a human thank-you that shares the credit is the right answer.", KIT, "no"),
    ("C16", "Polite words, hidden struggle", "telecom", "twitter", "Northwind Mobile", "beauty",
     "Hi! Love the new app :) I tried to change my billing address but I can't seem to find where. Sorry to bother you!",
     "Not a bother at all, and sorry it's hard to find! It's under Account > Personal details > Address. I've also told the app team that two people this week couldn't find it. -Lena",
     "2024-03-17T10:05:00+00:00", 8,
     "The customer is friendly, but 'I tried to' and 'can't seem to' are struggle cues: a small apology and a precise answer.", KIT, "no"),
    ("C17", "Hotel: fast, specific, owned", "hotel", "reviews", "Harbour Lights Hotel", "beauty",
     "Room 214 was freezing all night, the heater didn't work and reception said they couldn't do anything until morning.",
     "I'm sorry you spent a cold night in room 214, and that reception couldn't help. That's on us. I've refunded that night and the heater has been replaced; next time you stay, your room upgrade is on us. - Marta, General Manager",
     "2024-03-18T08:30:00+00:00", 95,
     "Names the room and the failure, owns it, refunds and fixes; on a review site a reply within a couple of hours is fast.", KIT, "no"),
    ("C18", "App store: the blame game", "software", "app store", "Notely", "beast",
     "Update deleted all my notes. Years of work gone. 1 star.",
     "Our app does not delete notes. You probably didn't back up. Please read our FAQ.",
     "2024-03-18T21:00:00+00:00", 2 * 1440,
     "Two days late, denies the problem, blames the customer and points to an FAQ.", KIT, "no"),
]


def build() -> pd.DataFrame:
    rows = []
    for (cid, title, industry, channel, brand, verdict, customer, reply, posted, lat, why, source, recon) in CASES:
        at = pd.Timestamp(posted)
        rows.append(dict(case_id=cid, title=title, industry=industry, channel=channel, brand=brand,
                         customer_text=customer, customer_at=at, reply_text=reply,
                         reply_at=at + pd.Timedelta(minutes=lat), verdict=verdict, why=why, source=source,
                         reconstruction=recon))
    return pd.DataFrame(rows)


if __name__ == "__main__":
    from helpers import safe_csv

    table = build()
    safe_csv(table, OUT)
    print(f"wrote {OUT.name}: {len(table)} cases ({(table['reconstruction'] == 'yes').sum()} reconstructions)")
