"""Headers as ACD exports write them in German, French, Spanish, Dutch, Portuguese and Italian,
and a text column with few names read as the queue."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.importers import import_history
from wfm_desktop.core.importers.columns import role_of

from .builders import hhmm, volumes, write_csv

# date, time of day, queue, offered, handled, abandoned, AHT (seconds) as each language's exports head them
HEADERS = {
    "de": ("Datum", "Intervall", "Warteschlange", "Angebotene Anrufe", "Angenommene Anrufe",
           "Abgebrochene Anrufe", "Ø Bearbeitungszeit (s)"),
    "fr": ("Date", "Tranche horaire", "File d'attente", "Appels offerts", "Appels traités",
           "Appels abandonnés", "DMT (s)"),
    "es": ("Fecha", "Intervalo", "Cola", "Llamadas ofrecidas", "Llamadas atendidas",
           "Llamadas abandonadas", "TMO (seg)"),
    "nl": ("Datum", "Tijd", "Wachtrij", "Aangeboden gesprekken", "Beantwoorde gesprekken",
           "Verlaten", "Gem. afhandeltijd (sec)"),
    "pt": ("Data", "Hora", "Fila", "Chamadas oferecidas", "Chamadas atendidas",
           "Chamadas abandonadas", "TMA (s)"),
    "it": ("Data", "Intervallo", "Coda", "Chiamate offerte", "Chiamate gestite",
           "Chiamate abbandonate", "TMG (sec)"),
}
ROLES = ("date", "time", "queue", "offered", "handled", "abandoned", "aht")

# Measures that must never be read as volumes, times or queues in the same exports.
NOT_ROLES = ["Servicegrad", "Abbruchquote", "Wartezeit", "Taux d'abandon", "Temps d'attente moyen",
             "Niveau de service", "Nivel de servicio", "Tiempo medio de espera", "Servicelevel",
             "Wachttijd", "Nível de serviço", "Tempo médio de espera", "Livello di servizio",
             "Tempo medio di attesa", "Tasso di abbandono", "Mitarbeiter", "Prévision"]


@pytest.mark.parametrize("language", sorted(HEADERS))
def test_headers_name_their_roles(language):
    assert [role_of(h) for h in HEADERS[language]] == list(ROLES)


@pytest.mark.parametrize("header", NOT_ROLES)
def test_rates_and_waits_are_not_roles(header):
    assert role_of(header) is None


def _export(vol: pd.DataFrame, headers: tuple[str, ...], *, date_format: str) -> pd.DataFrame:
    date, time, queue, offered, handled, abandoned, aht = headers
    return pd.DataFrame({
        date: vol["start"].dt.strftime(date_format),
        time: vol["start"].map(hhmm),
        queue: vol["queue"],
        offered: vol["offered"],
        handled: vol["handled"],
        abandoned: vol["abandoned"],
        aht: vol["aht_s"].astype(int),
    })


@pytest.mark.parametrize("language", sorted(HEADERS))
def test_a_whole_export_imports_without_a_map(tmp_path, language):
    vol = volumes(days=7)
    headers = HEADERS[language]
    # continental exports: semicolons and day-first dates
    path = write_csv(tmp_path / f"{language}.csv", _export(vol, headers, date_format="%d.%m.%Y"), sep=";")
    result = import_history(path)
    assert not result.errors
    mapping = result.mapping
    assert [getattr(mapping, role) for role in ROLES] == list(headers)
    frame = result.history.frame.sort_values(["queue", "start"]).reset_index(drop=True)
    expected = vol.sort_values(["queue", "start"]).reset_index(drop=True)
    assert frame["queue"].astype(str).tolist() == expected["queue"].tolist()
    assert frame["start"].tolist() == expected["start"].tolist()
    np.testing.assert_array_equal(frame["offered"].to_numpy(), expected["offered"].to_numpy(dtype=float))
    np.testing.assert_array_equal(frame["aht_s"].to_numpy(), expected["aht_s"].to_numpy())


def test_the_german_export_of_the_issue(tmp_path):
    """`Datum`, `Intervall`, `Warteschlange`, `Anrufe`: every column recognised by name."""
    vol = volumes(days=3)
    frame = pd.DataFrame({"Datum": vol["start"].dt.strftime("%d.%m.%Y"), "Intervall": vol["start"].map(hhmm),
                          "Warteschlange": vol["queue"], "Anrufe": vol["offered"]})
    result = import_history(write_csv(tmp_path / "de.csv", frame, sep=";"))
    m = result.mapping
    assert (m.date, m.time, m.queue, m.offered) == ("Datum", "Intervall", "Warteschlange", "Anrufe")
    assert sorted(result.history.queues) == ["Sales", "Support"]


def test_a_text_column_with_few_names_is_read_as_the_queue(tmp_path):
    vol = volumes(days=3)
    frame = pd.DataFrame({"Date": vol["start"].dt.strftime("%Y-%m-%d"), "Time": vol["start"].map(hhmm),
                          "Team": vol["queue"], "Comment": [f"note {i}" for i in range(len(vol))],
                          "Calls": vol["offered"]})
    result = import_history(write_csv(tmp_path / "team.csv", frame))
    assert result.mapping.queue == "Team"
    assert sorted(result.history.queues) == ["Sales", "Support"]
    totals = result.history.frame.groupby("queue", observed=True)["offered"].sum()
    assert totals.to_dict() == vol.groupby("queue")["offered"].sum().astype(float).to_dict()
    said = [f for f in result.findings if f.severity == "info" and "read as the queue" in f.message]
    assert len(said) == 1 and '"Team"' in said[0].message and '"Sales"' in said[0].message


def test_free_text_is_not_a_queue(tmp_path):
    vol = volumes(days=2, queues=("Sales",))
    frame = pd.DataFrame({"Date": vol["start"].dt.strftime("%Y-%m-%d"), "Time": vol["start"].map(hhmm),
                          "Comment": [f"note {i}" for i in range(len(vol))], "Calls": vol["offered"]})
    result = import_history(write_csv(tmp_path / "notes.csv", frame))
    assert result.mapping.queue is None
    assert result.history.queues == ["notes"]


def test_a_named_queue_is_not_overridden_by_a_guess(tmp_path):
    vol = volumes(days=2)
    frame = pd.DataFrame({"Date": vol["start"].dt.strftime("%Y-%m-%d"), "Time": vol["start"].map(hhmm),
                          "Team": vol["queue"], "Calls": vol["offered"]})
    result = import_history(write_csv(tmp_path / "t.csv", frame), mapping={"queue_name": "Inbound"})
    assert result.mapping.queue is None
    assert result.history.queues == ["Inbound"]
