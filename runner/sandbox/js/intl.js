// V8-compatible Intl subset and toLocale* overrides for the QuickJS sandbox.
// Why: Dodo's dashboard runs transforms in V8 with full ICU; QuickJS has no Intl and formats
// toLocale* output differently ('01/14/2026', no digit grouping). This file reproduces V8's
// output (node 20 with ICU 78 is the oracle) so a transform produces the same payload here:
// all of en-US; number formats and common date formats of en-GB, en-IN, de, fr, es, it, nl,
// pt-BR and ja (other locales format as en-US); UTC and common IANA time zones.
(function () {
  'use strict';
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
  // and the ICU date patterns of common option sets, all recorded from node 20's ICU; a bare
  // language ("de") uses its main region's data. Anything else formats as en-US.
  var LOCALE_KEYS_JSON = '["year:numeric,month:numeric,day:numeric","hour:numeric,minute:numeric,second:numeric|d","hour:numeric,minute:numeric,second:numeric|t","hour:numeric,minute:numeric,second:numeric|f","year:numeric,month:numeric,day:numeric,hour:numeric,minute:numeric,second:numeric|d","year:numeric,month:numeric,day:numeric,hour:numeric,minute:numeric,second:numeric|t","year:numeric,month:numeric,day:numeric,hour:numeric,minute:numeric,second:numeric|f","dateStyle:full","timeStyle:full|d","timeStyle:full|t","timeStyle:full|f","dateStyle:full,timeStyle:full|d","dateStyle:full,timeStyle:full|t","dateStyle:full,timeStyle:full|f","dateStyle:full,timeStyle:long|d","dateStyle:full,timeStyle:long|t","dateStyle:full,timeStyle:long|f","dateStyle:full,timeStyle:medium|d","dateStyle:full,timeStyle:medium|t","dateStyle:full,timeStyle:medium|f","dateStyle:full,timeStyle:short|d","dateStyle:full,timeStyle:short|t","dateStyle:full,timeStyle:short|f","dateStyle:long","timeStyle:long|d","timeStyle:long|t","timeStyle:long|f","dateStyle:long,timeStyle:full|d","dateStyle:long,timeStyle:full|t","dateStyle:long,timeStyle:full|f","dateStyle:long,timeStyle:long|d","dateStyle:long,timeStyle:long|t","dateStyle:long,timeStyle:long|f","dateStyle:long,timeStyle:medium|d","dateStyle:long,timeStyle:medium|t","dateStyle:long,timeStyle:medium|f","dateStyle:long,timeStyle:short|d","dateStyle:long,timeStyle:short|t","dateStyle:long,timeStyle:short|f","dateStyle:medium","timeStyle:medium|d","timeStyle:medium|t","timeStyle:medium|f","dateStyle:medium,timeStyle:full|d","dateStyle:medium,timeStyle:full|t","dateStyle:medium,timeStyle:full|f","dateStyle:medium,timeStyle:long|d","dateStyle:medium,timeStyle:long|t","dateStyle:medium,timeStyle:long|f","dateStyle:medium,timeStyle:medium|d","dateStyle:medium,timeStyle:medium|t","dateStyle:medium,timeStyle:medium|f","dateStyle:medium,timeStyle:short|d","dateStyle:medium,timeStyle:short|t","dateStyle:medium,timeStyle:short|f","dateStyle:short","timeStyle:short|d","timeStyle:short|t","timeStyle:short|f","dateStyle:short,timeStyle:full|d","dateStyle:short,timeStyle:full|t","dateStyle:short,timeStyle:full|f","dateStyle:short,timeStyle:long|d","dateStyle:short,timeStyle:long|t","dateStyle:short,timeStyle:long|f","dateStyle:short,timeStyle:medium|d","dateStyle:short,timeStyle:medium|t","dateStyle:short,timeStyle:medium|f","dateStyle:short,timeStyle:short|d","dateStyle:short,timeStyle:short|t","dateStyle:short,timeStyle:short|f","weekday:long","weekday:short","weekday:short,month:short,day:numeric","weekday:long,day:numeric","year:2-digit,month:2-digit,day:2-digit","year:numeric,month:2-digit,day:2-digit","month:long","month:short","year:numeric,month:numeric","year:numeric,month:long","year:numeric,month:short","year:numeric,month:2-digit","month:long,day:numeric","month:short,day:numeric","month:numeric,day:numeric","month:2-digit,day:2-digit","year:numeric","day:numeric","year:numeric,month:long,day:numeric","year:numeric,month:short,day:numeric","year:numeric,month:long,day:2-digit","weekday:long,year:numeric,month:long,day:numeric","weekday:short,year:numeric,month:short,day:numeric","weekday:long,month:long,day:numeric","weekday:short,month:numeric,day:numeric","weekday:long,year:numeric,month:numeric,day:numeric","hour:numeric|d","hour:numeric|t","hour:numeric|f","hour:2-digit|d","hour:2-digit|t","hour:2-digit|f","hour:numeric,minute:2-digit|d","hour:numeric,minute:2-digit|t","hour:numeric,minute:2-digit|f","hour:2-digit,minute:2-digit|d","hour:2-digit,minute:2-digit|t","hour:2-digit,minute:2-digit|f","hour:2-digit,minute:2-digit,second:2-digit|d","hour:2-digit,minute:2-digit,second:2-digit|t","hour:2-digit,minute:2-digit,second:2-digit|f","minute:2-digit,second:2-digit|d","minute:2-digit,second:2-digit|t","minute:2-digit,second:2-digit|f","year:numeric,month:long,day:numeric,hour:numeric,minute:2-digit|d","year:numeric,month:long,day:numeric,hour:numeric,minute:2-digit|t","year:numeric,month:long,day:numeric,hour:numeric,minute:2-digit|f","year:numeric,month:short,day:numeric,hour:numeric,minute:2-digit|d","year:numeric,month:short,day:numeric,hour:numeric,minute:2-digit|t","year:numeric,month:short,day:numeric,hour:numeric,minute:2-digit|f","year:numeric,month:2-digit,day:2-digit,hour:2-digit,minute:2-digit|d","year:numeric,month:2-digit,day:2-digit,hour:2-digit,minute:2-digit|t","year:numeric,month:2-digit,day:2-digit,hour:2-digit,minute:2-digit|f","year:numeric,month:2-digit,day:2-digit,hour:2-digit,minute:2-digit,second:2-digit|d","year:numeric,month:2-digit,day:2-digit,hour:2-digit,minute:2-digit,second:2-digit|t","year:numeric,month:2-digit,day:2-digit,hour:2-digit,minute:2-digit,second:2-digit|f","year:numeric,month:numeric,day:numeric,hour:numeric,minute:2-digit|d","year:numeric,month:numeric,day:numeric,hour:numeric,minute:2-digit|t","year:numeric,month:numeric,day:numeric,hour:numeric,minute:2-digit|f","month:short,day:numeric,hour:numeric,minute:2-digit|d","month:short,day:numeric,hour:numeric,minute:2-digit|t","month:short,day:numeric,hour:numeric,minute:2-digit|f","weekday:long,year:numeric,month:long,day:numeric,hour:numeric,minute:2-digit|d","weekday:long,year:numeric,month:long,day:numeric,hour:numeric,minute:2-digit|t","weekday:long,year:numeric,month:long,day:numeric,hour:numeric,minute:2-digit|f","weekday:short,hour:numeric,minute:2-digit|d","weekday:short,hour:numeric,minute:2-digit|t","weekday:short,hour:numeric,minute:2-digit|f","hour:numeric,minute:2-digit,timeZoneName:short|d","hour:numeric,minute:2-digit,timeZoneName:short|t","hour:numeric,minute:2-digit,timeZoneName:short|f","year:numeric,month:numeric,day:numeric,hour:numeric,minute:numeric,second:numeric,timeZoneName:short|d","year:numeric,month:numeric,day:numeric,hour:numeric,minute:numeric,second:numeric,timeZoneName:short|t","year:numeric,month:numeric,day:numeric,hour:numeric,minute:numeric,second:numeric,timeZoneName:short|f","year:numeric,month:numeric,day:numeric,timeZoneName:short"]';
  var LOCALE_JSON = {
    'en-GB': '{"n":{"dec":".","grp":",","minus":"-","plus":"+","grouping":"auto","pct":["#%","-#%"],"sym":["¤#","-¤#"],"code":["¤\u00a0#","-¤\u00a0#"],"acc":"(¤#)","symbols":{"USD":["US$","$"],"JPY":["JP¥","¥"]}},"d":{"hc":["h23","h11","h23"],"names":{"M":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sept","Oct","Nov","Dec"],"long":["January","February","March","April","May","June","July","August","September","October","November","December"]},"L":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sept","Oct","Nov","Dec"],"long":["January","February","March","April","May","June","July","August","September","October","November","December"]},"E":{"narrow":["S","M","T","W","T","F","S"],"short":["Sun","Mon","Tue","Wed","Thu","Fri","Sat"],"long":["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"]},"c":{"narrow":["S","M","T","W","T","F","S"],"short":["Sun","Mon","Tue","Wed","Thu","Fri","Sat"],"long":["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"]},"a":["am","pm"],"z":{"short":"UTC","long":"Coordinated Universal Time","shortOffset":"GMT+0","longOffset":"GMT+00:00","shortGeneric":"GMT+0","longGeneric":"GMT+00:00"},"G":{"narrow":"A","short":"AD","long":"Anno Domini"}},"p":["dd/MM/y","HH:mm:ss","K:mm:ss\u202fa","HH:mm:ss","dd/MM/y, HH:mm:ss","dd/MM/y, K:mm:ss\u202fa","dd/MM/y, HH:mm:ss","EEEE, d MMMM y","HH:mm:ss zzzz","KK:mm:ss\u202fa zzzz","HH:mm:ss zzzz","EEEE, d MMMM y\' at \'HH:mm:ss zzzz","EEEE, d MMMM y\' at \'KK:mm:ss\u202fa zzzz","EEEE, d MMMM y\' at \'HH:mm:ss zzzz","EEEE, d MMMM y\' at \'HH:mm:ss z","EEEE, d MMMM y\' at \'KK:mm:ss\u202fa z","EEEE, d MMMM y\' at \'HH:mm:ss z","EEEE, d MMMM y\' at \'HH:mm:ss","EEEE, d MMMM y\' at \'KK:mm:ss\u202fa","EEEE, d MMMM y\' at \'HH:mm:ss","EEEE, d MMMM y\' at \'HH:mm","EEEE, d MMMM y\' at \'KK:mm\u202fa","EEEE, d MMMM y\' at \'HH:mm","d MMMM y","HH:mm:ss z","KK:mm:ss\u202fa z","HH:mm:ss z","d MMMM y\' at \'HH:mm:ss zzzz","d MMMM y\' at \'KK:mm:ss\u202fa zzzz","d MMMM y\' at \'HH:mm:ss zzzz","d MMMM y\' at \'HH:mm:ss z","d MMMM y\' at \'KK:mm:ss\u202fa z","d MMMM y\' at \'HH:mm:ss z","d MMMM y\' at \'HH:mm:ss","d MMMM y\' at \'KK:mm:ss\u202fa","d MMMM y\' at \'HH:mm:ss","d MMMM y\' at \'HH:mm","d MMMM y\' at \'KK:mm\u202fa","d MMMM y\' at \'HH:mm","d MMM y","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","d MMM y, HH:mm:ss zzzz","d MMM y, KK:mm:ss\u202fa zzzz","d MMM y, HH:mm:ss zzzz","d MMM y, HH:mm:ss z","d MMM y, KK:mm:ss\u202fa z","d MMM y, HH:mm:ss z","d MMM y, HH:mm:ss","d MMM y, KK:mm:ss\u202fa","d MMM y, HH:mm:ss","d MMM y, HH:mm","d MMM y, KK:mm\u202fa","d MMM y, HH:mm","dd/MM/y","HH:mm","KK:mm\u202fa","HH:mm","dd/MM/y, HH:mm:ss zzzz","dd/MM/y, KK:mm:ss\u202fa zzzz","dd/MM/y, HH:mm:ss zzzz","dd/MM/y, HH:mm:ss z","dd/MM/y, KK:mm:ss\u202fa z","dd/MM/y, HH:mm:ss z","dd/MM/y, HH:mm:ss","dd/MM/y, KK:mm:ss\u202fa","dd/MM/y, HH:mm:ss","dd/MM/y, HH:mm","dd/MM/y, KK:mm\u202fa","dd/MM/y, HH:mm","EEEE","EEE","EEE d MMM","EEEE d","dd/MM/yy","dd/MM/y","MMMM","MMM","MM/y","MMMM y","MMM y","MM/y","d MMMM","d MMM","dd/MM","dd/MM","y","d","d MMMM y","d MMM y","dd MMMM y","EEEE, d MMMM y","EEE, d MMM y","EEEE d MMMM","EEE dd/MM","EEEE, dd/MM/y","HH","K\u202fa","HH","HH","KK\u202fa","HH","H:mm","K:mm\u202fa","H:mm","HH:mm","KK:mm\u202fa","HH:mm","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","mm:ss","mm:ss","mm:ss","d MMMM y\' at \'H:mm","d MMMM y\' at \'K:mm\u202fa","d MMMM y\' at \'H:mm","d MMM y, H:mm","d MMM y, K:mm\u202fa","d MMM y, H:mm","dd/MM/y, HH:mm","dd/MM/y, KK:mm\u202fa","dd/MM/y, HH:mm","dd/MM/y, HH:mm:ss","dd/MM/y, KK:mm:ss\u202fa","dd/MM/y, HH:mm:ss","dd/MM/y, H:mm","dd/MM/y, K:mm\u202fa","dd/MM/y, H:mm","d MMM, H:mm","d MMM, K:mm\u202fa","d MMM, H:mm","EEEE, d MMMM y\' at \'H:mm","EEEE, d MMMM y\' at \'K:mm\u202fa","EEEE, d MMMM y\' at \'H:mm","EEE HH:mm","EEE K:mm\u202fa","EEE HH:mm","HH:mm z","K:mm\u202fa z","HH:mm z","dd/MM/y, H:mm:ss z","dd/MM/y, K:mm:ss\u202fa z","dd/MM/y, H:mm:ss z","dd/MM/y, z"]}}',
    'en-IN': '{"n":{"dec":".","grp":",","minus":"-","plus":"+","grouping":"indian","pct":["#%","-#%"],"sym":["¤#","-¤#"],"code":["¤\u00a0#","-¤\u00a0#"],"acc":"(¤#)","symbols":{"JPY":["JP¥","¥"]}},"d":{"hc":["h12","h12","h24"],"names":{"M":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sept","Oct","Nov","Dec"],"long":["January","February","March","April","May","June","July","August","September","October","November","December"]},"L":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sept","Oct","Nov","Dec"],"long":["January","February","March","April","May","June","July","August","September","October","November","December"]},"E":{"narrow":["S","M","T","W","T","F","S"],"short":["Sun","Mon","Tue","Wed","Thu","Fri","Sat"],"long":["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"]},"c":{"narrow":["S","M","T","W","T","F","S"],"short":["Sun","Mon","Tue","Wed","Thu","Fri","Sat"],"long":["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"]},"a":["am","pm"],"z":{"short":"UTC","long":"Coordinated Universal Time","shortOffset":"GMT+0","longOffset":"GMT+00:00","shortGeneric":"GMT+0","longGeneric":"GMT+00:00"},"G":{"narrow":"A","short":"AD","long":"Anno Domini"}},"p":["d/M/y","h:mm:ss\u202fa","h:mm:ss\u202fa","kk:mm:ss","d/M/y, h:mm:ss\u202fa","d/M/y, h:mm:ss\u202fa","d/M/y, kk:mm:ss","EEEE, d MMMM y","h:mm:ss\u202fa zzzz","h:mm:ss\u202fa zzzz","kk:mm:ss zzzz","EEEE, d MMMM y\' at \'h:mm:ss\u202fa zzzz","EEEE, d MMMM y\' at \'h:mm:ss\u202fa zzzz","EEEE, d MMMM y\' at \'kk:mm:ss zzzz","EEEE, d MMMM y\' at \'h:mm:ss\u202fa z","EEEE, d MMMM y\' at \'h:mm:ss\u202fa z","EEEE, d MMMM y\' at \'kk:mm:ss z","EEEE, d MMMM y\' at \'h:mm:ss\u202fa","EEEE, d MMMM y\' at \'h:mm:ss\u202fa","EEEE, d MMMM y\' at \'kk:mm:ss","EEEE, d MMMM y\' at \'h:mm\u202fa","EEEE, d MMMM y\' at \'h:mm\u202fa","EEEE, d MMMM y\' at \'kk:mm","d MMMM y","h:mm:ss\u202fa z","h:mm:ss\u202fa z","kk:mm:ss z","d MMMM y\' at \'h:mm:ss\u202fa zzzz","d MMMM y\' at \'h:mm:ss\u202fa zzzz","d MMMM y\' at \'kk:mm:ss zzzz","d MMMM y\' at \'h:mm:ss\u202fa z","d MMMM y\' at \'h:mm:ss\u202fa z","d MMMM y\' at \'kk:mm:ss z","d MMMM y\' at \'h:mm:ss\u202fa","d MMMM y\' at \'h:mm:ss\u202fa","d MMMM y\' at \'kk:mm:ss","d MMMM y\' at \'h:mm\u202fa","d MMMM y\' at \'h:mm\u202fa","d MMMM y\' at \'kk:mm","d MMM y","h:mm:ss\u202fa","h:mm:ss\u202fa","kk:mm:ss","d MMM y, h:mm:ss\u202fa zzzz","d MMM y, h:mm:ss\u202fa zzzz","d MMM y, kk:mm:ss zzzz","d MMM y, h:mm:ss\u202fa z","d MMM y, h:mm:ss\u202fa z","d MMM y, kk:mm:ss z","d MMM y, h:mm:ss\u202fa","d MMM y, h:mm:ss\u202fa","d MMM y, kk:mm:ss","d MMM y, h:mm\u202fa","d MMM y, h:mm\u202fa","d MMM y, kk:mm","dd/MM/yy","h:mm\u202fa","h:mm\u202fa","kk:mm","dd/MM/yy, h:mm:ss\u202fa zzzz","dd/MM/yy, h:mm:ss\u202fa zzzz","dd/MM/yy, kk:mm:ss zzzz","dd/MM/yy, h:mm:ss\u202fa z","dd/MM/yy, h:mm:ss\u202fa z","dd/MM/yy, kk:mm:ss z","dd/MM/yy, h:mm:ss\u202fa","dd/MM/yy, h:mm:ss\u202fa","dd/MM/yy, kk:mm:ss","dd/MM/yy, h:mm\u202fa","dd/MM/yy, h:mm\u202fa","dd/MM/yy, kk:mm","EEEE","EEE","EEE, d MMM","EEEE d","dd/MM/yy","dd/MM/y","MMMM","MMM","MM/y","MMMM y","MMM y","MM/y","d MMMM","d MMM","dd/MM","dd/MM","y","d","d MMMM y","d MMM y","dd MMMM y","EEEE, d MMMM y","EEE, d MMM, y","EEEE, d MMMM","EEE, dd/MM","EEEE, d/M/y","h\u202fa","h\u202fa","kk","hh\u202fa","hh\u202fa","kk","h:mm\u202fa","h:mm\u202fa","kk:mm","hh:mm\u202fa","hh:mm\u202fa","kk:mm","hh:mm:ss\u202fa","hh:mm:ss\u202fa","kk:mm:ss","mm:ss","mm:ss","mm:ss","d MMMM y\' at \'h:mm\u202fa","d MMMM y\' at \'h:mm\u202fa","d MMMM y\' at \'kk:mm","d MMM y, h:mm\u202fa","d MMM y, h:mm\u202fa","d MMM y, kk:mm","dd/MM/y, hh:mm\u202fa","dd/MM/y, hh:mm\u202fa","dd/MM/y, kk:mm","dd/MM/y, hh:mm:ss\u202fa","dd/MM/y, hh:mm:ss\u202fa","dd/MM/y, kk:mm:ss","d/M/y, h:mm\u202fa","d/M/y, h:mm\u202fa","d/M/y, kk:mm","d MMM, h:mm\u202fa","d MMM, h:mm\u202fa","d MMM, kk:mm","EEEE, d MMMM y\' at \'h:mm\u202fa","EEEE, d MMMM y\' at \'h:mm\u202fa","EEEE, d MMMM y\' at \'kk:mm","EEE, h:mm\u202fa","EEE, h:mm\u202fa","EEE, kk:mm","h:mm\u202fa z","h:mm\u202fa z","kk:mm z","d/M/y, h:mm:ss\u202fa z","d/M/y, h:mm:ss\u202fa z","d/M/y, kk:mm:ss z","d/M/y, z"]}}',
    'de-DE': '{"n":{"dec":",","grp":".","minus":"-","plus":"+","grouping":"auto","pct":["#\u00a0%","-#\u00a0%"],"sym":["#\u00a0¤","-#\u00a0¤"],"code":["#\u00a0¤","-#\u00a0¤"],"acc":"-#\u00a0¤","symbols":{"AUD":["AU$","$"],"PHP":["PHP","₱"],"THB":["฿"],"TWD":["NT$"]}},"d":{"hc":["h23","h11","h23"],"names":{"M":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["Jan.","Feb.","März","Apr.","Mai","Juni","Juli","Aug.","Sept.","Okt.","Nov.","Dez."],"long":["Januar","Februar","März","April","Mai","Juni","Juli","August","September","Oktober","November","Dezember"]},"L":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["Jan","Feb","Mär","Apr","Mai","Jun","Jul","Aug","Sep","Okt","Nov","Dez"],"long":["Januar","Februar","März","April","Mai","Juni","Juli","August","September","Oktober","November","Dezember"]},"E":{"narrow":["S","M","D","M","D","F","S"],"short":["So.","Mo.","Di.","Mi.","Do.","Fr.","Sa."],"long":["Sonntag","Montag","Dienstag","Mittwoch","Donnerstag","Freitag","Samstag"]},"c":{"narrow":["S","M","D","M","D","F","S"],"short":["So","Mo","Di","Mi","Do","Fr","Sa"],"long":["Sonntag","Montag","Dienstag","Mittwoch","Donnerstag","Freitag","Samstag"]},"a":["AM","PM"],"z":{"short":"UTC","long":"Koordinierte Weltzeit","shortOffset":"GMT+0","longOffset":"GMT+00:00","shortGeneric":"GMT+0","longGeneric":"GMT+00:00"},"G":{"narrow":"n. Chr.","short":"n. Chr.","long":"n. Chr."}},"p":["d.M.y","HH:mm:ss","K:mm:ss\u202fa","HH:mm:ss","d.M.y, HH:mm:ss","d.M.y, K:mm:ss\u202fa","d.M.y, HH:mm:ss","EEEE, d. MMMM y","HH:mm:ss zzzz","KK:mm:ss\u202fa zzzz","HH:mm:ss zzzz","EEEE, d. MMMM y\' um \'HH:mm:ss zzzz","EEEE, d. MMMM y\' um \'KK:mm:ss\u202fa zzzz","EEEE, d. MMMM y\' um \'HH:mm:ss zzzz","EEEE, d. MMMM y\' um \'HH:mm:ss z","EEEE, d. MMMM y\' um \'KK:mm:ss\u202fa z","EEEE, d. MMMM y\' um \'HH:mm:ss z","EEEE, d. MMMM y\' um \'HH:mm:ss","EEEE, d. MMMM y\' um \'KK:mm:ss\u202fa","EEEE, d. MMMM y\' um \'HH:mm:ss","EEEE, d. MMMM y\' um \'HH:mm","EEEE, d. MMMM y\' um \'KK:mm\u202fa","EEEE, d. MMMM y\' um \'HH:mm","d. MMMM y","HH:mm:ss z","KK:mm:ss\u202fa z","HH:mm:ss z","d. MMMM y\' um \'HH:mm:ss zzzz","d. MMMM y\' um \'KK:mm:ss\u202fa zzzz","d. MMMM y\' um \'HH:mm:ss zzzz","d. MMMM y\' um \'HH:mm:ss z","d. MMMM y\' um \'KK:mm:ss\u202fa z","d. MMMM y\' um \'HH:mm:ss z","d. MMMM y\' um \'HH:mm:ss","d. MMMM y\' um \'KK:mm:ss\u202fa","d. MMMM y\' um \'HH:mm:ss","d. MMMM y\' um \'HH:mm","d. MMMM y\' um \'KK:mm\u202fa","d. MMMM y\' um \'HH:mm","dd.MM.y","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","dd.MM.y, HH:mm:ss zzzz","dd.MM.y, KK:mm:ss\u202fa zzzz","dd.MM.y, HH:mm:ss zzzz","dd.MM.y, HH:mm:ss z","dd.MM.y, KK:mm:ss\u202fa z","dd.MM.y, HH:mm:ss z","dd.MM.y, HH:mm:ss","dd.MM.y, KK:mm:ss\u202fa","dd.MM.y, HH:mm:ss","dd.MM.y, HH:mm","dd.MM.y, KK:mm\u202fa","dd.MM.y, HH:mm","dd.MM.yy","HH:mm","KK:mm\u202fa","HH:mm","dd.MM.yy, HH:mm:ss zzzz","dd.MM.yy, KK:mm:ss\u202fa zzzz","dd.MM.yy, HH:mm:ss zzzz","dd.MM.yy, HH:mm:ss z","dd.MM.yy, KK:mm:ss\u202fa z","dd.MM.yy, HH:mm:ss z","dd.MM.yy, HH:mm:ss","dd.MM.yy, KK:mm:ss\u202fa","dd.MM.yy, HH:mm:ss","dd.MM.yy, HH:mm","dd.MM.yy, KK:mm\u202fa","dd.MM.yy, HH:mm","EEEE","ccc","EEE, d. MMM","EEEE, d.","dd.MM.yy","dd.MM.y","MMMM","LLL","M/y","MMMM y","MMM y","MM/y","d. MMMM","d. MMM","d.M.","dd.MM.","y","d","d. MMMM y","d. MMM y","dd. MMMM y","EEEE, d. MMMM y","EEE, d. MMM y","EEEE, d. MMMM","EEE, d.M.","EEEE, d.M.y","HH\' Uhr\'","K\u202fa","HH\' Uhr\'","HH\' Uhr\'","KK\u202fa","HH\' Uhr\'","H:mm","K:mm\u202fa","H:mm","HH:mm","KK:mm\u202fa","HH:mm","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","mm:ss","mm:ss","mm:ss","d. MMMM y\' um \'H:mm","d. MMMM y\' um \'K:mm\u202fa","d. MMMM y\' um \'H:mm","d. MMM y, H:mm","d. MMM y, K:mm\u202fa","d. MMM y, H:mm","dd.MM.y, HH:mm","dd.MM.y, KK:mm\u202fa","dd.MM.y, HH:mm","dd.MM.y, HH:mm:ss","dd.MM.y, KK:mm:ss\u202fa","dd.MM.y, HH:mm:ss","d.M.y, H:mm","d.M.y, K:mm\u202fa","d.M.y, H:mm","d. MMM, H:mm","d. MMM, K:mm\u202fa","d. MMM, H:mm","EEEE, d. MMMM y\' um \'H:mm","EEEE, d. MMMM y\' um \'K:mm\u202fa","EEEE, d. MMMM y\' um \'H:mm","EEE, HH:mm","EEE K:mm\u202fa","EEE, HH:mm","HH:mm z","K:mm\u202fa z","HH:mm z","d.M.y, H:mm:ss z","d.M.y, K:mm:ss\u202fa z","d.M.y, H:mm:ss z","d.M.y, z"]}}',
    'fr-FR': '{"n":{"dec":",","grp":"\u202f","minus":"-","plus":"+","grouping":"auto","pct":["#\u00a0%","-#\u00a0%"],"sym":["#\u00a0¤","-#\u00a0¤"],"code":["#\u00a0¤","-#\u00a0¤"],"acc":"(#\u00a0¤)","symbols":{"USD":["$US","$"],"GBP":["£GB","£"],"JPY":["JPY","¥"],"CAD":["$CA","$"],"AUD":["$AU","$"],"CNY":["CNY","¥"],"MXN":["$MX","$"],"HKD":["HKD","$"],"NZD":["$NZ","$"],"SGD":["$SG","$"],"PHP":["PHP","₱"],"TWD":["TWD","NT$"],"EGP":["EGP","£E"],"CLP":["$CL","$"],"COP":["$CO","$"],"ARS":["$AR","$"]}},"d":{"hc":["h23","h11","h23"],"names":{"M":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["janv.","févr.","mars","avr.","mai","juin","juil.","août","sept.","oct.","nov.","déc."],"long":["janvier","février","mars","avril","mai","juin","juillet","août","septembre","octobre","novembre","décembre"]},"L":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["janv.","févr.","mars","avr.","mai","juin","juil.","août","sept.","oct.","nov.","déc."],"long":["janvier","février","mars","avril","mai","juin","juillet","août","septembre","octobre","novembre","décembre"]},"E":{"narrow":["D","L","M","M","J","V","S"],"short":["dim.","lun.","mar.","mer.","jeu.","ven.","sam."],"long":["dimanche","lundi","mardi","mercredi","jeudi","vendredi","samedi"]},"c":{"narrow":["D","L","M","M","J","V","S"],"short":["dim.","lun.","mar.","mer.","jeu.","ven.","sam."],"long":["dimanche","lundi","mardi","mercredi","jeudi","vendredi","samedi"]},"a":["AM","PM"],"z":{"short":"UTC","long":"temps universel coordonné","shortOffset":"UTC+0","longOffset":"UTC+00:00","shortGeneric":"UTC+0","longGeneric":"UTC+00:00"},"G":{"narrow":"ap. J.-C.","short":"ap. J.-C.","long":"après Jésus-Christ"}},"p":["dd/MM/y","HH:mm:ss","K:mm:ss\u202fa","HH:mm:ss","dd/MM/y HH:mm:ss","dd/MM/y K:mm:ss\u202fa","dd/MM/y HH:mm:ss","EEEE d MMMM y","HH:mm:ss zzzz","KK:mm:ss\u202fa zzzz","HH:mm:ss zzzz","EEEE d MMMM y à HH:mm:ss zzzz","EEEE d MMMM y à KK:mm:ss\u202fa zzzz","EEEE d MMMM y à HH:mm:ss zzzz","EEEE d MMMM y à HH:mm:ss z","EEEE d MMMM y à KK:mm:ss\u202fa z","EEEE d MMMM y à HH:mm:ss z","EEEE d MMMM y à HH:mm:ss","EEEE d MMMM y à KK:mm:ss\u202fa","EEEE d MMMM y à HH:mm:ss","EEEE d MMMM y à HH:mm","EEEE d MMMM y à KK:mm\u202fa","EEEE d MMMM y à HH:mm","d MMMM y","HH:mm:ss z","KK:mm:ss\u202fa z","HH:mm:ss z","d MMMM y à HH:mm:ss zzzz","d MMMM y à KK:mm:ss\u202fa zzzz","d MMMM y à HH:mm:ss zzzz","d MMMM y à HH:mm:ss z","d MMMM y à KK:mm:ss\u202fa z","d MMMM y à HH:mm:ss z","d MMMM y à HH:mm:ss","d MMMM y à KK:mm:ss\u202fa","d MMMM y à HH:mm:ss","d MMMM y à HH:mm","d MMMM y à KK:mm\u202fa","d MMMM y à HH:mm","d MMM y","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","d MMM y, HH:mm:ss zzzz","d MMM y, KK:mm:ss\u202fa zzzz","d MMM y, HH:mm:ss zzzz","d MMM y, HH:mm:ss z","d MMM y, KK:mm:ss\u202fa z","d MMM y, HH:mm:ss z","d MMM y, HH:mm:ss","d MMM y, KK:mm:ss\u202fa","d MMM y, HH:mm:ss","d MMM y, HH:mm","d MMM y, KK:mm\u202fa","d MMM y, HH:mm","dd/MM/y","HH:mm","KK:mm\u202fa","HH:mm","dd/MM/y HH:mm:ss zzzz","dd/MM/y KK:mm:ss\u202fa zzzz","dd/MM/y HH:mm:ss zzzz","dd/MM/y HH:mm:ss z","dd/MM/y KK:mm:ss\u202fa z","dd/MM/y HH:mm:ss z","dd/MM/y HH:mm:ss","dd/MM/y KK:mm:ss\u202fa","dd/MM/y HH:mm:ss","dd/MM/y HH:mm","dd/MM/y KK:mm\u202fa","dd/MM/y HH:mm","EEEE","EEE","EEE d MMM","EEEE d","dd/MM/yy","dd/MM/y","MMMM","MMM","MM/y","MMMM y","MMM y","MM/y","d MMMM","d MMM","dd/MM","dd/MM","y","d","d MMMM y","d MMM y","dd MMMM y","EEEE d MMMM y","EEE d MMM y","EEEE d MMMM","EEE dd/MM","EEEE dd/MM/y","HH\' h\'","K\u202fa","HH\' h\'","HH\' h\'","KK\u202fa","HH\' h\'","H:mm","K:mm\u202fa","H:mm","HH:mm","KK:mm\u202fa","HH:mm","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","mm:ss","mm:ss","mm:ss","d MMMM y à H:mm","d MMMM y à K:mm\u202fa","d MMMM y à H:mm","d MMM y, H:mm","d MMM y, K:mm\u202fa","d MMM y, H:mm","dd/MM/y HH:mm","dd/MM/y KK:mm\u202fa","dd/MM/y HH:mm","dd/MM/y HH:mm:ss","dd/MM/y KK:mm:ss\u202fa","dd/MM/y HH:mm:ss","dd/MM/y H:mm","dd/MM/y K:mm\u202fa","dd/MM/y H:mm","d MMM, H:mm","d MMM, K:mm\u202fa","d MMM, H:mm","EEEE d MMMM y à H:mm","EEEE d MMMM y à K:mm\u202fa","EEEE d MMMM y à H:mm","EEE HH:mm","EEE K:mm\u202fa","EEE HH:mm","HH:mm z","K:mm\u202fa z","HH:mm z","dd/MM/y H:mm:ss z","dd/MM/y K:mm:ss\u202fa z","dd/MM/y H:mm:ss z","dd/MM/y z"]}}',
    'es-ES': '{"n":{"dec":",","grp":".","minus":"-","plus":"+","grouping":"min2","pct":["#\u00a0%","-#\u00a0%"],"sym":["#\u00a0¤","-#\u00a0¤"],"code":["#\u00a0¤","-#\u00a0¤"],"acc":"-#\u00a0¤","symbols":{"USD":["US$","$"],"GBP":["GBP","£"],"JPY":["JPY","¥"],"INR":["INR","₹"],"CAD":["CAD","$"],"AUD":["AUD","$"],"CNY":["CNY","¥"],"KRW":["KRW","₩"],"MXN":["MXN","$"],"BRL":["BRL","R$"],"HKD":["HKD","$"],"NZD":["NZD","$"],"ILS":["ILS","₪"],"PHP":["PHP","₱"],"THB":["฿"],"TWD":["TWD","NT$"],"EGP":["EGP"]}},"d":{"hc":["h23","h11","h23"],"names":{"M":{"narrow":["E","F","M","A","M","J","J","A","S","O","N","D"],"short":["ene","feb","mar","abr","may","jun","jul","ago","sept","oct","nov","dic"],"long":["enero","febrero","marzo","abril","mayo","junio","julio","agosto","septiembre","octubre","noviembre","diciembre"]},"L":{"narrow":["E","F","M","A","M","J","J","A","S","O","N","D"],"short":["ene","feb","mar","abr","may","jun","jul","ago","sept","oct","nov","dic"],"long":["enero","febrero","marzo","abril","mayo","junio","julio","agosto","septiembre","octubre","noviembre","diciembre"]},"E":{"narrow":["D","L","M","X","J","V","S"],"short":["dom","lun","mar","mié","jue","vie","sáb"],"long":["domingo","lunes","martes","miércoles","jueves","viernes","sábado"]},"c":{"narrow":["D","L","M","X","J","V","S"],"short":["dom","lun","mar","mié","jue","vie","sáb"],"long":["domingo","lunes","martes","miércoles","jueves","viernes","sábado"]},"a":["a.\u202fm.","p.\u202fm."],"z":{"short":"UTC","long":"tiempo universal coordinado","shortOffset":"GMT+0","longOffset":"GMT+00:00","shortGeneric":"GMT+0","longGeneric":"GMT+00:00"},"G":{"narrow":"d. C.","short":"d. C.","long":"después de Cristo"}},"p":["d/M/y","H:mm:ss","K:mm:ss\u202fa","H:mm:ss","d/M/y, H:mm:ss","d/M/y, K:mm:ss\u202fa","d/M/y, H:mm:ss","EEEE, d\' de \'MMMM\' de \'y","H:mm:ss (zzzz)","K:mm:ss\u202fa zzzz","H:mm:ss (zzzz)","EEEE, d\' de \'MMMM\' de \'y, H:mm:ss (zzzz)","EEEE, d\' de \'MMMM\' de \'y, K:mm:ss\u202fa zzzz","EEEE, d\' de \'MMMM\' de \'y, H:mm:ss (zzzz)","EEEE, d\' de \'MMMM\' de \'y, H:mm:ss z","EEEE, d\' de \'MMMM\' de \'y, K:mm:ss\u202fa z","EEEE, d\' de \'MMMM\' de \'y, H:mm:ss z","EEEE, d\' de \'MMMM\' de \'y, H:mm:ss","EEEE, d\' de \'MMMM\' de \'y, K:mm:ss\u202fa","EEEE, d\' de \'MMMM\' de \'y, H:mm:ss","EEEE, d\' de \'MMMM\' de \'y, H:mm","EEEE, d\' de \'MMMM\' de \'y, K:mm\u202fa","EEEE, d\' de \'MMMM\' de \'y, H:mm","d\' de \'MMMM\' de \'y","H:mm:ss z","K:mm:ss\u202fa z","H:mm:ss z","d\' de \'MMMM\' de \'y\' a las \'H:mm:ss (zzzz)","d\' de \'MMMM\' de \'y\' a las \'K:mm:ss\u202fa zzzz","d\' de \'MMMM\' de \'y\' a las \'H:mm:ss (zzzz)","d\' de \'MMMM\' de \'y\' a las \'H:mm:ss z","d\' de \'MMMM\' de \'y\' a las \'K:mm:ss\u202fa z","d\' de \'MMMM\' de \'y\' a las \'H:mm:ss z","d\' de \'MMMM\' de \'y\' a las \'H:mm:ss","d\' de \'MMMM\' de \'y\' a las \'K:mm:ss\u202fa","d\' de \'MMMM\' de \'y\' a las \'H:mm:ss","d\' de \'MMMM\' de \'y\' a las \'H:mm","d\' de \'MMMM\' de \'y\' a las \'K:mm\u202fa","d\' de \'MMMM\' de \'y\' a las \'H:mm","d MMM y","H:mm:ss","K:mm:ss\u202fa","H:mm:ss","d MMM y, H:mm:ss (zzzz)","d MMM y, K:mm:ss\u202fa zzzz","d MMM y, H:mm:ss (zzzz)","d MMM y, H:mm:ss z","d MMM y, K:mm:ss\u202fa z","d MMM y, H:mm:ss z","d MMM y, H:mm:ss","d MMM y, K:mm:ss\u202fa","d MMM y, H:mm:ss","d MMM y, H:mm","d MMM y, K:mm\u202fa","d MMM y, H:mm","d/M/yy","H:mm","K:mm\u202fa","H:mm","d/M/yy, H:mm:ss (zzzz)","d/M/yy, K:mm:ss\u202fa zzzz","d/M/yy, H:mm:ss (zzzz)","d/M/yy, H:mm:ss z","d/M/yy, K:mm:ss\u202fa z","d/M/yy, H:mm:ss z","d/M/yy, H:mm:ss","d/M/yy, K:mm:ss\u202fa","d/M/yy, H:mm:ss","d/M/yy, H:mm","d/M/yy, K:mm\u202fa","d/M/yy, H:mm","EEEE","EEE","EEE, d MMM","EEEE d","dd/MM/yy","dd/MM/y","MMMM","MMM","M/y","MMMM\' de \'y\\u0000{\\"day\\":\\"numeric\\"}","MMM y","M/y","d\' de \'MMMM","d MMM","d/M","d/M","y","d","d\' de \'MMMM\' de \'y","d MMM y","dd\' de \'MMMM\' de \'y","EEEE, d\' de \'MMMM\' de \'y","EEE, d MMM y","EEEE, d\' de \'MMMM","EEE, d/M","EEEE, d/M/y","H","K\u202fa","H","HH","KK\u202fa","HH","H:mm","K:mm\u202fa","H:mm","HH:mm","KK:mm\u202fa","HH:mm","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","mm:ss","mm:ss","mm:ss","d\' de \'MMMM\' de \'y\' a las \'H:mm\\u0000{\\"second\\":\\"numeric\\"}","d\' de \'MMMM\' de \'y\' a las \'K:mm\u202fa\\u0000{\\"second\\":\\"numeric\\"}","d\' de \'MMMM\' de \'y\' a las \'H:mm\\u0000{\\"second\\":\\"numeric\\"}","d MMM y, H:mm","d MMM y, K:mm\u202fa","d MMM y, H:mm","dd/MM/y, HH:mm","dd/MM/y, KK:mm\u202fa","dd/MM/y, HH:mm","dd/MM/y, HH:mm:ss","dd/MM/y, KK:mm:ss\u202fa","dd/MM/y, HH:mm:ss","d/M/y, H:mm","d/M/y, K:mm\u202fa","d/M/y, H:mm","d MMM, H:mm","d MMM, K:mm\u202fa","d MMM, H:mm","EEEE, d\' de \'MMMM\' de \'y, H:mm","EEEE, d\' de \'MMMM\' de \'y, K:mm\u202fa","EEEE, d\' de \'MMMM\' de \'y, H:mm","EEE, H:mm","EEE, K:mm\u202fa","EEE, H:mm","H:mm z","K:mm\u202fa z","H:mm z","d/M/y, H:mm:ss z","d/M/y, K:mm:ss\u202fa z","d/M/y, H:mm:ss z","d/M/y, z"]}}',
    'it-IT': '{"n":{"dec":",","grp":".","minus":"-","plus":"+","grouping":"min2","pct":["#%","-#%"],"sym":["#\u00a0¤","-#\u00a0¤"],"code":["#\u00a0¤","-#\u00a0¤"],"acc":"-#\u00a0¤","symbols":{"USD":["USD","$"],"JPY":["JPY","¥"],"INR":["INR","₹"],"KRW":["KRW","₩"],"MXN":["MXN","$"],"BRL":["BRL","R$"],"NOK":["NOK","NKr"],"HKD":["HKD","$"],"THB":["฿"],"VND":["VND","₫"],"TWD":["TWD","NT$"],"EGP":["EGP","£E"]}},"d":{"hc":["h23","h11","h23"],"names":{"M":{"narrow":["G","F","M","A","M","G","L","A","S","O","N","D"],"short":["gen","feb","mar","apr","mag","giu","lug","ago","set","ott","nov","dic"],"long":["gennaio","febbraio","marzo","aprile","maggio","giugno","luglio","agosto","settembre","ottobre","novembre","dicembre"]},"L":{"narrow":["G","F","M","A","M","G","L","A","S","O","N","D"],"short":["gen","feb","mar","apr","mag","giu","lug","ago","set","ott","nov","dic"],"long":["gennaio","febbraio","marzo","aprile","maggio","giugno","luglio","agosto","settembre","ottobre","novembre","dicembre"]},"E":{"narrow":["D","L","M","M","G","V","S"],"short":["dom","lun","mar","mer","gio","ven","sab"],"long":["domenica","lunedì","martedì","mercoledì","giovedì","venerdì","sabato"]},"c":{"narrow":["D","L","M","M","G","V","S"],"short":["dom","lun","mar","mer","gio","ven","sab"],"long":["domenica","lunedì","martedì","mercoledì","giovedì","venerdì","sabato"]},"a":["AM","PM"],"z":{"short":"UTC","long":"Tempo coordinato universale","shortOffset":"GMT+0","longOffset":"GMT+00:00","shortGeneric":"GMT+0","longGeneric":"GMT+00:00"},"G":{"narrow":"dC","short":"d.C.","long":"dopo Cristo"}},"p":["dd/MM/y","HH:mm:ss","K:mm:ss\u202fa","HH:mm:ss","dd/MM/y, HH:mm:ss","dd/MM/y, K:mm:ss\u202fa","dd/MM/y, HH:mm:ss","EEEE d MMMM y","HH:mm:ss zzzz","KK:mm:ss\u202fa zzzz","HH:mm:ss zzzz","EEEE d MMMM y\' alle ore \'HH:mm:ss zzzz","EEEE d MMMM y\' alle ore \'KK:mm:ss\u202fa zzzz","EEEE d MMMM y\' alle ore \'HH:mm:ss zzzz","EEEE d MMMM y\' alle ore \'HH:mm:ss z","EEEE d MMMM y\' alle ore \'KK:mm:ss\u202fa z","EEEE d MMMM y\' alle ore \'HH:mm:ss z","EEEE d MMMM y\' alle ore \'HH:mm:ss","EEEE d MMMM y\' alle ore \'KK:mm:ss\u202fa","EEEE d MMMM y\' alle ore \'HH:mm:ss","EEEE d MMMM y\' alle ore \'HH:mm","EEEE d MMMM y\' alle ore \'KK:mm\u202fa","EEEE d MMMM y\' alle ore \'HH:mm","d MMMM y","HH:mm:ss z","KK:mm:ss\u202fa z","HH:mm:ss z","d MMMM y\' alle ore \'HH:mm:ss zzzz","d MMMM y\' alle ore \'KK:mm:ss\u202fa zzzz","d MMMM y\' alle ore \'HH:mm:ss zzzz","d MMMM y\' alle ore \'HH:mm:ss z","d MMMM y\' alle ore \'KK:mm:ss\u202fa z","d MMMM y\' alle ore \'HH:mm:ss z","d MMMM y\' alle ore \'HH:mm:ss","d MMMM y\' alle ore \'KK:mm:ss\u202fa","d MMMM y\' alle ore \'HH:mm:ss","d MMMM y\' alle ore \'HH:mm","d MMMM y\' alle ore \'KK:mm\u202fa","d MMMM y\' alle ore \'HH:mm","d MMM y","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","d MMM y, HH:mm:ss zzzz","d MMM y, KK:mm:ss\u202fa zzzz","d MMM y, HH:mm:ss zzzz","d MMM y, HH:mm:ss z","d MMM y, KK:mm:ss\u202fa z","d MMM y, HH:mm:ss z","d MMM y, HH:mm:ss","d MMM y, KK:mm:ss\u202fa","d MMM y, HH:mm:ss","d MMM y, HH:mm","d MMM y, KK:mm\u202fa","d MMM y, HH:mm","dd/MM/yy","HH:mm","KK:mm\u202fa","HH:mm","dd/MM/yy, HH:mm:ss zzzz","dd/MM/yy, KK:mm:ss\u202fa zzzz","dd/MM/yy, HH:mm:ss zzzz","dd/MM/yy, HH:mm:ss z","dd/MM/yy, KK:mm:ss\u202fa z","dd/MM/yy, HH:mm:ss z","dd/MM/yy, HH:mm:ss","dd/MM/yy, KK:mm:ss\u202fa","dd/MM/yy, HH:mm:ss","dd/MM/yy, HH:mm","dd/MM/yy, KK:mm\u202fa","dd/MM/yy, HH:mm","EEEE","EEE","EEE d MMM","EEEE d","dd/MM/yy","dd/MM/y","MMMM","MMM","MM/y","MMMM y","MMM y","MM/y","d MMMM","d MMM","dd/MM","dd/MM","y","d","d MMMM y","d MMM y","dd MMMM y","EEEE d MMMM y","EEE d MMM y","EEEE d MMMM","EEE dd/MM","EEEE dd/MM/y","H","K\u202fa","H","HH","KK\u202fa","HH","H:mm","K:mm\u202fa","H:mm","HH:mm","KK:mm\u202fa","HH:mm","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","mm:ss","mm:ss","mm:ss","d MMMM y\' alle ore \'H:mm","d MMMM y\' alle ore \'K:mm\u202fa","d MMMM y\' alle ore \'H:mm","d MMM y, H:mm","d MMM y, K:mm\u202fa","d MMM y, H:mm","dd/MM/y, HH:mm","dd/MM/y, KK:mm\u202fa","dd/MM/y, HH:mm","dd/MM/y, HH:mm:ss","dd/MM/y, KK:mm:ss\u202fa","dd/MM/y, HH:mm:ss","dd/MM/y, H:mm","dd/MM/y, K:mm\u202fa","dd/MM/y, H:mm","d MMM, H:mm","d MMM, K:mm\u202fa","d MMM, H:mm","EEEE d MMMM y\' alle ore \'H:mm","EEEE d MMMM y\' alle ore \'K:mm\u202fa","EEEE d MMMM y\' alle ore \'H:mm","EEE HH:mm","EEE K:mm\u202fa","EEE HH:mm","HH:mm z","K:mm\u202fa z","HH:mm z","dd/MM/y, H:mm:ss z","dd/MM/y, K:mm:ss\u202fa z","dd/MM/y, H:mm:ss z","dd/MM/y, z"]}}',
    'nl-NL': '{"n":{"dec":",","grp":".","minus":"-","plus":"+","grouping":"auto","pct":["#%","-#%"],"sym":["¤\u00a0#","¤\u00a0-#"],"code":["¤\u00a0#","¤\u00a0-#"],"acc":"(¤\u00a0#)","symbols":{"USD":["US$","$"],"JPY":["JP¥","¥"],"CAD":["C$","$"],"AUD":["AU$","$"],"PHP":["PHP","₱"],"THB":["฿"],"TWD":["NT$"]}},"d":{"hc":["h23","h11","h23"],"names":{"M":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["jan","feb","mrt","apr","mei","jun","jul","aug","sep","okt","nov","dec"],"long":["januari","februari","maart","april","mei","juni","juli","augustus","september","oktober","november","december"]},"L":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["jan","feb","mrt","apr","mei","jun","jul","aug","sep","okt","nov","dec"],"long":["januari","februari","maart","april","mei","juni","juli","augustus","september","oktober","november","december"]},"E":{"narrow":["Z","M","D","W","D","V","Z"],"short":["zo","ma","di","wo","do","vr","za"],"long":["zondag","maandag","dinsdag","woensdag","donderdag","vrijdag","zaterdag"]},"c":{"narrow":["Z","M","D","W","D","V","Z"],"short":["zo","ma","di","wo","do","vr","za"],"long":["zondag","maandag","dinsdag","woensdag","donderdag","vrijdag","zaterdag"]},"a":["a.m.","p.m."],"z":{"short":"UTC","long":"gecoördineerde wereldtijd","shortOffset":"GMT+0","longOffset":"GMT+00:00","shortGeneric":"GMT+0","longGeneric":"GMT+00:00"},"G":{"narrow":"n.C.","short":"n.Chr.","long":"na Christus"}},"p":["d-M-y","HH:mm:ss","K:mm:ss a","HH:mm:ss","d-M-y, HH:mm:ss","d-M-y, K:mm:ss a","d-M-y, HH:mm:ss","EEEE d MMMM y","HH:mm:ss zzzz","KK:mm:ss a zzzz","HH:mm:ss zzzz","EEEE d MMMM y\' om \'HH:mm:ss zzzz","EEEE d MMMM y\' om \'KK:mm:ss a zzzz","EEEE d MMMM y\' om \'HH:mm:ss zzzz","EEEE d MMMM y\' om \'HH:mm:ss z","EEEE d MMMM y\' om \'KK:mm:ss a z","EEEE d MMMM y\' om \'HH:mm:ss z","EEEE d MMMM y\' om \'HH:mm:ss","EEEE d MMMM y\' om \'KK:mm:ss a","EEEE d MMMM y\' om \'HH:mm:ss","EEEE d MMMM y\' om \'HH:mm","EEEE d MMMM y\' om \'KK:mm a","EEEE d MMMM y\' om \'HH:mm","d MMMM y","HH:mm:ss z","KK:mm:ss a z","HH:mm:ss z","d MMMM y\' om \'HH:mm:ss zzzz","d MMMM y\' om \'KK:mm:ss a zzzz","d MMMM y\' om \'HH:mm:ss zzzz","d MMMM y\' om \'HH:mm:ss z","d MMMM y\' om \'KK:mm:ss a z","d MMMM y\' om \'HH:mm:ss z","d MMMM y\' om \'HH:mm:ss","d MMMM y\' om \'KK:mm:ss a","d MMMM y\' om \'HH:mm:ss","d MMMM y\' om \'HH:mm","d MMMM y\' om \'KK:mm a","d MMMM y\' om \'HH:mm","d MMM y","HH:mm:ss","KK:mm:ss a","HH:mm:ss","d MMM y, HH:mm:ss zzzz","d MMM y, KK:mm:ss a zzzz","d MMM y, HH:mm:ss zzzz","d MMM y, HH:mm:ss z","d MMM y, KK:mm:ss a z","d MMM y, HH:mm:ss z","d MMM y, HH:mm:ss","d MMM y, KK:mm:ss a","d MMM y, HH:mm:ss","d MMM y, HH:mm","d MMM y, KK:mm a","d MMM y, HH:mm","dd-MM-y","HH:mm","KK:mm a","HH:mm","dd-MM-y, HH:mm:ss zzzz","dd-MM-y, KK:mm:ss a zzzz","dd-MM-y, HH:mm:ss zzzz","dd-MM-y, HH:mm:ss z","dd-MM-y, KK:mm:ss a z","dd-MM-y, HH:mm:ss z","dd-MM-y, HH:mm:ss","dd-MM-y, KK:mm:ss a","dd-MM-y, HH:mm:ss","dd-MM-y, HH:mm","dd-MM-y, KK:mm a","dd-MM-y, HH:mm","EEEE","EEE","EEE d MMM","EEEE d","dd-MM-yy","dd-MM-y","MMMM","MMM","M-y","MMMM y","MMM y","MM-y","d MMMM","d MMM","d-M","dd-MM","y","d","d MMMM y","d MMM y","dd MMMM y","EEEE d MMMM y","EEE d MMM y","EEEE d MMMM","EEE d-M","EEEE d-M-y","HH","K\u202fa","HH","HH","KK\u202fa","HH","H:mm","K:mm a","H:mm","HH:mm","KK:mm a","HH:mm","HH:mm:ss","KK:mm:ss a","HH:mm:ss","mm:ss","mm:ss","mm:ss","d MMMM y\' om \'H:mm","d MMMM y\' om \'K:mm a","d MMMM y\' om \'H:mm","d MMM y, H:mm","d MMM y, K:mm a","d MMM y, H:mm","dd-MM-y, HH:mm","dd-MM-y, KK:mm a","dd-MM-y, HH:mm","dd-MM-y, HH:mm:ss","dd-MM-y, KK:mm:ss a","dd-MM-y, HH:mm:ss","d-M-y, H:mm","d-M-y, K:mm a","d-M-y, H:mm","d MMM, H:mm","d MMM, K:mm a","d MMM, H:mm","EEEE d MMMM y\' om \'H:mm","EEEE d MMMM y\' om \'K:mm a","EEEE d MMMM y\' om \'H:mm","EEE HH:mm","EEE K:mm a","EEE HH:mm","HH:mm z","K:mm a z","HH:mm z","d-M-y, H:mm:ss z","d-M-y, K:mm:ss a z","d-M-y, H:mm:ss z","d-M-y, z"]}}',
    'pt-BR': '{"n":{"dec":",","grp":".","minus":"-","plus":"+","grouping":"auto","pct":["#%","-#%"],"sym":["¤\u00a0#","-¤\u00a0#"],"code":["¤\u00a0#","-¤\u00a0#"],"acc":"-¤\u00a0#","symbols":{"USD":["US$","$"],"JPY":["JP¥","¥"],"AUD":["AU$","$"],"PHP":["PHP","₱"],"THB":["฿"],"TWD":["NT$"]}},"d":{"hc":["h23","h11","h23"],"names":{"M":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["jan.","fev.","mar.","abr.","mai.","jun.","jul.","ago.","set.","out.","nov.","dez."],"long":["janeiro","fevereiro","março","abril","maio","junho","julho","agosto","setembro","outubro","novembro","dezembro"]},"L":{"narrow":["J","F","M","A","M","J","J","A","S","O","N","D"],"short":["jan.","fev.","mar.","abr.","mai.","jun.","jul.","ago.","set.","out.","nov.","dez."],"long":["janeiro","fevereiro","março","abril","maio","junho","julho","agosto","setembro","outubro","novembro","dezembro"]},"E":{"narrow":["D","S","T","Q","Q","S","S"],"short":["dom.","seg.","ter.","qua.","qui.","sex.","sáb."],"long":["domingo","segunda-feira","terça-feira","quarta-feira","quinta-feira","sexta-feira","sábado"]},"c":{"narrow":["D","S","T","Q","Q","S","S"],"short":["dom.","seg.","ter.","qua.","qui.","sex.","sáb."],"long":["domingo","segunda-feira","terça-feira","quarta-feira","quinta-feira","sexta-feira","sábado"]},"a":["AM","PM"],"z":{"short":"UTC","long":"Horário Universal Coordenado","shortOffset":"GMT+0","longOffset":"GMT+00:00","shortGeneric":"GMT+0","longGeneric":"GMT+00:00"},"G":{"narrow":"d.C.","short":"d.C.","long":"depois de Cristo"}},"p":["dd/MM/y","HH:mm:ss","K:mm:ss\u202fa","HH:mm:ss","dd/MM/y, HH:mm:ss","dd/MM/y, K:mm:ss\u202fa","dd/MM/y, HH:mm:ss","EEEE, d\' de \'MMMM\' de \'y","HH:mm:ss zzzz","KK:mm:ss\u202fa zzzz","HH:mm:ss zzzz","EEEE, d\' de \'MMMM\' de \'y\' às \'HH:mm:ss zzzz","EEEE, d\' de \'MMMM\' de \'y\' às \'KK:mm:ss\u202fa zzzz","EEEE, d\' de \'MMMM\' de \'y\' às \'HH:mm:ss zzzz","EEEE, d\' de \'MMMM\' de \'y\' às \'HH:mm:ss z","EEEE, d\' de \'MMMM\' de \'y\' às \'KK:mm:ss\u202fa z","EEEE, d\' de \'MMMM\' de \'y\' às \'HH:mm:ss z","EEEE, d\' de \'MMMM\' de \'y\' às \'HH:mm:ss","EEEE, d\' de \'MMMM\' de \'y\' às \'KK:mm:ss\u202fa","EEEE, d\' de \'MMMM\' de \'y\' às \'HH:mm:ss","EEEE, d\' de \'MMMM\' de \'y\' às \'HH:mm","EEEE, d\' de \'MMMM\' de \'y\' às \'KK:mm\u202fa","EEEE, d\' de \'MMMM\' de \'y\' às \'HH:mm","d\' de \'MMMM\' de \'y","HH:mm:ss z","KK:mm:ss\u202fa z","HH:mm:ss z","d\' de \'MMMM\' de \'y\' às \'HH:mm:ss zzzz","d\' de \'MMMM\' de \'y\' às \'KK:mm:ss\u202fa zzzz","d\' de \'MMMM\' de \'y\' às \'HH:mm:ss zzzz","d\' de \'MMMM\' de \'y\' às \'HH:mm:ss z","d\' de \'MMMM\' de \'y\' às \'KK:mm:ss\u202fa z","d\' de \'MMMM\' de \'y\' às \'HH:mm:ss z","d\' de \'MMMM\' de \'y\' às \'HH:mm:ss","d\' de \'MMMM\' de \'y\' às \'KK:mm:ss\u202fa","d\' de \'MMMM\' de \'y\' às \'HH:mm:ss","d\' de \'MMMM\' de \'y\' às \'HH:mm","d\' de \'MMMM\' de \'y\' às \'KK:mm\u202fa","d\' de \'MMMM\' de \'y\' às \'HH:mm","d\' de \'MMM\' de \'y","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","d\' de \'MMM\' de \'y, HH:mm:ss zzzz","d\' de \'MMM\' de \'y, KK:mm:ss\u202fa zzzz","d\' de \'MMM\' de \'y, HH:mm:ss zzzz","d\' de \'MMM\' de \'y, HH:mm:ss z","d\' de \'MMM\' de \'y, KK:mm:ss\u202fa z","d\' de \'MMM\' de \'y, HH:mm:ss z","d\' de \'MMM\' de \'y, HH:mm:ss","d\' de \'MMM\' de \'y, KK:mm:ss\u202fa","d\' de \'MMM\' de \'y, HH:mm:ss","d\' de \'MMM\' de \'y, HH:mm","d\' de \'MMM\' de \'y, KK:mm\u202fa","d\' de \'MMM\' de \'y, HH:mm","dd/MM/y","HH:mm","KK:mm\u202fa","HH:mm","dd/MM/y, HH:mm:ss zzzz","dd/MM/y, KK:mm:ss\u202fa zzzz","dd/MM/y, HH:mm:ss zzzz","dd/MM/y, HH:mm:ss z","dd/MM/y, KK:mm:ss\u202fa z","dd/MM/y, HH:mm:ss z","dd/MM/y, HH:mm:ss","dd/MM/y, KK:mm:ss\u202fa","dd/MM/y, HH:mm:ss","dd/MM/y, HH:mm","dd/MM/y, KK:mm\u202fa","dd/MM/y, HH:mm","EEEE","EEE","EEE, d\' de \'MMM","EEEE, d","dd/MM/yy","dd/MM/y","MMMM","MMM","MM/y","MMMM\' de \'y\\u0000{\\"day\\":\\"numeric\\"}","MMM\' de \'y\\u0000{\\"day\\":\\"numeric\\"}","MM/y","d\' de \'MMMM","d\' de \'MMM","dd/MM","dd/MM","y","d","d\' de \'MMMM\' de \'y","d\' de \'MMM\' de \'y","dd\' de \'MMMM\' de \'y","EEEE, d\' de \'MMMM\' de \'y","EEE, d\' de \'MMM\' de \'y","EEEE, d\' de \'MMMM","EEE, dd/MM","EEEE, dd/MM/y","HH","K\u202fa","HH","HH","KK\u202fa","HH","H:mm","K:mm\u202fa","H:mm","HH:mm","KK:mm\u202fa","HH:mm","HH:mm:ss","KK:mm:ss\u202fa","HH:mm:ss","mm:ss","mm:ss","mm:ss","d\' de \'MMMM\' de \'y\' às \'H:mm\\u0000{\\"second\\":\\"numeric\\"}","d\' de \'MMMM\' de \'y\' às \'K:mm\u202fa\\u0000{\\"second\\":\\"numeric\\"}","d\' de \'MMMM\' de \'y\' às \'H:mm\\u0000{\\"second\\":\\"numeric\\"}","d\' de \'MMM\' de \'y, H:mm","d\' de \'MMM\' de \'y, K:mm\u202fa","d\' de \'MMM\' de \'y, H:mm","dd/MM/y, HH:mm","dd/MM/y, KK:mm\u202fa","dd/MM/y, HH:mm","dd/MM/y, HH:mm:ss","dd/MM/y, KK:mm:ss\u202fa","dd/MM/y, HH:mm:ss","dd/MM/y, H:mm","dd/MM/y, K:mm\u202fa","dd/MM/y, H:mm","d\' de \'MMM, H:mm","d\' de \'MMM, K:mm\u202fa","d\' de \'MMM, H:mm","EEEE, d\' de \'MMMM\' de \'y\' às \'H:mm\\u0000{\\"second\\":\\"numeric\\"}","EEEE, d\' de \'MMMM\' de \'y\' às \'K:mm\u202fa\\u0000{\\"second\\":\\"numeric\\"}","EEEE, d\' de \'MMMM\' de \'y\' às \'H:mm\\u0000{\\"second\\":\\"numeric\\"}","EEE, HH:mm","EEE, K:mm\u202fa","EEE, HH:mm","HH:mm z","K:mm\u202fa z","HH:mm z","dd/MM/y, H:mm:ss z","dd/MM/y, K:mm:ss\u202fa z","dd/MM/y, H:mm:ss z","dd/MM/y, z"]}}',
    'ja-JP': '{"n":{"dec":".","grp":",","minus":"-","plus":"+","grouping":"auto","pct":["#%","-#%"],"sym":["¤#","-¤#"],"code":["¤\u00a0#","-¤\u00a0#"],"acc":"(¤#)","symbols":{"JPY":["￥"],"CNY":["元","￥"],"PHP":["PHP","₱"]}},"d":{"hc":["h23","h11","h23"],"names":{"M":{"narrow":["1","2","3","4","5","6","7","8","9","10","11","12"],"short":["1","2","3","4","5","6","7","8","9","10","11","12"],"long":["1","2","3","4","5","6","7","8","9","10","11","12"]},"L":{"narrow":["1","2","3","4","5","6","7","8","9","10","11","12"],"short":["1","2","3","4","5","6","7","8","9","10","11","12"],"long":["1","2","3","4","5","6","7","8","9","10","11","12"]},"E":{"narrow":["日","月","火","水","木","金","土"],"short":["日","月","火","水","木","金","土"],"long":["日曜日","月曜日","火曜日","水曜日","木曜日","金曜日","土曜日"]},"c":{"narrow":["日","月","火","水","木","金","土"],"short":["日","月","火","水","木","金","土"],"long":["日曜日","月曜日","火曜日","水曜日","木曜日","金曜日","土曜日"]},"a":["午前","午後"],"z":{"short":"UTC","long":"協定世界時","shortOffset":"GMT+0","longOffset":"GMT+00:00","shortGeneric":"GMT+0","longGeneric":"GMT+00:00"},"G":{"narrow":"AD","short":"西暦","long":"西暦"}},"p":["y/M/d","H:mm:ss","aK:mm:ss","H:mm:ss","y/M/d H:mm:ss","y/M/d aK:mm:ss","y/M/d H:mm:ss","y年M月d日EEEE","H時mm分ss秒 zzzz","aK:mm:ss zzzz","H時mm分ss秒 zzzz","y年M月d日EEEE H時mm分ss秒 zzzz","y/M/dEEEE aK:mm:ss zzzz","y年M月d日EEEE H時mm分ss秒 zzzz","y年M月d日EEEE H:mm:ss z","y/M/dEEEE aK:mm:ss z","y年M月d日EEEE H:mm:ss z","y年M月d日EEEE H:mm:ss","y/M/dEEEE aK:mm:ss","y年M月d日EEEE H:mm:ss","y年M月d日EEEE H:mm","y/M/dEEEE aK:mm","y年M月d日EEEE H:mm","y年M月d日","H:mm:ss z","aK:mm:ss z","H:mm:ss z","y年M月d日 H時mm分ss秒 zzzz","y/M/d aK:mm:ss zzzz","y年M月d日 H時mm分ss秒 zzzz","y年M月d日 H:mm:ss z","y/M/d aK:mm:ss z","y年M月d日 H:mm:ss z","y年M月d日 H:mm:ss","y/M/d aK:mm:ss","y年M月d日 H:mm:ss","y年M月d日 H:mm","y/M/d aK:mm","y年M月d日 H:mm","y/MM/dd","H:mm:ss","aK:mm:ss","H:mm:ss","y/MM/dd H時mm分ss秒 zzzz","y/MM/dd aK:mm:ss zzzz","y/MM/dd H時mm分ss秒 zzzz","y/MM/dd H:mm:ss z","y/MM/dd aK:mm:ss z","y/MM/dd H:mm:ss z","y/MM/dd H:mm:ss","y/MM/dd aK:mm:ss","y/MM/dd H:mm:ss","y/MM/dd H:mm","y/MM/dd aK:mm","y/MM/dd H:mm","y/MM/dd","H:mm","aK:mm","H:mm","y/MM/dd H時mm分ss秒 zzzz","y/MM/dd aK:mm:ss zzzz","y/MM/dd H時mm分ss秒 zzzz","y/MM/dd H:mm:ss z","y/MM/dd aK:mm:ss z","y/MM/dd H:mm:ss z","y/MM/dd H:mm:ss","y/MM/dd aK:mm:ss","y/MM/dd H:mm:ss","y/MM/dd H:mm","y/MM/dd aK:mm","y/MM/dd H:mm","EEEE","EEE","M月d日(EEE)","d日EEEE","yy/MM/dd","y/MM/dd","M月","M月","y/M","y年M月","y年M月","y/MM","M月d日","M月d日","M/d","MM/dd","y年","d日","y年M月d日","y年M月d日","y年M月dd日","y年M月d日EEEE","y年M月d日(EEE)","M月d日EEEE","M/d(EEE)","y/M/dEEEE","H時","aK時","H時","HH時","aKK時","HH時","H:mm","aK:mm","H:mm","HH:mm","aKK:mm","HH:mm","HH:mm:ss","aKK:mm:ss","HH:mm:ss","mm:ss","mm:ss","mm:ss","y年M月d日 H:mm","y年M月d日 aK:mm","y年M月d日 H:mm","y年M月d日 H:mm","y年M月d日 aK:mm","y年M月d日 H:mm","y/MM/dd HH:mm","y/MM/dd aKK:mm","y/MM/dd HH:mm","y/MM/dd HH:mm:ss","y/MM/dd aKK:mm:ss","y/MM/dd HH:mm:ss","y/M/d H:mm","y/M/d aK:mm","y/M/d H:mm","M月d日 H:mm","M月d日 aK:mm","M月d日 H:mm","y年M月d日EEEE H:mm","y年M月d日EEEE aK:mm","y年M月d日EEEE H:mm","H:mm (EEE)","aK:mm (EEE)","H:mm (EEE)","H:mm z","aK:mm z","H:mm z","y/M/d H:mm:ss z","y/M/d aK:mm:ss z","y/M/d H:mm:ss z","y/M/d z"]}}'
  };
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
  var CURRENCY_JSON = '{"USD":["$",0,"US dollar","US dollars"],"EUR":["\u20ac",0,"euro","euros"],"GBP":["\u00a3",0,"British pound","British pounds"],"JPY":["\u00a5",0,"Japanese yen",0,0],"INR":["\u20b9",0,"Indian rupee","Indian rupees"],"CAD":["CA$","$","Canadian dollar","Canadian dollars"],"AUD":["A$","$","Australian dollar","Australian dollars"],"CNY":["CN\u00a5","\u00a5","Chinese yuan"],"KRW":["\u20a9",0,"South Korean won",0,0],"MXN":["MX$","$","Mexican peso","Mexican pesos"],"BRL":["R$",0,"Brazilian real","Brazilian reals"],"CHF":["CHF",0,"Swiss franc","Swiss francs"],"SEK":["SEK","kr","Swedish krona","Swedish kronor"],"NOK":["NOK","kr","Norwegian krone","Norwegian kroner"],"DKK":["DKK","kr","Danish krone","Danish kroner"],"PLN":["PLN","z\u0142","Polish zloty","Polish zlotys"],"HKD":["HK$","$","Hong Kong dollar","Hong Kong dollars"],"NZD":["NZ$","$","New Zealand dollar","New Zealand dollars"],"SGD":["SGD","$","Singapore dollar","Singapore dollars"],"ZAR":["ZAR","R","South African rand"],"ILS":["\u20aa",0,"Israeli new shekel","Israeli new shekels"],"TRY":["TRY","\u20ba","Turkish lira","Turkish Lira"],"RUB":["RUB","\u20bd","Russian ruble","Russian rubles"],"AED":["AED",0,"UAE dirham","UAE dirhams"],"IDR":["IDR","Rp","Indonesian rupiah",0,0],"PHP":["\u20b1",0,"Philippine peso","Philippine pesos"],"THB":["THB","\u0e3f","Thai baht"],"VND":["\u20ab",0,"Vietnamese dong",0,0],"NGN":["NGN","\u20a6","Nigerian naira","Nigerian nairas"],"KWD":["KWD",0,"Kuwaiti dinar","Kuwaiti dinars",3],"BHD":["BHD",0,"Bahraini dinar","Bahraini dinars",3],"CZK":["CZK","K\u010d","Czech koruna","Czech korunas"],"HUF":["HUF","Ft","Hungarian forint",0,0],"SAR":["SAR",0,"Saudi riyal","Saudi riyals"],"TWD":["NT$","$","New Taiwan dollar","New Taiwan dollars"],"MYR":["MYR","RM","Malaysian ringgit","Malaysian ringgits"],"EGP":["EGP","E\u00a3","Egyptian pound","Egyptian pounds"],"PKR":["PKR","Rs","Pakistani rupee",0,0],"CLP":["CLP","$","Chilean peso",0,0],"COP":["COP","$","Colombian peso",0,0],"ARS":["ARS","$","Argentine peso","Argentine pesos"],"UAH":["UAH","\u20b4","Ukrainian hryvnia","Ukrainian hryvnias"],"KES":["KES",0,"Kenyan shilling","Kenyan shillings"],"ISK":["ISK","kr","Icelandic kr\u00f3na",0,0]}';
  // unit: [short one, short other, long one, long other, narrow one, narrow other]; {0} is the number
  var UNIT_JSON = '{"percent":["{0}%","{0}%","{0} percent","{0} percent","{0}%","{0}%"],"byte":["{0} byte","{0} byte","{0} byte","{0} bytes","{0}B","{0}B"],"kilobyte":["{0} kB","{0} kB","{0} kilobyte","{0} kilobytes","{0}kB","{0}kB"],"megabyte":["{0} MB","{0} MB","{0} megabyte","{0} megabytes","{0}MB","{0}MB"],"gigabyte":["{0} GB","{0} GB","{0} gigabyte","{0} gigabytes","{0}GB","{0}GB"],"terabyte":["{0} TB","{0} TB","{0} terabyte","{0} terabytes","{0}TB","{0}TB"],"bit":["{0} bit","{0} bit","{0} bit","{0} bits","{0}bit","{0}bit"],"millisecond":["{0} ms","{0} ms","{0} millisecond","{0} milliseconds","{0}ms","{0}ms"],"second":["{0} sec","{0} sec","{0} second","{0} seconds","{0}s","{0}s"],"minute":["{0} min","{0} min","{0} minute","{0} minutes","{0}m","{0}m"],"hour":["{0} hr","{0} hr","{0} hour","{0} hours","{0}h","{0}h"],"day":["{0} day","{0} days","{0} day","{0} days","{0}d","{0}d"],"week":["{0} wk","{0} wks","{0} week","{0} weeks","{0}w","{0}w"],"month":["{0} mth","{0} mths","{0} month","{0} months","{0}m","{0}m"],"year":["{0} yr","{0} yrs","{0} year","{0} years","{0}y","{0}y"],"meter":["{0} m","{0} m","{0} meter","{0} meters","{0}m","{0}m"],"kilometer":["{0} km","{0} km","{0} kilometer","{0} kilometers","{0}km","{0}km"],"centimeter":["{0} cm","{0} cm","{0} centimeter","{0} centimeters","{0}cm","{0}cm"],"millimeter":["{0} mm","{0} mm","{0} millimeter","{0} millimeters","{0}mm","{0}mm"],"mile":["{0} mi","{0} mi","{0} mile","{0} miles","{0}mi","{0}mi"],"foot":["{0} ft","{0} ft","{0} foot","{0} feet","{0}\u2032","{0}\u2032"],"inch":["{0} in","{0} in","{0} inch","{0} inches","{0}\u2033","{0}\u2033"],"kilogram":["{0} kg","{0} kg","{0} kilogram","{0} kilograms","{0}kg","{0}kg"],"gram":["{0} g","{0} g","{0} gram","{0} grams","{0}g","{0}g"],"pound":["{0} lb","{0} lb","{0} pound","{0} pounds","{0}#","{0}#"],"ounce":["{0} oz","{0} oz","{0} ounce","{0} ounces","{0}oz","{0}oz"],"liter":["{0} L","{0} L","{0} liter","{0} liters","{0}L","{0}L"],"milliliter":["{0} mL","{0} mL","{0} milliliter","{0} milliliters","{0}mL","{0}mL"],"gallon":["{0} gal","{0} gal","{0} gallon","{0} gallons","{0}gal","{0}gal"],"celsius":["{0}\u00b0C","{0}\u00b0C","{0} degree Celsius","{0} degrees Celsius","{0}\u00b0C","{0}\u00b0C"],"fahrenheit":["{0}\u00b0F","{0}\u00b0F","{0} degree Fahrenheit","{0} degrees Fahrenheit","{0}\u00b0","{0}\u00b0"],"kilometer-per-hour":["{0} km/h","{0} km/h","{0} kilometer per hour","{0} kilometers per hour","{0}km/h","{0}km/h"],"mile-per-hour":["{0} mph","{0} mph","{0} mile per hour","{0} miles per hour","{0}mph","{0}mph"],"meter-per-second":["{0} m/s","{0} m/s","{0} meter per second","{0} meters per second","{0}m/s","{0}m/s"],"degree":["{0} deg","{0} deg","{0} degree","{0} degrees","{0}\u00b0","{0}\u00b0"]}';
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
  // UTC plus common IANA zones (en-US names recorded from node 20's ICU): fixed offsets or
  // the US, EU, AU and NZ daylight-saving rules. US zones use the pre-2007 rule before 2007;
  // the others apply today's rule to every year, so dates before it was adopted can differ.
  var ZONE_DATA = "America/New_York||US|-300|EST|Eastern Standard Time|ET|Eastern Time|-240|EDT|Eastern Daylight Time;America/Chicago||US|-360|CST|Central Standard Time|CT|Central Time|-300|CDT|Central Daylight Time;America/Denver||US|-420|MST|Mountain Standard Time|MT|Mountain Time|-360|MDT|Mountain Daylight Time;America/Los_Angeles||US|-480|PST|Pacific Standard Time|PT|Pacific Time|-420|PDT|Pacific Daylight Time;America/Anchorage||US|-540|AKST|Alaska Standard Time|AKT|Alaska Time|-480|AKDT|Alaska Daylight Time;America/Toronto||US|-300|EST|Eastern Standard Time|ET|Eastern Time|-240|EDT|Eastern Daylight Time;America/Vancouver||US|-480|PST|Pacific Standard Time|PT|Pacific Time|-420|PDT|Pacific Daylight Time;America/Detroit||US|-300|EST|Eastern Standard Time|ET|Eastern Time|-240|EDT|Eastern Daylight Time;America/Halifax||US|-240|AST|Atlantic Standard Time|AT|Atlantic Time|-180|ADT|Atlantic Daylight Time;US/Eastern|America/New_York|US|-300|EST|Eastern Standard Time|ET|Eastern Time|-240|EDT|Eastern Daylight Time;US/Central|America/Chicago|US|-360|CST|Central Standard Time|CT|Central Time|-300|CDT|Central Daylight Time;US/Mountain|America/Denver|US|-420|MST|Mountain Standard Time|MT|Mountain Time|-360|MDT|Mountain Daylight Time;US/Pacific|America/Los_Angeles|US|-480|PST|Pacific Standard Time|PT|Pacific Time|-420|PDT|Pacific Daylight Time;Europe/London||EU|0|GMT|Greenwich Mean Time|United Kingdom Time|United Kingdom Time|60|GMT+1|British Summer Time;Europe/Dublin||EU|0|GMT|Greenwich Mean Time|Ireland Time|Ireland Time|60|GMT+1|Irish Standard Time;Europe/Lisbon||EU|0|GMT+0|Western European Standard Time|Portugal Time|Western European Time|60|GMT+1|Western European Summer Time;Europe/Paris||EU|60|GMT+1|Central European Standard Time|France Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Berlin||EU|60|GMT+1|Central European Standard Time|Germany Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Madrid||EU|60|GMT+1|Central European Standard Time|Spain Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Rome||EU|60|GMT+1|Central European Standard Time|Italy Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Amsterdam||EU|60|GMT+1|Central European Standard Time|Netherlands Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Brussels||EU|60|GMT+1|Central European Standard Time|Belgium Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Vienna||EU|60|GMT+1|Central European Standard Time|Austria Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Zurich||EU|60|GMT+1|Central European Standard Time|Switzerland Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Stockholm||EU|60|GMT+1|Central European Standard Time|Sweden Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Oslo||EU|60|GMT+1|Central European Standard Time|Norway Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Copenhagen||EU|60|GMT+1|Central European Standard Time|Denmark Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Warsaw||EU|60|GMT+1|Central European Standard Time|Poland Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Prague||EU|60|GMT+1|Central European Standard Time|Czechia Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Budapest||EU|60|GMT+1|Central European Standard Time|Hungary Time|Central European Time|120|GMT+2|Central European Summer Time;Europe/Athens||EU|120|GMT+2|Eastern European Standard Time|Greece Time|Eastern European Time|180|GMT+3|Eastern European Summer Time;Europe/Helsinki||EU|120|GMT+2|Eastern European Standard Time|Finland Time|Eastern European Time|180|GMT+3|Eastern European Summer Time;Europe/Kiev||EU|120|GMT+2|Eastern European Standard Time|Ukraine Time|Eastern European Time|180|GMT+3|Eastern European Summer Time;Europe/Kyiv|Europe/Kiev|EU|120|GMT+2|Eastern European Standard Time|Ukraine Time|Eastern European Time|180|GMT+3|Eastern European Summer Time;Europe/Bucharest||EU|120|GMT+2|Eastern European Standard Time|Romania Time|Eastern European Time|180|GMT+3|Eastern European Summer Time;Europe/Sofia||EU|120|GMT+2|Eastern European Standard Time|Bulgaria Time|Eastern European Time|180|GMT+3|Eastern European Summer Time;Europe/Riga||EU|120|GMT+2|Eastern European Standard Time|Latvia Time|Eastern European Time|180|GMT+3|Eastern European Summer Time;Europe/Vilnius||EU|120|GMT+2|Eastern European Standard Time|Lithuania Time|Eastern European Time|180|GMT+3|Eastern European Summer Time;Europe/Tallinn||EU|120|GMT+2|Eastern European Standard Time|Estonia Time|Eastern European Time|180|GMT+3|Eastern European Summer Time;Australia/Sydney||AU|600|GMT+10|Australian Eastern Standard Time|Sydney Time|Australian Eastern Time|660|GMT+11|Australian Eastern Daylight Time;Australia/Melbourne||AU|600|GMT+10|Australian Eastern Standard Time|Melbourne Time|Australian Eastern Time|660|GMT+11|Australian Eastern Daylight Time;Australia/Hobart||AU|600|GMT+10|Australian Eastern Standard Time|Hobart Time|Australian Eastern Time|660|GMT+11|Australian Eastern Daylight Time;Australia/Canberra|Australia/Sydney|AU|600|GMT+10|Australian Eastern Standard Time|Sydney Time|Australian Eastern Time|660|GMT+11|Australian Eastern Daylight Time;Pacific/Auckland||NZ|720|GMT+12|New Zealand Standard Time|New Zealand Time|New Zealand Time|780|GMT+13|New Zealand Daylight Time;America/Phoenix|||-420|MST|Mountain Standard Time|MST|Mountain Standard Time;Pacific/Honolulu|||-600|HST|Hawaii-Aleutian Standard Time|HST|Hawaii-Aleutian Standard Time;America/Sao_Paulo|||-180|GMT-3|Brasilia Standard Time|S\u00e3o Paulo Time|Brasilia Standard Time;America/Mexico_City|||-360|CST|Central Standard Time|CST|Central Standard Time;America/Bogota|||-300|GMT-5|Colombia Standard Time|Colombia Time|Colombia Standard Time;America/Lima|||-300|GMT-5|Peru Standard Time|Peru Time|Peru Standard Time;America/Argentina/Buenos_Aires|America/Buenos_Aires||-180|GMT-3|Argentina Standard Time|Buenos Aires Time|Argentina Standard Time;America/Panama|||-300|EST|Eastern Standard Time|EST|Eastern Standard Time;Europe/Istanbul|||180|GMT+3|T\u00fcrkiye Standard Time|T\u00fcrkiye Time|T\u00fcrkiye Standard Time;Europe/Moscow|||180|GMT+3|Moscow Standard Time|Moscow Time|Moscow Standard Time;Asia/Kolkata|Asia/Calcutta||330|GMT+5:30|India Standard Time|India Time|India Standard Time;Asia/Calcutta|||330|GMT+5:30|India Standard Time|India Time|India Standard Time;Asia/Dubai|||240|GMT+4|Gulf Standard Time|United Arab Emirates Time|Gulf Standard Time;Asia/Karachi|||300|GMT+5|Pakistan Standard Time|Pakistan Time|Pakistan Standard Time;Asia/Dhaka|||360|GMT+6|Bangladesh Standard Time|Bangladesh Time|Bangladesh Standard Time;Asia/Kathmandu|Asia/Katmandu||345|GMT+5:45|Nepal Time|Nepal Time|Nepal Time;Asia/Colombo|||330|GMT+5:30|India Standard Time|Sri Lanka Time|India Standard Time;Asia/Bangkok|||420|GMT+7|Indochina Time|Thailand Time|Indochina Time;Asia/Jakarta|||420|GMT+7|Western Indonesia Time|Jakarta Time|Western Indonesia Time;Asia/Ho_Chi_Minh|Asia/Saigon||420|GMT+7|Indochina Time|Vietnam Time|Indochina Time;Asia/Singapore|||480|GMT+8|Singapore Standard Time|Singapore Time|Singapore Standard Time;Asia/Kuala_Lumpur|||480|GMT+8|Malaysia Time|Malaysia Time|Malaysia Time;Asia/Shanghai|||480|GMT+8|China Standard Time|China Time|China Standard Time;Asia/Hong_Kong|||480|GMT+8|Hong Kong Standard Time|Hong Kong SAR China Time|Hong Kong Standard Time;Asia/Taipei|||480|GMT+8|Taiwan Standard Time|Taiwan Time|Taiwan Standard Time;Asia/Manila|||480|GMT+8|Philippine Standard Time|Philippines Time|Philippine Standard Time;Asia/Tokyo|||540|GMT+9|Japan Standard Time|Japan Time|Japan Standard Time;Asia/Seoul|||540|GMT+9|Korean Standard Time|South Korea Time|Korean Standard Time;Asia/Riyadh|||180|GMT+3|Arabian Standard Time|Saudi Arabia Time|Arabian Standard Time;Asia/Qatar|||180|GMT+3|Arabian Standard Time|Qatar Time|Arabian Standard Time;Australia/Brisbane|||600|GMT+10|Australian Eastern Standard Time|Brisbane Time|Australian Eastern Standard Time;Australia/Perth|||480|GMT+8|Australian Western Standard Time|Perth Time|Australian Western Standard Time;Africa/Lagos|||60|GMT+1|West Africa Time|Nigeria Time|West Africa Time;Africa/Johannesburg|||120|GMT+2|South Africa Standard Time|South Africa Time|South Africa Standard Time;Africa/Nairobi|||180|GMT+3|East Africa Time|Kenya Time|East Africa Time";
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
