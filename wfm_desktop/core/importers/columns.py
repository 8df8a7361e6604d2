"""Recognise columns by the names planners use, and parse their values.

Headers are matched after normalising (lower case, letters and digits only), so
"Calls Offered", "CALLS_OFFERED" and "calls offered (#)" are the same name.
Values are parsed column at a time (vectorised, over the distinct values), so
a million rows parse in well under a second.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd

from wfm_desktop.core.importers.numbers import NOT_NUMBERS, number_from_text

# Role -> normalised names, most specific first. A header matches a role when its
# normalised form equals a name, or starts/ends with one (for "calls offered total").
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "timestamp": ("intervalstart", "startinterval", "datetime", "timestamp", "starttime", "periodstart",
                  "intervalbegin", "datetimestart", "start", "intervaldatetime"),
    "date": ("date", "day", "calldate", "reportdate", "dateofcall", "businessdate", "dt"),
    "time": ("interval", "time", "period", "timeinterval", "halfhour", "quarterhour", "timeofday",
             "intervalnumber", "intervalno", "slot", "hour"),
    "queue": ("queue", "queuename", "skill", "skillname", "split", "splitname", "splitskill", "channel",
              "vdn", "application", "service", "campaign", "workgroup", "lineofbusiness", "lob"),
    "offered": ("offered", "callsoffered", "contactsoffered", "contacts", "volume", "received",
                "callsreceived", "incoming", "inboundcalls", "calls", "arrivals", "ncalls", "offeredcalls",
                "totalcalls", "inbound", "chatsoffered", "emailsreceived", "offer"),
    "handled": ("handled", "callshandled", "answered", "callsanswered", "acdcalls", "contactshandled",
                "handledcalls", "answeredcalls", "chatshandled"),
    "abandoned": ("abandoned", "callsabandoned", "abandons", "abandon", "abncalls", "aband", "abandonedcalls",
                  "abandcalls",
                  "abn", "contactsabandoned"),
    "aht": ("aht", "avghandletime", "averagehandletime", "handletime", "avghandlingtime", "averagehandlingtime",
            "ahts", "ahtsec", "ahtseconds", "ahtmin", "ahtminutes", "avgaht"),
    "talk": ("talk", "talktime", "avgtalk", "avgtalktime", "averagetalktime", "att", "avgacdtime", "acdtime"),
    "hold": ("hold", "holdtime", "avghold", "avgholdtime", "averageholdtime"),
    "wrap": ("acw", "wrap", "wrapup", "wraptime", "aftercallwork", "avgacw", "avgwrap", "avgacwtime",
             "avgwraptime", "avgwrapup", "acwtime", "averagewrapup", "averageacw"),
}

# The same roles as ACD and telephony exports write them in German, French, Spanish, Dutch,
# Portuguese and Italian (accents folded: "Durée" is "duree"). Words that are also English
# ("Data", "Interval") are matched like the English ones.
FOREIGN_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "de": {
        "timestamp": ("intervallbeginn", "intervallstart", "startzeit", "beginn", "zeitstempel", "datumuhrzeit"),
        "date": ("datum", "tag", "kalendertag"),
        "time": ("uhrzeit", "intervall", "zeitintervall", "zeitraum", "viertelstunde", "halbestunde"),
        "queue": ("warteschlange", "warteschlangenname", "gruppe", "kanal", "dienst", "anwendung"),
        "offered": ("anrufe", "angeboteneanrufe", "anrufeangeboten", "angeboten", "eingehendeanrufe",
                    "eingegangeneanrufe", "anzahlanrufe", "anrufeeingang", "kontakte"),
        "handled": ("angenommen", "angenommeneanrufe", "anrufeangenommen", "bearbeitet", "bearbeiteteanrufe",
                    "beantwortet", "beantworteteanrufe"),
        "abandoned": ("abgebrochen", "abgebrocheneanrufe", "anrufeabgebrochen", "aufgelegt", "verloren",
                      "verloreneanrufe", "abbrueche", "abbruche"),
        "aht": ("bearbeitungszeit", "durchschnittlichebearbeitungszeit", "dbearbeitungszeit",
                "mittlerebearbeitungszeit", "bearbeitungsdauer"),
        "talk": ("gesprachszeit", "gesprachsdauer", "sprechzeit", "durchschnittlichegesprachszeit"),
        "hold": ("haltezeit", "haltedauer"),
        "wrap": ("nachbearbeitung", "nachbearbeitungszeit", "nacharbeit", "nacharbeitszeit"),
    },
    "fr": {
        "timestamp": ("debutintervalle", "debutdintervalle", "horodatage", "dateetheure", "dateheure"),
        "date": ("jour", "datedujour", "dateappel"),
        "time": ("heure", "intervalle", "tranchehoraire", "plagehoraire", "creneau", "demiheure"),
        "queue": ("filedattente", "nomdelafile", "competence", "canal", "groupe", "groupedappel"),
        "offered": ("appels", "appelsofferts", "appelsrecus", "appelsentrants", "appelspresentes", "offerts",
                    "presentes", "recus", "nombredappels", "entrants"),
        "handled": ("appelstraites", "traites", "appelsrepondus", "repondus", "decroches", "appelsdecroches"),
        "abandoned": ("appelsabandonnes", "abandonnes", "abandons", "perdus", "appelsperdus"),
        "aht": ("dmt", "dureemoyennedetraitement", "tempsdetraitement", "dureedetraitement",
                "tempsmoyendetraitement"),
        "talk": ("tempsdeconversation", "dureedeconversation", "dureedecommunication", "dmc", "conversation"),
        "hold": ("misenattente", "tempsdemisenattente"),
        "wrap": ("postappel", "tempsdepostappel", "travailapresappel", "posttraitement"),
    },
    "es": {
        "timestamp": ("iniciointervalo", "iniciodelintervalo", "fechayhora", "fechahora", "marcadetiempo"),
        "date": ("fecha", "dia"),
        "time": ("hora", "intervalo", "franjahoraria", "franja", "tramohorario"),
        "queue": ("cola", "nombredecola", "servicio", "campana", "canal", "grupo"),
        "offered": ("llamadas", "llamadasofrecidas", "llamadasrecibidas", "llamadasentrantes", "ofrecidas",
                    "recibidas", "entrantes", "volumen", "contactos", "numerodellamadas"),
        "handled": ("llamadasatendidas", "atendidas", "contestadas", "llamadascontestadas", "llamadasrespondidas"),
        "abandoned": ("llamadasabandonadas", "abandonadas", "abandonos", "perdidas", "llamadasperdidas"),
        "aht": ("tmo", "tiempomediodeoperacion", "tiempomediodeatencion", "tiempopromediodeatencion",
                "tiempomediodegestion"),
        "talk": ("tiempodeconversacion", "conversacion", "tiempohablado"),
        "hold": ("tiempoenespera", "enespera", "tiempoderetencion", "retencion"),
        "wrap": ("tiempodepostllamada", "postllamada", "trabajoposterioralallamada", "posproceso"),
    },
    "nl": {
        "timestamp": ("starttijd", "begintijd", "tijdstip", "datumtijd", "begininterval"),
        "date": ("dag", "datumdag"),
        "time": ("tijd", "tijdvak", "kwartier", "halfuur", "uur"),
        "queue": ("wachtrij", "wachtrijnaam", "kanaal", "groep", "dienst"),
        "offered": ("aangeboden", "aangebodengesprekken", "inkomendegesprekken", "gesprekken", "oproepen",
                    "aantalgesprekken", "inkomend", "aantaloproepen", "aangebodenoproepen"),
        "handled": ("afgehandeld", "beantwoord", "beantwoordegesprekken", "afgehandeldegesprekken",
                    "aangenomen", "aangenomengesprekken"),
        "abandoned": ("verlaten", "opgehangen", "afgebroken", "verlorengesprekken", "verloren",
                      "verlatengesprekken", "afgebrokengesprekken"),
        "aht": ("afhandeltijd", "gemiddeldeafhandeltijd", "gat", "gemafhandeltijd", "behandeltijd"),
        "talk": ("gesprekstijd", "gespreksduur", "gemiddeldegespreksduur"),
        "hold": ("holdtijd", "parkeertijd"),
        "wrap": ("nawerktijd", "nawerk", "nabewerkingstijd", "nabewerking"),
    },
    "pt": {
        "timestamp": ("iniciodointervalo", "dataehora", "datahora"),
        "date": ("data", "dia"),
        "time": ("hora", "intervalo", "faixahoraria", "periodo"),
        "queue": ("fila", "filadeespera", "nomedafila", "servico", "canal", "grupo", "campanha"),
        "offered": ("chamadas", "chamadasoferecidas", "chamadasrecebidas", "oferecidas", "recebidas",
                    "chamadasentrantes", "ligacoes", "ligacoesrecebidas", "contatos"),
        "handled": ("chamadasatendidas", "atendidas", "ligacoesatendidas"),
        "abandoned": ("chamadasabandonadas", "abandonadas", "abandonos", "ligacoesabandonadas"),
        "aht": ("tma", "tempomediodeatendimento", "tempomedioatendimento"),
        "talk": ("tempodeconversacao", "tempofalado", "conversacao"),
        "hold": ("tempoemespera", "emespera"),
        "wrap": ("posatendimento", "tempodeposatendimento", "tpa"),
    },
    "it": {
        "timestamp": ("iniziointervallo", "dataeora", "dataora"),
        "date": ("giorno", "data"),
        "time": ("ora", "intervallo", "fasciaoraria", "orario"),
        "queue": ("coda", "nomecoda", "servizio", "canale", "gruppo"),
        "offered": ("chiamate", "chiamateofferte", "chiamatericevute", "chiamateentranti", "offerte",
                    "ricevute", "entranti", "contatti"),
        "handled": ("chiamategestite", "gestite", "risposte", "chiamaterisposte", "evase", "chiamateevase"),
        "abandoned": ("chiamateabbandonate", "abbandonate", "abbandoni", "perse", "chiamateperse"),
        "aht": ("tmg", "tempomediodigestione", "tempodigestione", "tempomediodiconversazionetotale"),
        "talk": ("tempodiconversazione", "conversazione", "parlato"),
        "hold": ("tempoinattesa", "inattesa"),
        "wrap": ("postchiamata", "tempodipostchiamata", "lavorazionepostchiamata"),
    },
}
for _language in FOREIGN_NAMES.values():
    for _role, _names in _language.items():
        ROLE_NAMES[_role] = ROLE_NAMES[_role] + tuple(n for n in _names if n not in ROLE_NAMES[_role])
# The queue's waiting times and staffing as ACD reports write them, in the same seven languages:
# what the callers' patience is estimated from (core/simulation/patience.py). Matched only by the
# whole name (after the unit, "ASA (s)"), because their words ("speed", "agents", "wait") are
# otherwise signs of a column that is not a volume or a handle time.
ACD_NAMES: dict[str, tuple[str, ...]] = {
    # average wait of the answered contacts
    "asa": ("asa", "averagespeedofanswer", "avgspeedofanswer", "speedofanswer", "avgspeedans", "averagespeedans",
            "averagespeedtoanswer", "avgspeedtoanswer", "avgtimetoanswer", "averagetimetoanswer",
            "avgwaitanswered", "averagewaitanswered", "avgwaittimeanswered", "averagewaittimeanswered",
            "avgdelayanswered", "averageanswerdelay", "avganswerdelay",
            # de, fr, es, nl, pt, it
            "durchschnittlichewartezeitangenommen", "wartezeitangenommen", "mittlerewartezeitangenommen",
            "annahmezeit", "durchschnittlicheannahmezeit", "mittlereannahmezeit",
            "tempsmoyendereponse", "delaimoyendereponse", "attentemoyennetraites", "tempsmoyendattentetraites",
            "tempsmoyendattentedecroches", "delaimoyendedecroche",
            "tiempomedioderespuesta", "velocidadmediaderespuesta", "velocidadpromediaderespuesta",
            "esperamediaatendidas", "tiempomediodeesperaatendidas",
            "antwoordsnelheid", "gemiddeldeantwoordsnelheid", "gemiddeldewachttijdbeantwoord",
            "wachttijdbeantwoord",
            "tempomediodeesperaatendidas", "velocidademediaderesposta", "tempomedioderesposta",
            "tempomediodiriposta", "tempomediodirisposta", "velocitamediadirisposta", "attesamediarisposte"),
    # average time the abandoned callers waited before hanging up
    "abandon_wait": ("avgabandontime", "averageabandontime", "avgabandtime", "avgabntime", "avgtimetoabandon",
                     "averagetimetoabandon", "avgabandondelay", "averageabandondelay", "avgabandonwait",
                     "averageabandonwait", "avgwaitabandoned", "averagewaitabandoned", "avgwaittimeabandoned",
                     "averagewaittimeabandoned", "avgtimebeforeabandon", "timetoabandon", "abandondelay",
                     "durchschnittlichewartezeitabgebrochen", "wartezeitabgebrochen", "wartezeitvorabbruch",
                     "zeitbisabbruch", "mittlerezeitbisabbruch",
                     "tempsmoyenavantabandon", "delaimoyenavantabandon", "tempsavantabandon",
                     "dureemoyenneavantabandon", "attentemoyenneabandons",
                     "tiempomedioabandono", "tiempomediodeabandono", "tiempomedioantesdeabandonar",
                     "tiempoantesdeabandono", "tiempopromediodeabandono",
                     "gemiddeldetijdtotophangen", "tijdtotophangen", "gemiddeldewachttijdverlaten",
                     "wachttijdverlaten", "gemiddeldetijdtotverlaten",
                     "tempomediodeabandono", "tempomedioateabandono", "tempoateabandono", "tempomedioabandono",
                     "tempomediodiabbandono", "tempomedioprimadellabbandono", "tempoprimadellabbandono",
                     "attesamediaabbandonate"),
    # total time all callers (answered and abandoned) spent waiting in the interval
    "wait_total": ("totalwaittime", "waittimetotal", "totalwait", "totalqueuetime", "queuetimetotal",
                   "totaldelay", "totaldelaytime", "sumwaittime", "totalwaitingtime",
                   "gesamtwartezeit", "wartezeitgesamt", "summewartezeit",
                   "tempsdattentetotal", "attentetotale", "dureetotaledattente", "tempstotaldattente",
                   "tiempototaldeespera", "esperatotal", "tiempodeesperatotal",
                   "totalewachttijd", "wachttijdtotaal",
                   "tempototaldeespera", "tempodeesperatotal",
                   "tempototalediattesa", "attesatotale"),
    # agents staffed (logged in) on the queue, on average over the interval
    "agents": ("agents", "agentsstaffed", "staffedagents", "agentsloggedin", "loggedinagents", "avgagentsstaffed",
               "averageagentsstaffed", "avgstaffed", "averagestaffed", "staffed", "avgposstaff", "avgposstaffed",
               "positionsstaffed", "agentsonduty",
               "agenten", "angemeldeteagenten", "agentenangemeldet", "angemeldetemitarbeiter",
               "mitarbeiterangemeldet",
               "agentsconnectes", "conseillersconnectes", "agentspresents", "conseillerspresents", "nombredagents",
               "agentes", "agentesconectados", "agenteslogueados", "agentesenturno", "numerodeagentes",
               "ingelogdeagenten", "agenteningelogd", "ingelogdemedewerkers", "aantalagenten",
               "agenteslogados", "atendenteslogados",
               "agenti", "agenticonnessi", "operatoriconnessi", "agentiloggati", "numerodiagenti"),
}
ACD_ROLES = tuple(ACD_NAMES)
FIELDS = ("timestamp", "date", "time", "queue", "offered", "handled", "abandoned", "aht", "talk", "hold", "wrap",
          *ACD_ROLES)
DURATION_ROLES = ("aht", "talk", "hold", "wrap")
VOLUME_ROLES = ("offered", "handled", "abandoned")
_SECOND_WORDS = ("s", "sec", "secs", "seconds", "second", "seg", "segs", "segundos", "sek", "sekunden",
                 "secondes", "secondi", "seconden")
_MINUTE_WORDS = ("min", "mins", "minutes", "minute", "minuten", "minutos", "minuti")
_UNIT_WORDS = ("sec", "secs", "seconds", "s", "min", "mins", "minutes", "hms", "mmss", "seg", "segs",
               "segundos", "sek", "sekunden", "secondes", "secondi", "seconden", "minuten", "minutos", "minuti")

MISSING_TEXT = frozenset({"", "-", "--", "n/a", "na", "nan", "null", "none", "#n/a", "#value!", "#div/0!", "."})
SUMMARY_WORDS = ("total", "grand total", "sum", "average", "avg", "mean", "subtotal", "summary")


def normalise(name: object) -> str:
    """``"Calls Offered (#)"`` -> ``"callsoffered"``; accents are folded (``"Durée"`` -> ``"duree"``)."""
    text = unicodedata.normalize("NFKD", str(name).lower().replace("ß", "ss"))
    return re.sub(r"[^a-z0-9]", "", text)


def unit_of(header: str) -> str | None:
    """``"s"`` or ``"min"`` when the header states a unit for a duration, else None."""
    words = re.findall(r"[a-z]+", str(header).lower())
    if any(w in _MINUTE_WORDS for w in words):
        return "min"
    if any(w in _SECOND_WORDS for w in words):
        return "s"
    return None


# Headers about rates, levels and staffing are never volumes, times or queues ("Service Level",
# "Abandon Rate", "Abandoned %", "ASA", "Calls per Agent", "Forecast Calls").
NOT_A_ROLE = ("level", "percent", "pct", "rate", "ratio", "speed", "occupancy", "agent", "staff", "forecast",
              "target", "longest", "shortest", "sla", "budget", "required",
              # the same in the six other languages: rates, service levels, staff, forecasts, waiting times
              "quote", "anteil", "servicegrad", "erreichbarkeit", "mitarbeiter", "prognose", "wartezeit",
              "taux", "niveau", "conseiller", "prevision", "tempsdattente", "tempsmoyendattente",
              "delaidattente", "delaimoyendattente",
              "tasa", "nivel", "porcentaje", "operador", "colaborador", "pronostico", "deespera",
              "wachttijd", "medewerker", "voorspelling", "bereikbaarheid",
              "taxa", "previsao", "atendente",
              "livello", "percentuale", "tasso", "operatore", "previsione", "diattesa")


def role_of(header: object) -> str | None:
    """The role a header names, or None. Exact names win over prefix/suffix matches."""
    norm = normalise(header)
    if not norm or "%" in str(header):
        return None
    acd = _acd_role(norm)
    if acd:
        return acd
    if any(word in norm for word in NOT_A_ROLE):
        return None
    stripped = norm
    for unit in _UNIT_WORDS:
        if stripped.endswith(unit) and len(stripped) > len(unit) + 1 and stripped[: -len(unit)] in _ALL_NAMES:
            stripped = stripped[: -len(unit)]
            break
    for candidate in (norm, stripped):
        for role, names in ROLE_NAMES.items():
            if candidate in names:
                return role
    # looser: "total calls offered", "calls offered today", "avg talk time (s)"
    best: tuple[int, str] | None = None
    for role, names in ROLE_NAMES.items():
        for name in names:
            if len(name) >= 4 and (norm.startswith(name) or norm.endswith(name)):
                if best is None or len(name) > best[0]:
                    best = (len(name), role)
    return best[1] if best else None


_ALL_NAMES = frozenset(n for names in ROLE_NAMES.values() for n in names)
_ACD_BY_NAME = {name: role for role, names in ACD_NAMES.items() for name in names}


def _acd_role(norm: str) -> str | None:
    """The waiting-time or staffing role a whole header names ("ASA (s)", "Avg Abandon Time"), or None."""
    if norm in _ACD_BY_NAME:
        return _ACD_BY_NAME[norm]
    for unit in _UNIT_WORDS:
        if norm.endswith(unit) and norm[: -len(unit)] in _ACD_BY_NAME:
            return _ACD_BY_NAME[norm[: -len(unit)]]
    return None


def recognise(headers: list[str]) -> dict[str, int]:
    """Map roles to column positions from header names (first column wins per role)."""
    roles: dict[str, int] = {}
    for index, header in enumerate(headers):
        role = role_of(header)
        if role and role not in roles:
            roles[role] = index
    return roles


# ---------------------------------------------------------------- value parsing

def as_categories(values: pd.Series) -> pd.Series:
    """Text/mixed columns as categoricals, so every later parse runs over distinct values only."""
    if values.dtype.kind in "fiubM" or isinstance(values.dtype, pd.CategoricalDtype):
        return values
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind == "datetime":  # a workbook column of real date-times: one vectorised conversion
        try:
            return pd.Series(pd.to_datetime(values).to_numpy(dtype="datetime64[ns]"), index=values.index)
        except (TypeError, ValueError, OverflowError):
            pass
    if kind in ("floating", "integer", "mixed-integer-float"):
        return pd.Series(values.to_numpy(dtype=float, na_value=np.nan), index=values.index)
    try:
        return values.astype("category")
    except (TypeError, ValueError):
        return values


def _by_categories(fn):
    """Decorator: a parser given a categorical runs on its categories and is spread back by code."""
    def wrapper(values: pd.Series, *args, **kwargs):
        if not isinstance(values.dtype, pd.CategoricalDtype):
            return fn(values, *args, **kwargs)
        categories = pd.Series(np.asarray(values.cat.categories, dtype=object), dtype=object)
        codes = values.cat.codes.to_numpy()
        missing = codes < 0
        take = np.where(missing, 0, codes)
        results = fn(categories, *args, **kwargs)
        out = []
        for part in (results if isinstance(results, tuple) else (results,)):
            if isinstance(part, np.ndarray):
                if len(part) == 0:
                    kind = part.dtype
                    part = np.zeros(1, dtype=kind)
                spread = part[take]
                if spread.dtype.kind == "f":
                    spread[missing] = np.nan
                elif spread.dtype.kind == "M":
                    spread[missing] = np.datetime64("NaT")
                elif spread.dtype.kind == "b":
                    spread[missing] = False
                part = spread
            out.append(part)
        return tuple(out) if isinstance(results, tuple) else out[0]
    wrapper.__doc__ = fn.__doc__
    wrapper.__name__ = fn.__name__
    return wrapper


def _per_unique(values: pd.Series, test) -> np.ndarray:
    """Apply a boolean `test` to each distinct value only, and spread it back (fast on repeats)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        uniques = np.asarray(values.cat.categories, dtype=object)
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    flags = np.fromiter((bool(test(u)) for u in uniques), dtype=bool, count=len(uniques))
    if len(flags) == 0:
        return np.zeros(len(values), dtype=bool)
    return np.where(codes < 0, False, flags[np.where(codes < 0, 0, codes)])


