"""The fine-tuning checks' own support messages: worded unlike the phrase lists of
`help_center.messages`, never served by a public helper, drawn from a seed the notebook never sees."""

from __future__ import annotations

import functools

_SEED = 60_917  # private: the notebook draws its training messages from help_center.messages

# Four intents, as help_center.INTENTS: billing, technical, account, bike.
_PHRASES = (
    ("The app took 12 euros from my account but I only rode for five minutes",
     "Can I get reimbursed for the annual pass I bought yesterday?",
     "Why is there an extra fee on my bank statement?",
     "My voucher did not lower the price",
     "The payment failed but the money still left my account",
     "Do you send a receipt for every trip?",
     "You debited my credit card although the ride was cancelled",
     "How much does a monthly subscription cost?",
     "I was overcharged after returning the bike on time",
     "Where can I find my last bill?",
     "My company needs a VAT receipt for the rides",
     "The promo code from your e-mail was refused at checkout",
     "I paid for a weekend pass that never showed up",
     "Is there a deposit I get back at the end of the season?"),
    ("The screen stays white after I tap start",
     "Error code E-404 keeps popping up",
     "The login page spins forever",
     "The camera cannot read the code on the handlebar",
     "The app closes by itself after the latest update",
     "Nothing happens when I press unlock in the app",
     "The station list never finishes loading",
     "My phone shows a connection timeout whenever I try to rent",
     "Push messages stopped after I reinstalled the application",
     "The route planner draws the path in the sea",
     "The software update is stuck at 80 percent",
     "The ride timer in the app kept running after I docked",
     "GPS puts me in the wrong city",
     "The widget on my home screen is empty"),
    ("I would like to change the e-mail linked to my profile",
     "Please erase everything you store about me",
     "How do I switch the phone number on my profile?",
     "My daughter wants her own login",
     "I cannot remember my password",
     "Can I freeze my subscription during the winter?",
     "I want to close my profile for good",
     "The verification text message never reaches me",
     "Someone else signed in to my profile",
     "How can I rename my user profile?",
     "Can I export a copy of all my personal information?",
     "I would like to merge my two profiles",
     "My membership card shows my old surname",
     "Please unlock my suspended profile"),
    ("The pedal fell off halfway home",
     "Someone stole the bike while I was in a shop",
     "There is a puncture in the back wheel",
     "The brakes squeak and barely stop the bike",
     "The seat wobbles and slides down",
     "The motor cuts out on every hill",
     "The bell is missing and the mudguard is bent",
     "The gears jump when I pedal hard",
     "The basket came loose and fell on the road",
     "The rear lamp flickers at night",
     "The kickstand is broken so the bike falls over",
     "I cannot find the bike I parked outside the station",
     "The tyre keeps losing air",
     "The frame has a crack near the pedals"),
)
_OPENERS = ("", "Good morning. ", "Sorry to bother you, ", "One more thing: ", "Help! ")
_CLOSERS = ("", " Regards.", " Many thanks in advance.", " Please reply soon.", " Cheers")


@functools.cache
def held_back() -> tuple[tuple[str, int], ...]:
    """56 messages (14 wordings per intent), each framed by an opener and a closer drawn from the
    private seed: (text, label) pairs."""
    import numpy as np

    rng = np.random.default_rng(_SEED)
    out = []
    for label, phrases in enumerate(_PHRASES):
        for phrase in phrases:
            opener = _OPENERS[rng.integers(len(_OPENERS))]
            closer = _CLOSERS[rng.integers(len(_CLOSERS))]
            text = opener + (phrase[0].lower() + phrase[1:] if opener.endswith(", ") else phrase) + closer
            out.append((text, label))
    return tuple(out)
