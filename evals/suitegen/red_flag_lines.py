"""What callers say for each red flag of the urgency guardrail, in French and English.

``SAID``: the flag said by the patient and by a relative, in both languages, written the way
people talk on the phone, never in the guardrail's own vocabulary. The same flags denied inside
an ordinary call are in ``red_flag_negations``.
"""

from __future__ import annotations

# code: (first person en, relative en, first person fr, relative fr)
SAID: dict[str, tuple[str, str, str, str]] = {
    "chest_pain": (
        "I've had a crushing pain in my chest for half an hour and it's going down my left arm.",
        "My husband has chest pain, he's sweating and he looks grey.",
        "J'ai une douleur dans la poitrine depuis ce matin, ça serre très fort.",
        "Mon père a mal à la poitrine depuis une heure, ça le serre.",
    ),
    "breathing_difficulty": (
        "I can't breathe properly, I'm really struggling to catch my breath.",
        "My son is having trouble breathing and his lips are going blue.",
        "J'ai du mal à respirer depuis ce matin, je n'arrive pas à reprendre mon souffle.",
        "Ma mère n'arrive plus à respirer, elle s'étouffe.",
    ),
    "stroke_signs": (
        "I suddenly can't lift my right arm and the right side of my face is drooping.",
        "My wife's face is drooping on one side and she can't get her words out.",
        "Je n'arrive plus à bouger le bras gauche et j'ai la bouche de travers.",
        "Mon mari parle bizarrement et il a la bouche de travers depuis tout à l'heure.",
    ),
    "heavy_bleeding": (
        "I cut my hand with a knife and it's bleeding heavily, it won't stop.",
        "My son fell on some glass, there's blood everywhere and it won't stop bleeding.",
        "Je me suis coupé avec un couteau et ça saigne beaucoup, ça ne s'arrête pas.",
        "Mon fils s'est ouvert le genou, il saigne énormément, ça ne s'arrête pas.",
    ),
    "pregnancy_bleeding": (
        "I'm pregnant and I've been bleeding since this morning.",
        "My wife is twelve weeks pregnant and she's started bleeding.",
        "Je suis enceinte de trois mois et je saigne depuis ce matin.",
        "Ma fille est enceinte et elle a des saignements depuis cette nuit.",
    ),
    "unconscious": (
        "I passed out in the kitchen this morning, I was out for a minute or so.",
        "My grandmother collapsed and she's not responding.",
        "J'ai perdu connaissance tout à l'heure dans la cuisine.",
        "Mon père est tombé et il ne répond plus, il est inconscient.",
    ),
    "anaphylaxis": (
        "I got stung by a wasp and my throat is swelling up, I can hardly swallow.",
        "My daughter ate peanuts and her lips and tongue are swelling up.",
        "J'ai mangé des crevettes et ma gorge gonfle, j'ai du mal à avaler.",
        "Mon fils a été piqué par une guêpe, son visage gonfle, il fait une grosse réaction "
        "allergique.",
    ),
    "suicidal": (
        "I don't want to live anymore, I've been thinking about killing myself.",
        "My brother says he wants to end his life, I'm really scared.",
        "J'ai envie d'en finir, je pense à me suicider.",
        "Ma fille m'a dit qu'elle voulait mourir, qu'elle pensait au suicide.",
    ),
    "infant_fever": (
        "My baby is six weeks old and she has a fever of 38.5.",
        "My grandson is two months old and he's got a temperature of 38.7.",
        "Mon bébé a cinq semaines et il a 38,5 de fièvre.",
        "Le bébé de ma sœur a un mois et il a 38,6 de fièvre.",
    ),
    "child_fever_lethargy": (
        "My son is 4, he's had a high fever since yesterday and he's really floppy, hard to wake.",
        "My neighbour's little girl is 3, she has a fever and she's very drowsy, barely "
        "responding.",
        "Mon fils de 3 ans a de la fièvre depuis hier et il est tout mou, il ne réagit presque "
        "plus.",
        "La petite de ma voisine a 2 ans, elle a beaucoup de fièvre et elle est amorphe.",
    ),
    "seizure": (
        "I just had a seizure, I've never had one before.",
        "My husband is having a fit, he's shaking all over on the floor.",
        "Je viens de faire une crise convulsive, c'est la première fois.",
        "Mon fils fait des convulsions, il tremble de partout.",
    ),
    "head_injury_severe": (
        "I fell down the stairs and hit my head badly, and I've been vomiting since.",
        "My son fell off his bike and hit his head, now he's confused and throwing up.",
        "Je suis tombé dans les escaliers, je me suis cogné la tête et j'ai vomi deux fois.",
        "Ma fille s'est cogné la tête en tombant, elle vomit et elle est bizarre.",
    ),
    "overdose_poisoning": (
        "I've taken too many of my sleeping pills, I think I took the whole box.",
        "My toddler has swallowed some bleach.",
        "J'ai avalé toute la boîte de somnifères.",
        "Mon fils de deux ans a bu de l'eau de Javel.",
    ),
    "severe_burn": (
        "I've burnt my arm badly with boiling water, the skin is peeling off.",
        "My daughter pulled a pan of boiling water onto herself, she has a big burn on her arm.",
        "Je me suis gravement brûlé la main avec de l'huile bouillante.",
        "Mon fils s'est renversé de l'eau bouillante sur le bras, c'est une grosse brûlure.",
    ),
    "meningitis_signs": (
        "I have a high fever, a really stiff neck and a terrible headache.",
        "My daughter has a fever and a purple rash that doesn't fade when I press a glass on it.",
        "J'ai de la fièvre et la nuque raide, je ne peux pas baisser la tête.",
        "Mon fils a de la fièvre et des taches violettes qui ne s'effacent pas.",
    ),
    "vomiting_blood": (
        "I've been vomiting blood this morning.",
        "My father is throwing up blood.",
        "Je vomis du sang depuis ce matin.",
        "Mon mari a vomi du sang.",
    ),
    "coughing_blood": (
        "I'm coughing up blood.",
        "My mother has been coughing up blood since last night.",
        "Je crache du sang quand je tousse.",
        "Ma mère crache du sang depuis hier soir.",
    ),
    "worst_headache": (
        "I suddenly got the worst headache of my life, it came on like a thunderclap.",
        "My wife suddenly has the worst headache she's ever had.",
        "J'ai eu d'un coup un mal de tête horrible, le pire de ma vie.",
        "Ma femme a un mal de tête brutal, comme un coup de tonnerre, elle n'a jamais eu ça.",
    ),
    "pregnancy_abdominal_pain": (
        "I'm 30 weeks pregnant and I have severe pain in my stomach.",
        "My wife is pregnant and she has terrible stomach pain, she's doubled over.",
        "Je suis enceinte de sept mois et j'ai très mal au ventre.",
        "Ma femme est enceinte et elle a des douleurs au ventre atroces.",
    ),
    "no_fetal_movement": (
        "I'm 34 weeks pregnant and I can't feel the baby moving since yesterday.",
        "My daughter is pregnant and she says the baby has stopped moving.",
        "Je suis enceinte de huit mois et je ne sens plus le bébé bouger.",
        "Ma femme est enceinte de huit mois, elle ne sent plus le bébé bouger depuis ce matin.",
    ),
    "emergency_declared": (
        "Please call an ambulance, I need help right now.",
        "My neighbour is lying on the floor, send an ambulance please!",
        "Appelez le SAMU s'il vous plaît, c'est une urgence vitale.",
        "Mon voisin est par terre, il faut une ambulance !",
    ),
    "bleeding_controlled": (
        "I cut my finger badly with a knife an hour ago, it was bleeding a lot but it has stopped "
        "now.",
        "My son had a big nosebleed, it was bleeding heavily but it's stopped now.",
        "Je me suis coupé profondément tout à l'heure, ça saignait beaucoup mais ça s'est arrêté.",
        "Mon mari s'est coupé, ça a beaucoup saigné mais ça ne saigne plus.",
    ),
    "high_fever": (
        "I've had a temperature of 39.8 since this morning.",
        "My husband has a very high fever, 40 degrees.",
        "J'ai 39,7 de fièvre depuis hier soir.",
        "Ma fille de 10 ans a 39,8 de fièvre.",
    ),
    "prolonged_fever": (
        "I've had a fever for four days now and it's not going down.",
        "My wife has had a temperature for five days.",
        "J'ai de la fièvre depuis quatre jours, ça ne baisse pas.",
        "Mon père a de la fièvre depuis cinq jours.",
    ),
    "severe_pain": (
        "I've got terrible pain in my shoulder, I can't move my arm at all.",
        "My mother has been in unbearable pain in her hip since she got up this morning.",
        "J'ai une douleur atroce à l'épaule, je ne peux plus bouger le bras.",
        "Mon fils a une douleur insupportable à l'oreille.",
    ),
    "deep_cut": (
        "I've cut my hand quite deep on a broken glass, I think it needs stitches.",
        "My daughter has a deep cut on her knee, it's gaping open.",
        "Je me suis fait une coupure profonde au doigt, je crois qu'il faut des points.",
        "Mon fils s'est fait une entaille profonde au front.",
    ),
    "possible_fracture": (
        "I fell on my wrist and I think it's broken, it's very swollen.",
        "My son fell off the trampoline and I think he's broken his arm.",
        "Je suis tombée sur le poignet, je crois qu'il est cassé.",
        "Ma mère est tombée, je pense qu'elle s'est cassé la jambe.",
    ),
    "uti_with_fever": (
        "I think I have a urine infection and now I've got a fever too.",
        "My mum has a bladder infection and now she has pain in her back, around the kidneys.",
        "J'ai une infection urinaire et j'ai de la fièvre depuis ce matin.",
        "Ma femme a une cystite et elle a mal aux reins maintenant.",
    ),
    "child_dehydration": (
        "My baby hasn't had a wet nappy since this morning and won't drink.",
        "My granddaughter is 2 and she's not drinking at all since yesterday, her nappies are dry.",
        "Mon fils de 2 ans a la gastro et il ne boit plus rien depuis hier.",
        "Le petit de ma voisine a 2 ans, il vomit et il ne fait plus pipi.",
    ),
    "eye_emergency": (
        "I suddenly can't see anything out of my left eye.",
        "My husband got bleach in his eye and it's really painful.",
        "Je ne vois plus rien de l'œil droit depuis ce matin, d'un coup.",
        "Ma fille a reçu un coup dans l'œil et elle a très mal.",
    ),
    # An attack whose reliever does not help is an emergency (asthma_severe, below).
    "asthma_attack": (
        "My asthma has been getting worse since yesterday, I'm using my inhaler much more.",
        "My son's asthma is getting worse, he's wheezy and needs his inhaler every few hours.",
        "Mon asthme s'aggrave depuis hier, je prends ma ventoline beaucoup plus souvent.",
        "L'asthme de ma fille s'aggrave, elle siffle et elle a besoin de sa ventoline souvent.",
    ),
    "asthma_severe": (
        "I'm having an asthma attack and my inhaler isn't helping.",
        "My son's asthma is really bad today and the Ventolin isn't working.",
        "Je fais une crise d'asthme et la ventoline ne fait rien.",
        "Ma fille fait une crise d'asthme qui ne passe pas.",
    ),
    "severe_hypoglycaemia": (
        "I'm diabetic and I'm shaking and sweating, I can't think straight.",
        "My husband is diabetic, he's confused and sweating and not making sense.",
        "Je suis diabétique, je tremble et je transpire, je n'arrive plus à réfléchir.",
        "Mon père est diabétique, il est en sueur et il dit n'importe quoi.",
    ),
    "sepsis_signs": (
        "I've had a fever since my operation, my legs look mottled and I'm breathing fast.",
        "My mum has a urine infection and now she's confused and her skin is blotchy.",
        "J'ai de la fièvre depuis mon opération, j'ai des marbrures et je respire très vite.",
        "Mon mari a une pneumonie, il est confus et il n'a pas uriné depuis hier.",
    ),
    "head_injury_anticoagulant": (
        "I'm on warfarin and I fell and hit my head this morning.",
        "My dad takes Eliquis and he fell and banged his head.",
        "Je suis sous anticoagulant et je me suis cogné la tête en tombant.",
        "Ma mère prend du Xarelto, elle est tombée et s'est cogné la tête.",
    ),
    "head_injury_antiplatelet": (
        "I take aspirin every day and I bumped my head on a cupboard, I feel fine.",
        "My husband is on clopidogrel and he hit his head on the car door.",
        "Je prends du Kardégic et je me suis cogné la tête contre une porte.",
        "Mon père est sous Kardégic, il s'est cogné la tête sur l'étagère.",
    ),
    "infant_unwell": (
        "My 6 week old baby is very floppy and won't feed.",
        "My daughter's baby is 7 weeks old, she's burning hot and really floppy.",
        "Mon bébé de 6 semaines est tout mou et il ne boit plus.",
        "Le bébé de ma fille a 2 mois, il est brûlant et tout mou.",
    ),
    "elderly_chest_infection": (
        "I'm 82 and I've got a chest infection, I get out of breath just walking to the kitchen.",
        "My grandfather has pneumonia and he's very breathless.",
        "J'ai 85 ans, j'ai une bronchite et je suis essoufflée au moindre effort.",
        "Ma grand-mère a une bronchite et elle est très essoufflée.",
    ),
    "breathlessness": (
        "I've been really breathless since yesterday, even when I'm sitting down.",
        "My husband gets out of breath just talking, it's new.",
        "Je suis essoufflé depuis hier, même au repos.",
        "Mon père est essoufflé depuis ce matin, ce n'est pas normal.",
    ),
    "reduced_fetal_movement": (
        "I'm 32 weeks pregnant and the baby is moving less than usual today.",
        "My wife is 30 weeks pregnant and she's feeling fewer movements since this morning.",
        "Je suis enceinte de 7 mois et le bébé bouge moins que d'habitude.",
        "Ma femme est enceinte de huit mois et elle sent le bébé moins bouger.",
    ),
    "head_injury": (
        "I banged my head on a shelf this morning and it's still sore.",
        "My daughter bumped her head at school today.",
        "Je me suis cogné la tête contre une porte ce matin.",
        "Mon fils s'est tapé la tête en tombant de vélo.",
    ),
    "allergic_reaction": (
        "I've come out in hives all over after taking a new antibiotic.",
        "My son is having an allergic reaction, he's got a rash all over after eating nuts.",
        "Je fais une réaction allergique, j'ai des plaques partout depuis le nouveau médicament.",
        "Ma fille fait une allergie, elle a plein de boutons depuis qu'elle a mangé des fraises.",
    ),
    "purple_rash": (
        "I've got some purple spots on my legs that appeared this morning.",
        "My son has little purple spots on his tummy.",
        "J'ai des taches violettes sur les jambes depuis ce matin.",
        "Ma fille a des petites taches violacées sur le ventre.",
    ),
    "major_trauma": (
        "I've just been knocked down by a car, I'm lying on the pavement.",
        "My son fell out of the first floor window!",
        "Je suis tombé du toit, d'une échelle, je n'arrive plus à me relever.",
        "Mon père s'est fait renverser par une voiture !",
    ),
    "baby_fever": (
        "My baby has a fever, it's 38.2 this morning.",
        "My sister's baby has a temperature since last night.",
        "Mon bébé a de la fièvre depuis cette nuit.",
        "Le bébé de ma fille a de la fièvre.",
    ),
    "pregnancy_pain": (
        "I'm 20 weeks pregnant and I've got some cramps in my lower belly.",
        "My wife is pregnant and she has stomach pain since lunch.",
        "Je suis enceinte de 4 mois et j'ai mal au ventre depuis ce matin.",
        "Ma belle-fille est enceinte et elle a des crampes au ventre.",
    ),
}
