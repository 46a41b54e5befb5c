#!/usr/bin/env node
// Writes runner/sandbox/js/intl_data.js: the locale, currency, unit and time-zone tables the
// sandbox's Intl shim (runner/sandbox/js/intl.js) formats with, read from this node's ICU.
// Why a script: the shim reproduces V8's output byte for byte, so its tables must be exactly
// what node's ICU prints; recording them by hand drifts. Run it under the oracle node the
// parity tests use (node 20, ICU 78.2) and commit the result:
//     node scripts/gen_intl_data.js [OUTPUT]      (default: runner/sandbox/js/intl_data.js)
'use strict';

const fs = require('fs');
const path = require('path');

// ---------------------------------------------------------------- what is recorded
// Locales with their own data (a bare language maps to one of these in intl.js); en-US is built in.
const LOCALES = ['en-GB', 'en-IN', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pt-BR', 'ja-JP'];

// Option sets whose ICU pattern is recorded per locale, as intl.js keys them: "field:value,..."
// in V8's field order. Sets with a time part are recorded three times, suffixed |d, |t, |f:
// hour12 left to the locale, true and false.
const STYLES = ['full', 'long', 'medium', 'short'];
const OPTION_SETS = [
  'year:numeric,month:numeric,day:numeric', // toLocaleDateString()
  'hour:numeric,minute:numeric,second:numeric', // toLocaleTimeString()
  'year:numeric,month:numeric,day:numeric,hour:numeric,minute:numeric,second:numeric', // toLocaleString()
  ...STYLES.flatMap((d) => ['dateStyle:' + d, 'timeStyle:' + d, ...STYLES.map((t) => 'dateStyle:' + d + ',timeStyle:' + t)]),
  'weekday:long', 'weekday:short', 'weekday:short,month:short,day:numeric', 'weekday:long,day:numeric',
  'year:2-digit,month:2-digit,day:2-digit', 'year:numeric,month:2-digit,day:2-digit', 'month:long', 'month:short',
  'year:numeric,month:numeric', 'year:numeric,month:long', 'year:numeric,month:short', 'year:numeric,month:2-digit',
  'month:long,day:numeric', 'month:short,day:numeric', 'month:numeric,day:numeric', 'month:2-digit,day:2-digit',
  'year:numeric', 'day:numeric', 'year:numeric,month:long,day:numeric', 'year:numeric,month:short,day:numeric',
  'year:numeric,month:long,day:2-digit', 'weekday:long,year:numeric,month:long,day:numeric',
  'weekday:short,year:numeric,month:short,day:numeric', 'weekday:long,month:long,day:numeric',
  'weekday:short,month:numeric,day:numeric', 'weekday:long,year:numeric,month:numeric,day:numeric',
  'hour:numeric', 'hour:2-digit', 'hour:numeric,minute:2-digit', 'hour:2-digit,minute:2-digit',
  'hour:2-digit,minute:2-digit,second:2-digit', 'minute:2-digit,second:2-digit',
  'year:numeric,month:long,day:numeric,hour:numeric,minute:2-digit',
  'year:numeric,month:short,day:numeric,hour:numeric,minute:2-digit',
  'year:numeric,month:2-digit,day:2-digit,hour:2-digit,minute:2-digit',
  'year:numeric,month:2-digit,day:2-digit,hour:2-digit,minute:2-digit,second:2-digit',
  'year:numeric,month:numeric,day:numeric,hour:numeric,minute:2-digit',
  'month:short,day:numeric,hour:numeric,minute:2-digit',
  'weekday:long,year:numeric,month:long,day:numeric,hour:numeric,minute:2-digit',
  'weekday:short,hour:numeric,minute:2-digit', 'hour:numeric,minute:2-digit,timeZoneName:short',
  'year:numeric,month:numeric,day:numeric,hour:numeric,minute:numeric,second:numeric,timeZoneName:short',
  'year:numeric,month:numeric,day:numeric,timeZoneName:short',
];

const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'INR', 'CAD', 'AUD', 'CNY', 'KRW', 'MXN', 'BRL', 'CHF', 'SEK', 'NOK',
  'DKK', 'PLN', 'HKD', 'NZD', 'SGD', 'ZAR', 'ILS', 'TRY', 'RUB', 'AED', 'IDR', 'PHP', 'THB', 'VND', 'NGN', 'KWD',
  'BHD', 'CZK', 'HUF', 'SAR', 'TWD', 'MYR', 'EGP', 'PKR', 'CLP', 'COP', 'ARS', 'UAH', 'KES', 'ISK'];

