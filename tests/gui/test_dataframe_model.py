import numpy as np
import pandas as pd
from PySide6.QtCore import Qt

from wfm_desktop.gui.models.dataframe_model import DataFrameModel


def test_model_shows_formats_and_sorts():
    frame = pd.DataFrame({"queue": ["b", "a", "c"], "agents": [3, 1, 2], "sl": [0.5, np.nan, 0.9]})
    model = DataFrameModel()
    model.set_frame(frame, headers={"sl": "Service level"}, formatters={"sl": lambda v: "" if np.isnan(v) else f"{v:.0%}"})
    assert (model.rowCount(), model.columnCount()) == (3, 3)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Service level"
    assert model.data(model.index(0, 2)) == "50%"
    assert model.data(model.index(1, 2)) == ""
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["a", "c", "b"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["c", "b", "a"]
    assert model.source_row(0) == 2


def test_whole_number_float_columns_show_no_decimals():
    import numpy as np
    import pandas as pd
    from PySide6.QtCore import Qt

    from wfm_desktop.gui.models.dataframe_model import DataFrameModel

    model = DataFrameModel()
    model.set_frame(pd.DataFrame({"req": [14.0, 1500.0, np.nan], "value": [25.5, 3.0, 1.25]}))
    cell = lambda r, c: model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)  # noqa: E731
    assert [cell(r, 0) for r in range(3)] == ["14", "1,500", ""]
    assert [cell(r, 1) for r in range(3)] == ["25.50", "3.00", "1.25"]
