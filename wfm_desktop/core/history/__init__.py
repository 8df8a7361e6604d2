"""The history: contacts per queue and interval, its interval grid, and the bundled sample."""