const UNITS = ['percent', 'byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'bit', 'millisecond', 'second',
  'minute', 'hour', 'day', 'week', 'month', 'year', 'meter', 'kilometer', 'centimeter', 'millimeter', 'mile', 'foot',
  'inch', 'kilogram', 'gram', 'pound', 'ounce', 'liter', 'milliliter', 'gallon', 'celsius', 'fahrenheit',
  'kilometer-per-hour', 'mile-per-hour', 'meter-per-second', 'degree'];

// Zone -> the daylight-saving rule intl.js applies to it ('' = fixed offset). The rules are
// intl.js's own code; ICU supplies names, offsets and canonical ids.
const ZONES = [
  ...['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Anchorage',
    'America/Toronto', 'America/Vancouver', 'America/Detroit', 'America/Halifax', 'US/Eastern', 'US/Central',
    'US/Mountain', 'US/Pacific'].map((z) => [z, 'US']),
  ...['Europe/London', 'Europe/Dublin', 'Europe/Lisbon', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid',
    'Europe/Rome', 'Europe/Amsterdam', 'Europe/Brussels', 'Europe/Vienna', 'Europe/Zurich', 'Europe/Stockholm',
    'Europe/Oslo', 'Europe/Copenhagen', 'Europe/Warsaw', 'Europe/Prague', 'Europe/Budapest', 'Europe/Athens',
    'Europe/Helsinki', 'Europe/Kiev', 'Europe/Kyiv', 'Europe/Bucharest', 'Europe/Sofia', 'Europe/Riga',
    'Europe/Vilnius', 'Europe/Tallinn'].map((z) => [z, 'EU']),
  ...['Australia/Sydney', 'Australia/Melbourne', 'Australia/Hobart', 'Australia/Canberra'].map((z) => [z, 'AU']),
  ['Pacific/Auckland', 'NZ'],
  ...['America/Phoenix', 'Pacific/Honolulu', 'America/Sao_Paulo', 'America/Mexico_City', 'America/Bogota',
    'America/Lima', 'America/Argentina/Buenos_Aires', 'America/Panama', 'Europe/Istanbul', 'Europe/Moscow',
    'Asia/Kolkata', 'Asia/Calcutta', 'Asia/Dubai', 'Asia/Karachi', 'Asia/Dhaka', 'Asia/Kathmandu', 'Asia/Colombo',
    'Asia/Bangkok', 'Asia/Jakarta', 'Asia/Ho_Chi_Minh', 'Asia/Singapore', 'Asia/Kuala_Lumpur', 'Asia/Shanghai',
    'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Manila', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Riyadh', 'Asia/Qatar',
    'Australia/Brisbane', 'Australia/Perth', 'Africa/Lagos', 'Africa/Johannesburg', 'Africa/Nairobi'].map((z) => [z, '']),
];

// ---------------------------------------------------------------- helpers
// A day and time whose every numeric field has one digit (so padding shows), in a month and
// on a weekday whose narrow, short and long names differ in the recorded locales.
const SAMPLE = new Date(Date.UTC(2026, 0, 5, 4, 5, 6, 7));
const WIDTHS = ['long', 'short', 'narrow'];
const LETTER_COUNT = { long: 4, short: 3, narrow: 5 };

function parts(locale, options, value) {
  return new Intl.DateTimeFormat(locale, Object.assign({ timeZone: 'UTC' }, options)).formatToParts(value);
}
function part(list, type) {
  const found = list.find((p) => p.type === type);
  if (!found) throw new Error('no ' + type + ' part in ' + JSON.stringify(list));
  return found.value;
}
function optionsOf(set) {
  const out = {};
  for (const pair of set.split(',')) {
    const [key, value] = pair.split(':');
    out[key] = value;
  }
  return out;
}
// "|d", "|t", "|f" variants for option sets with a time part, as intl.js looks them up.
function keysOf(set) {
  return /hour|minute|second|timeStyle/.test(set) ? ['d', 't', 'f'].map((v) => set + '|' + v) : [set];
}
const HOUR12 = { d: undefined, t: true, f: false };