def is_missing_text(values: pd.Series) -> np.ndarray:
    """True where a cell is empty or a conventional 'no value' text ("-", "n/a")."""
    na = values.isna().to_numpy()
    if values.dtype.kind in "fiubM":
        return na
    return na | _per_unique(values, lambda u: isinstance(u, str) and u.strip().lower() in MISSING_TEXT)


@_by_categories
def parse_numbers(values: pd.Series, *, decimal_comma: bool = False,
                  nan_is_missing: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Floats and a mask of cells that held text that is not a number.

    Empty cells and "-", "n/a" give NaN without being flagged; "nan", "inf" and
    1e400 are flagged. Text cells are read as written (:mod:`.numbers`): a cell
    whose shape is unambiguous ("12,5", "1.234,5", "1,234.5") by its own
    separator, an ambiguous one ("1,234") with a decimal comma when
    `decimal_comma`, else with a decimal point. `nan_is_missing` lets a
    written "NaN" mean an empty cell (handle times of intervals without calls).
    """
    if values.dtype.kind in "fiub":
        out = values.to_numpy(dtype=float)
        return out, np.isinf(out)
    is_text = (values.map(type) == str).to_numpy()
    as_num = pd.to_numeric(values.where(~is_text), errors="coerce")
    out = np.array(as_num.to_numpy(dtype=float, na_value=np.nan), copy=True)
    bad = np.isinf(out)
    if is_text.any():
        idx = np.flatnonzero(is_text)
        texts = values.iloc[idx]
        codes, uniques = pd.factorize(texts, use_na_sentinel=True)
        parsed = np.array([number_from_text(u, comma_decimal=decimal_comma) for u in uniques], dtype=float)
        out[idx] = parsed[codes] if len(parsed) else np.nan
        written = np.array([_is_not_a_number(u, nan_is_missing) for u in uniques], dtype=bool)
        bad[idx] = written[codes] if len(written) else False
    bad = bad | (np.isnan(out) & ~is_missing_text(values))
    return out, bad


def _is_not_a_number(text: str, nan_is_missing: bool) -> bool:
    """"inf", "NaN" (unless it may mean empty) and numbers beyond float range (1e400) are errors, not blanks."""
    word = text.strip().lower()
    if word in NOT_NUMBERS:
        return not (nan_is_missing and "nan" in word)
    return bool(_OVERFLOW.fullmatch(word))


_OVERFLOW = re.compile(r"[+-]?\d*\.?\d+e[+-]?\d{3,}")


def _via_uniques(values: pd.Series, parse) -> np.ndarray:
    """Apply `parse` to the distinct values only (dates repeat a lot) and map back."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = parse(pd.Series(uniques, dtype=object))
    parsed = np.asarray(parsed)
    if len(parsed) == 0:
        return np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    out = parsed[np.where(codes < 0, 0, codes)]
    if out.dtype.kind == "M":
        out = out.astype("datetime64[ns]")
        out[codes < 0] = np.datetime64("NaT")
    else:
        out = out.astype(float)
        out[codes < 0] = np.nan
    return out


_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d-%m-%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p",
    "%d/%m/%Y %I:%M %p", "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p", "%d/%m/%y %H:%M", "%m/%d/%y %H:%M",
    "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%m/%d/%y",
    "%d-%b-%Y", "%d %b %Y", "%b %d %Y", "%b %d, %Y", "%A, %B %d, %Y", "%a %d/%m/%Y", "%Y%m%d",
)


