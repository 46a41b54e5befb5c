"""V8 parity of the sandbox's Intl/toLocale* and web-platform shims (runner/sandbox/js/*.js).

Why: Dodo's dashboard runs transforms in V8. Every expression below runs once in node 20 (TZ=UTC,
all cases in one process) and once in a fresh QuickJS context that evaluated intl.js and web.js;
the JSON-encoded results, or the thrown error's name, must be identical.

The oracle is node 20.20 (V8 11.3, ICU 78.2 / CLDR 48): the node major version and ICU version
that intl_data.js's header records, which the tests check before comparing. Cases tagged "node20"
pin behaviour of that V8/ICU pair that other V8 builds do differently (hour12:false -> h24 in
en-US, offset time zones rejected, en-GB hour12 -> h11); a host with an older ICU (< 72) would
also differ in the U+202F before AM/PM that formatToParts keeps, and CLDR < 42 in the " at "
date-time glue. intl_data.js itself must be what scripts/gen_intl_data.js writes under that node.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import quickjs

from runner.sandbox.engine import polyfill as polyfill_source
from runner.sandbox.snapshot import EngineUnavailable, shared_engine

SHIM_FILES = ("intl.js", "web.js")
ROOT = Path(__file__).resolve().parents[1]
INTL_DATA = ROOT / "runner" / "sandbox" / "js" / "intl_data.js"
INTL_GENERATOR = ROOT / "scripts" / "gen_intl_data.js"

# Shared by both engines: run a case and encode its outcome as JSON.
PRELUDE = r"""
var __codes = function (s) { var a = []; for (var i = 0; i < s.length; i++) a.push(s.charCodeAt(i)); return a; };
var __error = function (f) { try { f(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
var __run = function (f) {
  try { var v = f(); return JSON.stringify({ ok: v === undefined ? '(undefined)' : v }); }
  catch (e) { return JSON.stringify({ error: String(e && e.name) }); }
};
"""

D = "new Date('2026-01-14T13:26:02.123Z')"
EARLY = "new Date('2026-03-05T04:05:06.007Z')"

_STYLES = ("full", "long", "medium", "short")
_DATE_COMPONENTS = [
    "{weekday:'long'}",
    "{weekday:'short',month:'short',day:'numeric'}",
    "{weekday:'long',day:'numeric'}",
    "{era:'long',year:'numeric'}",
    "{era:'short',year:'numeric',month:'short',day:'numeric'}",
    "{month:'2-digit',day:'2-digit',year:'2-digit'}",
    "{month:'narrow'}",
    "{month:'long'}",
    "{year:'numeric',month:'numeric'}",
    "{year:'numeric',month:'long'}",
    "{year:'numeric',month:'2-digit'}",
    "{month:'long',day:'numeric'}",
    "{month:'short',day:'2-digit'}",
    "{month:'long',day:'2-digit',year:'2-digit'}",
    "{day:'2-digit'}",
    "{year:'2-digit'}",
    "{month:'numeric',day:'numeric'}",
    "{weekday:'long',month:'numeric',day:'numeric'}",
    "{weekday:'long',year:'numeric',month:'numeric',day:'numeric'}",
    "{weekday:'long',year:'numeric',month:'long',day:'numeric'}",
    "{weekday:'long',year:'numeric',month:'long'}",
    "{weekday:'narrow',month:'narrow',day:'numeric'}",
]
_TIME_COMPONENTS = [
    "{hour:'numeric'}",
    "{hour:'2-digit'}",
    "{hour:'2-digit',minute:'2-digit'}",
    "{hour:'numeric',minute:'2-digit'}",
    "{minute:'2-digit'}",
    "{second:'numeric'}",
    "{minute:'numeric',second:'numeric'}",
    "{hour:'2-digit',minute:'2-digit',second:'2-digit',hour12:false}",
    "{hour:'numeric',minute:'numeric',second:'numeric',fractionalSecondDigits:3}",
    "{hour:'numeric',minute:'numeric',timeZoneName:'short'}",
    "{hour:'numeric',timeZoneName:'long'}",
    "{hour:'numeric',minute:'2-digit',second:'2-digit',timeZoneName:'shortOffset'}",
    "{hour:'numeric',minute:'2-digit',timeZoneName:'longOffset'}",
    "{hour:'numeric',minute:'2-digit',weekday:'short'}",
    "{year:'numeric',month:'long',day:'numeric',hour:'numeric',minute:'numeric'}",
    "{year:'numeric',month:'short',day:'numeric',hour:'numeric',minute:'numeric'}",
    "{weekday:'long',year:'numeric',month:'long',day:'numeric',hour:'numeric',minute:'numeric'}",
    "{year:'numeric',timeZoneName:'short'}",
    "{era:'short'}",
    "{timeZoneName:'long'}",
    "{dayPeriod:'long'}",
    "{dayPeriod:'narrow',hour:'numeric'}",
    "{dayPeriod:'short',hour:'numeric',minute:'numeric'}",
    "{dayPeriod:'short',hour:'numeric',hour12:false}",
]

CASES: list[tuple[str, str, str]] = [
    # ---- Date.prototype.toLocale*: defaults and locales that resolve to en-US
    ("date_default", f"{D}.toLocaleDateString()", ""),
    ("time_default", f"{D}.toLocaleTimeString()", ""),
    ("datetime_default", f"{D}.toLocaleString()", ""),
    ("date_en_us", f"{D}.toLocaleDateString('en-US')", ""),
    ("date_en", f"{D}.toLocaleDateString('en')", ""),
    ("date_empty_list", f"{D}.toLocaleDateString([])", ""),
    ("date_undefined_opts", f"{D}.toLocaleString(undefined, {{}})", ""),
    ("time_midnight", "new Date('2026-01-01T00:00:00Z').toLocaleTimeString()", ""),
    ("time_noon", "new Date('2026-06-30T12:00:00Z').toLocaleTimeString()", ""),
    ("year_end", "new Date('2025-12-31T23:59:59Z').toLocaleString()", ""),
    (
        "year_start",
        "new Date('2026-01-01T00:00:00Z').toLocaleString('en-US', {dateStyle:'medium', timeStyle:'short'})",
        "",
    ),
    ("month_end", "new Date('2026-04-30T23:59:59.999Z').toLocaleDateString('en-US', {dateStyle:'long'})", ""),
    ("leap_day", "new Date('2024-02-29T08:05:09Z').toLocaleString()", ""),
    ("epoch", "new Date(0).toLocaleString()", ""),
    ("year_999", "new Date('0999-07-04T10:00:00Z').toLocaleDateString()", ""),
    ("hour12_false", f"{D}.toLocaleTimeString('en-US', {{hour12:false}})", ""),
    # node20: hour12:false maps to hourCycle h24 for en-US, so midnight shows as 24 (V8 >= 12 shows 00).
    ("hour12_false_midnight", "new Date('2026-01-01T00:05:00Z').toLocaleTimeString('en-US', {hour12:false})", "node20"),
    ("hourcycle_h23_midnight", "new Date('2026-01-01T00:05:00Z').toLocaleTimeString('en-US', {hourCycle:'h23'})", ""),
    ("hourcycle_h11_midnight", "new Date('2026-01-01T00:05:00Z').toLocaleTimeString('en-US', {hourCycle:'h11'})", ""),
    ("hour12_true_noon", "new Date('2026-01-01T12:00:00Z').toLocaleTimeString('en-US', {hour12:true})", ""),
    ("tz_utc", f"{D}.toLocaleString('en-US', {{timeZone:'UTC'}})", ""),
    ("tz_etc_utc", f"{D}.toLocaleString('en-US', {{timeZone:'Etc/UTC', timeZoneName:'short'}})", ""),
    ("tz_invalid", f"{D}.toLocaleString('en-US', {{timeZone:'Mars/Phobos'}})", ""),
    ("tz_offset", f"{D}.toLocaleString('en-US', {{timeZone:'+01:00'}})", "node20"),
    ("invalid_date_string", "new Date(NaN).toLocaleString()", ""),
    ("invalid_date_date", "new Date('nope').toLocaleDateString('en-US', {dateStyle:'full'})", ""),
    ("invalid_date_dtf", "new Intl.DateTimeFormat().format(new Date(NaN))", ""),
    ("datestyle_with_field", f"{D}.toLocaleString('en-US', {{dateStyle:'long', year:'numeric'}})", ""),
    ("datestring_timestyle", f"{D}.toLocaleDateString('en-US', {{timeStyle:'short'}})", ""),
    ("timestring_datestyle", f"{D}.toLocaleTimeString('en-US', {{dateStyle:'short'}})", ""),
    ("bad_month_option", f"{D}.toLocaleDateString('en-US', {{month:'longest'}})", ""),
    ("date_string_with_time_opts", f"{D}.toLocaleDateString('en-US', {{hour:'numeric'}})", ""),
    ("time_string_with_date_opts", f"{D}.toLocaleTimeString('en-US', {{year:'numeric'}})", ""),
    ("bad_locale", f"{D}.toLocaleDateString('en_US')", ""),
    ("dtf_default", f"new Intl.DateTimeFormat().format({D})", ""),
    ("dtf_timestamp", "new Intl.DateTimeFormat('en-US').format(0)", ""),
    (
        "dtf_bound_format",
        f"[{D}, {EARLY}].map(new Intl.DateTimeFormat('en-US', {{dateStyle:'medium'}}).format).join(' | ')",
        "",
    ),
    ("dtf_parts", f"new Intl.DateTimeFormat('en-US', {{dateStyle:'full', timeStyle:'long'}}).formatToParts({D})", ""),
    (
        "dtf_parts_components",
        f"new Intl.DateTimeFormat('en-US', {{hour:'numeric', minute:'numeric'}}).formatToParts({EARLY})",
        "",
    ),
    ("dtf_resolved_default", "new Intl.DateTimeFormat().resolvedOptions()", ""),
    (
        "dtf_resolved_fields",
        "new Intl.DateTimeFormat('en-US', {hour:'2-digit', minute:'numeric', weekday:'long', "
        "timeZoneName:'short'}).resolvedOptions()",
        "",
    ),
    (
        "dtf_resolved_styles",
        "new Intl.DateTimeFormat('en-US', {dateStyle:'full', timeStyle:'short'}).resolvedOptions()",
        "",
    ),
    ("dtf_resolved_h23", "new Intl.DateTimeFormat('en-US', {hour:'numeric', hourCycle:'h23'}).resolvedOptions()", ""),
    (
        "dtf_resolved_hour12_false",
        "new Intl.DateTimeFormat('en-US', {hour:'numeric', hour12:false}).resolvedOptions()",
        "node20",
    ),
    (
        "dtf_resolved_2digit_mix",
        "new Intl.DateTimeFormat('en-US', {year:'2-digit', month:'2-digit', day:'numeric', hour:'2-digit', "
        "minute:'numeric', second:'numeric', hour12:false}).resolvedOptions()",
        "",
    ),
    (
        "day_period_noon",
        "['2026-01-01T12:00:00Z', '2026-01-01T12:30:00Z', '2026-01-01T19:00:00Z', '2026-01-01T22:00:00Z'].map(t => "
        "new Date(t).toLocaleTimeString('en-US', {hour:'numeric', minute:'numeric', dayPeriod:'narrow'}))",
        "",
    ),
    (
        "day_period_resolved",
        "new Intl.DateTimeFormat('en-US', {dayPeriod:'short', hour:'numeric'}).resolvedOptions()",
        "",
    ),
    (
        "day_period_parts",
        "new Intl.DateTimeFormat('en-US', {dayPeriod:'short', "
        "hour:'numeric'}).formatToParts(new Date('2026-01-01T15:00:00Z'))",
        "",
    ),
    ("dtf_callable", f"Intl.DateTimeFormat('en-US').format({D})", ""),
]
CASES += [
    (f"style_{ds}_{ts}", f"{D}.toLocaleString('en-US', {{dateStyle:'{ds}', timeStyle:'{ts}'}})", "")
    for ds in _STYLES
    for ts in _STYLES
]
CASES += [(f"datestyle_{s}", f"{D}.toLocaleDateString('en-US', {{dateStyle:'{s}'}})", "") for s in _STYLES]
CASES += [(f"timestyle_{s}", f"{EARLY}.toLocaleTimeString('en-US', {{timeStyle:'{s}'}})", "") for s in _STYLES]
CASES += [("timestyle_short_h23", f"{EARLY}.toLocaleTimeString('en-US', {{timeStyle:'short', hourCycle:'h23'}})", "")]
CASES += [(f"date_fields_{i}", f"{EARLY}.toLocaleDateString('en-US', {o})", "") for i, o in enumerate(_DATE_COMPONENTS)]
CASES += [(f"time_fields_{i}", f"{EARLY}.toLocaleString('en-US', {o})", "") for i, o in enumerate(_TIME_COMPONENTS)]


# ---- Number.prototype.toLocaleString / Intl.NumberFormat
def nf_loc(locale: str, value: str, options: str = "") -> str:
    return f"({value}).toLocaleString('{locale}'{', ' + options if options else ''})"


def nf(value: str, options: str = "") -> str:
    return nf_loc("en-US", value, options) if options else f"({value}).toLocaleString()"


CASES += [
    ("num_default", nf("1234.5"), ""),
    ("num_big", nf("1234567.891"), ""),
    ("num_negative", nf("-1234.5678"), ""),
    ("num_zero", nf("0"), ""),
    ("num_negative_zero", nf("-0"), ""),
    ("num_nan", nf("NaN"), ""),
    ("num_infinity", nf("Infinity"), ""),
    ("num_neg_infinity", nf("-Infinity"), ""),
    ("num_1e21", nf("1e21"), ""),
    ("num_huge", nf("123456789012345678901234567890"), ""),
    ("num_tiny", nf("0.000001234"), ""),
    ("num_rounds_to_neg_zero", nf("-0.0001"), ""),
    ("round_1_005", nf("1.005", "{maximumFractionDigits:2}"), ""),
    ("round_1_45", nf("1.45", "{maximumFractionDigits:1}"), ""),
    ("round_half_even_no", nf("2.5", "{maximumFractionDigits:0}"), ""),
    ("round_negative_half", nf("-2.5", "{maximumFractionDigits:0}"), ""),
    ("round_carry", nf("9.9999", "{maximumFractionDigits:2}"), ""),
    ("round_default_3", nf("3.14159"), ""),
    ("min_fraction", nf("5", "{minimumFractionDigits:2}"), ""),
    ("min_fraction_over_default_max", nf("1.23456", "{minimumFractionDigits:5}"), ""),
    ("max_fraction_zero", nf("1234.5678", "{maximumFractionDigits:0}"), ""),
    ("fraction_range_error", nf("1", "{minimumFractionDigits:3, maximumFractionDigits:1}"), ""),
    ("fraction_out_of_range", nf("1", "{maximumFractionDigits:101}"), ""),
    ("min_integer", nf("5.5", "{minimumIntegerDigits:3}"), ""),
    ("min_integer_grouped", nf("12345.678", "{minimumIntegerDigits:8}"), ""),
    ("grouping_false", nf("1234567.5", "{useGrouping:false}"), ""),
    ("grouping_min2_4digits", nf("1234", "{useGrouping:'min2'}"), ""),
    ("grouping_min2_5digits", nf("12345", "{useGrouping:'min2'}"), ""),
    ("sig_max", nf("123456", "{maximumSignificantDigits:3}"), ""),
    ("sig_min", nf("1.5", "{minimumSignificantDigits:5}"), ""),
    ("sig_small", nf("0.000123456", "{maximumSignificantDigits:2}"), ""),
    ("usd", nf("1234.5", "{style:'currency', currency:'USD'}"), ""),
    ("usd_negative", nf("-1234.5", "{style:'currency', currency:'USD'}"), ""),
    ("usd_lowercase_code", nf("99.999", "{style:'currency', currency:'usd'}"), ""),
    ("eur", nf("1234.5", "{style:'currency', currency:'EUR'}"), ""),
    ("eur_code_negative", nf("-1234.5", "{style:'currency', currency:'EUR', currencyDisplay:'code'}"), ""),
    ("eur_name", nf("2", "{style:'currency', currency:'EUR', currencyDisplay:'name'}"), ""),
    ("jpy", nf("1234.5", "{style:'currency', currency:'JPY'}"), ""),
    ("jpy_name", nf("1234", "{style:'currency', currency:'JPY', currencyDisplay:'name'}"), ""),
    # Zero-decimal currencies with a plural name: the hand-recorded table had "2 Indonesian rupiah".
    (
        "zero_decimal_currency_plural_names",
        "['IDR', 'HUF', 'PKR', 'CLP', 'COP', 'ISK', 'KRW', 'VND'].map(c => "
        "(2).toLocaleString('en-US', {style:'currency', currency:c, currencyDisplay:'name'}))",
        "",
    ),
    ("gbp", nf("0.5", "{style:'currency', currency:'GBP'}"), ""),
    (
        "gbp_name_one",
        nf("1", "{style:'currency', currency:'GBP', currencyDisplay:'name', maximumFractionDigits:0}"),
        "",
    ),
    ("usd_name_one_decimals", nf("1", "{style:'currency', currency:'USD', currencyDisplay:'name'}"), ""),
    ("inr", nf("1234567.891", "{style:'currency', currency:'INR'}"), ""),
    ("inr_code", nf("100", "{style:'currency', currency:'INR', currencyDisplay:'code'}"), ""),
    ("cad_symbol", nf("1234", "{style:'currency', currency:'CAD'}"), ""),
    ("cad_narrow", nf("1234", "{style:'currency', currency:'CAD', currencyDisplay:'narrowSymbol'}"), ""),
    ("chf_spacing", nf("1234", "{style:'currency', currency:'CHF'}"), ""),
    ("kwd_three_digits", nf("1.2345", "{style:'currency', currency:'KWD'}"), ""),
    ("unknown_currency", nf("1234", "{style:'currency', currency:'XYZ'}"), ""),
    ("accounting", nf("-5", "{style:'currency', currency:'USD', currencySign:'accounting'}"), ""),
    ("currency_nan", nf("NaN", "{style:'currency', currency:'USD'}"), ""),
    ("currency_no_decimals", nf("1234.56", "{style:'currency', currency:'USD', maximumFractionDigits:0}"), ""),
    ("currency_missing", nf("1", "{style:'currency'}"), ""),
    ("currency_invalid", nf("1", "{style:'currency', currency:'US'}"), ""),
    ("style_invalid", nf("1", "{style:'bogus'}"), ""),
    ("percent", nf("0.256", "{style:'percent'}"), ""),
    ("percent_float_product", nf("0.07", "{style:'percent'}"), ""),
    ("percent_negative", nf("-0.5", "{style:'percent'}"), ""),
    ("percent_fraction", nf("0.25678", "{style:'percent', minimumFractionDigits:1}"), ""),
    ("compact_1234", nf("1234", "{notation:'compact'}"), ""),
    ("compact_12345", nf("12345", "{notation:'compact'}"), ""),
    ("compact_999999", nf("999999", "{notation:'compact'}"), ""),
    ("compact_million", nf("1234567.891", "{notation:'compact'}"), ""),
    ("compact_quadrillion", nf("1e15", "{notation:'compact'}"), ""),
    ("compact_negative", nf("-1500", "{notation:'compact'}"), ""),
    ("compact_small", nf("0.1234", "{notation:'compact'}"), ""),
    ("compact_long", nf("1234", "{notation:'compact', compactDisplay:'long'}"), ""),
    ("scientific", nf("1234.5", "{notation:'scientific'}"), ""),
    ("scientific_small", nf("0.00012345", "{notation:'scientific'}"), ""),
    ("engineering", nf("12345", "{notation:'engineering'}"), ""),
    ("unit_speed", nf("16", "{style:'unit', unit:'kilometer-per-hour'}"), ""),
    ("unit_speed_long", nf("16", "{style:'unit', unit:'kilometer-per-hour', unitDisplay:'long'}"), ""),
    ("unit_liter_one", nf("1", "{style:'unit', unit:'liter', unitDisplay:'long'}"), ""),
    ("unit_byte_narrow", nf("1024", "{style:'unit', unit:'byte', unitDisplay:'narrow'}"), ""),
    ("unit_celsius", nf("-3.5", "{style:'unit', unit:'celsius'}"), ""),
    ("unit_missing", nf("1", "{style:'unit'}"), ""),
    ("unit_invalid", nf("1", "{style:'unit', unit:'parsec'}"), ""),
    ("sign_always", nf("5", "{signDisplay:'always'}"), ""),
    ("sign_always_zero", nf("0", "{signDisplay:'always'}"), ""),
    ("sign_except_zero", nf("0", "{signDisplay:'exceptZero'}"), ""),
    ("sign_except_zero_neg", nf("-5", "{signDisplay:'exceptZero'}"), ""),
    ("sign_never", nf("-5", "{signDisplay:'never'}"), ""),
    ("sign_negative_zero", nf("-0", "{signDisplay:'negative'}"), ""),
    ("bigint", "(1234567890123456789012345678901234567890n).toLocaleString()", ""),
    ("bigint_currency", "(-1234n).toLocaleString('en-US', {style:'currency', currency:'USD'})", ""),
    ("number_object", "new Number(1234.5).toLocaleString()", ""),
    ("nf_resolved_default", "new Intl.NumberFormat().resolvedOptions()", ""),
    (
        "nf_resolved_currency",
        "new Intl.NumberFormat('en-US', {style:'currency', currency:'JPY'}).resolvedOptions()",
        "",
    ),
    ("nf_resolved_compact", "new Intl.NumberFormat('en-US', {notation:'compact'}).resolvedOptions()", ""),
    ("nf_resolved_sig", "new Intl.NumberFormat('en-US', {maximumSignificantDigits:3}).resolvedOptions()", ""),
    ("nf_resolved_unit", "new Intl.NumberFormat('en-US', {style:'unit', unit:'kilometer'}).resolvedOptions()", ""),
    (
        "nf_parts_currency",
        "new Intl.NumberFormat('en-US', {style:'currency', currency:'EUR', "
        "currencyDisplay:'code'}).formatToParts(-1234.5)",
        "",
    ),
    (
        "nf_parts_compact",
        "new Intl.NumberFormat('en-US', {notation:'compact', compactDisplay:'long'}).formatToParts(1234)",
        "",
    ),
    ("nf_parts_scientific", "new Intl.NumberFormat('en-US', {notation:'scientific'}).formatToParts(0.00012345)", ""),
    ("nf_bound_format", "[1, 2000, 3e6].map(new Intl.NumberFormat('en-US').format).join('|')", ""),
    ("nf_callable", "Intl.NumberFormat('en').format(1234)", ""),
    ("nf_string_integer", "new Intl.NumberFormat().format('12345678901234567890')", ""),
    ("nf_string_decimal", "new Intl.NumberFormat().format('1234.5')", ""),
    ("nf_format_unbound_receiver", "Intl.NumberFormat.prototype.format", ""),
    ("plural_cardinal", "[0, 1, 1.5, 2].map(n => new Intl.PluralRules('en-US').select(n)).join()", ""),
    (
        "plural_ordinal",
        "[1, 2, 3, 4, 11, 12, 13, 21, 22, 103, 111].map(n => new Intl.PluralRules('en-US', "
        "{type:'ordinal'}).select(n)).join()",
        "",
    ),
    ("canonical_locales", "Intl.getCanonicalLocales(['EN-us', 'zh-hant-tw', 'en-US'])", ""),
    # ---- built-in shape
    (
        "shape_intl",
        "[typeof Intl, Object.prototype.toString.call(Intl), Object.keys(Intl).length, "
        "Object.getOwnPropertyDescriptor(globalThis, 'Intl').enumerable]",
        "",
    ),
    (
        "shape_ctors",
        "[Intl.NumberFormat.name, Intl.NumberFormat.length, Intl.DateTimeFormat.name, Intl.DateTimeFormat.length, "
        "typeof Intl.PluralRules]",
        "",
    ),
    (
        "shape_tags",
        "[Object.prototype.toString.call(new Intl.NumberFormat()), "
        "Object.prototype.toString.call(new Intl.DateTimeFormat())]",
        "",
    ),
    (
        "shape_methods",
        "['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'].map(m => [Date.prototype[m].name, "
        "Date.prototype[m].length, Object.getOwnPropertyDescriptor(Date.prototype, "
        "m).enumerable]).concat([[Number.prototype.toLocaleString.length, Object.keys(Number.prototype).length]])",
        "",
    ),
    ("shape_format_getter", "Object.getOwnPropertyDescriptor(Intl.NumberFormat.prototype, 'format').get.name", ""),
]

# ---- other locales (recorded ICU data) and time zones
CASES += [
    ("loc_de_currency", nf_loc("de-DE", "1234.5", "{style:'currency', currency:'EUR'}"), ""),
    ("loc_de_negative_usd", nf_loc("de", "-1234.5", "{style:'currency', currency:'USD'}"), ""),
    ("loc_fr_grouping", nf_loc("fr-FR", "1234567.891"), ""),
    ("loc_fr_percent", nf_loc("fr-FR", "0.256", "{style:'percent'}"), ""),
    ("loc_es_min2_grouping", "[1234, 12345].map(n => n.toLocaleString('es-ES')).join('|')", ""),
    ("loc_en_in_lakh", nf_loc("en-IN", "123456789.5", "{style:'currency', currency:'INR'}"), ""),
    (
        "loc_en_in_accounting",
        nf_loc("en-IN", "-1234567", "{style:'currency', currency:'INR', currencySign:'accounting'}"),
        "",
    ),
    ("loc_en_gb_usd", nf_loc("en-GB", "1234.5", "{style:'currency', currency:'USD'}"), ""),
    ("loc_nl_negative_code", nf_loc("nl-NL", "-5", "{style:'currency', currency:'EUR', currencyDisplay:'code'}"), ""),
    ("loc_ja_yen", nf_loc("ja-JP", "1234567", "{style:'currency', currency:'JPY'}"), ""),
    ("loc_pt_br_brl", nf_loc("pt-BR", "1234.5", "{style:'currency', currency:'BRL'}"), ""),
    (
        "loc_resolved_names",
        "['de', 'de-DE', 'en', 'en-GB', 'pt', 'xx', 'tlh', 'EN-us'].map(l => "
        "new Intl.NumberFormat(l).resolvedOptions().locale)",
        "",
    ),
    ("loc_fallback_list", "new Intl.NumberFormat(['tlh', 'fr']).format(1234.5)", ""),
    ("loc_de_date_default", f"{D}.toLocaleString('de-DE')", ""),
    ("loc_en_gb_date", f"{D}.toLocaleDateString('en-GB')", ""),
    ("loc_en_gb_hour12", f"{D}.toLocaleTimeString('en-GB', {{hour12: true}})", "node20"),
    ("loc_fr_full", f"{D}.toLocaleString('fr-FR', {{dateStyle:'full', timeStyle:'short'}})", ""),
    ("loc_fr_medium_month", f"{D}.toLocaleDateString('fr', {{dateStyle:'medium'}})", ""),
    ("loc_es_long", f"{D}.toLocaleDateString('es-ES', {{year:'numeric', month:'long', day:'numeric'}})", ""),
    ("loc_es_resolved_quirk", "new Intl.DateTimeFormat('es', {year:'numeric', month:'long'}).resolvedOptions()", ""),
    (
        "loc_it_weekday",
        f"{D}.toLocaleDateString('it-IT', {{weekday:'long', year:'numeric', month:'long', day:'numeric'}})",
        "",
    ),
    ("loc_nl_short", f"{D}.toLocaleDateString('nl-NL', {{dateStyle:'short'}})", ""),
    ("loc_ja_full", f"{D}.toLocaleString('ja-JP', {{dateStyle:'full', timeStyle:'medium'}})", ""),
    ("loc_en_in_time", f"{D}.toLocaleTimeString('en-IN')", ""),
    (
        "loc_de_parts",
        f"new Intl.DateTimeFormat('de-DE', {{dateStyle:'medium', timeStyle:'short'}}).formatToParts({D})",
        "",
    ),
    (
        "loc_unicode_hc",
        "['en-US-u-hc-h23', 'de-u-hc-h12'].map(l => (f => [f.resolvedOptions().locale, "
        "f.format(new Date('2026-01-14T00:05:00Z'))])(new Intl.DateTimeFormat(l, {timeStyle: 'short'})))",
        "",
    ),
    (
        "loc_unicode_hc_overridden",
        "new Intl.DateTimeFormat('en-US-u-hc-h23', {hour: 'numeric', hour12: true}).resolvedOptions()",
        "",
    ),
    (
        "tz_new_york_dst",
        "['2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z', '2026-11-01T05:59:00Z', '2026-11-01T06:00:00Z'].map(t => "
        "new Date(t).toLocaleString('en-US', {timeZone:'America/New_York', timeZoneName:'short'}))",
        "",
    ),
    (
        "tz_new_york_2006_rule",
        "new Date('2006-04-02T07:00:00Z').toLocaleString('en-US', {timeZone:'America/New_York', timeZoneName:'short'})",
        "",
    ),
    (
        "tz_london_bst",
        "['2026-03-29T00:59:00Z', '2026-03-29T01:00:00Z', '2026-10-25T00:59:00Z', '2026-10-25T01:00:00Z'].map(t => "
        "new Date(t).toLocaleTimeString('en-US', {timeZone:'Europe/London', timeZoneName:'long'}))",
        "",
    ),
    (
        "tz_berlin_offset",
        "new Date('2026-07-01T12:00:00Z').toLocaleString('en-US', {timeZone:'Europe/Berlin', "
        "timeZoneName:'longOffset'})",
        "",
    ),
    (
        "tz_kolkata",
        f"{D}.toLocaleString('en-IN', {{timeZone:'Asia/Kolkata', dateStyle:'medium', timeStyle:'short'}})",
        "",
    ),
    (
        "tz_kolkata_resolved",
        "new Intl.DateTimeFormat('en-US', {timeZone:'asia/kolkata'}).resolvedOptions().timeZone",
        "",
    ),
    (
        "tz_sydney_southern_dst",
        "['2026-04-04T15:59:00Z', '2026-04-04T16:00:00Z', '2026-10-03T15:59:00Z', '2026-10-03T16:00:00Z'].map(t => "
        "new Date(t).toLocaleString('en-US', {timeZone:'Australia/Sydney', timeZoneName:'short'}))",
        "",
    ),
    (
        "tz_auckland_generic",
        f"{D}.toLocaleString('en-US', {{timeZone:'Pacific/Auckland', timeZoneName:'longGeneric'}})",
        "",
    ),
    ("tz_kathmandu", f"{D}.toLocaleTimeString('en-US', {{timeZone:'Asia/Kathmandu', timeZoneName:'short'}})", ""),
    (
        "tz_date_rollover",
        "new Date('2026-12-31T20:00:00Z').toLocaleDateString('en-US', {timeZone:'Asia/Tokyo', dateStyle:'full'})",
        "",
    ),
]

# ---- URL / URLSearchParams
CASES += [
    ("url_normalise", "new URL('HTTP://ExAmple.com:80/a/./b/../c?x=1 2#f g').href", ""),
    ("url_https_default_port", "new URL('https://a.com:443/').href", ""),
    ("url_nondefault_port", "new URL('https://a.com:8443/p').host", ""),
    ("url_ws_port", "new URL('ws://a.com:80/').href", ""),
    ("url_relative_parent", "new URL('../d?q', 'https://a.b/x/y/z').href", ""),
    ("url_relative_scheme", "new URL('//other.host/p', 'https://a.b/x').href", ""),
    ("url_relative_query", "new URL('?q=1', 'https://a.b/x/y#h').href", ""),
    ("url_relative_hash", "new URL('#top', 'https://a.b/x?y').href", ""),
    ("url_relative_empty", "new URL('', 'https://a.b/x?y#z').href", ""),
    ("url_ipv4_hex", "new URL('http://0x7f.1/').host", ""),
    ("url_ipv4_octal", "new URL('http://0300.0250.1.1/').hostname", ""),
    ("url_ipv4_number", "new URL('http://3232235777/').hostname", ""),
    ("url_ipv4_invalid", "new URL('http://192.168.0.257/')", ""),
    ("url_ipv6", "new URL('http://[2001:DB8:0:0:0:0:0:1]:8080/').host", ""),
    ("url_ipv6_v4", "new URL('http://[::ffff:192.168.1.1]/').hostname", ""),
    ("url_idn", "new URL('https://M\\u00fcnchen.de/stra\\u00dfe').href", ""),
    (
        "url_idn_mapping",
        "['\\uff25\\uff38\\uff21\\uff2d\\uff30\\uff2c\\uff25.com', '\\ufb01.com', 'x\\u00ad.com', '\\u216b.com', "
        "'xn--mnchen-3ya.de'].map(h => new URL('http://' + h + '/').host)",
        "",
    ),
    (
        "url_idn_invalid_punycode",
        "['xn--', 'xn--a.com', 'a\\u200db.com'].map(h => URL.canParse('http://' + h + '/'))",
        "",
    ),
    ("url_trailing_dot", "new URL('http://EXAMPLE.com./').host", ""),
    ("url_path_encoding", "new URL('https://a.com/a b/\\u00e9/{x}/`/^|').pathname", ""),
    ("url_query_quote_special", "new URL(\"https://a.com/?q='x' <y>\").search", ""),
    ("url_query_quote_other", "new URL(\"sc://a.com/?q='x'\").search", ""),
    ("url_userinfo", "(u => [u.username, u.password, u.host, u.href])(new URL('https://us er:p@ss@host.com/'))", ""),
    ("url_backslashes", "new URL('http:\\\\\\\\a.com\\\\b\\\\c').href", ""),
    ("url_mailto", "(u => [u.protocol, u.pathname, u.origin, u.host])(new URL('mailto:Joe@Example.COM'))", ""),
    ("url_non_special", "new URL('sc://Host/a b?c d#e f').href", ""),
    ("url_file", "new URL('file:///C:/x/../y').href", ""),
    ("url_file_localhost", "new URL('file://localhost/etc/hosts').href", ""),
    ("url_invalid", "__error(() => new URL('foo'))", ""),
    ("url_invalid_space_host", "new URL('http://exa mple.com')", ""),
    ("url_invalid_port", "new URL('http://a.com:99999/')", ""),
    ("url_invalid_base", "new URL('/x', 'not a base')", ""),
    ("url_origin", "new URL('https://a.com:8443/x?y').origin", ""),
    ("url_blob_origin", "new URL('blob:https://a.com/uuid').origin", ""),
    (
        "url_parts",
        "(u => [u.protocol, u.host, u.hostname, u.port, u.pathname, u.search, "
        "u.hash])(new URL('https://a.com:8080/p/q?x=1#frag'))",
        "",
    ),
    ("url_json", "JSON.stringify({u: new URL('http://a.com')})", ""),
    ("url_string", "String(new URL('http://a.com/x')) + '|' + new URL('http://a.com/x').toString()", ""),
    (
        "url_set_search",
        "(u => { u.search = 'a=1&b=2'; return [u.href, u.searchParams.get('b')]; })(new URL('https://a.com/p?z=9#h'))",
        "",
    ),
    (
        "url_set_search_empty",
        "(u => { u.search = ''; return [u.href, u.searchParams.size]; })(new URL('https://a.com/p?z=9#h'))",
        "",
    ),
    (
        "url_set_pathname",
        "(u => { u.pathname = '/new path/../x'; return u.href; })(new URL('https://a.com/old?q'))",
        "",
    ),
    (
        "url_set_hash",
        "(u => { u.hash = 'sec 2'; const a = u.href; u.hash = ''; return [a, u.href]; })(new URL('https://a.com/p'))",
        "",
    ),
    (
        "url_set_href",
        "(u => { u.href = 'http://b.com/?k=v'; return [u.host, u.searchParams.get('k')]; })(new URL('https://a.com/'))",
        "",
    ),
    ("url_set_href_invalid", "(u => { u.href = 'nope'; })(new URL('https://a.com/'))", ""),
    (
        "url_set_host_port",
        "(u => { u.host = 'b.com:8080'; const a = u.href; u.port = '443'; const b = u.href; u.hostname = 'c.com'; "
        "return [a, b, u.href]; })(new URL('https://a.com/p'))",
        "",
    ),
    (
        "url_set_protocol",
        "(u => { u.protocol = 'https'; const a = u.href; u.protocol = 'mailto'; return [a, u.href]; "
        "})(new URL('http://a.com:443/'))",
        "",
    ),
    (
        "url_set_credentials",
        "(u => { u.username = 'a b'; u.password = 'p@ss'; return u.href; })(new URL('https://a.com/'))",
        "",
    ),
    (
        "url_searchparams_live",
        "(u => { const p = u.searchParams; p.append('c', 'x y'); p.delete('a'); p.set('b', '&='); return u.href; "
        "})(new URL('https://a.com/?a=1&b=2&b=3'))",
        "",
    ),
    (
        "url_searchparams_sort",
        "(u => { u.searchParams.sort(); return u.search; })(new URL('https://a.com/?z=1&a=2&m=3&a=1'))",
        "",
    ),
    ("url_searchparams_identity", "(u => u.searchParams === u.searchParams)(new URL('https://a.com/'))", ""),
    ("url_can_parse", "[URL.canParse('x'), URL.canParse('/x', 'http://a.com'), URL.canParse('https://a.com')]", ""),
    (
        "url_shape",
        "[typeof URL, URL.length, Object.prototype.toString.call(new URL('http://a')), "
        "Object.keys(new URL('http://a')).length, Object.getOwnPropertyDescriptor(globalThis, 'URL').enumerable]",
        "",
    ),
    ("url_proto_keys", "Object.keys(URL.prototype)", ""),
    (
        "usp_parse",
        "(p => [p.get('a'), p.get('b'), p.get('c'), p.getAll('d'), p.has('e'), "
        "p.get('missing')])(new URLSearchParams('?a=1+2&b=%20x%zz&c=%E2%82%AC&d=1&d=2&e'))",
        "",
    ),
    ("usp_serialize", "new URLSearchParams({q: 'a b&c=d/\\u00e9~*!\\'()', n: 1}).toString()", ""),
    ("usp_from_pairs", "[...new URLSearchParams([['a', '1'], ['b', '2']])]", ""),
    ("usp_bad_pair", "new URLSearchParams([['a']])", ""),
    (
        "usp_iterators",
        "(p => [[...p.keys()], [...p.values()], [...p.entries()], p.size, "
        "Object.prototype.toString.call(p.keys())])(new URLSearchParams('x=1&y=2'))",
        "",
    ),
    (
        "usp_foreach",
        "(p => { const out = []; p.forEach((v, k) => out.push(k + '=' + v)); return out; "
        "})(new URLSearchParams('x=1&y=2'))",
        "",
    ),
    (
        "usp_delete_value",
        "(p => { p.delete('a', '2'); return [p.toString(), p.has('a', '1'), p.has('a', '2')]; "
        "})(new URLSearchParams('a=1&a=2&b=3'))",
        "",
    ),
    (
        "usp_copy",
        "(p => { const q = new URLSearchParams(p); q.append('z', '1'); return [p.toString(), q.toString()]; "
        "})(new URLSearchParams('a=1'))",
        "",
    ),
    ("usp_proto_keys", "Object.keys(URLSearchParams.prototype)", ""),
    (
        "web_method_shapes",
        "[URLSearchParams, TextEncoder, TextDecoder, URL].map(C => Object.keys(C.prototype).filter(k => "
        "typeof Object.getOwnPropertyDescriptor(C.prototype, k).value === 'function').map(k => "
        "k + '/' + C.prototype[k].length + '/' + C.prototype[k].name))",
        "",
    ),
    (
        "web_static_shapes",
        "[[URL.canParse.name, URL.canParse.length], [TextDecoder.length, URLSearchParams.length], "
        "Object.getOwnPropertyDescriptor(URL.prototype, 'href').set.name]",
        "",
    ),
    (
        "web_call_without_new",
        "[() => URL('http://a'), () => TextEncoder(), () => URLSearchParams()].map(f => { try { f(); "
        "return 'no error'; } catch (e) { return e.name; } })",
        "",
    ),
]

# ---- TextEncoder / TextDecoder
CASES += [
    ("enc_euro", "Array.from(new TextEncoder().encode('\\u20ac'))", ""),
    ("enc_emoji", "Array.from(new TextEncoder().encode('a\\ud83d\\ude00'))", ""),
    ("enc_lone_surrogates", "Array.from(new TextEncoder().encode('\\ud800x\\udc00'))", ""),
    (
        "enc_empty",
        "[new TextEncoder().encode().length, new TextEncoder().encode('').length, new TextEncoder().encoding]",
        "",
    ),
    ("enc_buffer_size", "new TextEncoder().encode('h\\u00e9').buffer.byteLength", ""),
    (
        "enc_into",
        "(d => [new TextEncoder().encodeInto('a\\u20ac\\ud83d\\ude00', d), Array.from(d)])(new Uint8Array(5))",
        "",
    ),
    ("enc_into_exact", "(d => new TextEncoder().encodeInto('\\u00e9\\u00e9', d))(new Uint8Array(4))", ""),
    (
        "dec_multibyte",
        "__codes(new TextDecoder().decode(new Uint8Array([0x68, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, "
        "0x80])))",
        "",
    ),
    ("dec_bom", "__codes(new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])))", ""),
    (
        "dec_bom_ignored",
        "__codes(new TextDecoder('utf-8', {ignoreBOM: true}).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])))",
        "",
    ),
    ("dec_invalid_byte", "__codes(new TextDecoder().decode(new Uint8Array([0x41, 0xff, 0x42])))", ""),
    ("dec_truncated", "__codes(new TextDecoder().decode(new Uint8Array([0xe2, 0x82, 0x41, 0xe2, 0x82])))", ""),
    ("dec_overlong", "__codes(new TextDecoder().decode(new Uint8Array([0xc0, 0x80, 0xe0, 0x80, 0x80])))", ""),
    ("dec_encoded_surrogate", "__codes(new TextDecoder().decode(new Uint8Array([0xed, 0xa0, 0x80, 0x41])))", ""),
    ("dec_fatal", "__error(() => new TextDecoder('utf-8', {fatal: true}).decode(new Uint8Array([0xff])))", ""),
    (
        "dec_stream",
        "(d => __codes(d.decode(new Uint8Array([0xe2, 0x82]), "
        "{stream: true}) + '|' + d.decode(new Uint8Array([0xac]))))(new TextDecoder())",
        "",
    ),
    (
        "dec_utf16le",
        "(d => [d.encoding, __codes(d.decode(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x3d, 0xd8, 0x00, "
        "0xde])))])(new TextDecoder('utf-16le'))",
        "",
    ),
    (
        "dec_labels",
        "[new TextDecoder().encoding, new TextDecoder(' UTF8 ').encoding, "
        "new TextDecoder('unicode-1-1-utf-8').encoding, new TextDecoder('utf-16').encoding]",
        "",
    ),
    ("dec_unknown_label", "__error(() => new TextDecoder('klingon'))", ""),
    ("dec_not_buffer", "new TextDecoder().decode('abc')", ""),
    (
        "dec_arraybuffer_view",
        "(b => [new TextDecoder().decode(b.buffer), new TextDecoder().decode(new DataView(b.buffer, "
        "1))])(new Uint8Array([0x61, 0x62, 0x63]))",
        "",
    ),
    (
        "dec_props",
        "(d => [d.fatal, d.ignoreBOM, Object.keys(TextDecoder.prototype)])(new TextDecoder('utf-8', {fatal: 1}))",
        "",
    ),
]

# ---- structuredClone
CASES += [
    (
        "clone_nested",
        "(c => [c.d instanceof Date, c.d.getTime(), c.m instanceof Map, [...c.m], c.s instanceof Set, [...c.s], "
        "c.r instanceof RegExp, String(c.r), c.a])(structuredClone({d: new Date(5), m: new Map([[1, {x: 2}]]), "
        "s: new Set([1, 'a']), r: /x+/gi, a: [1, [2, 3]]}))",
        "",
    ),
    (
        "clone_cycle",
        "(o => { o.self = o; const c = structuredClone(o); return [c.self === c, c !== o, c.v]; })({v: 1})",
        "",
    ),
    (
        "clone_shared_refs",
        "(s => { const c = structuredClone({a: s, b: s}); return [c.a === c.b, c.a !== s]; })({k: 1})",
        "",
    ),
    ("clone_holes", "(c => [c.length, 1 in c, c[2]])(structuredClone([1, , 3]))", ""),
    ("clone_function", "__error(() => structuredClone(function foo() { return 1; }))", ""),
    ("clone_arrow", "__error(() => structuredClone({f: () => 1}))", ""),
    ("clone_symbol", "__error(() => structuredClone(Symbol('x')))", ""),
    ("clone_weakmap", "__error(() => structuredClone(new WeakMap()))", ""),
    ("clone_promise", "__error(() => structuredClone(Promise.resolve(1)))", ""),
    ("clone_intl", "__error(() => structuredClone(new Intl.NumberFormat()))", ""),
    (
        "clone_error_shape",
        "(() => { try { structuredClone(() => 1); } catch (e) { return [e.name, e.code, e instanceof Error, "
        "e.constructor.name, Object.keys(e).length, String(e)]; } })()",
        "",
    ),
    (
        "clone_class_instance",
        "(c => [Object.getPrototypeOf(c) === Object.prototype, "
        "c.x])(structuredClone(new (class A { constructor() { this.x = 1; } })()))",
        "",
    ),
    (
        "clone_error",
        "(e => [e instanceof RangeError, e.name, e.message, "
        "e.extra])(structuredClone(Object.assign(new RangeError('m'), {extra: 1})))",
        "",
    ),
    (
        "clone_error_cause",
        "(e => [e.cause, Object.getOwnPropertyNames(e), e.constructor.name])(structuredClone(new Error('m', "
        "{cause: {a: [1]}})))",
        "",
    ),
    (
        "clone_error_renamed",
        "(e => [e.constructor.name, e.name])(structuredClone(Object.assign(new TypeError('t'), {name: 'RangeError'})))",
        "",
    ),
    (
        "clone_typed_array",
        "(a => { const c = structuredClone(a); c[0] = 9; return [Array.from(a), Array.from(c), "
        "c instanceof Uint8Array]; })(new Uint8Array([1, 2]))",
        "",
    ),
    (
        "clone_getters_and_hidden",
        "(o => { Object.defineProperty(o, 'h', {value: 1, enumerable: false}); o[Symbol('s')] = 2; "
        "const c = structuredClone(o); return [Object.getOwnPropertyDescriptor(c, 'g').value, 'h' in c, "
        "Object.getOwnPropertySymbols(c).length]; })({get g() { return 7; }})",
        "",
    ),
    (
        "clone_boxed",
        "(c => [c[0] instanceof Number, c[0] + 1, c[1] instanceof String, String(c[1]), typeof c[2], "
        "String(c[2])])(structuredClone([new Number(5), new String('s'), 10n]))",
        "",
    ),
    ("clone_no_args", "structuredClone()", ""),
    (
        "clone_shape",
        "[typeof structuredClone, structuredClone.length, Object.getOwnPropertyDescriptor(globalThis, "
        "'structuredClone').enumerable, typeof DOMException, DOMException.DATA_CLONE_ERR]",
        "",
    ),
]


def recorded_versions() -> dict[str, str]:
    """The node, ICU, CLDR and tz versions intl_data.js's header says it was generated under."""
    header = INTL_DATA.read_text(encoding="utf-8").split("\n", 1)[0]
    m = re.search(r"under node (\S+) \(ICU (\S+), CLDR (\S+), tz (\S+)\)", header)
    assert m, f"{INTL_DATA.name}'s first line does not record the versions it was generated under: {header!r}"
    return dict(zip(("node", "icu", "cldr", "tz"), m.groups(), strict=True))


def node_versions(node: str) -> dict[str, str]:
    done = subprocess.run([node, "-p", "JSON.stringify(process.versions)"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return {key: value for key, value in json.loads(done.stdout).items() if key in ("node", "icu", "cldr", "tz")}


@pytest.fixture(scope="module")
def oracle_node() -> str:
    """node with the V8 and ICU the shims reproduce: same major version and ICU as intl_data.js records."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: it is the V8 oracle for these cases")
    have, want = node_versions(node), recorded_versions()
    if have["node"].split(".")[0] != want["node"].split(".")[0] or have["icu"] != want["icu"]:
        pytest.skip(
            f"node {have['node']} with ICU {have['icu']} is not the oracle: the shims reproduce node {want['node']} "
            f"with ICU {want['icu']} (recorded in {INTL_DATA.name}); install node {want['node'].split('.')[0]} "
            f"with ICU {want['icu']} to compare"
        )
    return node


def _node_results(node: str) -> dict[str, str]:
    script = (
        "const {prelude, cases} = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "(0, eval)(prelude); const out = {};"
        "for (const [id, expr] of cases) out[id] = (0, eval)('__run(function () { return (' + expr + '); })');"
        "process.stdout.write(JSON.stringify(out));"
    )
    env = dict(os.environ, TZ="UTC", LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    payload = json.dumps({"prelude": PRELUDE, "cases": [[cid, expr] for cid, expr, _ in CASES]})
    done = subprocess.run([node, "-e", script], input=payload, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def node_results(oracle_node: str) -> dict[str, str]:
    return _node_results(oracle_node)


@pytest.fixture(scope="module")
def shim_sources() -> list[str]:
    return [polyfill_source(name) for name in SHIM_FILES]


def fresh_context(shim_sources: list[str]) -> quickjs.Context:
    ctx = quickjs.Context()
    for src in shim_sources:
        ctx.eval(src)
    return ctx


def snapshot_context(shim_sources: list[str]):
    """The shims as the snapshot engine runs them: evaluated once, then restored per case."""

    def build(ctx):
        for src in shim_sources:
            ctx.eval(src)
        ctx.eval(PRELUDE)

    ctx, _ = shared_engine().open(("parity",), build, 5.0, 64 << 20, 1 << 20)
    return ctx


@pytest.fixture(params=["context", "snapshot"])
def case_context(request, shim_sources):
    """Each case on both engines (runner/sandbox/contexts.py and snapshot.py)."""
    if request.param == "context":
        ctx = fresh_context(shim_sources)
        ctx.eval(PRELUDE)
        return ctx
    try:
        return snapshot_context(shim_sources)
    except EngineUnavailable as exc:
        pytest.skip(f"the snapshot engine is not available here: {exc}")


def test_case_table_is_large_and_unique() -> None:
    ids = [cid for cid, _, _ in CASES]
    assert len(ids) >= 120
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("case_id,expr,note", CASES, ids=[cid for cid, _, _ in CASES])
def test_matches_v8(case_id: str, expr: str, note: str, node_results: dict[str, str], case_context) -> None:
    got = case_context.eval(f"__run(function () {{ return ({expr}); }})")
    assert got == node_results[case_id], f"{expr}{' (expected value is a ' + note + ' quirk)' if note else ''}"


def test_shims_leak_no_helper_globals(shim_sources: list[str]) -> None:
    ctx = quickjs.Context()
    before = set(json.loads(ctx.eval("JSON.stringify(Object.getOwnPropertyNames(globalThis))")))
    for src in shim_sources:
        ctx.eval(src)
    after = set(json.loads(ctx.eval("JSON.stringify(Object.getOwnPropertyNames(globalThis))")))
    assert after - before == {"Intl", "structuredClone", "TextEncoder", "TextDecoder", "URL", "URLSearchParams"}


def test_each_shim_loads_alone() -> None:
    """The sandbox loads each file lazily, so neither may depend on the other."""
    for name, probe in (("intl.js", "(1234.5).toLocaleString()"), ("web.js", "new URL('http://a.com/x').href")):
        ctx = quickjs.Context()
        ctx.eval(polyfill_source(name))
        assert isinstance(ctx.eval(probe), str)


def test_intl_data_is_what_its_generator_writes(oracle_node: str, tmp_path: Path) -> None:
    """The recorded tables are regenerated, not edited: a hand edit or a stale table fails here."""
    have, want = node_versions(oracle_node), recorded_versions()
    if have != want:
        pytest.skip(
            f"{INTL_DATA.name} was generated under node {want['node']} (ICU {want['icu']}, CLDR {want['cldr']}, "
            f"tz {want['tz']}); this is node {have['node']} (ICU {have['icu']}, CLDR {have['cldr']}, tz {have['tz']}), "
            "whose output may legitimately differ: regenerate with `node scripts/gen_intl_data.js` and review the diff"
        )
    out = tmp_path / INTL_DATA.name
    done = subprocess.run([oracle_node, str(INTL_GENERATOR), str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == INTL_DATA.read_bytes(), (
        f"{INTL_DATA.relative_to(ROOT)} is not what {INTL_GENERATOR.relative_to(ROOT)} writes: "
        "regenerate with `node scripts/gen_intl_data.js` instead of editing it"
    )


def test_unsupported_time_zone_fails_loudly(shim_sources: list[str]) -> None:
    """V8 knows every IANA zone; the sandbox knows common ones and says so instead of guessing."""
    ctx = fresh_context(shim_sources)
    msg = ctx.eval(
        "(() => { try { new Date(0).toLocaleString('en-US', {timeZone: 'America/Caracas'}); return 'formatted'; }"
        " catch (e) { return e.name + ': ' + e.message; } })()"
    )
    assert msg.startswith("RangeError: ") and "America/Caracas" in msg and "common IANA zones" in msg