// ---------------------------------------------------------------- dates
// Month and weekday names in format context ("M", "E": beside a day) and stand-alone ("L",
// "c": alone), which differ in some locales (de: "Do." / "Do"); AM/PM, UTC's zone names, the era.
function dateNames(locale) {
  const table = (field, count, dateOf, withDay) => Object.fromEntries(['narrow', 'short', 'long'].map((w) => {
    const options = withDay ? { [field]: w, day: 'numeric' } : { [field]: w };
    return [w, Array.from({ length: count }, (_, i) => part(parts(locale, options, dateOf(i)), field))];
  }));
  const month = (i) => new Date(Date.UTC(2026, i, 5));
  const weekday = (i) => new Date(Date.UTC(2026, 0, 4 + i)); // 2026-01-04 is a Sunday
  const period = (hour) => part(parts(locale, { hour: 'numeric', hourCycle: 'h12' }, new Date(Date.UTC(2026, 0, 5, hour))), 'dayPeriod');
  const utc = (w) => part(parts(locale, { timeZoneName: w }, SAMPLE), 'timeZoneName');
  const era = (w) => part(parts(locale, { era: w, year: 'numeric' }, SAMPLE), 'era');
  return {
    M: table('month', 12, month, true), L: table('month', 12, month, false),
    E: table('weekday', 7, weekday, true), c: table('weekday', 7, weekday, false),
    a: [period(4), period(16)],
    z: Object.fromEntries(['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric'].map((w) => [w, utc(w)])),
    G: Object.fromEntries(['narrow', 'short', 'long'].map((w) => [w, era(w)])),
  };
}

const HOUR_LETTER = { h11: 'K', h12: 'h', h23: 'H', h24: 'k' };
const ZONE_LETTERS = { short: 'z', long: 'zzzz' };
// The ICU pattern behind a format, read back from formatToParts of SAMPLE: numeric fields by
// their padding, names by which table (format "M"/"E" or stand-alone "L"/"c") holds them.
function patternOf(locale, options, names) {
  const format = new Intl.DateTimeFormat(locale, Object.assign({ timeZone: 'UTC' }, options));
  const cycle = format.resolvedOptions().hourCycle;
  const named = (value, letters, index, wanted) => {
    const order = [wanted, ...WIDTHS].filter((w) => WIDTHS.includes(w));
    for (const letter of letters) {
      for (const w of order) {
        if (names[letter][w][index] === value) return letter.repeat(LETTER_COUNT[w]);
      }
    }
    throw new Error(locale + ': no name table holds ' + JSON.stringify(value));
  };
  const zone = (value) => {
    const width = Object.keys(ZONE_LETTERS).find((w) => names.z[w] === value);
    if (!width) throw new Error(locale + ': no zone name width prints ' + JSON.stringify(value));
    return ZONE_LETTERS[width];
  };
  const digits = (letter, value) => letter.repeat(value.length === 2 && value[0] === '0' ? 2 : 1);
  return format.formatToParts(SAMPLE).map(({ type, value }) => {
    switch (type) {
      case 'literal': return /[A-Za-z']/.test(value) ? "'" + value.replace(/'/g, "''") + "'" : value;
      case 'year': return value.length === 2 ? 'yy' : 'y';
      case 'month': return /^\d+$/.test(value) ? digits('M', value) : named(value, ['M', 'L'], SAMPLE.getUTCMonth(), options.month);
      case 'weekday': return named(value, ['E', 'c'], SAMPLE.getUTCDay(), options.weekday);
      case 'day': return digits('d', value);
      case 'hour': return digits(HOUR_LETTER[cycle], value);
      case 'minute': return digits('m', value);
      case 'second': return digits('s', value);
      case 'dayPeriod': return 'a';
      case 'timeZoneName': return zone(value);
      default: throw new Error(locale + ': no pattern letter for a ' + type + ' part');
    }
  }).join('');
}

// The fields intl.js reads from a pattern (see compilePattern there), for comparison with
// what V8's resolvedOptions reports.
const FIELD_OF = { y: 'year', M: 'month', L: 'month', E: 'weekday', c: 'weekday', d: 'day', h: 'hour', H: 'hour',
  K: 'hour', k: 'hour', m: 'minute', s: 'second', z: 'timeZoneName' };
const TEXT_WIDTH = [0, 'short', 'short', 'short', 'long', 'narrow'];
const REPORTED = ['weekday', 'era', 'year', 'month', 'day', 'dayPeriod', 'hour', 'minute', 'second',
  'fractionalSecondDigits', 'timeZoneName'];
function fieldsOf(pattern) {
  const out = {};
  for (const m of pattern.matchAll(/'(?:[^']|'')*'|([A-Za-z])\1*/g)) {
    const letter = m[1], n = m[0].length;
    if (!letter || !FIELD_OF[letter]) continue;
    const numeric = n === 2 ? '2-digit' : 'numeric';
    if ('ydhHKkms'.includes(letter)) out[FIELD_OF[letter]] = numeric;
    else if (letter === 'z') out.timeZoneName = n >= 4 ? 'long' : 'short';
    else out[FIELD_OF[letter]] = n <= 2 && 'ML'.includes(letter) ? numeric : TEXT_WIDTH[n];
  }
  return out;
}
// V8 reads the pattern's letters without skipping quoted literals, so "MMMM' de 'y" reports a
// day: a recorded pattern carries, after a NUL, the fields V8 reports differently (null = absent).
function recordedPattern(locale, key, names) {
  const [set, variant] = key.split('|');
  const options = optionsOf(set);
  if (variant) options.hour12 = HOUR12[variant];
  const pattern = patternOf(locale, options, names);
  if (/Style/.test(set)) return pattern;
  const resolved = new Intl.DateTimeFormat(locale, Object.assign({ timeZone: 'UTC' }, options)).resolvedOptions();
  const derived = fieldsOf(pattern), reported = {};
  for (const field of REPORTED) {
    if (resolved[field] !== derived[field]) reported[field] = resolved[field] === undefined ? null : resolved[field];
  }
  return Object.keys(reported).length ? pattern + '\u0000' + JSON.stringify(reported) : pattern;
}

