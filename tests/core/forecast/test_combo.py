"""The combination method: mean of the two best single methods of the backtest."""

import numpy as np
import pytest

from tests.core.forecast.builders import daily_history
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast import ForecastSettings, run_forecast
from wfm_desktop.core.forecast.backtest import MethodScore, backtest_rows, choose_method
from wfm_desktop.core.forecast.combine import combo_label, combo_members, combo_score, is_combo, with_combo


def _score(method, forecast, actual=(100.0, 200.0, 100.0), folds=2):
    return MethodScore(method, list(actual), list(forecast), [1, 2, 8], folds)


def test_combo_score_is_the_mean_of_the_members_fold_forecasts():
    scores = {
        "seasonal_naive": _score("seasonal_naive", [130.0, 260.0, 70.0]),
        "weekday_avg": _score("weekday_avg", [90.0, 180.0, 110.0]),
        "ets": _score("ets", [150.0, 150.0, 150.0]),
    }
    # WAPE: seasonal_naive 120/400, weekday_avg 40/400, ets 150/400 → the best two
    assert combo_members(scores, folds_run=2) == ("seasonal_naive", "weekday_avg")
    combined = combo_score(scores, ("seasonal_naive", "weekday_avg"))
    assert combined.forecast == [110.0, 220.0, 90.0]
    assert combined.actual == [100.0, 200.0, 100.0] and combined.lead_days == [1, 2, 8]
    assert combined.wape == pytest.approx(40.0 / 400.0)
    assert combined.bias == pytest.approx(20.0 / 400.0)
    assert combined.method == "combo(seasonal_naive+weekday_avg)"
    assert combined.members == ("seasonal_naive", "weekday_avg")


def test_combo_members_need_every_fold_and_at_least_two_methods():
    scores = {"weekday_avg": _score("weekday_avg", [90.0, 180.0, 110.0]), "ets": _score("ets", [100, 200, 100], folds=1)}
    assert combo_members(scores, folds_run=2) == ()  # ets missed a fold: one method left, no combination
    assert "combo" not in with_combo(scores, folds_run=2)
    assert combo_members(scores, folds_run=0) == ()


def test_auto_chooses_the_combination_when_its_errors_cancel_and_ties_go_to_the_single_method():
    over = _score("weekday_avg", [120.0, 240.0, 120.0])
    under = _score("ets", [80.0, 160.0, 80.0])
    scores = with_combo({"weekday_avg": over, "ets": under}, folds_run=2)
    assert scores["combo"].wape == pytest.approx(0.0)
    assert choose_method(scores, folds_run=2) == "combo"
    rows = backtest_rows("Q", scores, "combo")
    assert [(r["method"], r["chosen"]) for r in rows] == [
        ("weekday_avg", False), ("ets", False), ("combo(weekday_avg+ets)", True)
    ]
    same = with_combo({"weekday_avg": over, "ets": _score("ets", over.forecast)}, folds_run=2)
    assert choose_method(same, folds_run=2) == "weekday_avg"  # combo equals its members: the simpler wins


def test_combo_forecast_equals_the_mean_of_its_members_and_names_them():
    history = daily_history("2024-01-01", 7 * 20, noise=0.1, seed=5)
    settings = dict(horizon_days=14, folds=4)
    combo = run_forecast(history, ForecastSettings(method="combo", **settings))
    table = combo.backtest
    singles = table[~table["method"].map(is_combo)].sort_values("wape")
    members = tuple(m for m in ("seasonal_naive", "weekday_avg", "ets") if m in set(singles["method"].iloc[:2]))
    assert set(combo.daily["method"]) == {combo_label(members)}
    chosen = table[table["chosen"]]
    assert chosen["method"].tolist() == [combo_label(members)]
    points = [run_forecast(history, ForecastSettings(method=m, **settings)).daily["point"].to_numpy() for m in members]
    np.testing.assert_allclose(combo.daily["point"].to_numpy(), np.mean(points, axis=0))


