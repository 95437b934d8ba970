from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dateline.nlp.casing import gather_evidence, line_style, recase

BODY = (
    "Officials said on Monday that the minister accepted an invitation to visit the region.\n"
    "The talks with Arlena Voss, the envoy, were held in Northport. NATO observers attended."
)


def test_title_case_headline_is_sentence_cased_but_names_kept() -> None:
    ev = gather_evidence(BODY)
    out = recase("Minister Accepts Invitation to Visit Northport Talks With Voss", ev)
    assert out == "Minister accepts invitation to visit Northport talks with Voss"


def test_shouted_headline_and_dateline() -> None:
    text = "ENVOY VOSS ACCEPTED INVITATION IN NORTHPORT FOR TALKS .\nNORTHPORT 2023-01-05\n" + BODY
    out = recase(text)
    lines = out.splitlines()
    assert lines[0] == "Envoy Voss accepted invitation in Northport for talks ."
    assert lines[1] == "Northport 2023-01-05"


def test_acronyms_seen_in_body_stay_upper() -> None:
    assert recase("NATO TALKS HELD\n" + BODY).startswith("NATO talks held")


def test_normal_lines_untouched() -> None:
    assert recase(BODY) == BODY
    assert line_style("The talks with Voss were held.") == "normal"


@given(st.text(max_size=300))
def test_recase_keeps_length_and_letters(text: str) -> None:
    out = recase(text)
    assert len(out) == len(text)
    assert out.lower() == text.lower() or out == text


@given(st.text(alphabet=st.sampled_from("ABCab .,!\n\"0123-"), max_size=200))
def test_needs_recase_agrees_with_line_style(text: str) -> None:
    from dateline.nlp.casing import needs_recase

    assert needs_recase(text) == any(line_style(line) != "normal" for line in text.splitlines())