def _best_format(sample: pd.Series, formats) -> str | None:
    """The format that parses most of `sample`; ties go to the one whose dates run in order."""
    best, best_score = None, (0, -1.0, -np.inf)
    for fmt in formats:
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
        ok = int(parsed.notna().sum())
        if ok == 0:
            continue
        days = parsed.dropna()
        steps = days.diff().dropna()
        order = float((steps >= pd.Timedelta(0)).mean()) if len(days) > 1 else 0.0
        forward = steps[steps > pd.Timedelta(0)]
        closeness = -float(forward.median() / pd.Timedelta(days=1)) if len(forward) else 0.0
        score = (ok, order, closeness)  # then: consecutive dates a day apart, not a month
        if score > best_score:
            best, best_score = fmt, score
    return best


def _excel_serial(numbers: np.ndarray) -> np.ndarray:
    """Excel serial day numbers (1900 system) -> datetime64[ns]; NaN -> NaT.

    Excel counts a 29 February 1900 that never was (Lotus 1-2-3's leap-year bug),
    so serials 1-59 are 1900-01-01..1900-02-28 (day 0 is 1899-12-31), 60 is that
    phantom day (NaT: the caller reports it with its row and column) and 61 on is
    the usual count from 1899-12-30: 61 -> 1900-03-01, 45292 -> 2024-01-01.
    """
    out = np.full(len(numbers), np.datetime64("NaT"), dtype="datetime64[ns]")
    early = np.isfinite(numbers) & (numbers >= 1) & (numbers < 60)
    late = np.isfinite(numbers) & (numbers >= 61) & (numbers < 2958466)
    for ok, epoch in ((early, "1899-12-31"), (late, "1899-12-30")):
        ms = np.round(numbers[ok] * 86_400_000.0).astype("int64")
        out[ok] = np.datetime64(epoch, "ns") + ms.astype("timedelta64[ms]").astype("timedelta64[ns]")
    return out


