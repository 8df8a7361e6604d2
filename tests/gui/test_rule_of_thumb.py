"""The rule of thumb in the Calculator, beside Erlang C with both shrinkage conventions; the CLI's warning."""

from __future__ import annotations

import pytest

from wfm_desktop.cli import main
from wfm_desktop.gui.widgets.rule_of_thumb import WHY, RuleOfThumbBox, conventions_sentence


def test_the_classic_example_gives_19_then_25_or_28(qtbot):
    box = RuleOfThumbBox()
    qtbot.addWidget(box)
    # 1,200 × 6 ÷ (450 × 0.85) = 18.82 → 19; × 1.30 = 24.7 → 25; ÷ 0.70 = 27.14 → 28
    assert box.figures["live"].text() == "18.8 → 19"
    assert box.figures["divide"].text() == "19 ÷ 0.70 = 27.1 → 28"
    assert box.figures["multiply"].text() == "19 × 1.30 = 24.7 → 25 (understates)"
    assert "Shrinkage is a share of paid time" in box.why.text()
    assert "28 paid agents 28 × 0.70 = 19.6 are available" in box.explanation.text()


def test_changing_an_input_recomputes_and_no_shrinkage_needs_no_grossing(qtbot):
    box = RuleOfThumbBox()
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.computed):
        box.contacts.setValue(2400)  # twice the calls: 37.6 → 38 live agents
    assert box.figures["live"].text() == "37.6 → 38"
    with qtbot.waitSignal(box.computed):
        box.shrinkage.setValue(0)
    assert box.figures["divide"].text().endswith("→ 38") and box.figures["multiply"].text().endswith("→ 38")
    box.classic_example()
    assert box.figures["live"].text() == "18.8 → 19"


def test_the_calculator_shows_both_conventions_beside_erlang_c(main_window, qtbot):
    main_window.show_page("Calculator")
    page = main_window.page("Calculator")
    page.reset_example()  # 100 contacts, 30 min, 180 s, 80/20, 30% shrinkage: 14 net, 20 gross
    qtbot.waitUntil(lambda: page.figures["agents_net"].text() == "14"
                    and page.conventions.text().startswith("Gross 20"), timeout=5000)
    assert page.conventions.text() == conventions_sentence(14, 0.3)
    assert "gives 19, of whom 13.3 are available (fewer than 14): it understates the staff by 1" in page.conventions.text()
    assert page.conventions.toolTip() == WHY
    assert page.rule.figures["live"].text() == "18.8 → 19"  # the classic example beside it


@pytest.mark.parametrize("extra,warned", [(["--convention", "multiply"], True), ([], False),
                                          (["--convention", "multiply", "--shrinkage", "0"], False)])
def test_the_cli_multiply_convention_warns_on_stderr(capsys, extra, warned):
    args = ["erlang", "--contacts", "100", "--interval-min", "30", "--aht-s", "180", "--shrinkage", "0.3"]
    assert main(args + extra) == 0
    captured = capsys.readouterr()
    assert ("19 gross" in captured.out) == ("multiply" in extra and "0" not in extra[-1:])
    if warned:
        assert captured.err.startswith("warning: --convention multiply")
        assert "14 net agents give 19 by multiplying, of whom 13.3 are available (fewer than 14); dividing gives 20" \
            in captured.err
    else:
        assert "warning" not in captured.err
