"""'TIP' introduced as a police task force's acronym is not the US report (our own words)."""

from __future__ import annotations

from monitor.analysis.classifier import classify
from monitor.analysis.rules import load_rules

RULES = load_rules()


def test_a_task_force_called_tip_is_not_the_report() -> None:
    # The acronym given to the unit, then "the TIP case" and a dated quote: words that, near a
    # bare "TIP", otherwise read as the report's.
    text = ("SURABAYA - The regional police's Trafficking Crime Task Force or TIP has named 38 people as "
            "suspects. They were held between 2 and 19 May.\n"
            "\"So far the number of suspects in the TIP case is 38,\" said the head of the police public "
            "relations office, Senior Commissioner Dwi Santoso, on Monday, May 20.")
    verdict = classify("Police name 38 trafficking suspects", text, RULES)
    assert verdict.related and not verdict.flagged


def test_a_task_force_with_tip_in_brackets_is_not_the_report() -> None:
    text = ("The Trafficking Crime Task Force (TIP) of the national police rescued 61 women from a "
            "trafficking ring in Batam, a spokesman said.")
    assert not classify("Women rescued in Batam", text, RULES).flagged


def test_the_report_is_still_the_report_beside_a_task_force() -> None:
    text = ("The police Task Force or TIP arrested 12 people. Separately, the US State Department's "
            "Trafficking in Persons report kept Indonesia on Tier 2 this year.")
    assert classify("Trafficking arrests", text, RULES).flagged