def is_excel_phantom_day(values: pd.Series) -> np.ndarray:
    """Cells holding Excel serial 60 (the 29 February 1900 that does not exist)."""
    numbers = pd.to_numeric(values.astype(object).map(
        lambda v: v if isinstance(v, (int, float)) and not isinstance(v, bool) else np.nan), errors="coerce")
    numbers = numbers.to_numpy(dtype=float)
    return np.isfinite(numbers) & (numbers >= 60) & (numbers < 61)


@_by_categories
def parse_datetimes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """datetime64[ns] values and a mask of cells that held something unparseable.

    Accepts datetime/date objects (workbooks), Excel serial numbers and text in
    the common orders (ISO, day-first, month-first; the order is decided by the
    whole column, not cell by cell).
    """
    if values.dtype.kind == "M":
        out = values.to_numpy(dtype="datetime64[ns]")
        return out, np.zeros(len(out), dtype=bool)
    missing = is_missing_text(values)
    if values.dtype.kind in "fiu":
        out = _excel_serial(values.to_numpy(dtype=float))
        return out, np.isnat(out) & ~missing

    def parse(uniques: pd.Series) -> np.ndarray:
        result = np.full(len(uniques), np.datetime64("NaT"), dtype="datetime64[ns]")
        is_obj = uniques.map(lambda v: isinstance(v, (dt.datetime, dt.date, pd.Timestamp))).to_numpy(dtype=bool)
        if is_obj.any():
            result[is_obj] = pd.to_datetime(uniques[is_obj].map(
                lambda v: v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day))).to_numpy(
                dtype="datetime64[ns]")
        is_num = uniques.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).to_numpy(dtype=bool)
        if is_num.any():
            result[is_num] = _excel_serial(uniques[is_num].to_numpy(dtype=float))
        rest = ~(is_obj | is_num)
        if rest.any():
            # "2024-03-31T08:00:00+02:00" / "…Z": the wall-clock part is kept (see utc_offsets)
            text = uniques[rest].astype("str").str.strip().str.replace(_OFFSET_RE, "", regex=True)
            fmt = _best_format(text.head(500), _DATETIME_FORMATS)
            if fmt is not None:
                parsed = pd.to_datetime(text, format=fmt, errors="coerce")
                left = parsed.isna()
                if left.any():  # mixed formats in one column: try each remaining format
                    for other in _DATETIME_FORMATS:
                        parsed[left] = pd.to_datetime(text[left], format=other, errors="coerce")
                        left = parsed.isna()
                        if not left.any():
                            break
                result[rest] = parsed.to_numpy(dtype="datetime64[ns]")
        return result

    out = _via_uniques(values, parse)
    return out, np.isnat(out) & ~missing


