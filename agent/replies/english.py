"""What the agent says in English: short sentences that read well aloud.

Placeholders are filled by ``agent.replies.render``: ``{when}`` is a spoken date and time,
``{options}`` a spoken list of slots, ``{birth}`` a spoken birth date.
"""

MESSAGES: dict[str, str] = {
    # opening and closing
    "greeting": "Hello, you've reached {clinic}. I'm the front desk assistant. How can I help?",
    "anything_else": "Is there anything else I can help with?",
    "goodbye": "Thank you for calling. Goodbye!",
    "how_can_i_help": "How can I help you?",
    "capabilities": "I can book, move or cancel an appointment, "
    "and answer questions about the practice.",
    # not understood, odd input
    "not_understood": "Sorry, I didn't catch that. Could you say it another way?",
    "not_understood_again": "I'm sorry, I still don't understand. "
    "I can also put you through to a member of staff.",
    "empty_turn": "I didn't hear anything. How can I help you?",
    "injection": "I can't do that. I can help you book, move or cancel your own appointments.",
    # urgency and handoff
    "emergency": "This sounds like an emergency. Please hang up and call {numbers} right now. "
    "I'm also alerting the staff, who will take over.",
    "emergency_third_party": "This sounds like an emergency for the person with you. "
    "Call {numbers} right now. I'm also alerting the staff.",
    "emergency_advice": "If someone has these signs, call {numbers} at once, without waiting.",
    "urgent": "I'm passing your call to a member of staff as a priority. "
    "If things get worse, call {numbers}.",
    "handoff": "I'm passing you to a member of staff, who will take it from here.",
    "handoff_human": "Of course, I'm putting you through to a member of staff.",
    "reason_first_visit": "A first visit in this specialty is arranged by our staff.",
    "reason_service": "This type of visit is arranged by our staff.",
    "reason_new_patient": "New patients in this specialty are booked by our staff.",
    "handed_off_wait": "A member of staff is taking over. Please hold on.",
    "urgency_question": "While I fetch someone, one question: {question}",
    "urgency_again": "Sorry, I didn't catch that. {question} If so, press 1.",
    "urgency_answer_noted": "Thank you, I've passed that on. Please hold on, someone is coming.",
    "staff_resumed": "Thank you for waiting. Is there anything else I can do for you?",
    # identification
    "ask_identity": "May I have your first name, last name and date of birth?",
    "ask_birth_date": "Thank you. What is your date of birth?",
    "ask_name": "Thank you. What is your first and last name?",
    "ask_phone": "I have several records under that name. What is your phone number?",
    "identified": "Thank you {given}, I've found your record.",
    "not_found_retry": "I can't find a record under that name. "
    "Could you give me your first name, last name and date of birth again?",
    "ask_phone_keypad": "I still can't find your record. What is your phone number? "
    "You can type it on the keypad, then press the hash key.",
    "keypad_birth_date": "You can also type your date of birth on your phone's keypad: "
    "the day, the month, then the year.",
    "keypad_phone": "You can also type it on the keypad, then press the hash key.",
    "keypad_confirm": "You can also press 1 to confirm.",
    "keypad_choice": "You can also press 1 for the first, 2 for the second, and so on.",
    "keypad_choice_one": "You can also press 1 to take it.",
    "keypad_identity": "You can also type your date of birth or your phone number on the keypad.",
    "offer_registration": "I can't find a record for {given} {family}, born {birth}. "
    "Shall I register you as a new patient?",
    "ask_registration_details": "To register you, I need your first name, last name "
    "and date of birth.",
    "registered": "Done, you're registered as a new patient.",
    "registration_declined": "All right. Let's check your details: "
    "what are your first name, last name and date of birth?",
    "other_patient_scope": "I can only help with the record of the person I identified. "
    "For someone else, I need their name and date of birth.",
    # slot search
    "ask_preferences": "Which practitioner would you like to see, and when would suit you?",
    "ask_reschedule_when": "When would you like to move it to?",
    "offer": "I can offer {options}: which one suits you?",
    "offer_one": "I can offer {options}: does that suit you?",
    "offer_later": "Later on, I can offer {options}: which one suits you?",
    "nearest_times": "I have nothing at that exact time; these are the nearest.",
    "nearest_days": "I have nothing free on the day you asked; here are the nearest days.",
    "nearest_days_practitioner": "{practitioner} consults on {weekdays}; "
    "here are the nearest free days.",
    "no_later": "I have nothing later that matches.",
    "no_earlier": "I have nothing earlier that matches.",
    "no_slots_widen": "I have nothing free that matches. Shall I look more widely? "
    "I can also put you on the waiting list in case a slot frees up.",
    "no_slots_callback": "I have nothing free in the coming weeks. "
    "I'm asking the staff to call you back.",
    "ask_other_preference": "All right. Which other day or time would suit you? "
    "Or I can put you on the waiting list in case something frees up.",
    "callback_instead": "All right. I'm asking the staff to call you back to find a time.",
    # waiting list
    "confirm_waitlist": "To confirm: I'll put you on the waiting list for an appointment "
    "{wish}. If a slot frees up, we'll send you a message to offer it. Shall I add you?",
    "waitlist_joined": "Done: you're on the waiting list. We'll send you a message as soon as "
    "a slot frees up.",
    "waitlist_not_added": "All right, I won't put you on the waiting list.",
    "specialty_not_offered": "We don't offer {specialty} here. We do offer {specialties}. "
    "Would you like one of those, or shall I put you through to a member of staff?",
    "search_incomplete": "I couldn't check the whole schedule just now, "
    "so I'll ask a colleague to find you a time.",
    "practitioner_unknown": "I can't find that practitioner at the practice. "
    "Who would you like to see?",
    "ask_move_existing": "You already have an appointment with {practitioner} on {when}. "
    "Shall I move it rather than book a second one?",
    "identity_needed": "I need your name and date of birth to find your record. "
    "Without them, I can pass you to a member of staff.",
    "implausible_name": "Sorry, that doesn't sound like a name. "
    "Could you tell me your first and last name?",
    "implausible_birth_date": "That date of birth doesn't seem right. "
    "Could you say it again: day, month and year?",
    "implausible_phone": "That phone number doesn't seem complete. Could you say it again?",
    "practitioner_not_new": "{practitioner} is not taking new patients, "
    "so I'll look with another practitioner.",
    "choose_option": "Which of these would you prefer: {ordinals}?",
    "same_as_last_unknown": "I can't find a previous appointment. "
    "I'll look with the available practitioners.",
    # confirmation and writes
    "confirm_book": "To confirm: an appointment with {practitioner}{kind} on {when}, "
    "at {address}. Shall I book it?",
    "confirm_book_visit": "To confirm: a {visit} with {practitioner}{kind} on {when}, "
    "at {address}. Shall I book it?",
    "confirm_reschedule": "I'll move your appointment to {when} with {practitioner}, "
    "at {address}. Shall I confirm?",
    "confirm_cancel": "You'd like to cancel your appointment on {when} with {practitioner}. "
    "Shall I cancel it?",
    "yes_or_no": "Could you answer yes or no?",
    "booked": "It's booked: {when} with {practitioner}.",
    "cancelled": "Done, your appointment on {when} is cancelled.",
    "rescheduled": "Done: your appointment is moved to {when} with {practitioner}.",
    "kept": "All right, I won't change anything.",
    "slot_taken": "Sorry, that slot has just been taken.",
    "write_failed": "Sorry, I couldn't save that change.",
    "backend_down": "Sorry, the appointment system isn't responding right now.",
    "request_noted": "I've noted your request: our staff will see it.",
    "technical_problem": "Sorry, I had a technical problem. Could you say that again?",
    # appointments
    "no_appointments": "I can't see any upcoming appointment in your name.",
    "appointment_one": "You have an appointment on {when} with {practitioner}.",
    "appointments_many": "You have {count} appointments: {appointments}.",
    "which_appointment": "Which one would you like to {action}?",
    "action_cancel": "cancel",
    "action_reschedule": "move",
    # information and staff requests
    "info_topics": "I can tell you about opening hours, the address, access, parking, insurance, "
    "new patients, what to bring and fees.",
    "info_unknown": "I don't have that information, but the staff can tell you.",
    "no_medical_advice": "I can't give medical advice.",
    "ask_medication": "Which medication would you like renewed?",
    "ask_billing": "What is your question about billing or reimbursement?",
    "ask_results": "What is your question for the medical team?",
    "request_sent": "Your request has been passed to the staff.",
    "callback_default": "The staff will call you back as soon as possible.",
}

WORDS: dict[str, str] = {
    "and": "and",
    "or": "or",
    "with": "with",
    "at": "at",
    "ordinals": "the first|the second|the third|the fourth|the fifth",
    "emergency_join": "or",
}
