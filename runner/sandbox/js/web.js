// Web platform globals that V8 hosts (Deno, node) give transforms and QuickJS lacks:
// structuredClone (throwing QuickJS's own DOMException), URL and URLSearchParams (WHATWG URL
// Standard), TextEncoder and TextDecoder (UTF-8, UTF-16LE). Behaviour, error types and
// messages follow node 20, the reference V8 host.
(function () {
  'use strict';

  // WebIDL members are enumerable on the prototype (as in node); globals are not.
  // spec: name -> function (a method) or {get, set} (an attribute), kept in insertion order.
  function members(proto, spec) {
    Object.keys(spec).forEach(function (name) {
      var m = spec[name];
      if (typeof m === 'function') {
        Object.defineProperty(m, 'name', { value: name, configurable: true });
        Object.defineProperty(proto, name, { value: m, writable: true, enumerable: true, configurable: true });
        return;
      }
      Object.defineProperty(m.get, 'name', { value: 'get ' + name, configurable: true });
      if (m.set) Object.defineProperty(m.set, 'name', { value: 'set ' + name, configurable: true });
      Object.defineProperty(proto, name, { get: m.get, set: m.set, enumerable: true, configurable: true });
    });
  }
  function setLength(fn, length) { Object.defineProperty(fn, 'length', { value: length, configurable: true }); }
  function tag(proto, name) {
    Object.defineProperty(proto, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
  }
  function defineGlobal(name, value, enumerable) {
    Object.defineProperty(globalThis, name, { value: value, writable: true, enumerable: !!enumerable, configurable: true });
  }
  function slotOf(map, self) {
    var s = typeof self === 'object' && self !== null ? map.get(self) : undefined;
    if (!s) throw new TypeError('Illegal invocation');
    return s;
  }
  function requireNew(target, name) {
    if (!target) throw new TypeError("Class constructor " + name + " cannot be invoked without 'new'");
  }
  function usvString(v) {
    return String(v).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, function (m) {
      return m.length === 2 ? m[0] + '\ufffd' : '\ufffd';
    });
  }

  // ================================================================ structuredClone
  var ERROR_TYPES = { Error: Error, EvalError: EvalError, RangeError: RangeError, ReferenceError: ReferenceError,
    SyntaxError: SyntaxError, TypeError: TypeError, URIError: URIError };
  var UNCLONEABLE = [WeakMap, WeakSet, Promise].concat(typeof WeakRef === 'function' ? [WeakRef] : []);
  function cloneError(what) {
    return new DOMException(what + ' could not be cloned.', 'DataCloneError');
  }
  function cloneValue(v, memo) {
    if (typeof v === 'symbol') throw cloneError(String(v));
    if (typeof v === 'function') throw cloneError(Function.prototype.toString.call(v));
    if (typeof v !== 'object' || v === null) return v;
    if (memo.has(v)) return memo.get(v);
    var out, i, keys;
    var kind = Object.prototype.toString.call(v).slice(8, -1);
    for (i = 0; i < UNCLONEABLE.length; i++) if (v instanceof UNCLONEABLE[i]) throw cloneError('#<' + UNCLONEABLE[i].name + '>');
    if (/^Intl\./.test(kind)) throw cloneError('#<' + kind.slice(5) + '>');
    if (v instanceof Date) out = new Date(v.getTime());
    else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
    else if (v instanceof Boolean || v instanceof Number || v instanceof String || v instanceof BigInt) out = Object(v.valueOf());
    else if (v instanceof ArrayBuffer) out = v.slice(0);
    else if (ArrayBuffer.isView(v)) {
      var buf = cloneValue(v.buffer, memo);
      out = v instanceof DataView ? new DataView(buf, v.byteOffset, v.byteLength) : new v.constructor(buf, v.byteOffset, v.length);
    } else if (v instanceof Map) {
      out = new Map();
      memo.set(v, out);
      Array.from(v).forEach(function (e) { out.set(cloneValue(e[0], memo), cloneValue(e[1], memo)); });
      return out;
    } else if (v instanceof Set) {
      out = new Set();
      memo.set(v, out);
      Array.from(v).forEach(function (e) { out.add(cloneValue(e, memo)); });
      return out;
    } else if (v instanceof Error) {
      var name = v.name, Ctor = ERROR_TYPES.hasOwnProperty(name) ? ERROR_TYPES[name] : Error;
      out = Object.create(Ctor.prototype);
      var msg = Object.getOwnPropertyDescriptor(v, 'message');
      if (typeof v.stack === 'string') Object.defineProperty(out, 'stack', { value: v.stack, writable: true, configurable: true });
      if (msg && 'value' in msg) Object.defineProperty(out, 'message', { value: String(msg.value), writable: true, configurable: true });
      if (Object.prototype.hasOwnProperty.call(v, 'cause')) {
        memo.set(v, out);
        Object.defineProperty(out, 'cause', { value: cloneValue(v.cause, memo), writable: true, configurable: true });
      }
    } else {
      out = Array.isArray(v) ? new Array(v.length) : {};
      memo.set(v, out);
      keys = Object.keys(v);
      for (i = 0; i < keys.length; i++) out[keys[i]] = cloneValue(v[keys[i]], memo);
      return out;
    }
    memo.set(v, out);
    return out;
  }
  function structuredClone(value) {
    if (arguments.length === 0) throw new TypeError('The "value" argument must be specified');
    return cloneValue(value, new Map());
  }

  // ================================================================ UTF-8 helpers
  // The code point at s[i] and how many UTF-16 units it takes; lone surrogates read as U+FFFD
  // (as TextEncoder and URLs do).
  function scalarAt(s, i, out) {
    var c = s.charCodeAt(i), d;
    out.units = 1;
    if (c >= 0xd800 && c <= 0xdfff) {
      d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) { out.units = 2; return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); }
      return 0xfffd;
    }
    return c;
  }
  function utf8Length(c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }
  function putUtf8(out, n, c) {
    if (c < 0x80) { out[n] = c; return n + 1; }
    if (c < 0x800) { out[n++] = 0xc0 | c >> 6; }
    else if (c < 0x10000) { out[n++] = 0xe0 | c >> 12; out[n++] = 0x80 | c >> 6 & 63; }
    else { out[n++] = 0xf0 | c >> 18; out[n++] = 0x80 | c >> 12 & 63; out[n++] = 0x80 | c >> 6 & 63; }
    out[n++] = 0x80 | c & 63;
    return n;
  }
  function utf8Encode(s) {
    var out = new Uint8Array(s.length * 3), n = 0, at = {};
    for (var i = 0; i < s.length; i += at.units) n = putUtf8(out, n, scalarAt(s, i, at));
    return out.slice(0, n);
  }
  function codeUnits(units) {
    var s = '';
    for (var i = 0; i < units.length; i += 8192) s += String.fromCharCode.apply(null, units.slice(i, i + 8192));
    return s;
  }
  // WHATWG UTF-8 decoder state machine; `state` carries a partial sequence between stream chunks.
  function utf8Decode(bytes, state, flush, fatal) {
    var out = [], need = state.need, cp = state.cp, lo = state.lo, hi = state.hi, seen = state.seen, errors = 0;
    for (var i = 0, len = bytes.length; i < len; i++) {
      var b = bytes[i];
      if (need === 0) {
        if (b < 0x80) { out.push(b); continue; }
        seen = 0;
        if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
        else if (b >= 0xe0 && b <= 0xef) { if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; need = 2; cp = b & 0xf; }
        else if (b >= 0xf0 && b <= 0xf4) { if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; need = 3; cp = b & 0x7; }
        else { out.push(0xfffd); errors++; }
        continue;
      }
      if (b < lo || b > hi) {
        need = cp = seen = 0; lo = 0x80; hi = 0xbf;
        out.push(0xfffd); errors++;
        i--;
        continue;
      }
      lo = 0x80; hi = 0xbf;
      cp = cp << 6 | b & 0x3f;
      if (++seen === need) {
        if (cp > 0xffff) out.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)); else out.push(cp);
        need = cp = seen = 0;
      }
    }
    if (flush && need) { need = cp = seen = 0; lo = 0x80; hi = 0xbf; out.push(0xfffd); errors++; }
    if (errors && fatal) throw new TypeError('The encoded data was not valid for encoding utf-8');
    state.need = need; state.cp = cp; state.lo = lo; state.hi = hi; state.seen = seen;
    return out;
  }

  // ================================================================ TextEncoder / TextDecoder
  function TextEncoder() { requireNew(new.target, 'TextEncoder'); }
  members(TextEncoder.prototype, {
    encoding: { get: function () { return 'utf-8'; } },
    encode: function (input) { return utf8Encode(input === undefined ? '' : String(input)); },
    encodeInto: function (source, destination) {
      if (!(destination instanceof Uint8Array)) throw new TypeError('The "dest" argument must be an instance of Uint8Array.');
      var s = String(source), written = 0, i = 0, at = {};
      for (; i < s.length; i += at.units) {
        var c = scalarAt(s, i, at);
        if (written + utf8Length(c) > destination.length) break;
        written = putUtf8(destination, written, c);
      }
      return { read: i, written: written };
    }
  });
  tag(TextEncoder.prototype, 'TextEncoder');

  var LABELS = { 'utf-8': ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8'],
    'utf-16le': ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16', 'utf-16le'] };
  function encodingFor(label) {
    var l = String(label).trim().toLowerCase();
    for (var enc in LABELS) if (LABELS[enc].indexOf(l) >= 0) return enc;
    throw new RangeError('The "' + label + '" encoding is not supported');
  }
  var decoderSlots = new WeakMap();
  function freshState() { return { need: 0, cp: 0, lo: 0x80, hi: 0xbf, seen: 0, pending: null, started: false }; }
  function TextDecoder(label, options) {
    requireNew(new.target, 'TextDecoder');
    var o = options === undefined || options === null ? {} : Object(options);
    decoderSlots.set(this, { encoding: encodingFor(label === undefined ? 'utf-8' : label), fatal: !!o.fatal, ignoreBOM: !!o.ignoreBOM, state: freshState() });
  }
  function bytesOf(input) {
    if (input === undefined) return new Uint8Array(0);
    if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && input instanceof SharedArrayBuffer)) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw new TypeError('The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.');
  }
  function utf16Decode(bytes, st, flush, fatal) {
    var out = [], all = bytes;
    if (st.pending) { all = new Uint8Array(st.pending.length + bytes.length); all.set(st.pending); all.set(bytes, st.pending.length); }
    var even = all.length & ~1, i;
    for (i = 0; i < even; i += 2) out.push(all[i] | all[i + 1] << 8);
    var rest = all.subarray(even);
    // Unpaired surrogates become U+FFFD; a high surrogate at the chunk end waits for the next chunk.
    var keep = !flush && out.length && out[out.length - 1] >= 0xd800 && out[out.length - 1] <= 0xdbff ? [out.pop()] : [];
    var danglingHigh = false;
    for (i = 0; i < out.length; i++) {
      var c = out[i], d = out[i + 1];
      if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
      if (c >= 0xd800 && c <= 0xdfff) {
        if (fatal) throw new TypeError('The encoded data was not valid for encoding utf-16le');
        out[i] = 0xfffd;
        danglingHigh = c <= 0xdbff && i === out.length - 1;
      }
    }
    if (flush && rest.length) {
      if (fatal) throw new TypeError('The encoded data was not valid for encoding utf-16le');
      // A high surrogate followed by half a code unit is one error, as in the WHATWG decoder.
      if (!danglingHigh) out.push(0xfffd);
      rest = rest.subarray(rest.length);
    }
    var pending = new Uint8Array(keep.length * 2 + rest.length);
    if (keep.length) { pending[0] = keep[0] & 0xff; pending[1] = keep[0] >> 8; }
    pending.set(rest, keep.length * 2);
    st.pending = pending.length ? pending : null;
    return out;
  }
  members(TextDecoder.prototype, {
    decode: function (input, options) {
      var slot = slotOf(decoderSlots, this), bytes = bytesOf(input);
      var stream = !!(options !== undefined && options !== null && Object(options).stream);
      var st = slot.state, units;
      try {
        units = slot.encoding === 'utf-8' ? utf8Decode(bytes, st, !stream, slot.fatal) : utf16Decode(bytes, st, !stream, slot.fatal);
      } catch (e) {
        slot.state = freshState();
        throw e;
      }
      if (!st.started && units.length) {
        st.started = true;
        if (!slot.ignoreBOM && units[0] === 0xfeff) units = units.slice(1);
      }
      if (!stream) slot.state = freshState();
      return codeUnits(units);
    },
    encoding: { get: function () { return slotOf(decoderSlots, this).encoding; } },
    fatal: { get: function () { return slotOf(decoderSlots, this).fatal; } },
    ignoreBOM: { get: function () { return slotOf(decoderSlots, this).ignoreBOM; } }
  });
  tag(TextDecoder.prototype, 'TextDecoder');

  // ================================================================ URL parsing (WHATWG URL Standard)
  var SPECIAL = { 'ftp:': 21, 'file:': null, 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };
  function isSpecialScheme(scheme) { return Object.prototype.hasOwnProperty.call(SPECIAL, scheme + ':'); }
  function defaultPort(scheme) { return isSpecialScheme(scheme) ? SPECIAL[scheme + ':'] : null; }

  // Percent-encode sets as predicates over code points.
  function c0Set(c) { return c < 0x20 || c > 0x7e; }
  function fragmentSet(c) { return c0Set(c) || c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60; }
  function querySet(c) { return c0Set(c) || c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e; }
  function specialQuerySet(c) { return querySet(c) || c === 0x27; }
  function pathSet(c) { return querySet(c) || c === 0x3f || c === 0x60 || c === 0x7b || c === 0x7d; }
  function userinfoSet(c) { return pathSet(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d || c === 0x40 || (c >= 0x5b && c <= 0x5e) || c === 0x7c; }
  function componentSet(c) { return userinfoSet(c) || (c >= 0x24 && c <= 0x26) || c === 0x2b || c === 0x2c; }
  function formSet(c) { return componentSet(c) || c === 0x21 || (c >= 0x27 && c <= 0x29) || c === 0x7e; }

  var HEX = '0123456789ABCDEF';
  function pct(b) { return '%' + HEX[b >> 4] + HEX[b & 15]; }
  function encodeCodePoint(cp, set) {
    if (!set(cp)) return String.fromCodePoint(cp);
    var bytes = utf8Encode(String.fromCodePoint(cp)), s = '';
    for (var i = 0; i < bytes.length; i++) s += pct(bytes[i]);
    return s;
  }
  function encodeString(str, set, spaceAsPlus) {
    var s = '';
    for (var i = 0; i < str.length; i++) {
      var c = str.codePointAt(i);
      if (c > 0xffff) i++;
      s += spaceAsPlus && c === 0x20 ? '+' : encodeCodePoint(c, set);
    }
    return s;
  }
  function isHex(c) { return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66); }
  function percentDecodeBytes(bytes) {
    var out = [];
    for (var i = 0; i < bytes.length; i++) {
      var b = bytes[i];
      if (b === 0x25 && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
        i += 2;
      } else out.push(b);
    }
    return new Uint8Array(out);
  }
  function percentDecodeString(s) {
    return s.indexOf('%') < 0 ? s : codeUnits(utf8Decode(percentDecodeBytes(utf8Encode(s)), freshState(), true, false));
  }

  // ---- hosts
  function isForbiddenHost(c) {
    return c === 0 || c === 9 || c === 0xa || c === 0xd || c === 0x20 || c === 0x23 || c === 0x2f || c === 0x3a || c === 0x3c ||
      c === 0x3e || c === 0x3f || c === 0x40 || c === 0x5b || c === 0x5c || c === 0x5d || c === 0x5e || c === 0x7c;
  }
  function isForbiddenDomain(c) { return isForbiddenHost(c) || c <= 0x1f || c === 0x25 || c === 0x7f; }

  function parseIPv4Number(s) {
    if (s === '') return NaN;
    var radix = 10;
    if (/^0[xX]/.test(s)) { s = s.slice(2); radix = 16; } else if (s.length > 1 && s[0] === '0') { s = s.slice(1); radix = 8; }
    if (s === '') return 0;
    var re = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
    return re.test(s) ? parseInt(s, radix) : NaN;
  }
  function endsInNumber(s) {
    var parts = s.split('.');
    if (parts[parts.length - 1] === '') { if (parts.length === 1) return false; parts.pop(); }
    var last = parts[parts.length - 1];
    return /^[0-9]+$/.test(last) || !isNaN(parseIPv4Number(last));
  }
  function parseIPv4(s) {
    var parts = s.split('.');
    if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
    if (parts.length > 4) return null;
    var nums = parts.map(parseIPv4Number);
    for (var i = 0; i < nums.length; i++) {
      if (isNaN(nums[i])) return null;
      if (nums[i] > 255 && i < nums.length - 1) return null;
    }
    if (nums[nums.length - 1] >= Math.pow(256, 5 - nums.length)) return null;
    var ip = nums[nums.length - 1];
    for (i = 0; i < nums.length - 1; i++) ip += nums[i] * Math.pow(256, 3 - i);
    var out = [];
    for (i = 0; i < 4; i++) { out.unshift(String(ip % 256)); ip = Math.floor(ip / 256); }
    return out.join('.');
  }
  function parseIPv6(input) {
    var addr = [0, 0, 0, 0, 0, 0, 0, 0], piece = 0, compress = null, p = 0, s = input;
    var at = function (k) { return s.charCodeAt(k); };
    if (s[p] === ':') { if (s[p + 1] !== ':') return null; p += 2; compress = ++piece; }
    while (p < s.length) {
      if (piece === 8) return null;
      if (s[p] === ':') { if (compress !== null) return null; p++; compress = ++piece; continue; }
      var value = 0, len = 0;
      while (len < 4 && p < s.length && isHex(at(p))) { value = value * 16 + parseInt(s[p], 16); p++; len++; }
      if (s[p] === '.') {
        if (len === 0) return null;
        p -= len;
        if (piece > 6) return null;
        var seen = 0;
        while (p < s.length) {
          var v4 = null;
          if (seen > 0) { if (s[p] === '.' && seen < 4) p++; else return null; }
          if (!/[0-9]/.test(s[p] || '')) return null;
          while (/[0-9]/.test(s[p] || '')) {
            var n = Number(s[p]);
            if (v4 === null) v4 = n; else if (v4 === 0) return null; else v4 = v4 * 10 + n;
            if (v4 > 255) return null;
            p++;
          }
          addr[piece] = addr[piece] * 256 + v4;
          seen++;
          if (seen === 2 || seen === 4) piece++;
        }
        if (seen !== 4) return null;
        break;
      } else if (s[p] === ':') { p++; if (p >= s.length) return null; }
      else if (p < s.length) return null;
      addr[piece++] = value;
    }
    if (compress !== null) {
      var swaps = piece - compress;
      piece = 7;
      while (piece !== 0 && swaps > 0) {
        var t = addr[compress + swaps - 1]; addr[compress + swaps - 1] = addr[piece]; addr[piece] = t;
        piece--; swaps--;
      }
    } else if (piece !== 8) return null;
    return addr;
  }
  function serializeIPv6(addr) {
    var best = -1, bestLen = 1, i, j;
    for (i = 0; i < 8; i++) {
      for (j = i; j < 8 && addr[j] === 0; j++);
      if (j - i > bestLen) { best = i; bestLen = j - i; }
    }
    var out = '', ignore0 = false;
    for (i = 0; i < 8; i++) {
      if (ignore0 && addr[i] === 0) continue;
      ignore0 = false;
      if (best === i) { out += i === 0 ? '::' : ':'; ignore0 = true; continue; }
      out += addr[i].toString(16);
      if (i !== 7) out += ':';
    }
    return out;
  }
  // RFC 3492 Punycode encoder, for IDNA labels.
  function punycode(label) {
    var cps = Array.from(label).map(function (ch) { return ch.codePointAt(0); });
    var out = '', n = 128, delta = 0, bias = 72, h, b, i;
    for (i = 0; i < cps.length; i++) if (cps[i] < 128) out += String.fromCharCode(cps[i]);
    h = b = out.length;
    if (b) out += '-';
    var digit = function (d) { return String.fromCharCode(d + 22 + 75 * (d < 26)); };
    var adapt = function (d, num, first) {
      var k = 0;
      d = first ? Math.floor(d / 700) : d >> 1;
      d += Math.floor(d / num);
      for (; d > 455; k += 36) d = Math.floor(d / 35);
      return k + Math.floor(36 * d / (d + 38));
    };
    while (h < cps.length) {
      var m = Infinity;
      for (i = 0; i < cps.length; i++) if (cps[i] >= n && cps[i] < m) m = cps[i];
      delta += (m - n) * (h + 1);
      n = m;
      for (i = 0; i < cps.length; i++) {
        if (cps[i] < n) delta++;
        if (cps[i] === n) {
          var q = delta;
          for (var k = 36; ; k += 36) {
            var t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
            if (q < t) break;
            out += digit(t + (q - t) % (36 - t));
            q = Math.floor((q - t) / (36 - t));
          }
          out += digit(q);
          bias = adapt(delta, h + 1, h === b);
          delta = 0;
          h++;
        }
      }
      delta++; n++;
    }
    return out;
  }
  // RFC 3492 decoder; null when `s` is not valid Punycode.
  function punycodeDecode(s) {
    var out = [], n = 128, i = 0, bias = 72, basic = s.lastIndexOf('-'), k, j;
    for (j = 0; j < Math.max(basic, 0); j++) {
      if (s.charCodeAt(j) >= 128) return null;
      out.push(s.charCodeAt(j));
    }
    for (var p = basic > 0 ? basic + 1 : 0; p < s.length;) {
      var old = i, w = 1;
      for (k = 36; ; k += 36) {
        if (p >= s.length) return null;
        var c = s.charCodeAt(p++), digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : 36;
        if (digit >= 36) return null;
        i += digit * w;
        var t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
        if (digit < t) break;
        w *= 36 - t;
      }
      var len = out.length + 1, delta = old === 0 ? Math.floor((i - old) / 700) : (i - old) >> 1;
      delta += Math.floor(delta / len);
      for (k = 0; delta > 455; k += 36) delta = Math.floor(delta / 35);
      bias = k + Math.floor(36 * delta / (delta + 38));
      n += Math.floor(i / len);
      if (n > 0x10ffff) return null;
      i %= len;
      out.splice(i++, 0, n);
    }
    return out;
  }
  // UTS #46 processing, approximated: drop default-ignorable code points, NFKC + lowercase
  // (the mapping table is close to NFKC_Casefold), then Punycode non-ASCII labels and check
  // that "xn--" labels decode to something non-ASCII. Returns null on failure.
  var IGNORABLE = /[\u00ad\u034f\u180b-\u180d\u200b\u2060\ufe00-\ufe0f\ufeff]/g;
  function domainToASCII(domain) {
    var labels = domain.replace(IGNORABLE, '').normalize('NFKC').toLowerCase().normalize('NFC')
      .replace(/[\u3002\uff0e\uff61]/g, '.').split('.');
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      if (/[\u200c\u200d]/.test(label)) return null;
      if (label.slice(0, 4) === 'xn--') {
        var decoded = punycodeDecode(label.slice(4));
        var ascii = function (c) { return c < 128; }, control = function (c) { return c >= 128 && c < 0xa0; };
        if (!decoded || decoded.every(ascii) || decoded.some(control)) return null;
      } else if (/[^\x00-\x7f]/.test(label)) labels[i] = 'xn--' + punycode(label);
    }
    return labels.join('.');
  }
  // Returns the serialized host, or null on failure.
  function parseHost(input, opaque) {
    if (input[0] === '[') {
      if (input[input.length - 1] !== ']') return null;
      var addr = parseIPv6(input.slice(1, -1));
      return addr ? '[' + serializeIPv6(addr) + ']' : null;
    }
    var i;
    if (opaque) {
      for (i = 0; i < input.length; i++) if (isForbiddenHost(input.charCodeAt(i))) return null;
      return encodeString(input, c0Set);
    }
    var ascii = domainToASCII(percentDecodeString(input));
    if (!ascii) return null;
    for (i = 0; i < ascii.length; i++) if (isForbiddenDomain(ascii.charCodeAt(i))) return null;
    if (endsInNumber(ascii)) return parseIPv4(ascii);
    return ascii;
  }

  // ---- the basic URL parser; returns a record, or null on failure
  function isAlpha(c) { return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a); }
  function isDigit(c) { return c >= 0x30 && c <= 0x39; }
  function isWindowsDriveLetter(s, normalizedOnly) {
    return s.length === 2 && isAlpha(s.charCodeAt(0)) && (s[1] === ':' || (!normalizedOnly && s[1] === '|'));
  }
  function startsWithDriveLetter(cps, p) {
    return cps.length - p >= 2 && isAlpha(cps[p]) && (cps[p + 1] === 0x3a || cps[p + 1] === 0x7c) &&
      (cps.length - p === 2 || [0x2f, 0x5c, 0x3f, 0x23].indexOf(cps[p + 2]) >= 0);
  }
  function isSingleDot(s) { return s === '.' || s.toLowerCase() === '%2e'; }
  function isDoubleDot(s) { s = s.toLowerCase(); return s === '..' || s === '.%2e' || s === '%2e.' || s === '%2e%2e'; }
  function shortenPath(url) {
    var path = url.path;
    if (url.scheme === 'file' && path.length === 1 && isWindowsDriveLetter(path[0], true)) return;
    path.pop();
  }
  function newRecord() { return { scheme: '', username: '', password: '', host: null, port: null, path: [], query: null, fragment: null, opaque: false }; }
  function copyRecord(r) {
    var c = {};
    for (var k in r) c[k] = r[k];
    c.path = r.opaque ? r.path : r.path.slice();
    return c;
  }

  function copyAuthority(url, base) {
    url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
  }
  function basicParse(input, base, url, override) {
    if (!url) {
      url = newRecord();
      input = input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
    }
    input = input.replace(/[\t\n\r]/g, '');
    var cps = Array.from(input).map(function (ch) { return ch.codePointAt(0); });
    var state = override || 'scheme start', buffer = '', atSign = false, insideBrackets = false, passwordToken = false;
    var EOF = -1, host;
    for (var p = 0; p <= cps.length; p++) {
      var c = p < cps.length ? cps[p] : EOF, ch = c === EOF ? '' : String.fromCodePoint(c);
      switch (state) {
        case 'scheme start':
          if (isAlpha(c)) { buffer += ch.toLowerCase(); state = 'scheme'; }
          else if (!override) { state = 'no scheme'; p--; }
          else return null;
          break;
        case 'scheme':
          if (isAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) buffer += ch.toLowerCase();
          else if (c === 0x3a) {
            if (override) {
              if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return url;
              if ((url.username || url.password || url.port !== null) && buffer === 'file') return url;
              if (url.scheme === 'file' && url.host === '') return url;
            }
            url.scheme = buffer;
            if (override) {
              if (url.port === defaultPort(url.scheme)) url.port = null;
              return url;
            }
            buffer = '';
            if (url.scheme === 'file') state = 'file';
            else if (isSpecialScheme(url.scheme) && base && base.scheme === url.scheme) state = 'special relative or authority';
            else if (isSpecialScheme(url.scheme)) state = 'special authority slashes';
            else if (cps[p + 1] === 0x2f) { state = 'path or authority'; p++; }
            else { url.opaque = true; url.path = ''; state = 'opaque path'; }
          } else if (!override) { buffer = ''; state = 'no scheme'; p = -1; }
          else return null;
          break;
        case 'no scheme':
          if (!base || (base.opaque && c !== 0x23)) return null;
          if (base.opaque && c === 0x23) {
            url.scheme = base.scheme; url.path = base.path; url.opaque = true; url.query = base.query; url.fragment = ''; state = 'fragment';
          } else if (base.scheme !== 'file') { state = 'relative'; p--; }
          else { state = 'file'; p--; }
          break;
        case 'special relative or authority':
          if (c === 0x2f && cps[p + 1] === 0x2f) { state = 'special authority ignore slashes'; p++; }
          else { state = 'relative'; p--; }
          break;
        case 'path or authority':
          if (c === 0x2f) state = 'authority'; else { state = 'path'; p--; }
          break;
        case 'relative':
          url.scheme = base.scheme;
          if (c === 0x2f) state = 'relative slash';
          else if (isSpecialScheme(url.scheme) && c === 0x5c) state = 'relative slash';
          else {
            copyAuthority(url, base);
            url.path = base.path.slice(); url.query = base.query;
            if (c === 0x3f) { url.query = ''; state = 'query'; }
            else if (c === 0x23) { url.fragment = ''; state = 'fragment'; }
            else if (c !== EOF) { url.query = null; shortenPath(url); state = 'path'; p--; }
          }
          break;
        case 'relative slash':
          if (isSpecialScheme(url.scheme) && (c === 0x2f || c === 0x5c)) state = 'special authority ignore slashes';
          else if (c === 0x2f) state = 'authority';
          else {
            copyAuthority(url, base);
            state = 'path'; p--;
          }
          break;
        case 'special authority slashes':
          if (c === 0x2f && cps[p + 1] === 0x2f) { state = 'special authority ignore slashes'; p++; }
          else { state = 'special authority ignore slashes'; p--; }
          break;
        case 'special authority ignore slashes':
          if (c !== 0x2f && c !== 0x5c) { state = 'authority'; p--; }
          break;
        case 'authority':
          if (c === 0x40) {
            if (atSign) buffer = '%40' + buffer;
            atSign = true;
            var bcps = Array.from(buffer);
            for (var k = 0; k < bcps.length; k++) {
              if (bcps[k] === ':' && !passwordToken) { passwordToken = true; continue; }
              var enc = encodeCodePoint(bcps[k].codePointAt(0), userinfoSet);
              if (passwordToken) url.password += enc; else url.username += enc;
            }
            buffer = '';
          } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c)) {
            if (atSign && buffer === '') return null;
            p -= Array.from(buffer).length + 1;
            buffer = '';
            state = 'host';
          } else buffer += ch;
          break;
        case 'host':
        case 'hostname':
          if (override && url.scheme === 'file') { p--; state = 'file host'; }
          else if (c === 0x3a && !insideBrackets) {
            if (buffer === '') return null;
            if (override === 'hostname') return null;
            host = parseHost(buffer, !isSpecialScheme(url.scheme));
            if (host === null) return null;
            url.host = host; buffer = ''; state = 'port';
          } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c)) {
            p--;
            if (isSpecialScheme(url.scheme) && buffer === '') return null;
            if (override && buffer === '' && (url.username || url.password || url.port !== null)) return url;
            host = parseHost(buffer, !isSpecialScheme(url.scheme));
            if (host === null) return null;
            url.host = host; buffer = ''; state = 'path start';
            if (override) return url;
          } else {
            if (c === 0x5b) insideBrackets = true;
            if (c === 0x5d) insideBrackets = false;
            buffer += ch;
          }
          break;
        case 'port':
          if (isDigit(c)) buffer += ch;
          else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c) || override) {
            if (buffer !== '') {
              var port = parseInt(buffer, 10);
              if (port > 65535) return null;
              url.port = port === defaultPort(url.scheme) ? null : port;
              buffer = '';
              if (override) return url;
            }
            if (override) return null;
            state = 'path start'; p--;
          } else return null;
          break;
        case 'file':
          url.scheme = 'file';
          url.host = '';
          if (c === 0x2f || c === 0x5c) state = 'file slash';
          else if (base && base.scheme === 'file') {
            url.host = base.host; url.path = base.path.slice(); url.query = base.query;
            if (c === 0x3f) { url.query = ''; state = 'query'; }
            else if (c === 0x23) { url.fragment = ''; state = 'fragment'; }
            else if (c !== EOF) {
              url.query = null;
              if (!startsWithDriveLetter(cps, p)) shortenPath(url); else url.path = [];
              state = 'path'; p--;
            }
          } else { state = 'path'; p--; }
          break;
        case 'file slash':
          if (c === 0x2f || c === 0x5c) state = 'file host';
          else {
            if (base && base.scheme === 'file') {
              url.host = base.host;
              if (!startsWithDriveLetter(cps, p) && base.path.length && isWindowsDriveLetter(base.path[0], true)) url.path.push(base.path[0]);
            }
            state = 'path'; p--;
          }
          break;
        case 'file host':
          if (c === EOF || c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23) {
            p--;
            if (!override && isWindowsDriveLetter(buffer, false)) state = 'path';
            else if (buffer === '') {
              url.host = '';
              if (override) return url;
              state = 'path start';
            } else {
              host = parseHost(buffer, false);
              if (host === null) return null;
              if (host === 'localhost') host = '';
              url.host = host;
              if (override) return url;
              buffer = ''; state = 'path start';
            }
          } else buffer += ch;
          break;
        case 'path start':
          if (isSpecialScheme(url.scheme)) { state = 'path'; if (c !== 0x2f && c !== 0x5c) p--; }
          else if (!override && c === 0x3f) { url.query = ''; state = 'query'; }
          else if (!override && c === 0x23) { url.fragment = ''; state = 'fragment'; }
          else if (c !== EOF) { state = 'path'; if (c !== 0x2f) p--; }
          else if (override && url.host === null) url.path.push('');
          break;
        case 'path':
          var slash = c === 0x2f || (isSpecialScheme(url.scheme) && c === 0x5c);
          if (c === EOF || slash || (!override && (c === 0x3f || c === 0x23))) {
            if (isDoubleDot(buffer)) {
              shortenPath(url);
              if (!slash) url.path.push('');
            } else if (isSingleDot(buffer) && !slash) url.path.push('');
            else if (!isSingleDot(buffer)) {
              if (url.scheme === 'file' && url.path.length === 0 && isWindowsDriveLetter(buffer, false)) buffer = buffer[0] + ':';
              url.path.push(buffer);
            }
            buffer = '';
            if (c === 0x3f) { url.query = ''; state = 'query'; }
            if (c === 0x23) { url.fragment = ''; state = 'fragment'; }
          } else buffer += encodeCodePoint(c, pathSet);
          break;
        case 'opaque path':
          if (c === 0x3f) { url.query = ''; state = 'query'; }
          else if (c === 0x23) { url.fragment = ''; state = 'fragment'; }
          else if (c !== EOF) url.path += encodeCodePoint(c, c0Set);
          break;
        case 'query':
          if ((!override && c === 0x23) || c === EOF) {
            url.query += encodeString(buffer, isSpecialScheme(url.scheme) ? specialQuerySet : querySet);
            buffer = '';
            if (c === 0x23) { url.fragment = ''; state = 'fragment'; }
          } else buffer += ch;
          break;
        case 'fragment':
          if (c !== EOF) url.fragment += encodeCodePoint(c, fragmentSet);
          break;
      }
    }
    return url;
  }

  function serializePath(r) { return r.opaque ? r.path : r.path.length ? '/' + r.path.join('/') : ''; }
  function serializeURL(r, excludeFragment) {
    var s = r.scheme + ':';
    if (r.host !== null) {
      s += '//';
      if (r.username || r.password) s += r.username + (r.password ? ':' + r.password : '') + '@';
      s += r.host;
      if (r.port !== null) s += ':' + r.port;
    } else if (!r.opaque && r.path.length > 1 && r.path[0] === '') s += '/.';
    s += serializePath(r);
    if (r.query !== null) s += '?' + r.query;
    if (!excludeFragment && r.fragment !== null) s += '#' + r.fragment;
    return s;
  }
  function origin(r) {
    if (r.scheme === 'blob') {
      var inner = r.opaque ? basicParse(r.path, null) : null;
      return inner && (inner.scheme === 'http' || inner.scheme === 'https') ? origin(inner) : 'null';
    }
    if (['ftp', 'http', 'https', 'ws', 'wss'].indexOf(r.scheme) < 0) return 'null';
    return r.scheme + '://' + r.host + (r.port !== null ? ':' + r.port : '');
  }
  function parseURL(url, base) {
    var baseRecord = null;
    if (base !== undefined) {
      baseRecord = basicParse(usvString(base), null);
      if (!baseRecord) return null;
    }
    return basicParse(usvString(url), baseRecord);
  }
  function invalidURL(input) {
    var e = new TypeError('Invalid URL');
    Object.defineProperty(e, 'code', { value: 'ERR_INVALID_URL', writable: true, configurable: true });
    Object.defineProperty(e, 'input', { value: String(input), writable: true, enumerable: true, configurable: true });
    return e;
  }

  // ================================================================ URLSearchParams
  var paramSlots = new WeakMap();
  function parseForm(s) {
    var list = [];
    s.split('&').forEach(function (seq) {
      if (!seq) return;
      var eq = seq.indexOf('='), name = eq < 0 ? seq : seq.slice(0, eq), value = eq < 0 ? '' : seq.slice(eq + 1);
      list.push([percentDecodeString(name.replace(/\+/g, ' ')), percentDecodeString(value.replace(/\+/g, ' '))]);
    });
    return list;
  }
  function serializeForm(list) {
    return list.map(function (pair) { return encodeString(pair[0], formSet, true) + '=' + encodeString(pair[1], formSet, true); }).join('&');
  }
  function updateParams(slot) {
    if (!slot.url) return;
    var s = serializeForm(slot.list);
    slot.url.record.query = s === '' ? null : s;
    if (s === '') stripOpaqueTrailingSpaces(slot.url.record);
  }
  function stripOpaqueTrailingSpaces(r) {
    if (r.opaque && r.fragment === null && r.query === null) r.path = r.path.replace(/ +$/, '');
  }
  function URLSearchParams(init) {
    requireNew(new.target, 'URLSearchParams');
    var list = [];
    if (init !== undefined && init !== null && (typeof init === 'object' || typeof init === 'function')) {
      var other = paramSlots.get(init);
      if (other) list = other.list.map(function (p) { return p.slice(); });
      else if (typeof init[Symbol.iterator] === 'function') {
        Array.from(init).forEach(function (pair) {
          if (pair === null || typeof pair !== 'object' && typeof pair !== 'function' || typeof pair[Symbol.iterator] !== 'function') throw tupleError();
          pair = Array.from(pair);
          if (pair.length !== 2) throw tupleError();
          list.push([usvString(pair[0]), usvString(pair[1])]);
        });
      } else {
        Reflect.ownKeys(init).forEach(function (key) {
          var d = Object.getOwnPropertyDescriptor(init, key);
          if (typeof key === 'string' && d && d.enumerable) list.push([usvString(key), usvString(init[key])]);
        });
      }
    } else if (init !== undefined) {
      var s = usvString(init);
      list = parseForm(s[0] === '?' ? s.slice(1) : s);
    }
    paramSlots.set(this, { list: list, url: null });
  }
  function tupleError() { return new TypeError('Each query pair must be an iterable [name, value] tuple'); }
  function needArgs(n, count) {
    if (n < count) throw new TypeError('The "name" argument must be specified');
  }
  var iteratorProto = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
  var iterSlots = new WeakMap();
  members(iteratorProto, {
    next: function () {
      var it = slotOf(iterSlots, this), list = it.params.list;
      if (it.index >= list.length) return { value: undefined, done: true };
      var pair = list[it.index++];
      return { value: it.kind === 'keys' ? pair[0] : it.kind === 'values' ? pair[1] : [pair[0], pair[1]], done: false };
    }
  });
  tag(iteratorProto, 'URLSearchParams Iterator');
  function iterate(self, kind) {
    var it = Object.create(iteratorProto);
    iterSlots.set(it, { params: slotOf(paramSlots, self), kind: kind, index: 0 });
    return it;
  }
  members(URLSearchParams.prototype, {
    size: { get: function () { return slotOf(paramSlots, this).list.length; } },
    append: function (name, value) {
      needArgs(arguments.length, 2);
      var s = slotOf(paramSlots, this);
      s.list.push([usvString(name), usvString(value)]);
      updateParams(s);
    },
    delete: function (name, value) {
      needArgs(arguments.length, 1);
      var s = slotOf(paramSlots, this), n = usvString(name), v = value === undefined ? undefined : usvString(value);
      s.list = s.list.filter(function (p) { return !(p[0] === n && (v === undefined || p[1] === v)); });
      updateParams(s);
    },
    get: function (name) {
      needArgs(arguments.length, 1);
      var n = usvString(name), list = slotOf(paramSlots, this).list;
      for (var i = 0; i < list.length; i++) if (list[i][0] === n) return list[i][1];
      return null;
    },
    getAll: function (name) {
      needArgs(arguments.length, 1);
      var n = usvString(name);
      return slotOf(paramSlots, this).list.filter(function (p) { return p[0] === n; }).map(function (p) { return p[1]; });
    },
    has: function (name, value) {
      needArgs(arguments.length, 1);
      var n = usvString(name), v = value === undefined ? undefined : usvString(value);
      return slotOf(paramSlots, this).list.some(function (p) { return p[0] === n && (v === undefined || p[1] === v); });
    },
    set: function (name, value) {
      needArgs(arguments.length, 2);
      var s = slotOf(paramSlots, this), n = usvString(name), v = usvString(value), found = false;
      s.list = s.list.filter(function (p) {
        if (p[0] !== n) return true;
        if (found) return false;
        found = true;
        p[1] = v;
        return true;
      });
      if (!found) s.list.push([n, v]);
      updateParams(s);
    },
    sort: function () {
      var s = slotOf(paramSlots, this);
      s.list = s.list.map(function (p, i) { return [p, i]; }).sort(function (a, b) {
        return a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1];
      }).map(function (e) { return e[0]; });
      updateParams(s);
    },
    entries: function () { return iterate(this, 'entries'); },
    forEach: function (callback, thisArg) {
      if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + String(callback));
      var list = slotOf(paramSlots, this).list;
      for (var i = 0; i < list.length; i++) callback.call(thisArg, list[i][1], list[i][0], this);
    },
    keys: function () { return iterate(this, 'keys'); },
    values: function () { return iterate(this, 'values'); },
    toString: function () { return serializeForm(slotOf(paramSlots, this).list); }
  });
  Object.defineProperty(URLSearchParams.prototype, Symbol.iterator,
    { value: URLSearchParams.prototype.entries, writable: true, enumerable: false, configurable: true });
  tag(URLSearchParams.prototype, 'URLSearchParams');

  // ================================================================ URL
  var urlSlots = new WeakMap();
  function URL(url, base) {
    requireNew(new.target, 'URL');
    if (arguments.length === 0) throw new TypeError('The "url" argument must be specified');
    var record = parseURL(url, base);
    if (!record) throw invalidURL(url);
    urlSlots.set(this, { record: record, params: null, paramsObject: null });
  }
  // The URLSearchParams object is made on first use: most transforms never read it.
  function paramsOf(slot) {
    if (!slot.paramsObject) {
      slot.paramsObject = new URLSearchParams(slot.record.query || '');
      slot.params = paramSlots.get(slot.paramsObject);
      slot.params.url = slot;
    }
    return slot.paramsObject;
  }
  function rec(self) { return slotOf(urlSlots, self).record; }
  function cannotHaveCredentials(r) { return r.host === null || r.host === '' || r.scheme === 'file'; }
  // Runs the parser with a state override on a copy, keeping the old record when parsing fails.
  function reparse(self, value, override, prepare) {
    var slot = slotOf(urlSlots, self), copy = copyRecord(slot.record);
    if (prepare) prepare(copy);
    var out = basicParse(value, null, copy, override);
    if (out) slot.record = out;
  }
  function syncParams(slot) { if (slot.params) slot.params.list = slot.record.query ? parseForm(slot.record.query) : []; }
  members(URL.prototype, {
    toString: function () { return serializeURL(rec(this)); },
    href: { get: function () { return serializeURL(rec(this)); }, set: function (v) {
      var slot = slotOf(urlSlots, this), r = parseURL(v);
      if (!r) throw invalidURL(v);
      slot.record = r;
      syncParams(slot);
    } },
    origin: { get: function () { return origin(rec(this)); } },
    protocol: { get: function () { return rec(this).scheme + ':'; }, set: function (v) { reparse(this, usvString(v) + ':', 'scheme start'); } },
    username: { get: function () { return rec(this).username; }, set: function (v) {
      var r = rec(this);
      if (!cannotHaveCredentials(r)) r.username = encodeString(usvString(v), userinfoSet);
    } },
    password: { get: function () { return rec(this).password; }, set: function (v) {
      var r = rec(this);
      if (!cannotHaveCredentials(r)) r.password = encodeString(usvString(v), userinfoSet);
    } },
    host: { get: function () {
      var r = rec(this);
      return r.host === null ? '' : r.port === null ? r.host : r.host + ':' + r.port;
    }, set: function (v) { if (!rec(this).opaque) reparse(this, usvString(v), 'host'); } },
    hostname: { get: function () { var h = rec(this).host; return h === null ? '' : h; },
      set: function (v) { if (!rec(this).opaque) reparse(this, usvString(v), 'hostname'); } },
    port: { get: function () { var p = rec(this).port; return p === null ? '' : String(p); }, set: function (v) {
      var r = rec(this);
      if (cannotHaveCredentials(r)) return;
      v = usvString(v);
      if (v === '') r.port = null; else reparse(this, v, 'port');
    } },
    pathname: { get: function () { return serializePath(rec(this)); }, set: function (v) {
      if (rec(this).opaque) return;
      reparse(this, usvString(v), 'path start', function (c) { c.path = []; });
    } },
    search: { get: function () { var q = rec(this).query; return q ? '?' + q : ''; }, set: function (v) {
      var slot = slotOf(urlSlots, this);
      v = usvString(v);
      if (v === '') {
        slot.record.query = null;
        if (slot.params) slot.params.list = [];
        stripOpaqueTrailingSpaces(slot.record);
        return;
      }
      reparse(this, v[0] === '?' ? v.slice(1) : v, 'query', function (c) { c.query = ''; });
      syncParams(slot);
    } },
    searchParams: { get: function () { return paramsOf(slotOf(urlSlots, this)); } },
    hash: { get: function () { var f = rec(this).fragment; return f ? '#' + f : ''; }, set: function (v) {
      v = usvString(v);
      if (v === '') {
        var r = rec(this);
        r.fragment = null;
        stripOpaqueTrailingSpaces(r);
        return;
      }
      reparse(this, v[0] === '#' ? v.slice(1) : v, 'fragment', function (c) { c.fragment = ''; });
    } },
    toJSON: function () { return serializeURL(rec(this)); }
  });
  tag(URL.prototype, 'URL');
  [['canParse', function (url, base) { return parseURL(url, base) !== null; }],
    ['parse', function (url, base) { try { return new URL(url, base); } catch (e) { return null; } }]].forEach(function (e) {
    Object.defineProperty(e[1], 'name', { value: e[0], configurable: true });
    Object.defineProperty(URL, e[0], { value: e[1], writable: true, enumerable: true, configurable: true });
  });

  // WebIDL lengths count required arguments only.
  [[URLSearchParams.prototype.delete, 1], [URLSearchParams.prototype.has, 1], [URLSearchParams.prototype.forEach, 1],
    [TextEncoder.prototype.encode, 0], [TextDecoder.prototype.decode, 0], [URL.canParse, 1], [URL.parse, 1]]
    .forEach(function (e) { setLength(e[0], e[1]); });
  setLength(structuredClone, 0);
  setLength(TextDecoder, 0);
  setLength(URLSearchParams, 0);
  setLength(URL, 1);
  defineGlobal('structuredClone', structuredClone, true);
  defineGlobal('TextEncoder', TextEncoder);
  defineGlobal('TextDecoder', TextDecoder);
  defineGlobal('URLSearchParams', URLSearchParams);
  defineGlobal('URL', URL);
})();
