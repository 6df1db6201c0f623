"""The waiting list asked for in French and English, by name or as "tell me if a place frees
up", and the requests that only look like it (one's own cancellation, a question about now)."""

from __future__ import annotations

import pytest

from agent.nlu.waitlist import wants_waitlist

ASKS = [
    # the list named
    "put me on the waiting list",
    "Can you add me to the waitlist?",
    "is there a cancellation list I could go on",
    "mettez-moi sur liste d'attente",
    "inscrivez-moi sur la liste d'attente pour le Dr Martin",
    "j'aimerais être sur la liste des désistements",
    # told when a place frees up
    "let me know if something opens up earlier",
    "Could you call me if a slot becomes available sooner?",
    "text me if anyone cancels",
    "Please let me know if there's a cancellation",
    "I'd like to be told if an earlier slot comes up",
    "keep me posted if anything frees up next week",
    "notify me when a place opens up with Dr Martin",
    "prévenez-moi si une place se libère",
    "Tenez-moi au courant en cas de désistement",
    "Appelez-moi si quelqu'un annule",
    "je voudrais être prévenue si un créneau se libère",
    "Vous pouvez me prévenir s'il y a un désistement ?",
    "Faites-moi signe si une place se libère plus tôt",
    "Rappelez-moi si un rendez-vous se libère avant",
    # put down for cancellations
    "put me down for any cancellations",
    "in case of a cancellation I'd take it",
    "inscrivez-moi pour les désistements",
]
NOT_ASKS = [
    "call me back if I need to cancel",
    "Rappelez-moi, je dois annuler mon rendez-vous",
    "I want to cancel my appointment",
    "let me know if you have anything earlier",
    "Do you have anything available tomorrow?",
    "Je voudrais annuler",
    "Is Dr Martin available on Tuesday?",
    "I'd like an appointment as soon as possible",
    "Prévenez le docteur que je serai en retard",
    "can you tell me when you open",
    "quand est-ce que vous êtes disponible",
    "tell me what's available next week",
    "Je voudrais un rendez-vous disponible au plus tôt",
    "let me know when the doctor is available",
    "Pouvez-vous me rappeler quand le docteur est disponible ?",
]


@pytest.mark.parametrize("text", ASKS)
def test_the_waiting_list_asked_for(text: str) -> None:
    assert wants_waitlist(text)


@pytest.mark.parametrize("text", NOT_ASKS)
def test_requests_that_only_look_like_it(text: str) -> None:
    assert not wants_waitlist(text)
