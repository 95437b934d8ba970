"""Modality and polarity of an event from the grammar around its trigger.

``modality`` is one of asserted | intended | hypothetical | requested | denied; ``negated`` is true for
"did not attack". The words below are English grammar (auxiliaries, complement-taking verbs and nouns), not
event vocabulary, so they live here rather than in a data file.
"""

from __future__ import annotations

from spacy.tokens import Token

MODALITIES = ("asserted", "intended", "hypothetical", "requested", "denied")

_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
_POSSIBLE = frozenset({"could", "may", "might", "can", "ca"})
_CONDITION = frozenset({"if", "unless", "whether"})
#: Verbs whose complement is an intention, a request, a possibility or a denial of the complement.
_GOVERNORS: dict[str, str] = {
    **dict.fromkeys(
        ("plan", "intend", "want", "decide", "prepare", "aim", "hope", "expect", "seek", "try", "wish",
         "promise", "pledge", "vow", "swear", "offer", "agree", "threaten", "mean", "resolve", "commit", "vote"),
        "intended",
    ),
    **dict.fromkeys(("urge", "ask", "call", "demand", "appeal", "request", "press", "invite", "encourage",
                     "recommend", "suggest", "advise", "propose", "advocate"), "requested"),
    **dict.fromkeys(("consider", "weigh", "discuss", "explore", "envisage", "contemplate"), "hypothetical"),
    **dict.fromkeys(("deny", "dismiss", "refute"), "denied"),
}  # fmt: skip
#: Nouns that make what they govern an intention or a possibility ("plans for talks", "possibility of war").
_MODAL_NOUNS: dict[str, str] = {
    **dict.fromkeys(("plan", "intention", "readiness", "willingness", "promise", "pledge", "commitment"), "intended"),
    **dict.fromkeys(("possibility", "prospect", "chance", "risk", "option", "potential", "idea", "proposal"), "hypothetical"),
}  # fmt: skip
_INTENT_ADJ = frozenset({"willing", "ready", "prepared", "determined", "eager", "keen", "set"})
_CLIMB = frozenset(
    {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "advcl", "conj", "attr", "oprd"}
)


def modal_noun(tok: Token) -> str | None:
    """The modality a noun like "possibility" or "plan" gives to what it governs."""
    return _MODAL_NOUNS.get(tok.lemma_.lower())


_NEGATIVE_DETS = frozenset({"no", "neither"})
_NEGATIVE_WORDS = frozenset({"never", "nobody", "none", "nothing", "nowhere"})


def negated(verb: Token, trigger: Token | None = None) -> bool:
    """True when the event is denied by the syntax: a negated verb ("did not attack", "never met"), "fail to"
    ("failed to agree"), a negative determiner on the event noun or on the verb's subject or object ("no
    arrests have been made", "no talks were held", "made no concessions"), or a negative pronoun as subject
    ("nobody was arrested")."""
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in _NEGATIVE_WORDS) for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("fail", "neglect"):
        return True
    nouns = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    if trigger is not None and trigger is not verb:
        nouns.append(trigger)
    for n in nouns:
        if n.lower_ in _NEGATIVE_WORDS or n.lower_ in ("no one",):
            return True
        if n.dep_ != "nsubj" or n is trigger:
            if any(c.dep_ == "det" and c.lower_ in _NEGATIVE_DETS for c in n.children):
                return True
    return False


def _own_modality(verb: Token) -> str | None:
    for c in verb.children:
        word = c.lower_
        if c.dep_ in ("aux", "auxpass"):
            if word in _FUTURE:
                return "intended"
            if word in _POSSIBLE:
                return "hypothetical"
            if word == "would":
                return "hypothetical" if _conditional(verb) else "intended"
            if word in ("should", "must"):
                return "requested"
        if c.dep_ == "mark" and word in _CONDITION:
            return "hypothetical"
    if _conditional(verb):
        return "hypothetical"
    return None


def _conditional(verb: Token) -> bool:
    for c in verb.children:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITION for m in c.children):
            return True
    return False


def modality_of(verb: Token, default: str | None = None) -> str:
    """Modality of the event whose clause is headed by ``verb`` (the trigger verb, or the light verb or
    governing verb of a noun trigger): its own auxiliaries first, then the verbs and nouns above it."""
    own = _own_modality(verb)
    if own:
        return own
    if verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
        c.lower_ in ("on", "enough", "too") for c in verb.head.children
    ):
        # a purpose clause ("deployed troops to protect X"): what the act is for, not done yet; not "went on to
        # discuss" (it followed) nor "did enough to protect" (a degree's complement)
        return "intended"
    tok = verb
    for _ in range(8):
        if tok.dep_ not in _CLIMB or tok.head is tok:
            break
        if (
            tok.dep_ not in ("ccomp", "xcomp", "conj")
            and tok.pos_ in ("VERB", "AUX")
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
        ):
            break  # a clause with its own subject keeps its own modality
        gov = tok.head
        if gov.pos_ in ("VERB", "AUX"):
            found = _GOVERNORS.get(gov.lemma_.lower())
            if found and tok.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "prep", "oprd"):
                return found
            if tok.dep_ in ("xcomp", "ccomp", "conj"):
                own = _own_modality(gov)
                if own:
                    return own
                if tok.dep_ == "ccomp":
                    break  # reported speech: the reporting clause's tense does not carry over
        elif gov.pos_ == "ADJ" and gov.lemma_.lower() in _INTENT_ADJ and tok.dep_ == "xcomp":
            return "intended"
        elif gov.pos_ in ("NOUN", "PROPN"):
            found = modal_noun(gov)
            if found:
                return found
        tok = gov
    return default or "asserted"
