"""What the urgency guardrail returns: the red flags found and the overall level."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.understanding import Language, UrgencyLevel

_NONE = {"en": "No red flag", "fr": "Aucun signe d'alerte"}
_THIRD = {"en": "third party", "fr": "tiers"}


class RedFlag(BaseModel):
    """One red flag found in a patient turn."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="stable code, e.g. 'chest_pain'")
    level: UrgencyLevel = Field(description="URGENT or EMERGENCY")
    label_en: str
    label_fr: str
    evidence: str = Field(description="the matched words, normalised (lower case, no accents)")
    third_party: bool = Field(False, description="the person concerned is not the caller")
    subject: str | None = Field(
        None, description="relation key of the person concerned ('father', 'baby'), if known"
    )
    subject_en: str | None = Field(None, description="the relation in English, e.g. 'father'")
    subject_fr: str | None = Field(None, description="the relation in French, e.g. 'père'")

    def label(self, lang: Language = "en") -> str:
        """The flag's label in ``lang``."""
        return self.label_fr if lang == "fr" else self.label_en

    def summary(self, lang: Language = "en") -> str:
        """Staff-facing one-liner, e.g. 'Chest pain (third party: father)'."""
        if not self.third_party:
            return self.label(lang)
        who = self.subject_fr if lang == "fr" else self.subject_en
        sep = " : " if lang == "fr" else ": "
        return (
            f"{self.label(lang)} ({_THIRD[lang]}{sep}{who})"
            if who
            else (f"{self.label(lang)} ({_THIRD[lang]})")
        )


class UrgencyAssessment(BaseModel):
    """The guardrail's verdict on one patient turn. The highest flag's level wins."""

    model_config = ConfigDict(frozen=True)

    level: UrgencyLevel = UrgencyLevel.ROUTINE
    flags: list[RedFlag] = Field(default_factory=list, description="highest level first")
    third_party: bool = Field(False, description="a fired flag concerns someone else")
    language: Literal["fr", "en"] | None = Field(None, description="as passed to assess()")
    advice: list[RedFlag] = Field(
        default_factory=list,
        description="red flags named in a general question about other people ('what should "
        "someone do if they have chest pain?'): the caller hears the emergency advice, but "
        "the level stays ROUTINE (no stat handoff about this caller)",
    )

    @property
    def is_emergency(self) -> bool:
        """True when the caller must be told the emergency number and handed off at once."""
        return self.level is UrgencyLevel.EMERGENCY

    @property
    def needs_human(self) -> bool:
        """True for URGENT and EMERGENCY: a human takes over."""
        return self.level is not UrgencyLevel.ROUTINE

    @property
    def codes(self) -> list[str]:
        """The fired flag codes, highest level first."""
        return [flag.code for flag in self.flags]

    def handoff_note(self, lang: Language | None = None) -> str:
        """Staff-facing reason for the handoff: each flag with the caller's words that fired it.

        e.g. 'Head injury on an anticoagulant (third party: father) [hit his head + warfarin]'.
        """
        lang = lang or self.language or "en"
        if not self.flags:
            return _NONE[lang]
        return "; ".join(f"{flag.summary(lang)} [{flag.evidence}]" for flag in self.flags)

    def summary(self, lang: Language | None = None) -> str:
        """Short staff-facing summary, e.g. 'Chest pain (third party: father)'.

        Args:
            lang: "en" or "fr"; defaults to the language given to ``assess`` (else English).
        """
        lang = lang or self.language or "en"
        if not self.flags:
            return _NONE[lang]
        return "; ".join(flag.summary(lang) for flag in self.flags)