_OFFSET_RE = r"(?<=\d)\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$"


def utc_offsets(values: pd.Series) -> list[str]:
    """The distinct UTC offsets written in a text timestamp column ("Z", "+02:00"), sampled."""
    if values.dtype.kind in "fiubM":
        return []
    sample = values.dropna().astype(object)
    sample = sample[sample.map(lambda v: isinstance(v, str))].head(5000)
    found = sample.str.strip().str.extract(r"(?<=\d)\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})$")[0].dropna()
    return sorted(set(found.str.replace("UTC", "Z").str.replace("GMT", "Z").tolist()))


def to_local_time(values: pd.Series, zone: str) -> np.ndarray:
    """Timestamps with UTC offsets converted to `zone`'s local wall-clock time (naive datetime64[ns])."""
    text = values.astype(object).map(lambda v: v.strip() if isinstance(v, str) else v)
    parsed = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
    return parsed.dt.tz_convert(zone).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")


_TIME_RE = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?", re.IGNORECASE)
_HHMM_RE = re.compile(r"^\s*(\d{2})(\d{2})\s*(?:[-–]\s*\d{4}\s*)?$")


def time_text_minutes(text: str) -> float:
    """Minutes after midnight of a time-of-day text ("08:30", "8:30 PM", "08:30-08:45", "0830"); NaN if none."""
    match = _TIME_RE.match(text) or None
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        second = int(match.group(3) or 0)
        ampm = (match.group(4) or "").lower().replace(".", "")
        if ampm:
            if not 1 <= hour <= 12:
                return np.nan
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 24 or minute > 59 or second > 59:
            return np.nan
        return hour * 60 + minute + second / 60
    match = _HHMM_RE.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return hour * 60 + minute
    return np.nan


