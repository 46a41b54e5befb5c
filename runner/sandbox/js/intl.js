// V8-compatible Intl subset and toLocale* overrides for the QuickJS sandbox.
// Why: Dodo's dashboard runs transforms in V8 with full ICU; QuickJS has no Intl and formats
// toLocale* output differently ('01/14/2026', no digit grouping). This file reproduces V8's
// output (node 20 with ICU 78 is the oracle) so a transform produces the same payload here:
// all of en-US; number formats and common date formats of en-GB, en-IN, de, fr, es, it, nl,
// pt-BR and ja (other locales format as en-US); UTC and common IANA time zones.
(function () {
  'use strict';
  // The recorded tables: intl_data.js (generated) is evaluated just before this file.
  var DATA = globalThis.__dodo_intl_data;
  delete globalThis.__dodo_intl_data;
  var NNBSP = '\u202f';

  function define(obj, name, value) {
    Object.defineProperty(obj, name, { value: value, writable: true, enumerable: false, configurable: true });
  }
  function defineTag(proto, tag) {
    Object.defineProperty(proto, Symbol.toStringTag, { value: tag, writable: false, enumerable: false, configurable: true });
  }
  // Gives an internal function the public name/length a built-in would have.
  function builtin(fn, name, length) {
    Object.defineProperty(fn, 'name', { value: name, configurable: true });
    Object.defineProperty(fn, 'length', { value: length, configurable: true });
    return fn;
  }

  // ---------------------------------------------------------------- options
  function getOption(opts, prop, allowed, fallback, ctor) {
    var v = opts[prop];
    if (v === undefined) return fallback;
    if (allowed === 'boolean') return Boolean(v);
    v = String(v);
    if (allowed && allowed.indexOf(v) < 0) {
      throw new RangeError('Value ' + v + ' out of range for ' + ctor + ' options property ' + prop);
    }
    return v;
  }
  function numberOption(v, min, max, fallback, prop) {
    if (v === undefined) return fallback;
    v = Number(v);
    if (isNaN(v) || v < min || v > max) throw new RangeError(prop + ' value is out of range.');
    return Math.floor(v);
  }
  function toOptions(options) {
    if (options === undefined) return Object.create(null);
    if (options === null) throw new TypeError('Cannot convert undefined or null to object');
    return Object(options);
  }

  // Structurally valid BCP 47 tags (RangeError otherwise, as in V8), canonically cased.
  var LOCALE_RE = /^[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|\d{3}))?(-([a-z\d]{5,8}|\d[a-z\d]{3}))*(-[a-wyz\d](-[a-z\d]{2,8})+)*(-x(-[a-z\d]{1,8})+)?$/i;
  function canonicalLocales(locales) {
    if (locales === undefined) return [];
    var list = typeof locales === 'string' ? [locales] : Array.prototype.slice.call(Object(locales));
    var out = [];
    for (var i = 0; i < list.length; i++) {
      var tag = list[i];
      if (typeof tag !== 'string' && (typeof tag !== 'object' || tag === null)) throw new TypeError('Language ID should be string or object.');
      tag = String(tag);
      if (!LOCALE_RE.test(tag)) throw new RangeError('Incorrect locale information provided');
      var parts = tag.toLowerCase().split('-'), c = [parts[0]], extension = false;
      for (var j = 1; j < parts.length; j++) {
        var p = parts[j];
        extension = extension || p.length === 1;
        c.push(extension ? p : p.length === 2 ? p.toUpperCase() : p.length === 4 && j === 1 ? p[0].toUpperCase() + p.slice(1) : p);
      }
      tag = c.join('-');
      if (out.indexOf(tag) < 0) out.push(tag);
    }
    return out;
  }
  // en-US is built in. The other locales carry number symbols and affix templates, date names,
  // and the ICU date patterns of common option sets, all generated from node 20's ICU (DATA); a bare
  // language ("de") uses its main region's data. Anything else formats as en-US.
  var LOCALE_KEYS_JSON = DATA.localeKeys;
  var LOCALE_JSON = DATA.locales;
  var LANGUAGE_DEFAULT = { de: 'de-DE', fr: 'fr-FR', es: 'es-ES', it: 'it-IT', nl: 'nl-NL', pt: 'pt-BR', ja: 'ja-JP' };
  var EN_US_NUMBERS = { dec: '.', grp: ',', minus: '-', plus: '+', grouping: 'auto', pct: ['#%', '-#%'], sym: ['\u00a4#', '-\u00a4#'],
    code: ['\u00a4\u00a0#', '-\u00a4\u00a0#'], acc: '(\u00a4#)', symbols: {} };
  var localeCache = Object.create(null);
  function locale(tag, dataTag) {
    var key = tag + '|' + dataTag;
    if (!localeCache[key]) {
      var data = dataTag ? JSON.parse(LOCALE_JSON[dataTag]) : { n: EN_US_NUMBERS, d: null };
      localeCache[key] = { tag: tag, n: data.n, d: data.d };
    }
    return localeCache[key];
  }
  function dataFor(tag) {
    var base = tag.replace(/-[a-z\d]-.*$/i, ''), language = base.split('-')[0];
    if (base === 'en-US' || base === 'en') return locale(base, '');
    if (Object.prototype.hasOwnProperty.call(LOCALE_JSON, base)) return locale(base, base);
    if (Object.prototype.hasOwnProperty.call(LANGUAGE_DEFAULT, language)) return locale(language, LANGUAGE_DEFAULT[language]);
    return language === 'en' ? locale('en', '') : null;
  }
  // The first requested locale with data, plus the Unicode extensions V8 would honour here:
  // -u-hc (hour cycle), -u-ca-gregory and -u-nu-latn (the only calendar and digits we have).
  function resolveLocale(locales) {
    var list = canonicalLocales(locales);
    for (var i = 0; i < list.length; i++) {
      var data = dataFor(list[i]);
      if (!data) continue;
      var keywords = {}, key = null, m = /-u((?:-[a-z\d]{2,8})+)/.exec(list[i]);
      (m ? m[1].slice(1).split('-') : []).forEach(function (t) {
        if (t.length === 2) key = t;
        else if (key && !keywords[key]) keywords[key] = t;
      });
      return { tag: data.tag, n: data.n, d: data.d, ca: keywords.ca === 'gregory', nu: keywords.nu === 'latn',
        hc: /^h(11|12|23|24)$/.test(keywords.hc || '') ? keywords.hc : undefined };
    }
    return locale('en-US', '');
  }
  function localeWith(loc, keys) {
    var ext = (loc.ca && keys.ca ? '-ca-gregory' : '') + (keys.hc ? '-hc-' + keys.hc : '') + (loc.nu && keys.nu ? '-nu-latn' : '');
    return ext ? loc.tag + '-u' + ext : loc.tag;
  }

  // ---------------------------------------------------------------- decimal arithmetic
  // A non-negative decimal as significant digits `d` (no leading/trailing zeros) and the
  // position `p` of the decimal point, so 123.4 is {d:'1234', p:3} and 0 is {d:'', p:0}.
  // Digits come from the shortest round-trip string, which is what ICU rounds.
  function decimalOf(x) {
    var s = typeof x === 'bigint' ? String(x < 0 ? -x : x) : String(Math.abs(x));
    var m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
    var d = m[1] + (m[2] || ''), p = m[1].length + (m[3] ? Number(m[3]) : 0);
    var lead = /^0*/.exec(d)[0].length;
    d = d.slice(lead).replace(/0+$/, '');
    return d ? { d: d, p: p - lead } : { d: '', p: 0 };
  }
  function shift(n, by) { return n.d ? { d: n.d, p: n.p + by } : n; }
  // Keeps `keep` leading digits, rounding half away from zero (ICU halfExpand).
  function roundAt(n, keep) {
    var d = n.d;
    if (keep >= d.length) return n;
    if (keep < 0) return { d: '', p: 0 };
    var head = d.slice(0, keep), p = n.p;
    if (d.charCodeAt(keep) >= 53) {
      var i = head.length - 1;
      while (i >= 0 && head[i] === '9') i--;
      if (i < 0) { head = '1'; p++; } else head = head.slice(0, i) + String.fromCharCode(head.charCodeAt(i) + 1);
    }
    head = head.replace(/0+$/, '');
    return head ? { d: head, p: p } : { d: '', p: 0 };
  }
  // Rounds by the resolved digit options; returns the value and how many fraction digits to show at least.
  function roundDigits(n, r) {
    var bySig = function () {
      var v = roundAt(n, r.maxSig), p = v.d ? v.p : 1;
      return { v: v, minFrac: Math.max(0, r.minSig - p), pos: (n.d ? n.p : 1) - r.maxSig };
    };
    var byFrac = function () { return { v: roundAt(n, n.p + r.maxFrac), minFrac: r.minFrac, pos: -r.maxFrac }; };
    if (r.type === 'sig') return bySig();
    if (r.type === 'frac') return byFrac();
    var a = bySig(), b = byFrac();
    return (r.type === 'more') === (a.pos < b.pos) ? a : b;
  }
  function digitStrings(n, minInt, minFrac) {
    var d = n.d, p = n.p, ip, fp;
    if (!d) { ip = ''; fp = ''; }
    else if (p <= 0) { ip = ''; fp = '0'.repeat(-p) + d; }
    else if (p >= d.length) { ip = d + '0'.repeat(p - d.length); fp = ''; }
    else { ip = d.slice(0, p); fp = d.slice(p); }
    if (ip.length < minInt) ip = '0'.repeat(minInt - ip.length) + ip;
    if (fp.length < minFrac) fp += '0'.repeat(minFrac - fp.length);
    return [ip, fp];
  }

  // ---------------------------------------------------------------- number data (en-US)
  // Kept as JSON text and parsed on first use: QuickJS lexes a string far faster than it
  // compiles an object literal, and most transforms never format a currency or unit.
  // code: [symbol, narrowSymbol (0 = symbol), singular name, plural name (0 = singular), digits (default 2)]
  var CURRENCY_JSON = DATA.currencies;
  // unit: [short one, short other, long one, long other, narrow one, narrow other]; {0} is the number
  var UNIT_JSON = DATA.units;
  var tables = {};
  function table(name, json) { return tables[name] || (tables[name] = JSON.parse(json)); }
  function currencyInfo(code) { var t = table('currency', CURRENCY_JSON); return Object.prototype.hasOwnProperty.call(t, code) ? t[code] : undefined; }
  function unitForms(unit) { var t = table('unit', UNIT_JSON); return Object.prototype.hasOwnProperty.call(t, unit) ? t[unit] : undefined; }
  var COMPACT = { short: ['K', 'M', 'B', 'T'], long: [' thousand', ' million', ' billion', ' trillion'] };

  // ---------------------------------------------------------------- Intl.NumberFormat
  var NF = 'Intl.NumberFormat';

  function resolveNumberOptions(locales, options) {
    var loc = resolveLocale(locales), o = toOptions(options), r = { locale: localeWith(loc, { nu: true }), numberingSystem: 'latn' };
    getOption(o, 'localeMatcher', ['lookup', 'best fit'], 'best fit', NF);
    getOption(o, 'numberingSystem', null, undefined, NF);
    r.style = getOption(o, 'style', ['decimal', 'percent', 'currency', 'unit'], 'decimal', NF);
    var currency = getOption(o, 'currency', null, undefined, NF);
    if (currency !== undefined && !/^[a-z]{3}$/i.test(currency)) throw new RangeError('Invalid currency code : ' + currency);
    var currencyDisplay = getOption(o, 'currencyDisplay', ['code', 'symbol', 'narrowSymbol', 'name'], 'symbol', NF);
    var currencySign = getOption(o, 'currencySign', ['standard', 'accounting'], 'standard', NF);
    var unit = getOption(o, 'unit', null, undefined, NF);
    var unitDisplay = getOption(o, 'unitDisplay', ['short', 'narrow', 'long'], 'short', NF);
    var fracDefault = [0, 3];
    if (r.style === 'currency') {
      if (currency === undefined) throw new TypeError('Currency code is required with currency style.');
      r.currency = currency.toUpperCase();
      r.currencyDisplay = currencyDisplay;
      r.currencySign = currencySign;
      var cd = (currencyInfo(r.currency) || [])[4];
      cd = cd === undefined ? 2 : cd;
      fracDefault = [cd, cd];
    } else if (r.style === 'unit') {
      if (unit === undefined) throw new TypeError("Invalid unit argument for Intl.NumberFormat() ''");
      if (!unitForms(unit)) throw new RangeError("Invalid unit argument for Intl.NumberFormat() '" + unit + "'");
      r.unit = unit;
      r.unitDisplay = unitDisplay;
    } else if (r.style === 'percent') {
      fracDefault = [0, 0];
    }
    var notation = getOption(o, 'notation', ['standard', 'scientific', 'engineering', 'compact'], 'standard', NF);
    var digits = resolveDigits(o, fracDefault, notation);
    var compactDisplay = getOption(o, 'compactDisplay', ['short', 'long'], 'short', NF);
    var grouping = o.useGrouping;
    var groupDefault = notation === 'compact' ? 'min2' : 'auto';
    if (grouping === undefined) grouping = groupDefault;
    else if (grouping === true) grouping = 'always';
    else if (grouping === false || grouping === null || grouping === '' || grouping === 0) grouping = false;
    else {
      grouping = String(grouping);
      if (grouping === 'true' || grouping === 'false') grouping = groupDefault;
      else if (['min2', 'auto', 'always'].indexOf(grouping) < 0) {
        throw new RangeError('Value ' + grouping + ' out of range for Intl.NumberFormat options property useGrouping');
      }
    }
    var signDisplay = getOption(o, 'signDisplay', ['auto', 'never', 'always', 'exceptZero', 'negative'], 'auto', NF);
    r.minimumIntegerDigits = digits.minInt;
    if (digits.type !== 'frac') { r.minimumSignificantDigits = digits.minSig; r.maximumSignificantDigits = digits.maxSig; }
    if (digits.type !== 'sig') { r.minimumFractionDigits = digits.minFrac; r.maximumFractionDigits = digits.maxFrac; }
    r.useGrouping = grouping;
    r.notation = notation;
    if (notation === 'compact') r.compactDisplay = compactDisplay;
    r.signDisplay = signDisplay;
    r.roundingMode = 'halfExpand';
    r.roundingIncrement = 1;
    r.trailingZeroDisplay = 'auto';
    r.roundingPriority = digits.priority;
    return { resolved: r, digits: digits, loc: loc };
  }

  function resolveDigits(o, fracDefault, notation) {
    var r = { minInt: numberOption(o.minimumIntegerDigits, 1, 21, 1, 'minimumIntegerDigits') };
    var mnfd = o.minimumFractionDigits, mxfd = o.maximumFractionDigits;
    var mnsd = o.minimumSignificantDigits, mxsd = o.maximumSignificantDigits;
    r.priority = getOption(o, 'roundingPriority', ['auto', 'morePrecision', 'lessPrecision'], 'auto', NF);
    var hasSd = mnsd !== undefined || mxsd !== undefined, hasFd = mnfd !== undefined || mxfd !== undefined;
    var needSd = true, needFd = true;
    if (r.priority === 'auto') {
      needSd = hasSd;
      if (needSd || (!hasFd && notation === 'compact')) needFd = false;
    }
    if (needSd) {
      r.minSig = numberOption(mnsd, 1, 21, 1, 'minimumSignificantDigits');
      r.maxSig = numberOption(mxsd, r.minSig, 21, 21, 'maximumSignificantDigits');
    }
    if (needFd) {
      if (hasFd) {
        mnfd = numberOption(mnfd, 0, 100, undefined, 'minimumFractionDigits');
        mxfd = numberOption(mxfd, 0, 100, undefined, 'maximumFractionDigits');
        if (mnfd === undefined) mnfd = Math.min(fracDefault[0], mxfd);
        else if (mxfd === undefined) mxfd = Math.max(fracDefault[1], mnfd);
        else if (mnfd > mxfd) throw new RangeError('maximumFractionDigits value is out of range.');
        r.minFrac = mnfd; r.maxFrac = mxfd;
      } else { r.minFrac = fracDefault[0]; r.maxFrac = fracDefault[1]; }
    }
    if (!needSd && !needFd) {
      r.minFrac = 0; r.maxFrac = 0; r.minSig = 1; r.maxSig = 2; r.type = 'more'; r.priority = 'morePrecision';
    } else if (r.priority === 'auto') r.type = needSd ? 'sig' : 'frac';
    else r.type = r.priority === 'morePrecision' ? 'more' : 'less';
    return r;
  }

  // Splits the integer digits into groups: "auto" follows the locale (es/it need 5 digits),
  // en-IN groups lakhs and crores (12,34,567).
  function group(ip, grouping, sym, western) {
    var min = grouping === 'min2' || (grouping === 'auto' && sym.grouping === 'min2') ? 5 : 4;
    if (!grouping || ip.length < min) return [ip];
    var out = [], tail = ip.slice(-3), rest = ip.slice(0, -3), size = sym.grouping === 'indian' && !western ? 2 : 3;
    while (rest.length > size) { out.unshift(rest.slice(-size)); rest = rest.slice(0, -size); }
    if (rest) out.unshift(rest);
    out.push(tail);
    return out;
  }
  function pluralOne(intStr, fracStr) { return intStr.replace(/^0+(?=\d)/, '') === '1' && !fracStr; }

  // The digits of x without sign or affixes, as parts; also whether it rounded to zero and
  // whether it reads as singular ("1 US dollar").
  function numberBody(slot, x) {
    var r = slot.resolved, dg = slot.digits, sym = slot.loc.n, parts = [];
    if (typeof x !== 'bigint' && !isFinite(x)) {
      parts.push(x !== x ? { type: 'nan', value: 'NaN' } : { type: 'infinity', value: '\u221e' });
      return { parts: parts, isZero: false, one: false };
    }
    var n = decimalOf(x), rounded, expo = null, compactSuffix = '';
    if (r.style === 'percent') n = shift(n, 2);
    if (r.notation === 'compact') {
      var exp = compactExponent(n);
      rounded = roundDigits(shift(n, -exp), dg);
      if (rounded.v.d && rounded.v.p + exp - 1 >= exp + 3 && exp < 12) {
        exp += 3;
        rounded = roundDigits(shift(n, -exp), dg);
      }
      // ICU has no long compact currency patterns, so currencies always use K/M/B/T.
      if (exp) compactSuffix = COMPACT[r.style === 'currency' ? 'short' : r.compactDisplay][exp / 3 - 1];
    } else if (r.notation === 'scientific' || r.notation === 'engineering') {
      var step = r.notation === 'engineering' ? 3 : 1;
      expo = n.d ? Math.floor((n.p - 1) / step) * step : 0;
      rounded = roundDigits(shift(n, -expo), dg);
      if (rounded.v.d && rounded.v.p > step) {
        expo += step;
        rounded = roundDigits(shift(n, -expo), dg);
      }
    } else {
      rounded = roundDigits(n, dg);
    }
    var strs = digitStrings(rounded.v, dg.minInt, rounded.minFrac);
    // en-IN's accounting currency pattern is the one ICU pattern without lakh grouping.
    var accounting = r.style === 'currency' && r.currencySign === 'accounting';
    var groups = group(strs[0], r.useGrouping, sym, accounting);
    for (var i = 0; i < groups.length; i++) {
      if (i) parts.push({ type: 'group', value: sym.grp });
      parts.push({ type: 'integer', value: groups[i] });
    }
    if (strs[1]) parts.push({ type: 'decimal', value: sym.dec }, { type: 'fraction', value: strs[1] });
    if (expo !== null) {
      parts.push({ type: 'exponentSeparator', value: 'E' });
      if (expo < 0) parts.push({ type: 'exponentMinusSign', value: sym.minus });
      parts.push({ type: 'exponentInteger', value: String(Math.abs(expo)) });
    }
    if (compactSuffix) {
      if (compactSuffix[0] === ' ') parts.push({ type: 'literal', value: ' ' });
      parts.push({ type: 'compact', value: compactSuffix.trim() });
    }
    return { parts: parts, isZero: !rounded.v.d, one: pluralOne(strs[0], strs[1]) && !compactSuffix && expo === null };
  }

  // Affix templates (recorded from ICU per locale): '#' the number, '¤' the currency,
  // '%' the percent sign, '-' the sign, 'quoted' or other text literal.
  var TEMPLATE_RE = /'([^']*)'|([#\u00a4%-])|([^#\u00a4%'-]+)/g;
  function applyTemplate(template, body, values) {
    var parts = [], m;
    TEMPLATE_RE.lastIndex = 0;
    while ((m = TEMPLATE_RE.exec(template))) {
      if (m[2] === '#') parts.push.apply(parts, body);
      else if (m[2]) { if (values[m[2]]) parts.push(values[m[2]]); }
      else parts.push({ type: 'literal', value: m[1] !== undefined ? m[1] : m[3] });
    }
    return parts;
  }

  // Formats x (Number or BigInt) into ICU-style parts.
  function formatNumberParts(slot, x) {
    var r = slot.resolved, sym = slot.loc.n, body = numberBody(slot, x);
    var negative = typeof x === 'bigint' ? x < 0 : (x < 0 || Object.is(x, -0)) && x === x;
    var sign = signFor(r.signDisplay, negative, body.isZero);
    var values = { '-': sign && { type: sign === '-' ? 'minusSign' : 'plusSign', value: sign === '-' ? sym.minus : sym.plus } };
    var pick = function (pair) { return pair[sign ? 1 : 0]; }, parts;
    if (r.style === 'currency' && r.currencyDisplay !== 'name') {
      var info = currencyInfo(r.currency), local = sym.symbols[r.currency], disp = r.currencyDisplay;
      var symbols = local || info, text = disp === 'code' || !info ? r.currency : disp === 'narrowSymbol' && symbols[1] || symbols[0];
      values['\u00a4'] = { type: 'currency', value: text };
      var before = pick(sym.sym).indexOf('\u00a4') < pick(sym.sym).indexOf('#');
      // ICU separates a currency that touches the digits with a letter (CHF, EUR) by a space.
      var spaced = /[A-Za-z]/.test(before ? text.slice(-1) : text[0]);
      var template = pick(spaced ? sym.code : sym.sym);
      if (r.currencySign === 'accounting' && sign === '-') {
        template = spaced ? sym.acc.replace('\u00a4#', '\u00a4\u00a0#').replace('#\u00a4', '#\u00a0\u00a4') : sym.acc;
      } else if (r.currencySign === 'accounting' && sign === '+') {
        template = '-' + (spaced ? sym.code : sym.sym)[0];
      }
      parts = applyTemplate(template, body.parts, values);
    } else if (r.style === 'percent') {
      values['%'] = { type: r.notation === 'compact' ? 'unit' : 'percentSign', value: '%' };
      parts = applyTemplate(pick(sym.pct), body.parts, values);
    } else {
      parts = applyTemplate(sign ? '-#' : '#', body.parts, values);
      if (r.style === 'currency') {
        var names = currencyInfo(r.currency);
        parts.push({ type: 'literal', value: ' ' }, { type: 'currency', value: names ? (body.one || !names[3] ? names[2] : names[3]) : r.currency });
      } else if (r.style === 'unit') {
        var forms = unitForms(r.unit), idx = { short: 0, long: 2, narrow: 4 }[r.unitDisplay] + (body.one ? 0 : 1);
        var pattern = forms[idx].split('{0}');
        if (pattern[0]) parts.unshift({ type: 'unit', value: pattern[0] });
        if (pattern[1]) {
          if (pattern[1][0] === ' ') parts.push({ type: 'literal', value: ' ' });
          parts.push({ type: 'unit', value: pattern[1].replace(/^ /, '') });
        }
      }
    }
    return parts;
  }
  function compactExponent(n) {
    if (!n.d || n.p - 1 < 3) return 0;
    return Math.min(Math.floor((n.p - 1) / 3) * 3, 12);
  }
  function signFor(display, negative, isZero) {
    switch (display) {
      case 'never': return '';
      case 'always': return negative ? '-' : '+';
      case 'exceptZero': return isZero ? '' : negative ? '-' : '+';
      case 'negative': return negative && !isZero ? '-' : '';
      default: return negative ? '-' : '';
    }
  }
  function joinParts(parts) {
    var s = '';
    for (var i = 0; i < parts.length; i++) s += parts[i].value;
    return s;
  }
  function toNumeric(v) {
    if (typeof v === 'bigint') return v;
    if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) && Math.abs(Number(v)) > Number.MAX_SAFE_INTEGER) return BigInt(v);
    return Number(v);
  }

  function unwrap(map, self, method) {
    var slot = typeof self === 'object' && self !== null ? map.get(self) : undefined;
    if (!slot) throw new TypeError('Method ' + method + ' called on incompatible receiver ' + describe(self));
    return slot;
  }
  function describe(v) {
    if (v === undefined || v === null || typeof v !== 'object' && typeof v !== 'function') return String(v);
    return '#<' + ((v.constructor && v.constructor.name) || 'Object') + '>';
  }

  // Intl.NumberFormat and Intl.DateTimeFormat share one shape: a constructor callable without
  // `new`, resolvedOptions, formatToParts, and a `format` getter that returns a bound function.
  function formatterClass(name, resolve, toValue, toParts, toText) {
    var slots = new WeakMap(), full = 'Intl.' + name;
    var C = builtin(function (locales, options) {
      var self = new.target ? this : Object.create(C.prototype);
      slots.set(self, resolve(locales, options));
      return self;
    }, name, 0);
    var proto = C.prototype;
    Object.defineProperty(C, 'prototype', { writable: false, enumerable: false, configurable: false });
    define(proto, 'resolvedOptions', builtin(function () {
      return copyOptions(unwrap(slots, this, full + '.prototype.resolvedOptions').resolved);
    }, 'resolvedOptions', 0));
    define(proto, 'formatToParts', builtin(function (value) {
      return toParts(unwrap(slots, this, full + '.prototype.formatToParts'), toValue(value));
    }, 'formatToParts', 1));
    Object.defineProperty(proto, 'format', {
      enumerable: false, configurable: true,
      get: builtin(function () {
        var slot = unwrap(slots, this, 'Unwrap' + name);
        if (!slot.bound) slot.bound = builtin(function (value) { return toText(slot, toValue(value)); }, '', 1);
        return slot.bound;
      }, 'get format', 0)
    });
    defineTag(proto, full);
    return C;
  }
  function copyOptions(r) {
    var out = {};
    for (var k in r) out[k] = r[k];
    return out;
  }

  var NumberFormat = formatterClass('NumberFormat', resolveNumberOptions, toNumeric, formatNumberParts, function (slot, x) {
    return joinParts(formatNumberParts(slot, x));
  });

  var defaultNumberSlot = null;
  function numberToLocaleString(x, locales, options) {
    var slot;
    if (locales === undefined && options === undefined) {
      slot = defaultNumberSlot || (defaultNumberSlot = resolveNumberOptions(undefined, undefined));
    } else slot = resolveNumberOptions(locales, options);
    return joinParts(formatNumberParts(slot, x));
  }
  function thisNumber(v) {
    if (typeof v === 'number') return v;
    if (v instanceof Number) return Number.prototype.valueOf.call(v);
    throw new TypeError('Number.prototype.toLocaleString requires that \'this\' be a Number');
  }
  define(Number.prototype, 'toLocaleString', builtin(function (locales, options) {
    return numberToLocaleString(thisNumber(this), locales, options);
  }, 'toLocaleString', 0));
  if (typeof BigInt === 'function') {
    define(BigInt.prototype, 'toLocaleString', builtin(function (locales, options) {
      return numberToLocaleString(BigInt.prototype.valueOf.call(this), locales, options);
    }, 'toLocaleString', 0));
  }

  // ---------------------------------------------------------------- dates
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  var DT = 'Intl.DateTimeFormat';
  var TEXT = ['narrow', 'short', 'long'], NUM = ['2-digit', 'numeric'];
  var FIELDS = [['weekday', TEXT], ['era', TEXT], ['year', NUM], ['month', NUM.concat(TEXT)], ['day', NUM],
    ['dayPeriod', TEXT], ['hour', NUM], ['minute', NUM], ['second', NUM], ['fractionalSecondDigits', null],
    ['timeZoneName', ['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric']]];
  var STYLES = ['full', 'long', 'medium', 'short'];
  var UTC_NAMES = { utc: 1, 'etc/utc': 1, gmt: 1, 'etc/gmt': 1, 'etc/uct': 1, uct: 1, 'etc/universal': 1, universal: 1,
    'etc/zulu': 1, zulu: 1, 'etc/gmt0': 1, 'etc/gmt+0': 1, 'etc/gmt-0': 1, gmt0: 1, 'gmt+0': 1, 'gmt-0': 1, 'etc/greenwich': 1, greenwich: 1 };

  // ---------------------------------------------------------------- time zones
  // UTC plus common IANA zones (en-US names generated from node 20's ICU, DATA.zones): fixed offsets or
  // the US, EU, AU and NZ daylight-saving rules. US zones use the pre-2007 rule before 2007;
  // the others apply today's rule to every year, so dates before it was adopted can differ.
  var ZONE_DATA = DATA.zones;
  var UTC_ZONE = { id: 'UTC', rule: '', std: 0 };
  var zoneIndex = null;
  function zoneInfo(name) {
    if (UTC_NAMES[name.toLowerCase()]) return UTC_ZONE;
    if (!zoneIndex) {
      zoneIndex = Object.create(null);
      ZONE_DATA.split(';').forEach(function (row) { var f = row.split('|'); zoneIndex[f[0].toLowerCase()] = f; });
    }
    var f = zoneIndex[name.toLowerCase()];
    if (!f) return null;
    return { id: f[1] || f[0], rule: f[2], std: +f[3], dst: +f[8],
      names: { short: f[4], long: f[5], shortGeneric: f[6], longGeneric: f[7] }, dstNames: { short: f[9], long: f[10] } };
  }
  // Day of month of the nth (n > 0) or last (n < 0) Sunday.
  function sunday(y, m, n) {
    if (n > 0) return 1 + (7 - new Date(Date.UTC(y, m, 1)).getUTCDay()) % 7 + (n - 1) * 7;
    var last = new Date(Date.UTC(y, m + 1, 0));
    return last.getUTCDate() - last.getUTCDay();
  }
  function isDaylight(z, t) {
    var y = new Date(t + z.std * 60000).getUTCFullYear(), std = z.std * 60000, dst = z.dst * 60000;
    switch (z.rule) {
      case 'US':
        var modern = y >= 2007;
        return t >= Date.UTC(y, modern ? 2 : 3, sunday(y, modern ? 2 : 3, modern ? 2 : 1), 2) - std &&
          t < Date.UTC(y, modern ? 10 : 9, sunday(y, modern ? 10 : 9, modern ? 1 : -1), 2) - dst;
      case 'EU': return t >= Date.UTC(y, 2, sunday(y, 2, -1), 1) && t < Date.UTC(y, 9, sunday(y, 9, -1), 1);
      case 'AU': return t < Date.UTC(y, 3, sunday(y, 3, 1), 3) - dst || t >= Date.UTC(y, 9, sunday(y, 9, 1), 2) - std;
      case 'NZ': return t < Date.UTC(y, 3, sunday(y, 3, 1), 3) - dst || t >= Date.UTC(y, 8, sunday(y, 8, -1), 2) - std;
    }
    return false;
  }
  function gmtOffset(minutes, long) {
    var a = Math.abs(minutes), h = Math.floor(a / 60), m = a % 60, sign = minutes < 0 ? '-' : '+';
    return 'GMT' + sign + (long ? pad2(h) + ':' + pad2(m) : h + (m ? ':' + pad2(m) : ''));
  }
  // The zone's name for the instant; en-US has recorded names, other locales print offsets
  // for short names and (a gap) the English long names.
  function zoneName(zone, w, offset, daylight, names) {
    if (w === 'shortOffset' || w === 'longOffset') return gmtOffset(offset, w === 'longOffset');
    if (zone === UTC_ZONE) {
      if (names) return names.z[w];
      return w === 'long' ? 'Coordinated Universal Time' : w === 'short' ? 'UTC' : /^short/.test(w) ? 'GMT+0' : 'GMT+00:00';
    }
    var name = daylight && zone.dstNames[w] ? zone.dstNames[w] : zone.names[w];
    return names && /^short/.test(w) ? gmtOffset(offset, false) : name;
  }

  // ToDateTimeOptions + the pattern ICU's generator picks for the requested fields: recorded
  // for the locale's common option sets, otherwise built by the en-US rules below.
  function resolveDateOptions(locales, options, required, defaults) {
    var loc = resolveLocale(locales), o = toOptions(options), r = { locale: loc.tag, calendar: 'gregory', numberingSystem: 'latn' };
    getOption(o, 'localeMatcher', ['lookup', 'best fit'], 'best fit', DT);
    getOption(o, 'calendar', null, undefined, DT);
    getOption(o, 'numberingSystem', null, undefined, DT);
    var hour12 = getOption(o, 'hour12', 'boolean', undefined, DT);
    var hourCycle = getOption(o, 'hourCycle', ['h11', 'h12', 'h23', 'h24'], undefined, DT);
    var zone = o.timeZone === undefined ? UTC_ZONE : zoneInfo(String(o.timeZone));
    if (!zone) throw new RangeError('Invalid time zone specified: ' + o.timeZone + ' (the dodo-cio sandbox knows UTC and common IANA zones only)');
    r.timeZone = zone.id;
    var f = {};
    for (var i = 0; i < FIELDS.length; i++) {
      var name = FIELDS[i][0];
      f[name] = name === 'fractionalSecondDigits' ? numberOption(o[name], 1, 3, undefined, name) : getOption(o, name, FIELDS[i][1], undefined, DT);
    }
    getOption(o, 'formatMatcher', ['basic', 'best fit'], 'best fit', DT);
    var dateStyle = getOption(o, 'dateStyle', STYLES, undefined, DT);
    var timeStyle = getOption(o, 'timeStyle', STYLES, undefined, DT);
    if (dateStyle || timeStyle) {
      for (var k in f) if (f[k] !== undefined) {
        throw new TypeError("Can't set option " + k + ' when ' + (dateStyle ? 'dateStyle' : 'timeStyle') + ' is used');
      }
      if (required === 'date' && timeStyle) throw new TypeError('Invalid option : timeStyle');
      if (required === 'time' && dateStyle) throw new TypeError('Invalid option : dateStyle');
    } else {
      var need = true;
      if (required !== 'time' && (f.weekday || f.year || f.month || f.day)) need = false;
      if (required !== 'date' && (f.dayPeriod || f.hour || f.minute || f.second || f.fractionalSecondDigits)) need = false;
      if (need && defaults !== 'time') f.year = f.month = f.day = 'numeric';
      if (need && defaults !== 'date') f.hour = f.minute = f.second = 'numeric';
    }
    // [default, hour12:true, hour12:false]; V8 maps hour12:false to h24 where the default is h12.
    var cycles = loc.hc ? (/1$|3$/.test(loc.hc) ? [loc.hc, 'h11', 'h23'] : [loc.hc, 'h12', 'h24']) : loc.d ? loc.d.hc : ['h12', 'h12', 'h24'];
    var hc = hour12 !== undefined ? cycles[hour12 ? 1 : 2] : hourCycle || cycles[0];
    r.locale = localeWith(loc, { ca: true, nu: true, hc: hc === loc.hc && hc });
    var pattern = (loc.d && recordedPattern(loc.d, f, dateStyle, timeStyle, hc)) ||
      (dateStyle || timeStyle ? stylePattern(dateStyle, timeStyle, hc) : fieldPattern(f, hc));
    var hasHour = false;
    for (var t = 0; t < pattern.length; t++) if (pattern[t].f === 'hour') hasHour = true;
    if (hasHour) { r.hourCycle = hc; r.hour12 = hc === 'h11' || hc === 'h12'; }
    if (dateStyle || timeStyle) {
      if (dateStyle) r.dateStyle = dateStyle;
      if (timeStyle) r.timeStyle = timeStyle;
    } else {
      var order = ['weekday', 'era', 'year', 'month', 'day', 'dayPeriod', 'hour', 'minute', 'second', 'fractionalSecondDigits', 'timeZoneName'];
      var seen = {};
      for (var p = 0; p < pattern.length; p++) if (pattern[p].f && !pattern[p].implicit) seen[pattern[p].f] = pattern[p].reported || pattern[p].w;
      for (var extra in pattern.reported || {}) seen[extra] = pattern.reported[extra] === null ? undefined : pattern.reported[extra];
      for (var q = 0; q < order.length; q++) if (seen[order[q]] !== undefined) r[order[q]] = seen[order[q]];
    }
    return { resolved: r, pattern: pattern, names: loc.d ? loc.d.names : null, zone: zone };
  }

  var KEY_ORDER = ['weekday', 'era', 'year', 'month', 'day', 'dayPeriod', 'hour', 'minute', 'second', 'fractionalSecondDigits', 'timeZoneName'];
  var keyIndex = null;
  function recordedPattern(data, f, dateStyle, timeStyle, hc) {
    var key = [];
    for (var i = 0; i < KEY_ORDER.length; i++) if (f[KEY_ORDER[i]] !== undefined) key.push(KEY_ORDER[i] + ':' + f[KEY_ORDER[i]]);
    if (dateStyle) key.push('dateStyle:' + dateStyle);
    if (timeStyle) key.push('timeStyle:' + timeStyle);
    key = key.join(',');
    if (f.hour || f.minute || f.second || timeStyle) {
      // Recorded variants differ only in 12- versus 24-hour layout; the hour's value comes
      // from hc itself, so h11/h12 (and h23/h24) share a pattern.
      var twelve = /1[12]$/, variant = '';
      for (var v = 2; v >= 0; v--) if (twelve.test(data.hc[v]) === twelve.test(hc)) variant = 'dtf'[v];
      if (!variant) return null;
      key += '|' + variant;
    }
    if (!keyIndex) {
      keyIndex = Object.create(null);
      JSON.parse(LOCALE_KEYS_JSON).forEach(function (k, n) { keyIndex[k] = n; });
    }
    if (keyIndex[key] === undefined) return null;
    // A recorded pattern may carry, after a NUL, the fields V8's resolvedOptions reports
    // differently from the pattern (it also reads letters inside literals such as "'de'").
    var recorded = data.p[keyIndex[key]].split('\u0000'), tokens = compilePattern(recorded[0]);
    if (recorded[1]) tokens.reported = JSON.parse(recorded[1]);
    return tokens;
  }
  // ICU pattern letters -> tokens. L and c are the stand-alone month and weekday names.
  var PATTERN_RE = /'((?:[^']|'')*)'|([A-Za-z])\2*|[^A-Za-z']+/g;
  var TEXT_WIDTH = [0, 'short', 'short', 'short', 'long', 'narrow'];
  var ZONE_WIDTH = { z: ['short', 'long'], O: ['shortOffset', 'longOffset'], v: ['shortGeneric', 'longGeneric'] };
  function compilePattern(pattern) {
    var out = [], m;
    PATTERN_RE.lastIndex = 0;
    while ((m = PATTERN_RE.exec(pattern))) {
      var letter = m[2], n = m[0].length, numeric = n === 2 ? '2-digit' : 'numeric';
      if (m[1] !== undefined) { out.push(m[1].replace(/''/g, "'")); continue; }
      if (!letter) { out.push(m[0]); continue; }
      switch (letter) {
        case 'y': out.push(tok('year', numeric)); break;
        case 'M': case 'L':
          var month = tok('month', n <= 2 ? numeric : TEXT_WIDTH[n]);
          if (letter === 'L') month.ctx = 'L';
          out.push(month);
          break;
        case 'E': case 'c':
          var day = tok('weekday', TEXT_WIDTH[n]);
          if (letter === 'c') day.ctx = 'c';
          out.push(day);
          break;
        case 'G': out.push(tok('era', TEXT_WIDTH[n])); break;
        case 'd': out.push(tok('day', numeric)); break;
        case 'h': case 'H': case 'K': case 'k': out.push(tok('hour', numeric)); break;
        case 'm': out.push(tok('minute', numeric)); break;
        case 's': out.push(tok('second', numeric)); break;
        case 'S': out.push(tok('fractionalSecondDigits', n)); break;
        case 'a': out.push({ f: 'dayPeriod', w: 'short', implicit: true }); break;
        default: out.push(tok('timeZoneName', ZONE_WIDTH[letter][n >= 4 ? 1 : 0]));
      }
    }
    return out;
  }

  // Pattern tokens: {f: field, w: width} or a literal string.
  function tok(f, w) { return { f: f, w: w }; }
  // AM/PM comes from the hour cycle (not reported by resolvedOptions); an explicit dayPeriod
  // option asks for CLDR's flexible periods ("in the afternoon", "noon").
  function timeTokens(f, hc) {
    var out = [], h24 = hc === 'h23' || hc === 'h24', hour = f.hour, minute = f.minute, second = f.second;
    if (hour) out.push(tok('hour', h24 ? '2-digit' : hour));
    if (minute) {
      if (out.length) out.push(':');
      out.push(tok('minute', hour || second ? '2-digit' : 'numeric'));
    }
    if (second) {
      if (out.length) out.push(':');
      out.push(tok('second', hour || minute ? '2-digit' : 'numeric'));
    }
    if (f.fractionalSecondDigits) { out.push('.'); out.push(tok('fractionalSecondDigits', f.fractionalSecondDigits)); }
    if (f.dayPeriod && !(hour && h24)) {
      var period = tok('dayPeriod', f.dayPeriod);
      period.flexible = { minute: !!minute, second: !!second };
      if (out.length) out.push(' ');
      out.push(period);
    } else if (hour && !h24) {
      var ampm = tok('dayPeriod', 'short');
      ampm.implicit = true;
      out.push(NNBSP, ampm);
    }
    return out;
  }
  function fieldPattern(f, hc) {
    var date = [], textMonth = f.month && TEXT.indexOf(f.month) >= 0;
    var y = f.year && tok('year', f.year), m = f.month && tok('month', f.month), d = f.day && tok('day', f.day);
    if (textMonth) {
      if (m && d && y) date = [m, ' ', d, ', ', y];
      else if (m && d) date = [m, ' ', d];
      else if (m && y) date = [m, ' ', y];
      else date = [m];
    } else if (m) {
      if (d && y) date = [m, '/', d, '/', y];
      else if (d) date = [m, '/', d];
      else if (y) date = [m, '/', y];
      else date = [m];
    } else if (d && y) date = [y, ' (day: ', d, ')'];
    else if (d) date = [d];
    else if (y) date = [y];
    if (f.era && y) {
      date.push(' ', tok('era', f.era));
    }
    if (f.weekday) {
      var e = tok('weekday', f.weekday);
      if (m && d) date = [e, ', '].concat(date);
      else if (date.length) date = date.concat([' ', e]);
      else date = [e];
    }
    var time = timeTokens(f, hc);
    if (f.timeZoneName) {
      // ICU's 24-hour "hour + zone" pattern marks the bare hour with an "h" ("13h UTC"),
      // and V8 then reports that hour as numeric though it prints two digits.
      if (time.length === 1 && f.hour) { time[0].reported = 'numeric'; time.push('h'); }
      var z = tok('timeZoneName', f.timeZoneName);
      time = time.length ? time.concat([' ', z]) : [z];
    }
    if (!date.length) return time;
    if (!time.length) return date;
    // CLDR has "E h:mm a"-style skeletons only for a bare weekday with a plain time.
    var plainTime = !f.timeZoneName && !f.fractionalSecondDigits && (f.minute || (f.hour && hc !== 'h23' && hc !== 'h24'));
    if (f.weekday && !m && !d && !y && !f.era && f.hour && plainTime) return date.concat([' '], time);
    var glue = textMonth && f.month === 'long' ? ' at ' : ', ';
    return date.concat([glue], time);
  }
  function stylePattern(dateStyle, timeStyle, hc) {
    var date = null, time = null;
    if (dateStyle) {
      var m = tok('month', dateStyle === 'full' || dateStyle === 'long' ? 'long' : 'short');
      date = dateStyle === 'short' ? [tok('month', 'numeric'), '/', tok('day', 'numeric'), '/', tok('year', '2-digit')]
        : [m, ' ', tok('day', 'numeric'), ', ', tok('year', 'numeric')];
      if (dateStyle === 'full') date = [tok('weekday', 'long'), ', '].concat(date);
    }
    if (timeStyle) {
      var h24 = hc === 'h23' || hc === 'h24';
      time = [tok('hour', h24 ? '2-digit' : 'numeric'), ':', tok('minute', '2-digit')];
      if (timeStyle !== 'short') time.push(':', tok('second', '2-digit'));
      if (!h24) time.push(NNBSP, { f: 'dayPeriod', w: 'short', implicit: true });
      if (timeStyle === 'full' || timeStyle === 'long') time.push(' ', tok('timeZoneName', timeStyle === 'full' ? 'long' : 'short'));
    }
    if (!date) return time;
    if (!time) return date;
    return date.concat([dateStyle === 'full' || dateStyle === 'long' ? ' at ' : ', '], time);
  }

  function pad2(n) { return n < 10 ? '0' + n : String(n); }
  // `names` is the locale's name table, or null for the built-in English names.
  function fieldValue(t, dt, hc, names) {
    var w = t.w;
    switch (t.f) {
      case 'weekday':
        if (names) return names[t.ctx || 'E'][w][dt.getUTCDay()];
        var wd = DAYS[dt.getUTCDay()];
        return w === 'long' ? wd : w === 'short' ? wd.slice(0, 3) : wd[0];
      case 'era':
        var ad = dt.getUTCFullYear() > 0;
        if (names && ad) return names.G[w];
        return w === 'long' ? (ad ? 'Anno Domini' : 'Before Christ') : w === 'short' ? (ad ? 'AD' : 'BC') : (ad ? 'A' : 'B');
      case 'year':
        var y = dt.getUTCFullYear();
        if (y <= 0) y = 1 - y;
        return w === '2-digit' ? pad2(y % 100) : String(y);
      case 'month':
        var mo = dt.getUTCMonth();
        if (w === 'numeric' || w === '2-digit') return w === 'numeric' ? String(mo + 1) : pad2(mo + 1);
        if (names) return names[t.ctx || 'M'][w][mo];
        return w === 'long' ? MONTHS[mo] : w === 'short' ? MONTHS[mo].slice(0, 3) : MONTHS[mo][0];
      case 'day': return w === '2-digit' ? pad2(dt.getUTCDate()) : String(dt.getUTCDate());
      case 'hour':
        var h = dt.getUTCHours();
        if (hc === 'h12') h = h % 12 || 12;
        else if (hc === 'h11') h = h % 12;
        else if (hc === 'h24') h = h || 24;
        return w === '2-digit' ? pad2(h) : String(h);
      case 'minute': return w === '2-digit' ? pad2(dt.getUTCMinutes()) : String(dt.getUTCMinutes());
      case 'second': return w === '2-digit' ? pad2(dt.getUTCSeconds()) : String(dt.getUTCSeconds());
      case 'fractionalSecondDigits': return String(dt.getUTCMilliseconds() + 1000).slice(1, 1 + w);
      case 'dayPeriod':
        if (t.flexible) return flexiblePeriod(t, dt);
        return names ? names.a[dt.getUTCHours() < 12 ? 0 : 1] : dt.getUTCHours() < 12 ? 'AM' : 'PM';
    }
  }
  function flexiblePeriod(t, dt) {
    var h = dt.getUTCHours(), show = t.flexible;
    if (h === 12 && !(show.minute && dt.getUTCMinutes()) && !(show.second && dt.getUTCSeconds())) return t.w === 'narrow' ? 'n' : 'noon';
    return h < 12 ? 'in the morning' : h < 18 ? 'in the afternoon' : h < 21 ? 'in the evening' : 'at night';
  }
  var PART_TYPE = { fractionalSecondDigits: 'fractionalSecond' };
  function formatDateParts(slot, dt) {
    var parts = [], pattern = slot.pattern, hc = slot.resolved.hourCycle, zone = slot.zone;
    var daylight = !!zone.rule && isDaylight(zone, dt.getTime()), offset = daylight ? zone.dst : zone.std;
    var local = offset ? new Date(dt.getTime() + offset * 60000) : dt;
    for (var i = 0; i < pattern.length; i++) {
      var t = pattern[i], value;
      if (typeof t === 'string') {
        if (parts.length && parts[parts.length - 1].type === 'literal') parts[parts.length - 1].value += t;
        else parts.push({ type: 'literal', value: t });
        continue;
      }
      value = t.f === 'timeZoneName' ? zoneName(zone, t.w, offset, daylight, slot.names) : fieldValue(t, local, hc, slot.names);
      parts.push({ type: PART_TYPE[t.f] || t.f, value: value });
    }
    return parts;
  }
  // V8 keeps ICU's U+202F before AM/PM in formatToParts but prints a plain space (web compat).
  function formatDate(slot, dt) { return joinParts(formatDateParts(slot, dt)).replace(/\u202f/g, ' '); }
  function toDate(date) {
    var t = date === undefined ? Date.now() : Number(date instanceof Date ? date.getTime() : date);
    var dt = new Date(t);
    if (isNaN(dt.getTime())) throw new RangeError('Invalid time value');
    return dt;
  }

  var DateTimeFormat = formatterClass('DateTimeFormat', function (locales, options) {
    return resolveDateOptions(locales, options, 'any', 'date');
  }, toDate, formatDateParts, formatDate);

  var dateDefaults = Object.create(null);
  function dateToLocale(method, required, defaults) {
    define(Date.prototype, method, builtin(function (locales, options) {
      if (!(this instanceof Date)) throw new TypeError('this is not a Date object.');
      var t = this.getTime();
      if (isNaN(t)) return 'Invalid Date';
      var slot;
      if (locales === undefined && options === undefined) {
        slot = dateDefaults[method] || (dateDefaults[method] = resolveDateOptions(undefined, undefined, required, defaults));
      } else slot = resolveDateOptions(locales, options, required, defaults);
      return formatDate(slot, this);
    }, method, 0));
  }
  dateToLocale('toLocaleString', 'any', 'all');
  dateToLocale('toLocaleDateString', 'date', 'date');
  dateToLocale('toLocaleTimeString', 'time', 'time');

  // ---------------------------------------------------------------- Intl.PluralRules (en)
  var prSlots = new WeakMap();
  function PluralRules(locales, options) {
    if (!new.target) throw new TypeError("Constructor Intl.PluralRules requires 'new'");
    var o = toOptions(options);
    var type = getOption(o, 'type', ['cardinal', 'ordinal'], 'cardinal', 'Intl.PluralRules');
    var digits = {};
    ['minimumIntegerDigits', 'minimumFractionDigits', 'maximumFractionDigits', 'minimumSignificantDigits', 'maximumSignificantDigits']
      .forEach(function (k) { digits[k] = o[k]; });
    var num = resolveNumberOptions(locales, digits);
    prSlots.set(this, { type: type, num: num });
    return this;
  }
  builtin(PluralRules, 'PluralRules', 0);
  Object.defineProperty(PluralRules, 'prototype', { writable: false, enumerable: false, configurable: false });
  define(PluralRules.prototype, 'select', builtin(function (value) {
    var slot = unwrap(prSlots, this, 'Intl.PluralRules.prototype.select'), x = Number(value);
    if (!isFinite(x)) return 'other';
    var parts = formatNumberParts(slot.num, Math.abs(x)), ip = '', fp = '';
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].type === 'integer') ip += parts[i].value;
      if (parts[i].type === 'fraction') fp = parts[i].value;
    }
    if (slot.type === 'cardinal') return pluralOne(ip, fp) ? 'one' : 'other';
    if (fp) return 'other';
    var n10 = Number(ip.slice(-1)), n100 = Number(ip.slice(-2));
    if (n10 === 1 && n100 !== 11) return 'one';
    if (n10 === 2 && n100 !== 12) return 'two';
    if (n10 === 3 && n100 !== 13) return 'few';
    return 'other';
  }, 'select', 1));
  define(PluralRules.prototype, 'resolvedOptions', builtin(function () {
    var slot = unwrap(prSlots, this, 'Intl.PluralRules.prototype.resolvedOptions'), r = slot.num.resolved;
    var out = { locale: r.locale, type: slot.type, minimumIntegerDigits: r.minimumIntegerDigits };
    var kind = r.minimumSignificantDigits !== undefined ? 'Significant' : 'Fraction';
    out['minimum' + kind + 'Digits'] = r['minimum' + kind + 'Digits'];
    out['maximum' + kind + 'Digits'] = r['maximum' + kind + 'Digits'];
    out.pluralCategories = slot.type === 'cardinal' ? ['one', 'other'] : ['few', 'one', 'two', 'other'];
    out.roundingIncrement = 1; out.roundingMode = 'halfExpand'; out.roundingPriority = 'auto'; out.trailingZeroDisplay = 'auto';
    return out;
  }, 'resolvedOptions', 0));
  defineTag(PluralRules.prototype, 'Intl.PluralRules');

  // ---------------------------------------------------------------- Intl namespace
  // The requested tags that have their own data rather than falling back to en-US.
  var supportedLocalesOf = function (locales) {
    return canonicalLocales(locales).filter(function (tag) { return resolveLocale(tag).tag !== 'en-US' || /^en-US\b/.test(tag); });
  };
  var Intl = {};
  [NumberFormat, DateTimeFormat, PluralRules].forEach(function (C) {
    define(C, 'supportedLocalesOf', builtin(function (locales) { return supportedLocalesOf(locales); }, 'supportedLocalesOf', 1));
    define(Intl, C.name, C);
  });
  define(Intl, 'getCanonicalLocales', builtin(function (locales) { return canonicalLocales(locales); }, 'getCanonicalLocales', 1));
  defineTag(Intl, 'Intl');
  define(globalThis, 'Intl', Intl);
})();
