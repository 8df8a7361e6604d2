"""Staffing: Erlang C and A, chat, deferred work, shrinkage, and the one interval engine."""