def test_combo_intervals_come_from_its_backtest_errors_and_contain_the_point():
    history = daily_history("2024-01-01", 7 * 20, noise=0.1, seed=5)
    result = run_forecast(history, ForecastSettings(method="combo", horizon_days=14, folds=4, level=0.8))
    daily = result.daily
    open_days = daily["point"] > 0
    assert open_days.sum() == 10 and (daily.loc[~open_days, ["lower", "upper"]] == 0).all().all()
    assert (daily["lower"][open_days] < daily["point"][open_days]).all()
    assert (daily["upper"][open_days] > daily["point"][open_days]).all()
    # 10% noise: the 80% band is roughly ±13%, not a degenerate or a huge one
    width = (daily["upper"] - daily["lower"])[open_days] / daily["point"][open_days]
    assert ((width > 0.05) & (width < 0.6)).all()
    assert not any("prediction interval" in note for note in result.notes)


def test_auto_can_choose_the_combination_end_to_end():
    history = daily_history("2024-01-01", 7 * 20, noise=0.1, seed=5)
    result = run_forecast(history, ForecastSettings(method="auto", horizon_days=14, folds=4))
    table = result.backtest
    chosen = table[table["chosen"]]
    assert chosen["method"].iloc[0] == table["method"][table["wape"].idxmin()]
    assert is_combo(chosen["method"].iloc[0])  # with this seed the combination has the lowest backtest WAPE
    assert set(result.daily["method"]) == {chosen["method"].iloc[0]}


def test_combo_without_a_backtest_is_refused_with_a_message():
    history = daily_history("2024-01-01", 7 * 20, noise=0.1)
    with pytest.raises(WfmError, match="combo.*backtest"):
        run_forecast(history, ForecastSettings(method="combo", horizon_days=14, folds=0))


def test_auto_without_a_backtest_does_not_offer_the_combination():
    history = daily_history("2024-01-01", 7 * 20, noise=0.1)
    result = run_forecast(history, ForecastSettings(method="auto", horizon_days=14, folds=0))
    assert set(result.daily["method"]) == {"weekday_avg"}


def test_a_method_that_ran_on_the_recent_folds_only_is_compared_on_those_folds():
    from wfm_desktop.core.forecast.backtest import comparable

    def score(method, forecast, folds):
        days = [f for f in folds for _ in range(2)]
        return MethodScore(method, [100.0] * len(days), [forecast] * len(days), [1] * len(days), len(folds),
                           fold_of=days)

    scores = {"weekday_avg": score("weekday_avg", 110.0, [1, 2, 3, 4]), "harmonic": score("harmonic", 104.0, [1, 2])}
    compared, folds = comparable(scores, 4)
    assert folds == 2 and compared["weekday_avg"].fold_of == [1, 1, 2, 2]
    assert choose_method(compared, folds) == "harmonic"  # before: left out for missing two folds
    # one recent fold is too few to compare on: the long-history method is left out instead
    scores["harmonic"] = score("harmonic", 104.0, [1])
    compared, folds = comparable(scores, 4)
    assert folds == 4 and choose_method(compared, folds) == "weekday_avg"


def _folds(method, forecast):
    """One scored day of 100 contacts in each of four folds."""
    return MethodScore(method, [100.0] * 4, list(forecast), [1, 1, 1, 1], 4, fold_of=[1, 2, 3, 4])


def test_auto_pools_only_the_methods_validation_cannot_tell_from_the_best():
    from wfm_desktop.core.forecast.backtest import clearly_better

    best = _folds("weekday_avg", [101, 99, 102, 98])  # fold WAPEs 1%, 1%, 2%, 2%
    far = _folds("seasonal_naive", [120, 80, 125, 75])  # 20%, 20%, 25%, 25%
    near = _folds("ets", [98, 102, 99, 101])  # 2%, 2%, 1%, 1%
    # best − far per fold: −19, −19, −23, −23 points; mean −21, standard error 2.31/√4 = 1.15: clearly better
    assert clearly_better(best, far) and not clearly_better(best, near) and not clearly_better(near, best)
    assert combo_members({"weekday_avg": best, "seasonal_naive": far}, 4) == ("seasonal_naive", "weekday_avg")
    assert combo_members({"weekday_avg": best, "seasonal_naive": far}, 4, close_only=True) == ()
    assert combo_members({"weekday_avg": best, "ets": near}, 4, close_only=True) == ("weekday_avg", "ets")
    assert not clearly_better(_score("a", [100, 200, 100]), _score("b", [150, 250, 50]))  # one pool: cannot tell
