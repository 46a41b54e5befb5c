/* dodo-cio editor page: the dashboard's edit → sample → Test → Create flow, locally.
 *
 * Written for this project, no framework: a CodeEditor (a transparent textarea over a
 * highlighted <pre>, with a line-number gutter and an error marker) used twice (code and
 * payload), and a handful of functions that call the editor's JSON API.
 */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const CSRF = document.querySelector('meta[name="csrf-token"]').content;
  const INDENT = "  ";

  // ---------------------------------------------------------------- the code editor
  class CodeEditor {
    constructor(host, { lang, onChange }) {
      this.lang = lang;
      this.onChange = onChange || (() => {});
      this.lineCount = 0;
      this.errorLine = null;
      this.escapeTab = false;
      host.innerHTML =
        '<div class="gutter" aria-hidden="true"><div class="gutter-inner"></div></div>' +
        '<div class="area"><div class="layer"><div class="err-line" hidden></div>' +
        '<pre class="hl" aria-hidden="true"><code></code></pre></div>' +
        '<textarea class="input" spellcheck="false" autocapitalize="off" autocomplete="off" ' +
        'autocorrect="off" wrap="off"></textarea></div>';
      this.host = host;
      this.gutter = host.querySelector(".gutter-inner");
      this.layer = host.querySelector(".layer");
      this.code = host.querySelector("code");
      this.errBand = host.querySelector(".err-line");
      this.input = host.querySelector("textarea");
      this.input.setAttribute("aria-label", lang === "json" ? "Payload JSON" : "Transform code");
      this.input.addEventListener("input", () => { this.render(); this.onChange(this.value); });
      this.input.addEventListener("scroll", () => this.syncScroll());
      this.input.addEventListener("keydown", (e) => this.keydown(e));
      this.render();
    }

    get value() { return this.input.value; }
    set value(text) { this.input.value = text; this.input.scrollTop = 0; this.render(); }

    render() {
      const text = this.input.value;
      const highlight = this.lang === "json" ? DodoHighlight.json : DodoHighlight.javascript;
      // A trailing newline needs a character after it, or the pre is one line short.
      this.code.innerHTML = highlight(text) + (text.endsWith("\n") || text === "" ? " " : "");
      const lines = text.split("\n").length;
      if (lines !== this.lineCount) {
        this.lineCount = lines;
        let html = "";
        for (let i = 1; i <= lines; i++) html += `<div class="ln" data-line="${i}">${i}</div>`;
        this.gutter.innerHTML = html;
        this.paintError();
      }
      this.syncScroll();
    }

    syncScroll() {
      const { scrollLeft, scrollTop } = this.input;
      this.layer.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
      this.gutter.style.transform = `translateY(${-scrollTop}px)`;
    }

    lineHeight() { return parseFloat(getComputedStyle(this.input).lineHeight) || 20; }

    setError(line, message) {
      this.errorLine = line && line >= 1 ? line : null;
      this.errorMessage = message || "";
      this.paintError();
      if (this.errorLine) this.reveal(this.errorLine);
    }

    clearError() { this.setError(null, ""); }

    paintError() {
      this.gutter.querySelectorAll(".ln.error").forEach((el) => { el.classList.remove("error"); el.removeAttribute("title"); });
      const line = this.errorLine && Math.min(this.errorLine, this.lineCount);
      this.host.classList.toggle("has-error", Boolean(line));
      this.errBand.hidden = !line;
      if (!line) return;
      const ln = this.gutter.querySelector(`.ln[data-line="${line}"]`);
      if (ln) { ln.classList.add("error"); ln.title = this.errorMessage; }
      const pad = parseFloat(getComputedStyle(this.input).paddingTop) || 0;
      this.errBand.style.top = `${pad + (line - 1) * this.lineHeight()}px`;
    }

    reveal(line) {
      const y = (line - 1) * this.lineHeight();
      const view = this.input.clientHeight;
      if (y < this.input.scrollTop || y > this.input.scrollTop + view - 40) this.input.scrollTop = Math.max(0, y - view / 3);
    }

    keydown(e) {
      if (e.key === "Escape") { this.escapeTab = true; return; }
      if (e.key === "Tab" && !e.ctrlKey && !e.altKey && !e.metaKey) {
        if (this.escapeTab) { this.escapeTab = false; return; } // Esc, Tab: leave the editor
        e.preventDefault();
        this.indent(e.shiftKey);
        return;
      }
      this.escapeTab = false;
      if (e.key === "Enter" && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        const { value, selectionStart } = this.input;
        const lineStart = value.lastIndexOf("\n", selectionStart - 1) + 1;
        const before = value.slice(lineStart, selectionStart);
        const indent = /^[ \t]*/.exec(before)[0];
        this.insert("\n" + indent + (/[{[(]\s*$/.test(before) ? INDENT : ""));
      }
    }

    insert(text) {
      // execCommand keeps the browser's undo history; setRangeText is the fallback.
      if (!document.execCommand("insertText", false, text)) {
        this.input.setRangeText(text, this.input.selectionStart, this.input.selectionEnd, "end");
        this.input.dispatchEvent(new Event("input"));
      }
    }

    indent(outdent) {
      const ta = this.input;
      const { value, selectionStart: s, selectionEnd: e } = ta;
      if (s === e && !outdent) { this.insert(INDENT); return; }
      const start = value.lastIndexOf("\n", s - 1) + 1;
      const lastChar = e > s && value[e - 1] === "\n" ? e - 1 : e;
      const nl = value.indexOf("\n", lastChar);
      const end = nl === -1 ? value.length : nl;
      const block = value.slice(start, end).split("\n")
        .map((line) => (outdent ? line.replace(/^ {1,2}|^\t/, "") : INDENT + line)).join("\n");
      ta.setSelectionRange(start, end);
      this.insert(block);
      if (s !== e) ta.setSelectionRange(start, start + block.length);
    }
  }

  // ---------------------------------------------------------------- API
  async function api(method, path, body) {
    const init = { method, headers: { "X-CSRF-Token": CSRF } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (err) {
      return { ok: false, status: 0, data: { error: { message: "the editor server is not reachable", fix: "is `dodo-cio editor` still running?" } } };
    }
    let data = null;
    try { data = await response.json(); } catch (err) { data = { error: { message: `HTTP ${response.status}` } }; }
    return { ok: response.ok, status: response.status, data };
  }

  const errorText = (data) => {
    const err = (data && data.error) || {};
    return (err.message || "request failed") + (err.fix ? ` — ${err.fix}` : "");
  };

  // ---------------------------------------------------------------- page state
  const state = { files: [], fixtures: [], openName: null, savedSource: "", sample: null, busy: false };
  let code;
  let payload;

  const esc = (t) => DodoHighlight.escapeHtml(String(t));
  const pretty = (v) => JSON.stringify(v, null, 2);
  const jsonBlock = (v) => `<pre class="json">${DodoHighlight.json(pretty(v) ?? "undefined")}</pre>`;

  let toastTimer = null;
  function toast(message, kind = "ok") {
    const el = $("toast");
    el.textContent = message;
    el.className = `toast show ${kind}`;
    clearTimeout(toastTimer);
    if (kind === "ok") toastTimer = setTimeout(() => { el.className = "toast"; }, 3500);
  }

  function confirmBar(text, yesLabel) {
    return new Promise((resolve) => {
      const bar = $("confirm-bar");
      $("confirm-text").textContent = text;
      $("confirm-yes").textContent = yesLabel;
      bar.hidden = false;
      const done = (answer) => { bar.hidden = true; $("confirm-yes").onclick = $("confirm-no").onclick = null; resolve(answer); };
      $("confirm-yes").onclick = () => done(true);
      $("confirm-no").onclick = () => done(false);
    });
  }

  function setBusy(busy, label = "running…") {
    state.busy = busy;
    $("busy").hidden = !busy;
    $("busy").textContent = label;
    for (const id of ["test-btn", "test-all-btn", "send-btn"]) $(id).disabled = busy;
  }

  function showTab(name) {
    document.querySelectorAll(".tabs [data-tab]").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
    document.querySelectorAll(".tab-body .tab").forEach((t) => t.classList.toggle("active", t.dataset.tab === name));
  }

  function isDirty() { return code.value !== state.savedSource; }
  function updateDirty() { $("dirty").hidden = !isDirty(); }

  async function keepOrDiscard() {
    return !isDirty() || confirmBar("This transform has unsaved changes. Discard them?", "Discard");
  }

  // ---------------------------------------------------------------- transforms
  function renderFileList() {
    const list = $("transform-list");
    list.innerHTML = state.files.length ? "" : '<li class="empty">No .js files yet: start from a template.</li>';
    for (const name of state.files) {
      const li = document.createElement("li");
      const btn = document.createElement("button");
      btn.type = "button";
      btn.className = "file" + (name === state.openName ? " active" : "");
      btn.dataset.name = name;
      btn.innerHTML = `<span class="file-icon" aria-hidden="true">JS</span>${esc(name)}`;
      btn.addEventListener("click", () => openFile(name));
      li.appendChild(btn);
      list.appendChild(li);
    }
  }

  function loadSource(source, name, fromDisk) {
    code.value = source;
    code.clearError();
    $("code-error").hidden = true;
    $("file-name").value = name;
    state.openName = fromDisk ? name : null;
    state.savedSource = fromDisk ? source : "";
    updateDirty();
    renderFileList();
  }

  async function openFile(name) {
    if (!(await keepOrDiscard())) return;
    const res = await api("GET", `/api/transforms/${encodeURIComponent(name)}`);
    if (!res.ok) { toast(errorText(res.data), "error"); return; }
    loadSource(res.data.source, name, true);
  }

  async function openTemplate(name) {
    if (!name || !(await keepOrDiscard())) return;
    const res = await api("GET", `/api/templates/${encodeURIComponent(name)}`);
    if (!res.ok) { toast(errorText(res.data), "error"); return; }
    let candidate = name;
    for (let i = 2; state.files.includes(candidate); i++) candidate = name.replace(/\.js$/, `_${i}.js`);
    loadSource(res.data.source, candidate, false);
    toast(`New transform from template ${name}: Save to create ${candidate}`);
  }

  async function save() {
    const name = $("file-name").value.trim();
    const source = code.value;
    let res = await api("POST", "/api/save", { name, source, overwrite: name === state.openName });
    if (res.status === 409) {
      if (!(await confirmBar(`${name} already exists in the folder. Overwrite it?`, "Overwrite"))) return;
      res = await api("POST", "/api/save", { name, source, overwrite: true });
    }
    if (!res.ok) { toast(`Not saved: ${errorText(res.data)}`, "error"); $("file-name").classList.add("invalid"); return; }
    $("file-name").classList.remove("invalid");
    state.openName = name;
    state.savedSource = source;
    if (!state.files.includes(name)) state.files = [...state.files, name].sort();
    updateDirty();
    renderFileList();
    toast(`${res.data.created ? "Created" : "Saved"} ${res.data.path}`);
  }

  // ---------------------------------------------------------------- payloads
  function renderFixtures() {
    const select = $("fixture-select");
    const groups = new Map();
    for (const f of state.fixtures) {
      const group = f.event_type.split(".")[0];
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(f);
    }
    select.innerHTML = "";
    for (const [group, items] of groups) {
      const og = document.createElement("optgroup");
      og.label = group;
      for (const f of items) og.appendChild(new Option(f.name === f.event_type ? f.event_type : `${f.event_type} (${f.name})`, f.name));
      select.appendChild(og);
    }
  }

  async function selectFixture(name) {
    const host = $("payload-editor");
    host.dataset.loading = name;
    const res = await api("GET", `/api/fixtures/${encodeURIComponent(name)}`);
    if (host.dataset.loading === name) delete host.dataset.loading;
    if (!res.ok) { toast(errorText(res.data), "error"); return; }
    $("fixture-select").value = name;
    state.sample = res.data;
    payload.value = pretty(res.data.envelope) + "\n";
    checkPayload();
  }

  /** The payload as an object, or null with the problem shown inline; invalid JSON is never sent. */
  function checkPayload() {
    const text = payload.value;
    const strip = $("payload-error");
    try {
      const value = JSON.parse(text);
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw new SyntaxError("the payload must be a JSON object ({…})");
      payload.clearError();
      strip.hidden = true;
      return value;
    } catch (err) {
      const where = jsonErrorLine(err.message, text);
      payload.setError(where, err.message);
      strip.hidden = false;
      strip.innerHTML = `<b>Invalid JSON</b>${where ? ` on line ${where}` : ""}: ${esc(err.message)} <span class="muted">(not sent)</span>`;
      return null;
    }
  }

  function jsonErrorLine(message, text) {
    const lc = /line (\d+)/.exec(message);
    if (lc) return Number(lc[1]);
    const pos = /position (\d+)/.exec(message);
    if (pos) return text.slice(0, Number(pos[1])).split("\n").length;
    return text.trim() ? text.split("\n").length : 1;
  }

  // ---------------------------------------------------------------- Test
  function request(envelope) {
    return { name: $("file-name").value.trim() || "untitled.js", source: code.value, envelope, fixture: $("fixture-select").value || null };
  }

  async function runTest() {
    if (state.busy) return;
    const envelope = checkPayload();
    if (!envelope) { toast("Fix the payload JSON first: invalid JSON is never sent", "error"); return; }
    setBusy(true);
    const started = performance.now();
    const res = await api("POST", "/api/test", request(envelope));
    setBusy(false);
    if (!res.ok) { showRequestError(res.data); return; }
    renderResult(res.data, performance.now() - started);
  }

  function showRequestError(data) {
    setStatus("error", "request refused", errorText(data));
    $("tab-result").innerHTML = `<div class="card error"><b>Not run</b><p>${esc(errorText(data))}</p></div>`;
    showTab("result");
  }

  function setStatus(status, label, meta) {
    const badge = $("status-badge");
    badge.className = `badge ${status}`;
    badge.textContent = label;
    $("status-meta").textContent = meta;
  }

  const SEVERITY_ICON = { error: "✕", warning: "!", info: "i" };

  function findingsHtml(findings) {
    if (!findings.length) return '<p class="all-good">✓ No Customer.io findings: the request matches the Track API.</p>';
    return '<ul class="findings">' + findings.map((f) => `
      <li class="finding ${esc(f.severity)}" data-code="${esc(f.code)}" data-path="${esc(f.path)}">
        <span class="sev" title="${esc(f.severity)}">${SEVERITY_ICON[f.severity] || "•"}</span>
        <div><div class="finding-head"><code class="path">${esc(f.path || "(request)")}</code> <span class="code-name">${esc(f.code)}</span></div>
        <div class="msg">${esc(f.message)}</div>
        ${f.fix ? `<div class="fix"><span>fix</span> ${esc(f.fix)}</div>` : ""}</div>
      </li>`).join("") + "</ul>";
  }

  function errorHtml(error) {
    const where = error.line ? `line ${error.line}${error.column ? `, column ${error.column}` : ""}` : "";
    return `<div class="card error" id="result-error"><div class="card-head"><span class="kind">${esc(error.kind)}</span>${where ? `<span class="where">${where}</span>` : ""}</div>
      <p class="msg">${esc(error.message)}</p>${error.hint ? `<p class="hint">${esc(error.hint)}</p>` : ""}
      ${error.stack ? `<details><summary>stack</summary><pre>${esc(error.stack)}</pre></details>` : ""}</div>`;
  }

  const STATUS_NOTE = {
    unchanged: "The url is unchanged, so the dashboard would deliver the original event to the endpoint.",
    cancelled: "webhook.cancel is true: nothing is delivered for this event.",
  };

  function requestHtml(webhook) {
    const headers = Object.entries(webhook.headers || {});
    return `<div class="request">
      <div class="req-line"><span class="method">${esc(webhook.method)}</span> <span class="url">${esc(webhook.url)}</span></div>
      <h4>Headers</h4>${headers.length ? `<table class="kv">${headers.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("")}</table>` : '<p class="muted">none set by the transform</p>'}
      <h4>Payload</h4><div id="result-payload">${jsonBlock(webhook.payload)}</div></div>`;
  }

  function renderResult(r, roundTripMs) {
    const findings = r.findings || [];
    const errors = findings.filter((f) => f.severity === "error").length;
    const outcome = r.error ? r.error.kind
      : `${findings.length} finding${findings.length === 1 ? "" : "s"}${errors ? ` (${errors} error${errors === 1 ? "" : "s"})` : ""}`;
    const trip = roundTripMs ? ` · ${Math.round(roundTripMs)} ms round trip` : "";
    setStatus(r.status, r.status, `${r.duration_ms.toFixed(1)} ms in the sandbox${trip} · ${outcome}`);
    let html = "";
    if (r.error) {
      html += errorHtml(r.error);
      code.setError(r.error.line, `${r.error.kind}: ${r.error.message}`);
      $("code-error").hidden = false;
      $("code-error").innerHTML = `<b>${esc(r.error.kind)}</b>${r.error.line ? ` on line ${r.error.line}` : ""}: ${esc(r.error.message)}`;
    } else {
      code.clearError();
      $("code-error").hidden = true;
    }
    if (STATUS_NOTE[r.status]) html += `<p class="note">${STATUS_NOTE[r.status]}</p>`;
    if (r.status !== "error") html += `<h3>Customer.io validation</h3><div id="findings">${findingsHtml(findings)}</div>`;
    else if (findings.length) html += `<h3>Schema hints</h3><div id="findings">${findingsHtml(findings)}</div>`;  // often why it threw
    if (r.webhook) html += `<h3>Request</h3>${requestHtml(r.webhook)}`;
    $("tab-result").innerHTML = html;
    renderDiff(r);
    renderConsole(r.console || []);
    showTab("result");
  }

  function short(v) {
    const text = JSON.stringify(v);
    return text === undefined ? "undefined" : text.length > 160 ? text.slice(0, 157) + "…" : text;
  }

  function renderDiff(r) {
    const el = $("tab-diff");
    if (!r.webhook) { el.innerHTML = '<p class="empty">No result object to compare.</p>'; return; }
    if (!r.diff.length) { el.innerHTML = '<p class="empty">The transform returned the webhook unchanged.</p>'; return; }
    const sign = { added: "+", removed: "−", changed: "~" };
    el.innerHTML = `<p class="muted">${r.diff.length} change${r.diff.length === 1 ? "" : "s"} from the webhook the handler received to the one it returned.</p>
      <ul class="diff">${r.diff.map((c) => `<li class="${c.op}"><span class="op">${sign[c.op]}</span><code class="path">${esc(c.path)}</code>
      ${c.op === "changed" ? `<span class="before">${esc(short(c.before))}</span> → <span class="after">${esc(short(c.after))}</span>`
        : `<span class="${c.op === "added" ? "after" : "before"}">${esc(short(c.op === "added" ? c.after : c.before))}</span>`}</li>`).join("")}</ul>`;
  }

  function renderConsole(lines) {
    $("console-count").textContent = lines.length ? String(lines.length) : "";
    $("tab-console").innerHTML = lines.length
      ? `<pre class="console">${lines.map((l) => `<span class="lvl-${esc(l.level)}"><span class="lvl">${esc(l.level)}</span>${esc(l.text)}</span>`).join("\n")}</pre>`
      : '<p class="empty">No console output.</p>';
  }

  // ---------------------------------------------------------------- Test all events
  async function runAll() {
    if (state.busy) return;
    setBusy(true, "running all samples…");
    const res = await api("POST", "/api/test-all", { name: $("file-name").value.trim() || "untitled.js", source: code.value });
    setBusy(false);
    if (!res.ok) { showRequestError(res.data); return; }
    const m = res.data;
    const counts = Object.entries(m.counts).map(([k, v]) => `<span class="badge ${k}">${v} ${k.replace("_", " ")}</span>`).join(" ");
    $("tab-matrix").innerHTML = `<div class="matrix-head">${m.rows.length} events ${counts}
      <span class="${m.failing ? "bad" : "good"}">${m.failing ? `${m.failing} failing` : "all pass"}</span></div>
      ${m.stopped ? `<p class="note warn" id="matrix-stopped">${esc(m.stopped)}</p>` : ""}
      <table class="matrix"><thead><tr><th>Event</th><th>Status</th><th>Findings</th><th class="num">ms</th></tr></thead><tbody>
      ${m.rows.map((row) => `<tr data-fixture="${esc(row.fixture)}" class="${row.ok === false ? "failing" : ""}" title="Open this sample">
        <td>${esc(row.event_type)}</td><td><span class="badge ${row.status}">${row.status.replace("_", " ")}</span></td>
        <td>${row.error ? `<span class="kind">${esc(row.error.kind)}</span> ${esc(row.error.message)}` : row.findings.map((f) => `<span class="chip ${f.severity}" title="${esc(f.message)}">${esc(f.code)}</span>`).join(" ")}</td>
        <td class="num">${row.duration_ms.toFixed(1)}</td></tr>`).join("")}</tbody></table>`;
    $("tab-matrix").querySelectorAll("tr[data-fixture]").forEach((tr) =>
      tr.addEventListener("click", async () => { await selectFixture(tr.dataset.fixture); runTest(); }));
    setStatus(m.failing ? "error" : "routed", m.failing ? `${m.failing} failing` : "all pass", `${m.rows.length} sample events`);
    showTab("matrix");
  }

  // ---------------------------------------------------------------- credentials and Send
  function renderCredentials(c) {
    $("cred-status").innerHTML = c
      ? `<span class="ok-dot"></span>site ${esc(c.site_id)} · key ${esc(c.api_key)} · ${esc(c.region.toUpperCase())} <span class="muted">(${c.source === "env" ? "from environment" : "in memory"})</span>`
      : "No credentials yet.";
  }

  async function saveCredentials(e) {
    e.preventDefault();
    const res = await api("POST", "/api/credentials", { site_id: $("cred-site").value, api_key: $("cred-key").value, region: $("cred-region").value });
    if (!res.ok) { toast(errorText(res.data), "error"); return; }
    $("cred-site").value = "";
    $("cred-key").value = "";
    renderCredentials(res.data.credentials);
    toast("Credentials kept in memory");
  }

  async function forgetCredentials() {
    const res = await api("DELETE", "/api/credentials");
    if (res.ok) renderCredentials(res.data.credentials);
  }

  async function sendTest() {
    if (state.busy) return;
    const envelope = checkPayload();
    if (!envelope) { toast("Fix the payload JSON first: invalid JSON is never sent", "error"); return; }
    const target = document.querySelector('input[name="target"]:checked').value;
    const body = { ...request(envelope), target, emulator_url: $("emulator-url").value };
    setBusy(true, "sending…");
    let res = await api("POST", "/api/send", body);
    setBusy(false);
    if (res.status === 409 && res.data && res.data.confirm === "error_findings") {
      // As `dodo-cio send` without --force: show why, and send only when asked to.
      renderResult(res.data.result, 0);
      if (!(await confirmBar(`${res.data.error.message}. Send it anyway?`, "Send anyway"))) return;
      setBusy(true, "sending…");
      res = await api("POST", "/api/send", { ...body, force: true });
      setBusy(false);
    }
    const el = $("tab-delivery");
    showTab("delivery");
    if (!res.ok) { el.innerHTML = `<div class="card error"><b>Not sent</b><p>${esc(errorText(res.data))}</p></div>`; return; }
    renderResult(res.data.result, 0);
    const d = res.data.delivery;
    el.innerHTML = `<div class="card ${d.ok ? "good" : "error"}" id="delivery-card"><div class="card-head">
      <span class="badge ${d.ok ? "routed" : "error"}">${d.status ?? "no response"}</span>
      <span>${esc(d.target === "customerio" ? "Customer.io" : d.target)}</span><span class="muted">${Math.round(d.duration_ms)} ms</span></div>
      ${d.request && d.request.url ? `<p class="req-line"><span class="method">${esc(d.request.method)}</span> ${esc(d.request.url)}</p>` : ""}
      ${d.error ? `<p class="msg">${esc(d.error)}</p>` : ""}
      ${(d.item_errors || []).length ? `<h4>Item errors</h4>${jsonBlock(d.item_errors)}` : ""}
      <h4>Response body</h4>${typeof d.body === "string" ? `<pre>${esc(d.body || "(empty)")}</pre>` : jsonBlock(d.body)}</div>`;
    showTab("delivery");
  }

  // ---------------------------------------------------------------- start
  async function start() {
    code = new CodeEditor($("code-editor"), { lang: "javascript", onChange: () => { updateDirty(); code.clearError(); $("code-error").hidden = true; } });
    payload = new CodeEditor($("payload-editor"), { lang: "json", onChange: checkPayload });

    const res = await api("GET", "/api/state");
    if (!res.ok) { toast(errorText(res.data), "error"); return; }
    const s = res.data;
    $("transforms-dir").textContent = s.transforms_dir;
    if (s.limits) $("limits").textContent = `limits ${s.limits.time_s} s · ${Math.round(s.limits.memory_bytes / 1048576)} MB`;
    state.files = s.transforms;
    state.fixtures = s.fixtures;
    for (const t of s.templates) $("template-select").appendChild(new Option(t, t));
    renderFixtures();
    renderCredentials(s.credentials);
    // DODO_CIO_CUSTOMERIO_URL (or --customerio-url) stands in for Customer.io, as for `dodo-cio send`.
    if (s.customerio_url) {
      $("customerio-label").textContent = `Customer.io stand-in: ${s.customerio_url}`;
      $("customerio-label").title = "from --customerio-url / DODO_CIO_CUSTOMERIO_URL";
    }
    renderFileList();

    $("template-select").addEventListener("change", async (e) => { await openTemplate(e.target.value); e.target.value = ""; });
    $("fixture-select").addEventListener("change", (e) => selectFixture(e.target.value));
    $("reset-btn").addEventListener("click", () => state.sample && selectFixture(state.sample.name));
    $("test-btn").addEventListener("click", runTest);
    $("test-all-btn").addEventListener("click", runAll);
    $("send-btn").addEventListener("click", sendTest);
    $("save-btn").addEventListener("click", save);
    $("file-name").addEventListener("input", () => $("file-name").classList.remove("invalid"));
    $("cred-form").addEventListener("submit", saveCredentials);
    $("cred-clear").addEventListener("click", forgetCredentials);
    document.querySelectorAll(".tabs [data-tab]").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
    document.addEventListener("keydown", (e) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key.toLowerCase() === "s") { e.preventDefault(); save(); }
      if (e.key === "Enter") { e.preventDefault(); runTest(); }
    });
    window.addEventListener("beforeunload", (e) => { if (isDirty()) { e.preventDefault(); e.returnValue = ""; } });

    if (state.files.length) await openFile(state.files[0]);
    else if (s.templates.length) await openTemplate(s.templates[0]);
    const initial = state.fixtures.find((f) => f.event_type === "payment.succeeded") || state.fixtures[0];
    if (initial) await selectFixture(initial.name);
    document.body.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", start);
})();
