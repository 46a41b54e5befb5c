/* dodo-cio editor: a small tokenizer-based highlighter for JavaScript and JSON.
 *
 * Written for this project. It only has to colour what a transform contains (comments,
 * strings, template literals, regexes, numbers, keywords, properties, calls) and must never
 * change the text: the highlighted layer sits under a transparent textarea, so every
 * character has to land exactly where the textarea draws its caret.
 */
(function (global) {
  "use strict";

  const words = (s) => new Set(s.split(" "));
  const KEYWORDS = words(
    "break case catch class const continue debugger default delete do else export extends finally for " +
    "function if import in instanceof let new of return super switch throw try typeof var void while with " +
    "yield async await static get set"
  );
  const LITERALS = words("true false null undefined NaN Infinity this");
  const GLOBALS = words(
    "JSON Math Date Object Array String Number Boolean console Error TypeError RangeError parseInt " +
    "parseFloat isNaN isFinite encodeURIComponent decodeURIComponent Promise Map Set RegExp Symbol BigInt"
  );
  // After these tokens a "/" starts a regex literal; after anything else it divides.
  const REGEX_AFTER = words("( , = : [ ! & | ? { } ; + - * % < > ~ ^ return typeof case do else in of new delete void throw");

  const JS_RULES = [
    ["ws", /\s+/y],
    ["comment", /\/\/[^\n]*/y],
    ["comment", /\/\*[\s\S]*?(?:\*\/|$)/y],
    ["string", /"(?:[^"\\\n]|\\[\s\S])*"?/y],
    ["string", /'(?:[^'\\\n]|\\[\s\S])*'?/y],
    ["string", /`(?:[^`\\]|\\[\s\S])*`?/y],
    ["number", /(?:0[xX][\da-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)n?/y],
    ["ident", /[A-Za-z_$\u00a0-\uffff][\w$\u00a0-\uffff]*/y],
    ["regex", /\/(?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\/[a-z]*/y],
    ["punct", /\?\.|=>|[=!<>+\-*%&|^~?:]+|[^\s]/y],
  ];

  const JSON_RULES = [
    ["ws", /\s+/y],
    ["string", /"(?:[^"\\\n]|\\.)*"?/y],
    ["number", /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y],
    ["literal", /true|false|null/y],
    ["punct", /[^\s]/y],
  ];

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  }

  function tokenize(src, rules, allowRegex) {
    const tokens = [];
    let pos = 0;
    let prev = ""; // the last significant token's text, to tell regex from division
    while (pos < src.length) {
      let matched = false;
      for (const [kind, re] of rules) {
        if (kind === "regex" && !(allowRegex && src[pos] === "/" && (prev === "" || REGEX_AFTER.has(prev)))) continue;
        re.lastIndex = pos;
        const m = re.exec(src);
        if (!m || m[0].length === 0) continue;
        tokens.push([kind, m[0]]);
        pos += m[0].length;
        if (kind !== "ws" && kind !== "comment") prev = m[0];
        matched = true;
        break;
      }
      if (!matched) { tokens.push(["punct", src[pos]]); pos += 1; }
    }
    return tokens;
  }

  function nextSignificant(tokens, i) {
    for (let j = i + 1; j < tokens.length; j++) {
      if (tokens[j][0] !== "ws" && tokens[j][0] !== "comment") return tokens[j][1];
    }
    return "";
  }

  function classifyIdent(tokens, i, prevText) {
    const text = tokens[i][1];
    if (prevText === "." || prevText === "?.") return nextSignificant(tokens, i) === "(" ? "method" : "property";
    if (KEYWORDS.has(text)) return "keyword";
    if (LITERALS.has(text)) return "literal";
    if (GLOBALS.has(text)) return "global";
    const next = nextSignificant(tokens, i);
    if (next === "(") return "function";
    if (next === ":" && (prevText === "{" || prevText === ",")) return "key";
    return "ident";
  }

  function render(tokens, classify) {
    let html = "";
    let prevText = "";
    tokens.forEach((tok, i) => {
      const [kind, text] = tok;
      const cls = classify(tokens, i, prevText);
      html += cls ? `<span class="tok-${cls}">${escapeHtml(text)}</span>` : escapeHtml(text);
      if (kind !== "ws" && kind !== "comment") prevText = text;
    });
    return html;
  }

  function javascript(src) {
    return render(tokenize(src, JS_RULES, true), (tokens, i, prevText) => {
      const kind = tokens[i][0];
      if (kind === "ident") return classifyIdent(tokens, i, prevText);
      return kind === "ws" ? "" : kind;
    });
  }

  function json(src) {
    return render(tokenize(src, JSON_RULES, false), (tokens, i) => {
      const kind = tokens[i][0];
      if (kind === "string" && nextSignificant(tokens, i) === ":") return "key";
      return kind === "ws" ? "" : kind;
    });
  }

  global.DodoHighlight = { javascript, json, escapeHtml };
})(window);
