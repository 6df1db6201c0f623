"""The caller leaves the choice to the agent: "whatever you have first", "you choose", "any of
them", "n'importe lequel", "comme vous voulez", "le premier qui vient".

Said while options are on offer, it picks the first one (the agent offers the earliest first);
said when asked for a preference, it means "the earliest you have".
"""

from __future__ import annotations

import re

_ANY_OPTION = re.compile(
    r"\b(?:any (?:of (?:them|those|these|the \w+)|one(?: of them)?|will do)|whichever(?: one)?"
    r"|either (?:one|of them|is fine|will do)|you (?:choose|pick|decide)|(?:pick|choose) one"
    r"|(?:i m|i am) not fussy|doesn t matter which|don t mind which|up to you|your choice"
    r"|whatever you (?:think|prefer|want)|n importe (?:lequel|laquelle|lesquels)"
    r"|(?:celui|celle) que vous (?:voulez|preferez)|choisissez(?: pour moi)?|comme vous (?:voulez"
    r"|preferez|voudrez)|ca m est egal|peu importe(?: lequel| laquelle)?|au choix"
    r"|c est vous qui (?:voyez|choisissez)|le premier qui vient|la premiere qui vient"
    r"|l un ou l autre|n importe)\b"
)
_ANY_TIME = re.compile(
    r"\b(?:whatever (?:you have|suits you|s (?:free|available|first))|you (?:choose|pick|decide)"
    r"|any ?time|whenever(?: you (?:can|like|want))?|(?:it )?doesn t matter(?: when)?"
    r"|i m (?:flexible|easy|free)|no preference|up to you|first (?:available|free|one)"
    r"|the earliest|comme vous (?:voulez|preferez|voudrez)|quand vous (?:voulez|pouvez)"
    r"|n importe quand|peu importe|ca m est egal|le premier (?:qui vient|disponible|libre)"
    r"|je suis (?:dispo|disponible|libre)(?: quand vous voulez)?|au plus tot|c est vous qui voyez"
    r"|pas de preference|des que possible|(?:le|de) plus tot)\b"
)


def defers_choice(corrected: str) -> bool:
    """True when the caller lets the agent pick among the offered options."""
    return bool(_ANY_OPTION.search(corrected))


def defers_time(corrected: str) -> bool:
    """True when the caller lets the agent pick when (the earliest will do)."""
    return bool(_ANY_TIME.search(corrected))
