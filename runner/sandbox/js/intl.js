// V8-compatible Intl subset and toLocale* overrides for the QuickJS sandbox.
// Why: Dodo's dashboard runs transforms in V8 with full ICU; QuickJS has no Intl and formats
// toLocale* output differently ('01/14/2026', no digit grouping). This file reproduces V8's
// en-US output (node 20 / ICU is the oracle) so a transform produces the same payload here.
// Every locale resolves to en-US data (like a small-icu V8 build); only the UTC time zone exists.
(function () {
  'use strict';
  var NBSP = '\u00a0', NNBSP = '\u202f';

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

  // Every structurally valid tag resolves to en-US: the sandbox only carries en-US data.
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
  function resolveLocale(locales) {
    canonicalLocales(locales);
    return 'en-US';
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
  // code: [symbol, narrowSymbol (0 = symbol), singular name, plural name (0 = singular), digits (default 2)]
  var CURRENCIES = {"USD":["$",0,"US dollar","US dollars"],"EUR":["\u20ac",0,"euro","euros"],"GBP":["\u00a3",0,"British pound","British pounds"],"JPY":["\u00a5",0,"Japanese yen",0,0],"INR":["\u20b9",0,"Indian rupee","Indian rupees"],"CAD":["CA$","$","Canadian dollar","Canadian dollars"],"AUD":["A$","$","Australian dollar","Australian dollars"],"CNY":["CN\u00a5","\u00a5","Chinese yuan"],"KRW":["\u20a9",0,"South Korean won",0,0],"MXN":["MX$","$","Mexican peso","Mexican pesos"],"BRL":["R$",0,"Brazilian real","Brazilian reals"],"CHF":["CHF",0,"Swiss franc","Swiss francs"],"SEK":["SEK","kr","Swedish krona","Swedish kronor"],"NOK":["NOK","kr","Norwegian krone","Norwegian kroner"],"DKK":["DKK","kr","Danish krone","Danish kroner"],"PLN":["PLN","z\u0142","Polish zloty","Polish zlotys"],"HKD":["HK$","$","Hong Kong dollar","Hong Kong dollars"],"NZD":["NZ$","$","New Zealand dollar","New Zealand dollars"],"SGD":["SGD","$","Singapore dollar","Singapore dollars"],"ZAR":["ZAR","R","South African rand"],"ILS":["\u20aa",0,"Israeli new shekel","Israeli new shekels"],"TRY":["TRY","\u20ba","Turkish lira","Turkish Lira"],"RUB":["RUB","\u20bd","Russian ruble","Russian rubles"],"AED":["AED",0,"UAE dirham","UAE dirhams"],"IDR":["IDR","Rp","Indonesian rupiah",0,0],"PHP":["\u20b1",0,"Philippine peso","Philippine pesos"],"THB":["THB","\u0e3f","Thai baht"],"VND":["\u20ab",0,"Vietnamese dong",0,0],"NGN":["NGN","\u20a6","Nigerian naira","Nigerian nairas"],"KWD":["KWD",0,"Kuwaiti dinar","Kuwaiti dinars",3],"BHD":["BHD",0,"Bahraini dinar","Bahraini dinars",3],"CZK":["CZK","K\u010d","Czech koruna","Czech korunas"],"HUF":["HUF","Ft","Hungarian forint",0,0],"SAR":["SAR",0,"Saudi riyal","Saudi riyals"],"TWD":["NT$","$","New Taiwan dollar","New Taiwan dollars"],"MYR":["MYR","RM","Malaysian ringgit","Malaysian ringgits"],"EGP":["EGP","E\u00a3","Egyptian pound","Egyptian pounds"],"PKR":["PKR","Rs","Pakistani rupee",0,0],"CLP":["CLP","$","Chilean peso",0,0],"COP":["COP","$","Colombian peso",0,0],"ARS":["ARS","$","Argentine peso","Argentine pesos"],"UAH":["UAH","\u20b4","Ukrainian hryvnia","Ukrainian hryvnias"],"KES":["KES",0,"Kenyan shilling","Kenyan shillings"],"ISK":["ISK","kr","Icelandic kr\u00f3na",0,0]};
  // unit: [short one, short other, long one, long other, narrow one, narrow other]; {0} is the number
  var UNITS = {"percent":["{0}%","{0}%","{0} percent","{0} percent","{0}%","{0}%"],"byte":["{0} byte","{0} byte","{0} byte","{0} bytes","{0}B","{0}B"],"kilobyte":["{0} kB","{0} kB","{0} kilobyte","{0} kilobytes","{0}kB","{0}kB"],"megabyte":["{0} MB","{0} MB","{0} megabyte","{0} megabytes","{0}MB","{0}MB"],"gigabyte":["{0} GB","{0} GB","{0} gigabyte","{0} gigabytes","{0}GB","{0}GB"],"terabyte":["{0} TB","{0} TB","{0} terabyte","{0} terabytes","{0}TB","{0}TB"],"bit":["{0} bit","{0} bit","{0} bit","{0} bits","{0}bit","{0}bit"],"millisecond":["{0} ms","{0} ms","{0} millisecond","{0} milliseconds","{0}ms","{0}ms"],"second":["{0} sec","{0} sec","{0} second","{0} seconds","{0}s","{0}s"],"minute":["{0} min","{0} min","{0} minute","{0} minutes","{0}m","{0}m"],"hour":["{0} hr","{0} hr","{0} hour","{0} hours","{0}h","{0}h"],"day":["{0} day","{0} days","{0} day","{0} days","{0}d","{0}d"],"week":["{0} wk","{0} wks","{0} week","{0} weeks","{0}w","{0}w"],"month":["{0} mth","{0} mths","{0} month","{0} months","{0}m","{0}m"],"year":["{0} yr","{0} yrs","{0} year","{0} years","{0}y","{0}y"],"meter":["{0} m","{0} m","{0} meter","{0} meters","{0}m","{0}m"],"kilometer":["{0} km","{0} km","{0} kilometer","{0} kilometers","{0}km","{0}km"],"centimeter":["{0} cm","{0} cm","{0} centimeter","{0} centimeters","{0}cm","{0}cm"],"millimeter":["{0} mm","{0} mm","{0} millimeter","{0} millimeters","{0}mm","{0}mm"],"mile":["{0} mi","{0} mi","{0} mile","{0} miles","{0}mi","{0}mi"],"foot":["{0} ft","{0} ft","{0} foot","{0} feet","{0}\u2032","{0}\u2032"],"inch":["{0} in","{0} in","{0} inch","{0} inches","{0}\u2033","{0}\u2033"],"kilogram":["{0} kg","{0} kg","{0} kilogram","{0} kilograms","{0}kg","{0}kg"],"gram":["{0} g","{0} g","{0} gram","{0} grams","{0}g","{0}g"],"pound":["{0} lb","{0} lb","{0} pound","{0} pounds","{0}#","{0}#"],"ounce":["{0} oz","{0} oz","{0} ounce","{0} ounces","{0}oz","{0}oz"],"liter":["{0} L","{0} L","{0} liter","{0} liters","{0}L","{0}L"],"milliliter":["{0} mL","{0} mL","{0} milliliter","{0} milliliters","{0}mL","{0}mL"],"gallon":["{0} gal","{0} gal","{0} gallon","{0} gallons","{0}gal","{0}gal"],"celsius":["{0}\u00b0C","{0}\u00b0C","{0} degree Celsius","{0} degrees Celsius","{0}\u00b0C","{0}\u00b0C"],"fahrenheit":["{0}\u00b0F","{0}\u00b0F","{0} degree Fahrenheit","{0} degrees Fahrenheit","{0}\u00b0","{0}\u00b0"],"kilometer-per-hour":["{0} km/h","{0} km/h","{0} kilometer per hour","{0} kilometers per hour","{0}km/h","{0}km/h"],"mile-per-hour":["{0} mph","{0} mph","{0} mile per hour","{0} miles per hour","{0}mph","{0}mph"],"meter-per-second":["{0} m/s","{0} m/s","{0} meter per second","{0} meters per second","{0}m/s","{0}m/s"],"degree":["{0} deg","{0} deg","{0} degree","{0} degrees","{0}\u00b0","{0}\u00b0"]};
  var COMPACT = { short: ['K', 'M', 'B', 'T'], long: [' thousand', ' million', ' billion', ' trillion'] };

  // ---------------------------------------------------------------- Intl.NumberFormat
  var NF = 'Intl.NumberFormat';
  var nfSlots = new WeakMap();

  function resolveNumberOptions(locales, options) {
    var o = toOptions(options), r = { locale: resolveLocale(locales), numberingSystem: 'latn' };
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
      var cd = (CURRENCIES[r.currency] || [])[4];
      cd = cd === undefined ? 2 : cd;
      fracDefault = [cd, cd];
    } else if (r.style === 'unit') {
      if (unit === undefined) throw new TypeError("Invalid unit argument for Intl.NumberFormat() ''");
      if (!UNITS[unit]) throw new RangeError("Invalid unit argument for Intl.NumberFormat() '" + unit + "'");
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
      else if (['min2', 'auto', 'always'].indexOf(grouping) < 0) throw new RangeError('Value ' + grouping + ' out of range for Intl.NumberFormat options property useGrouping');
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
    return { resolved: r, digits: digits };
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

  function group(ip, grouping) {
    if (!grouping || ip.length < (grouping === 'min2' ? 5 : 4)) return [ip];
    var out = [], head = ip.length % 3 || 3;
    out.push(ip.slice(0, head));
    for (var i = head; i < ip.length; i += 3) out.push(ip.slice(i, i + 3));
    return out;
  }
  function pluralOne(intStr, fracStr) { return intStr.replace(/^0+(?=\d)/, '') === '1' && !fracStr; }

  // Formats x (Number or BigInt) into ICU-style parts.
  function formatNumberParts(slot, x) {
    var r = slot.resolved, dg = slot.digits, parts = [];
    var negative = typeof x === 'bigint' ? x < 0 : (x < 0 || Object.is(x, -0));
    var finite = typeof x === 'bigint' || isFinite(x);
    var numberParts = [], isZero = false, one = false, expo = null, compactSuffix = '';
    if (!finite) {
      numberParts.push(x !== x ? { type: 'nan', value: 'NaN' } : { type: 'infinity', value: '\u221e' });
      if (x !== x) negative = false;
    } else {
      var n = decimalOf(x);
      if (r.style === 'percent') n = shift(n, 2);
      var rounded;
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
        var e = n.d ? Math.floor((n.p - 1) / step) * step : 0;
        rounded = roundDigits(shift(n, -e), dg);
        if (rounded.v.d && rounded.v.p > step) {
          e += step;
          rounded = roundDigits(shift(n, -e), dg);
        }
        expo = e;
      } else {
        rounded = roundDigits(n, dg);
      }
      isZero = !rounded.v.d;
      var strs = digitStrings(rounded.v, dg.minInt, rounded.minFrac);
      var groups = group(strs[0], r.useGrouping);
      for (var i = 0; i < groups.length; i++) {
        if (i) numberParts.push({ type: 'group', value: ',' });
        numberParts.push({ type: 'integer', value: groups[i] });
      }
      if (strs[1]) {
        numberParts.push({ type: 'decimal', value: '.' });
        numberParts.push({ type: 'fraction', value: strs[1] });
      }
      if (expo !== null) {
        numberParts.push({ type: 'exponentSeparator', value: 'E' });
        if (expo < 0) numberParts.push({ type: 'exponentMinusSign', value: '-' });
        numberParts.push({ type: 'exponentInteger', value: String(Math.abs(expo)) });
      }
      if (compactSuffix) {
        if (compactSuffix[0] === ' ') numberParts.push({ type: 'literal', value: ' ' });
        numberParts.push({ type: 'compact', value: compactSuffix.trim() });
      }
      one = pluralOne(strs[0], strs[1]) && !compactSuffix && expo === null;
    }
    var sign = signFor(r.signDisplay, negative, isZero && finite);
    var accounting = r.style === 'currency' && r.currencyDisplay !== 'name' && r.currencySign === 'accounting' && sign === '-';
    if (sign && !accounting) parts.push({ type: sign === '-' ? 'minusSign' : 'plusSign', value: sign });
    if (accounting) parts.push({ type: 'literal', value: '(' });
    if (r.style === 'currency') {
      var info = CURRENCIES[r.currency], disp = r.currencyDisplay;
      if (disp === 'name') {
        var name = info ? (one || !info[3] ? info[2] : info[3]) : r.currency;
        parts.push.apply(parts, numberParts);
        parts.push({ type: 'literal', value: ' ' }, { type: 'currency', value: name });
      } else {
        var sym = disp === 'code' || !info ? r.currency : disp === 'narrowSymbol' && info[1] ? info[1] : info[0];
        parts.push({ type: 'currency', value: sym });
        if (/[A-Za-z]$/.test(sym)) parts.push({ type: 'literal', value: NBSP });
        parts.push.apply(parts, numberParts);
      }
    } else if (r.style === 'percent') {
      parts.push.apply(parts, numberParts);
      parts.push({ type: r.notation === 'compact' ? 'unit' : 'percentSign', value: '%' });
    } else if (r.style === 'unit') {
      var forms = UNITS[r.unit], idx = { short: 0, long: 2, narrow: 4 }[r.unitDisplay] + (one ? 0 : 1);
      var pattern = forms[idx].split('{0}');
      if (pattern[0]) parts.push({ type: 'unit', value: pattern[0] });
      parts.push.apply(parts, numberParts);
      if (pattern[1]) {
        if (pattern[1][0] === ' ') parts.push({ type: 'literal', value: ' ' });
        parts.push({ type: 'unit', value: pattern[1].replace(/^ /, '') });
      }
    } else {
      parts.push.apply(parts, numberParts);
    }
    if (accounting) parts.push({ type: 'literal', value: ')' });
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

  function NumberFormat(locales, options) {
    var self = new.target ? this : Object.create(NumberFormat.prototype);
    var slot = resolveNumberOptions(locales, options);
    nfSlots.set(self, slot);
    return self;
  }
  builtin(NumberFormat, 'NumberFormat', 0);
  var nfProto = NumberFormat.prototype;
  Object.defineProperty(NumberFormat, 'prototype', { writable: false, enumerable: false, configurable: false });
  define(nfProto, 'resolvedOptions', builtin(function () {
    var r = unwrap(nfSlots, this, 'Intl.NumberFormat.prototype.resolvedOptions').resolved, out = {};
    for (var k in r) out[k] = r[k];
    return out;
  }, 'resolvedOptions', 0));
  define(nfProto, 'formatToParts', builtin(function (value) {
    return formatNumberParts(unwrap(nfSlots, this, 'Intl.NumberFormat.prototype.formatToParts'), toNumeric(value));
  }, 'formatToParts', 1));
  Object.defineProperty(nfProto, 'format', {
    enumerable: false, configurable: true,
    get: builtin(function () {
      var slot = unwrap(nfSlots, this, 'UnwrapNumberFormat');
      if (!slot.bound) {
        slot.bound = builtin(function (value) { return joinParts(formatNumberParts(slot, toNumeric(value))); }, '', 1);
      }
      return slot.bound;
    }, 'get format', 0)
  });
  defineTag(nfProto, NF);

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

  // ---------------------------------------------------------------- dates (en-US, UTC)
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  var DT = 'Intl.DateTimeFormat';
  var TEXT = ['narrow', 'short', 'long'], NUM = ['2-digit', 'numeric'];
  var FIELDS = [['weekday', TEXT], ['era', TEXT], ['year', NUM], ['month', NUM.concat(TEXT)], ['day', NUM],
    ['dayPeriod', TEXT], ['hour', NUM], ['minute', NUM], ['second', NUM], ['fractionalSecondDigits', null],
    ['timeZoneName', ['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric']]];
  var STYLES = ['full', 'long', 'medium', 'short'];
  var UTC_NAMES = { utc: 1, 'etc/utc': 1, gmt: 1, 'etc/gmt': 1, 'etc/uct': 1, uct: 1, 'etc/universal': 1, universal: 1, 'etc/zulu': 1, zulu: 1, 'etc/gmt0': 1, 'etc/gmt+0': 1, 'etc/gmt-0': 1, gmt0: 1, 'gmt+0': 1, 'gmt-0': 1, 'etc/greenwich': 1, greenwich: 1 };
  var dtfSlots = new WeakMap();

  // ToDateTimeOptions + the en-US pattern ICU's generator picks for the requested fields.
  function resolveDateOptions(locales, options, required, defaults) {
    var o = toOptions(options), r = { locale: resolveLocale(locales), calendar: 'gregory', numberingSystem: 'latn' };
    getOption(o, 'localeMatcher', ['lookup', 'best fit'], 'best fit', DT);
    getOption(o, 'calendar', null, undefined, DT);
    getOption(o, 'numberingSystem', null, undefined, DT);
    var hour12 = getOption(o, 'hour12', 'boolean', undefined, DT);
    var hourCycle = getOption(o, 'hourCycle', ['h11', 'h12', 'h23', 'h24'], undefined, DT);
    var tz = o.timeZone;
    if (tz === undefined) r.timeZone = 'UTC';
    else {
      tz = String(tz);
      if (!UTC_NAMES[tz.toLowerCase()]) throw new RangeError('Invalid time zone specified: ' + tz + ' (the dodo-cio sandbox supports only UTC)');
      r.timeZone = 'UTC';
    }
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
    var hc = hourCycle || 'h12';
    if (hour12 !== undefined) hc = hour12 ? 'h12' : 'h24';
    var pattern = dateStyle || timeStyle ? stylePattern(dateStyle, timeStyle, hc) : fieldPattern(f, hc);
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
      for (var q = 0; q < order.length; q++) if (seen[order[q]] !== undefined) r[order[q]] = seen[order[q]];
    }
    return { resolved: r, pattern: pattern };
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
  function fieldValue(t, dt, hc) {
    var w = t.w;
    switch (t.f) {
      case 'weekday': var wd = DAYS[dt.getUTCDay()]; return w === 'long' ? wd : w === 'short' ? wd.slice(0, 3) : wd[0];
      case 'era': var ad = dt.getUTCFullYear() > 0; return w === 'long' ? (ad ? 'Anno Domini' : 'Before Christ') : w === 'short' ? (ad ? 'AD' : 'BC') : (ad ? 'A' : 'B');
      case 'year':
        var y = dt.getUTCFullYear();
        if (y <= 0) y = 1 - y;
        return w === '2-digit' ? pad2(y % 100) : String(y);
      case 'month':
        var mo = dt.getUTCMonth();
        return w === 'numeric' ? String(mo + 1) : w === '2-digit' ? pad2(mo + 1) : w === 'long' ? MONTHS[mo] : w === 'short' ? MONTHS[mo].slice(0, 3) : MONTHS[mo][0];
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
      case 'dayPeriod': return t.flexible ? flexiblePeriod(t, dt) : dt.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'timeZoneName': return w === 'long' ? 'Coordinated Universal Time' : w === 'short' ? 'UTC' : /^short/.test(w) ? 'GMT+0' : 'GMT+00:00';
    }
  }
  function flexiblePeriod(t, dt) {
    var h = dt.getUTCHours(), show = t.flexible;
    if (h === 12 && !(show.minute && dt.getUTCMinutes()) && !(show.second && dt.getUTCSeconds())) return t.w === 'narrow' ? 'n' : 'noon';
    return h < 12 ? 'in the morning' : h < 18 ? 'in the afternoon' : h < 21 ? 'in the evening' : 'at night';
  }
  var PART_TYPE = { fractionalSecondDigits: 'fractionalSecond' };
  function formatDateParts(slot, dt) {
    var parts = [], pattern = slot.pattern, hc = slot.resolved.hourCycle;
    for (var i = 0; i < pattern.length; i++) {
      var t = pattern[i];
      if (typeof t === 'string') {
        if (parts.length && parts[parts.length - 1].type === 'literal') parts[parts.length - 1].value += t;
        else parts.push({ type: 'literal', value: t });
      } else parts.push({ type: PART_TYPE[t.f] || t.f, value: fieldValue(t, dt, hc) });
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

  function DateTimeFormat(locales, options) {
    var self = new.target ? this : Object.create(DateTimeFormat.prototype);
    dtfSlots.set(self, resolveDateOptions(locales, options, 'any', 'date'));
    return self;
  }
  builtin(DateTimeFormat, 'DateTimeFormat', 0);
  var dtfProto = DateTimeFormat.prototype;
  Object.defineProperty(DateTimeFormat, 'prototype', { writable: false, enumerable: false, configurable: false });
  define(dtfProto, 'resolvedOptions', builtin(function () {
    var r = unwrap(dtfSlots, this, 'Intl.DateTimeFormat.prototype.resolvedOptions').resolved, out = {};
    for (var k in r) out[k] = r[k];
    return out;
  }, 'resolvedOptions', 0));
  define(dtfProto, 'formatToParts', builtin(function (date) {
    return formatDateParts(unwrap(dtfSlots, this, 'Intl.DateTimeFormat.prototype.formatToParts'), toDate(date));
  }, 'formatToParts', 1));
  Object.defineProperty(dtfProto, 'format', {
    enumerable: false, configurable: true,
    get: builtin(function () {
      var slot = unwrap(dtfSlots, this, 'UnwrapDateTimeFormat');
      if (!slot.bound) slot.bound = builtin(function (date) { return formatDate(slot, toDate(date)); }, '', 1);
      return slot.bound;
    }, 'get format', 0)
  });
  defineTag(dtfProto, DT);

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
    var num = resolveNumberOptions(locales, { minimumFractionDigits: o.minimumFractionDigits, maximumFractionDigits: o.maximumFractionDigits, minimumSignificantDigits: o.minimumSignificantDigits, maximumSignificantDigits: o.maximumSignificantDigits, minimumIntegerDigits: o.minimumIntegerDigits });
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
    if (r.minimumSignificantDigits !== undefined) { out.minimumSignificantDigits = r.minimumSignificantDigits; out.maximumSignificantDigits = r.maximumSignificantDigits; }
    else { out.minimumFractionDigits = r.minimumFractionDigits; out.maximumFractionDigits = r.maximumFractionDigits; }
    out.pluralCategories = slot.type === 'cardinal' ? ['one', 'other'] : ['few', 'one', 'two', 'other'];
    out.roundingIncrement = 1; out.roundingMode = 'halfExpand'; out.roundingPriority = 'auto'; out.trailingZeroDisplay = 'auto';
    return out;
  }, 'resolvedOptions', 0));
  defineTag(PluralRules.prototype, 'Intl.PluralRules');

  // ---------------------------------------------------------------- Intl namespace
  var supportedLocalesOf = function (locales) {
    return canonicalLocales(locales).filter(function (tag) { return tag === 'en' || tag === 'en-US'; });
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
