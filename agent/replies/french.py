"""What the agent says in French: short sentences that read well aloud.

Placeholders are filled by ``agent.replies.render``: ``{when}`` is a spoken date and time,
``{options}`` a spoken list of slots, ``{birth}`` a spoken birth date.
"""

MESSAGES: dict[str, str] = {
    # opening and closing
    "greeting": "{clinic}, bonjour. Je suis l'assistant de l'accueil. "
    "Que puis-je faire pour vous ?",
    "anything_else": "Puis-je faire autre chose pour vous ?",
    "goodbye": "Merci de votre appel. Au revoir !",
    "how_can_i_help": "Que puis-je faire pour vous ?",
    "capabilities": "Je peux prendre, déplacer ou annuler un rendez-vous, "
    "et répondre à vos questions sur le cabinet.",
    # not understood, odd input
    "not_understood": "Pardon, je n'ai pas bien compris. Pouvez-vous reformuler ?",
    "not_understood_again": "Je suis désolé, je ne comprends toujours pas. "
    "Je peux aussi vous passer un membre de l'équipe.",
    "empty_turn": "Je ne vous ai pas entendu. Que puis-je faire pour vous ?",
    "injection": "Je ne peux pas faire cela. "
    "Je peux vous aider à prendre, déplacer ou annuler vos propres rendez-vous.",
    # urgency and handoff
    "emergency": "Cela ressemble à une urgence. Raccrochez et appelez tout de suite le {numbers}. "
    "Je préviens aussi l'équipe, qui prend le relais.",
    "emergency_third_party": "Cela ressemble à une urgence pour la personne avec vous. "
    "Appelez tout de suite le {numbers}. Je préviens aussi l'équipe.",
    "emergency_advice": "Si une personne présente ces signes, appelez tout de suite le {numbers}.",
    "urgent": "Je transmets votre appel en priorité à un membre de l'équipe. "
    "Si cela s'aggrave, appelez le {numbers}.",
    "handoff": "Je vous passe un membre de l'équipe, qui va prendre le relais.",
    "handoff_human": "Bien sûr, je vous passe un membre de l'équipe.",
    "reason_first_visit": "Un premier rendez-vous dans cette spécialité est organisé par l'équipe.",
    "reason_service": "Ce type de rendez-vous est organisé par l'équipe.",
    "reason_new_patient": "Cette spécialité ne prend pas de nouveaux patients en ligne.",
    "handed_off_wait": "Un membre de l'équipe prend le relais. Merci de patienter.",
    "urgency_question": "En attendant, une question : {question}",
    "urgency_again": "Pardon, je n'ai pas bien entendu. {question} Si oui, tapez 1.",
    "urgency_answer_noted": "Merci, je l'ai transmis. Restez en ligne, quelqu'un arrive.",
    "staff_resumed": "Merci d'avoir patienté. Puis-je faire autre chose pour vous ?",
    # identification
    "ask_identity": "Pouvez-vous me donner votre nom, votre prénom et votre date de naissance ?",
    "ask_birth_date": "Merci. Quelle est votre date de naissance ?",
    "ask_name": "Merci. Quel est votre nom et votre prénom ?",
    "ask_phone": "J'ai plusieurs dossiers à ce nom. Quel est votre numéro de téléphone ?",
    "identified": "Merci {given}, j'ai bien trouvé votre dossier.",
    "not_found_retry": "Je ne trouve pas de dossier à ce nom. "
    "Pouvez-vous me redonner votre nom, votre prénom et votre date de naissance ?",
    "ask_phone_keypad": "Je ne trouve toujours pas votre dossier. Quel est votre numéro de "
    "téléphone ? Vous pouvez le taper sur le clavier, puis appuyer sur la touche dièse.",
    "keypad_birth_date": "Vous pouvez aussi taper votre date de naissance sur le clavier "
    "de votre téléphone : le jour, le mois, puis l'année.",
    "keypad_phone": "Vous pouvez aussi le taper sur le clavier, puis appuyer sur la touche dièse.",
    "keypad_identity": "Vous pouvez aussi taper votre date de naissance ou votre numéro de "
    "téléphone sur le clavier.",
    "keypad_confirm": "Vous pouvez aussi taper 1 pour confirmer.",
    "keypad_choice": "Vous pouvez aussi taper 1 pour le premier, 2 pour le deuxième, "
    "et ainsi de suite.",
    "keypad_choice_one": "Vous pouvez aussi taper 1 pour le prendre.",
    "offer_registration": "Je ne trouve pas de dossier pour {given} {family}, né le {birth}. "
    "Voulez-vous que je vous inscrive comme nouveau patient ?",
    "ask_registration_details": "Pour vous inscrire, il me faut votre nom, votre prénom "
    "et votre date de naissance.",
    "registered": "C'est fait, vous êtes inscrit comme nouveau patient.",
    "registration_declined": "D'accord. Vérifions vos coordonnées : "
    "quels sont votre nom, votre prénom et votre date de naissance ?",
    "other_patient_scope": "Je ne peux m'occuper que du dossier de la personne identifiée. "
    "Pour quelqu'un d'autre, il me faut son nom et sa date de naissance.",
    # slot search
    "ask_preferences": "Avec quel praticien, et quand cela vous arrangerait-il ?",
    "ask_reschedule_when": "Quand souhaitez-vous le déplacer ?",
    "offer": "Je peux vous proposer {options} : lequel vous convient ?",
    "offer_one": "Je peux vous proposer {options} : cela vous convient-il ?",
    "offer_later": "Plus tard, je peux vous proposer {options} : lequel vous convient ?",
    "nearest_times": "Je n'ai rien à cette heure précise ; voici les plus proches.",
    "nearest_days": "Je n'ai rien de libre le jour demandé ; voici les jours les plus proches.",
    "nearest_days_practitioner": "Avec {practitioner}, les consultations ont lieu le {weekdays} ;"
    " voici les jours libres les plus proches.",
    "no_later": "Je n'ai rien de plus tard qui corresponde.",
    "no_earlier": "Je n'ai rien de plus tôt qui corresponde.",
    "no_slots_widen": "Je n'ai pas de créneau libre qui corresponde. "
    "Voulez-vous que je cherche plus largement ? Je peux aussi vous inscrire sur la liste "
    "d'attente, au cas où une place se libère.",
    "no_slots_callback": "Je n'ai pas de créneau libre dans les prochaines semaines. "
    "Je demande à l'équipe de vous rappeler.",
    "ask_other_preference": "D'accord. Quel autre jour ou moment vous arrangerait ? "
    "Ou je peux vous inscrire sur la liste d'attente, au cas où une place se libère.",
    "callback_instead": "D'accord. Je demande à l'équipe de vous rappeler pour trouver un créneau.",
    # liste d'attente
    "confirm_waitlist": "Je récapitule : je vous inscris sur la liste d'attente pour un "
    "rendez-vous {wish}. Si une place se libère, nous vous enverrons un message pour vous la "
    "proposer. Je vous inscris ?",
    "waitlist_joined": "C'est fait : vous êtes sur la liste d'attente. Nous vous enverrons un "
    "message dès qu'une place se libère.",
    "waitlist_not_added": "Très bien, je ne vous inscris pas sur la liste d'attente.",
    "specialty_not_offered": "La spécialité {specialty} n'est pas proposée ici. "
    "Nous proposons {specialties}. Souhaitez-vous l'une de ces consultations, "
    "ou préférez-vous que je vous passe un membre de l'équipe ?",
    "search_incomplete": "Je n'ai pas pu consulter tout le planning pour le moment : "
    "je demande à un collègue de vous trouver un créneau.",
    "practitioner_unknown": "Je ne trouve pas ce praticien au cabinet. "
    "Avec qui souhaitez-vous prendre rendez-vous ?",
    "ask_move_existing": "Vous avez déjà un rendez-vous avec {practitioner} le {when}. "
    "Voulez-vous que je le déplace plutôt que d'en prendre un deuxième ?",
    "identity_needed": "J'ai besoin de votre nom et de votre date de naissance "
    "pour trouver votre dossier. "
    "Sinon, je peux vous passer un membre de l'équipe.",
    "implausible_name": "Pardon, cela ne ressemble pas à un nom. "
    "Pouvez-vous me donner votre prénom et votre nom ?",
    "implausible_birth_date": "Cette date de naissance ne semble pas juste. "
    "Pouvez-vous la redire : jour, mois et année ?",
    "implausible_phone": "Ce numéro ne semble pas complet. Pouvez-vous le redire ?",
    "practitioner_not_new": "{practitioner} ne prend pas de nouveaux patients, "
    "je cherche avec un autre praticien.",
    "choose_option": "Lequel de ces créneaux préférez-vous : {ordinals} ?",
    "same_as_last_unknown": "Je ne trouve pas de rendez-vous précédent. "
    "Je cherche avec les praticiens disponibles.",
    # confirmation and writes
    "confirm_book": "Je récapitule : rendez-vous avec {practitioner}{kind} {when}, au {address}. "
    "Je confirme ?",
    "confirm_book_visit": "Je récapitule : {visit} avec {practitioner}{kind} {when}, "
    "au {address}. Je confirme ?",
    "confirm_reschedule": "Je déplace votre rendez-vous au {when} avec {practitioner}, "
    "au {address}. Je confirme ?",
    "confirm_cancel": "Vous souhaitez annuler votre rendez-vous {when} avec {practitioner}. "
    "Je confirme l'annulation ?",
    "yes_or_no": "Pouvez-vous me répondre par oui ou par non ?",
    "booked": "C'est confirmé : rendez-vous {when} avec {practitioner}.",
    "cancelled": "C'est fait, votre rendez-vous {when} est annulé.",
    "rescheduled": "C'est fait : votre rendez-vous est déplacé au {when} avec {practitioner}.",
    "kept": "Très bien, je ne change rien.",
    "slot_taken": "Désolé, ce créneau vient d'être pris.",
    "write_failed": "Désolé, je n'ai pas pu enregistrer ce changement.",
    "backend_down": "Désolé, le système de rendez-vous ne répond pas pour le moment.",
    "request_noted": "J'ai bien noté votre demande : l'équipe la verra.",
    "technical_problem": "Désolé, j'ai eu un problème technique. Pouvez-vous répéter ?",
    # appointments
    "no_appointments": "Je ne vois aucun rendez-vous à venir à votre nom.",
    "appointment_one": "Vous avez rendez-vous {when} avec {practitioner}.",
    "appointments_many": "Vous avez {count} rendez-vous : {appointments}.",
    "which_appointment": "Lequel souhaitez-vous {action} ?",
    "action_cancel": "annuler",
    "action_reschedule": "déplacer",
    # information and staff requests
    "info_topics": "Je peux vous renseigner sur les horaires, l'adresse, l'accès, le parking, "
    "les mutuelles, les nouveaux patients, les documents à apporter et les tarifs.",
    "info_unknown": "Je n'ai pas cette information, mais l'équipe pourra vous répondre.",
    "no_medical_advice": "Je ne peux pas donner d'avis médical.",
    "ask_medication": "Quel médicament souhaitez-vous faire renouveler ?",
    "ask_billing": "Quelle est votre question sur la facturation ou le remboursement ?",
    "ask_results": "Quelle est votre question pour l'équipe médicale ?",
    "request_sent": "Votre demande est transmise à l'équipe.",
    "callback_default": "L'équipe vous rappellera dès que possible.",
}

WORDS: dict[str, str] = {
    "and": "et",
    "or": "ou",
    "with": "avec",
    "at": "au",
    "ordinals": "le premier|le deuxième|le troisième|le quatrième|le cinquième",
    "emergency_join": "ou le",
}