function hourCycles(locale) {
  return [undefined, true, false].map((hour12) =>
    new Intl.DateTimeFormat(locale, { hour: 'numeric', hour12 }).resolvedOptions().hourCycle);
}

// ---------------------------------------------------------------- numbers
// A format's affix template: "#" for the number, "¤" for the currency, "-" for the sign.
function template(list) {
  let out = '';
  for (const { type, value } of list) {
    if (['integer', 'group', 'decimal', 'fraction'].includes(type)) out += out.endsWith('#') ? '' : '#';
    else if (type === 'currency') out += '\u00a4';
    else if (type === 'minusSign') out += '-';
    else if (type === 'percentSign') out += '%';
    else out += value;
  }
  return out;
}
function numberData(locale) {
  const nf = (options) => new Intl.NumberFormat(locale, options);
  const big = nf({ signDisplay: 'always' }).formatToParts(-1234567.5);
  const plus = nf({ signDisplay: 'always' }).formatToParts(1);
  const usd = (options, x) => template(nf(Object.assign({ style: 'currency', currency: 'USD' }, options)).formatToParts(x));
  const integers = nf({}).formatToParts(1234567).filter((p) => p.type === 'integer');
  const indian = integers.length === 3 && integers[1].value.length === 2; // 12,34,567
  const symbols = {};
  for (const code of CURRENCIES) {
    const here = currencySymbols(locale, code), base = currencySymbols('en-US', code);
    if (here[0] !== base[0] || here[1] !== base[1]) symbols[code] = here[1] === here[0] ? [here[0]] : here;
  }
  return {
    dec: part(big, 'decimal'), grp: part(big, 'group'), minus: part(big, 'minusSign'), plus: part(plus, 'plusSign'),
    grouping: indian ? 'indian' : nf({}).formatToParts(1234).some((p) => p.type === 'group') ? 'auto' : 'min2',
    pct: [0.5, -0.5].map((x) => template(nf({ style: 'percent' }).formatToParts(x))),
    sym: [usd({}, 1), usd({}, -1)],
    code: [usd({ currencyDisplay: 'code' }, 1), usd({ currencyDisplay: 'code' }, -1)],
    acc: usd({ currencySign: 'accounting' }, -1),
    symbols,
  };
}
function currencySymbols(locale, code) {
  return ['symbol', 'narrowSymbol'].map((currencyDisplay) =>
    part(new Intl.NumberFormat(locale, { style: 'currency', currency: code, currencyDisplay }).formatToParts(1), 'currency'));
}

