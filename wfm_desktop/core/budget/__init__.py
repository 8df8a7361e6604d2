"""The budget: cost inputs, planning periods, the capacity (hiring) plan and the monthly budget."""