def _value_minutes(value) -> float:
    if value is None:
        return np.nan
    if isinstance(value, dt.datetime):
        return value.hour * 60 + value.minute + value.second / 60
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute + value.second / 60
    if isinstance(value, (dt.timedelta, pd.Timedelta)):
        return value.total_seconds() / 60
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        v = float(value)
        return v * 1440 if 0 <= v < 1 else np.nan
    if isinstance(value, str):
        return time_text_minutes(value)
    return np.nan


@_by_categories
def parse_times_of_day(values: pd.Series, slot_min: int | None = None) -> tuple[np.ndarray, np.ndarray, str]:
    """Minutes after midnight, a mask of unparseable cells, and how the column was read.

    Accepts text times and ranges ("08:30", "8:30 AM", "08:30-08:45": the start
    is used), Excel time values (fractions of a day) and interval numbers
    (1..96 = 15-minute slots from 00:00, 1..48 = 30-minute, 1..24 = hours,
    1..288 = 5-minute; 0-based numbering is detected too).
    """
    missing = is_missing_text(values)
    present = ~missing
    head = values[present][:50]
    if values.dtype.kind in "fiu":
        num = values.to_numpy(dtype=float)
    elif len(head) and pd.to_numeric(head, errors="coerce").notna().all():
        num = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    else:
        num = np.full(len(values), np.nan)
    if present.any() and np.isfinite(num[present]).all():
        vals = num[present]
        if (vals >= 0).all() and (vals < 1).all():
            minutes = np.round(num * 1440, 6)
            return minutes, np.zeros(len(num), dtype=bool), "Excel time values"
        if (vals == np.round(vals)).all() and vals.min() >= 0:
            low, high = int(vals.min()), int(vals.max())
            base = 0 if low == 0 else 1
            choices = ((24, 60), (48, 30), (96, 15), (144, 10), (240, 6), (288, 5))
            for slots, length in [c for c in choices if slot_min in (None, c[1])]:
                if high - base < slots:
                    minutes = (num - base) * length
                    how = f"interval numbers {low}–{high} as {length}-minute slots numbered from {base} at 00:00"
                    return minutes, np.zeros(len(num), dtype=bool), how
            if vals.max() <= 2359 and (np.mod(vals, 100) < 60).all() and vals.max() >= 100:
                minutes = np.floor(num / 100) * 60 + np.mod(num, 100)
                return minutes, np.zeros(len(num), dtype=bool), "times written as hhmm numbers"
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = np.array([_value_minutes(v) for v in uniques], dtype=float)
    out = parsed[np.where(codes < 0, 0, codes)] if len(parsed) else np.full(len(values), np.nan)
    out[codes < 0] = np.nan
    bad = np.isnan(out) & ~missing
    return out, bad, "times of day"