// code: [symbol, narrowSymbol (0 = symbol), singular name, plural name (0 = singular), digits (omitted = 2)]
function currencyRow(code) {
  const [symbol, narrow] = currencySymbols('en-US', code);
  const name = (x) => part(new Intl.NumberFormat('en-US',
    { style: 'currency', currency: code, currencyDisplay: 'name', maximumFractionDigits: 0 }).formatToParts(x), 'currency');
  const one = name(1), other = name(2);
  const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
  const row = [symbol, narrow === symbol ? 0 : narrow, one, other === one ? 0 : other];
  if (digits !== 2) row.push(digits);
  else if (row[3] === 0) row.pop();
  return row;
}

// unit: [short one, short other, long one, long other, narrow one, narrow other]; {0} is the number
function unitRow(unit) {
  return ['short', 'long', 'narrow'].flatMap((unitDisplay) => [1, 2].map((x) =>
    new Intl.NumberFormat('en-US', { style: 'unit', unit, unitDisplay }).formatToParts(x)
      .map((p) => (p.type === 'integer' ? '{0}' : p.value)).join('')));
}

// ---------------------------------------------------------------- time zones
// name|canonical id (if V8 reports another)|rule|standard offset (minutes)|short, long,
// short generic and long generic names|then, with a rule: daylight offset|short, long names
function zoneRow([zone, rule]) {
  const at = (instant, w) => part(parts('en-US', { timeZone: zone, timeZoneName: w }, instant), 'timeZoneName');
  const offset = (instant) => {
    const m = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(at(instant, 'longOffset'));
    return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  };
  const [jan, jul] = [new Date(Date.UTC(2026, 0, 15, 12)), new Date(Date.UTC(2026, 6, 15, 12))];
  const [std, dst] = offset(jan) <= offset(jul) ? [jan, jul] : [jul, jan];
  const id = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  const row = [zone, id === zone ? '' : id, rule, offset(std), at(std, 'short'), at(std, 'long'),
    at(std, 'shortGeneric'), at(std, 'longGeneric')];
  if (rule) row.push(offset(dst), at(dst, 'short'), at(dst, 'long'));
  else if (offset(dst) !== offset(std)) throw new Error(zone + ' observes daylight saving: give it a rule');
  return row.join('|');
}

// ---------------------------------------------------------------- output
// Printable text stays as is; quotes, backslashes, and invisible or non-ASCII spacing are escaped.
function literal(text, quote) {
  return quote + text.replace(/[\\'"\u0000-\u001f\u007f-\u00a0\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/g, (c) =>
    c === '\\' ? '\\\\' : c === "'" || c === '"' ? (c === quote ? '\\' + c : c)
      : '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + quote;
}

function build() {
  const keys = OPTION_SETS.flatMap(keysOf);
  const locales = LOCALES.map((locale) => {
    const names = dateNames(locale);
    const d = { hc: hourCycles(locale), names, p: keys.map((key) => recordedPattern(locale, key, names)) };
    return '    ' + literal(locale, "'") + ': ' + literal(JSON.stringify({ n: numberData(locale), d }), "'") + ',';
  });
  const v = process.versions;
  return [
    '// GENERATED by scripts/gen_intl_data.js under node ' + v.node + ' (ICU ' + v.icu + ', CLDR ' + v.cldr +
      ', tz ' + v.tz + '): do not edit.',
    '// Regenerate with `node scripts/gen_intl_data.js` (see README, Development). intl.js reads and removes',
    '// this global; JSON text because QuickJS lexes a string far faster than it compiles a literal.',
    'globalThis.__dodo_intl_data = {',
    '  localeKeys: ' + literal(JSON.stringify(keys), "'") + ',',
    '  locales: {',
    ...locales,
    '  },',
    '  currencies: ' + literal(JSON.stringify(Object.fromEntries(CURRENCIES.map((c) => [c, currencyRow(c)]))), "'") + ',',
    '  units: ' + literal(JSON.stringify(Object.fromEntries(UNITS.map((u) => [u, unitRow(u)]))), "'") + ',',
    '  zones: ' + literal(ZONES.map(zoneRow).join(';'), "'") + ',',
    '};',
    '',
  ].join('\n');
}

const output = process.argv[2] || path.join(__dirname, '..', 'runner', 'sandbox', 'js', 'intl_data.js');
fs.writeFileSync(output, build());
