"""The practice's free-text knowledge: its configuration's answers, its sites and services
as the EHR describes them, and its own markdown files, answered by BM25 retrieval.

``knowledge_of(clinic).answer(question, language)`` returns the passage that answers, or
None: a question nobody wrote an answer for goes to a person, never to a guess.
"""

from agent.knowledge.index import Answer, KnowledgeBase, knowledge_of

__all__ = ["Answer", "KnowledgeBase", "knowledge_of"]