@_by_categories
def parse_durations(values: pd.Series, unit: str | None) -> tuple[np.ndarray, np.ndarray, str]:
    """Seconds, a mask of unparseable cells, and how the unit was decided.

    Text "mm:ss" or "hh:mm:ss" (a value under 1 hour as "m:ss" when the first part
    is < 60 and there are two parts), Excel time values (time/timedelta objects, or
    fractions of a day when every value is below 1), or plain numbers in the
    header's unit; plain numbers with no unit are seconds, unless every value is
    below 30, when they are read as minutes (said in the report).
    """
    missing = is_missing_text(values)
    if values.dtype.kind not in "fiu":
        def one(value) -> float:
            if isinstance(value, (dt.time, dt.datetime)):
                return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
            if isinstance(value, (dt.timedelta, pd.Timedelta)):
                return value.total_seconds()
            if isinstance(value, str) and ":" in value:
                parts = value.strip().split(":")
                try:
                    nums = [float(p.replace(",", ".")) for p in parts]
                except ValueError:
                    return np.nan
                if len(nums) == 2:
                    return nums[0] * 60 + nums[1]
                if len(nums) == 3:
                    return nums[0] * 3600 + nums[1] * 60 + nums[2]
                return np.nan
            return -1.0  # numeric-or-junk, decided below

        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        parsed = np.array([one(v) for v in uniques], dtype=float)
        per_cell = parsed[np.where(codes < 0, 0, codes)] if len(parsed) else np.full(len(values), np.nan)
        per_cell[codes < 0] = np.nan
        structured = ~np.isnan(per_cell) & (per_cell >= 0)
        if structured.any() and not (per_cell == -1.0).any():
            return per_cell, np.isnan(per_cell) & ~missing, "times (mm:ss / hh:mm:ss / Excel time)"
        numbers, bad = parse_numbers(values, nan_is_missing=True)
        numbers = np.where(structured, np.nan, numbers)
        bad = bad & ~structured
    else:
        numbers = values.to_numpy(dtype=float)
        bad = np.isinf(numbers)  # "inf" read by the CSV parser: not a duration
        structured = np.zeros(len(values), dtype=bool)
    finite = numbers[np.isfinite(numbers)]
    how = "seconds"
    if unit == "min":
        numbers = numbers * 60
        how = "minutes (from the header)"
    elif unit is None and len(finite) and (finite >= 0).all() and (finite < 1).all() and finite.max() > 0:
        numbers = numbers * 86400
        how = "Excel time values (fractions of a day)"
    elif unit is None and len(finite) and finite.max() < 30 and finite.max() > 0:
        numbers = numbers * 60
        how = "minutes (every value is below 30, too short to be seconds)"
    if structured.any():
        numbers = np.where(structured, per_cell, numbers)
    return numbers, bad, how


def is_summary_text(values: pd.Series) -> np.ndarray:
    """True where a cell reads like a totals row label ("Total", "Grand total", "Average")."""
    if values.dtype.kind in "fiubM":
        return np.zeros(len(values), dtype=bool)
    return _per_unique(values, lambda u: isinstance(u, str) and u.strip().lower().startswith(SUMMARY_WORDS))
