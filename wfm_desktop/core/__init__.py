"""The planner's core: pure Python (numpy, pandas, scipy, openpyxl). Never imports Qt."""
