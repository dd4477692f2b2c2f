/* ZoomDash dashboard: every page draws itself from the read-only JSON API (docs/dashboard-api.md).
 *
 * The server renders a small shell per page (<body data-page data-id data-timezone ...> and an empty
 * <main id="main">); this file fills it. Rules it keeps (the page runs under a strict CSP, and names
 * and topics come from Zoom, where anyone can be called "<img src=x onerror=alert(1)>"):
 *   - the DOM is built with h()/s() (createElement + text nodes); nothing ever goes through innerHTML;
 *   - no inline styles, no eval; charts are hand-written SVG, coloured by CSS classes;
 *   - times are shown in the school's zone (body[data-timezone]), which each page names once;
 *   - a 401 sends the browser to the login page, any other failure shows a readable error box;
 *   - #main gets data-ready="1" once drawn with data, data-empty="1" when the API had none
 *     (Tests/Browser/check_pages.py waits for these).
 *
 * Sections: 1 DOM helpers · 2 formatting · 3 API and page plumbing · 4 components (tables, CSV, range
 * picker) · 5 charts · 6 pages · 7 start.
 */
"use strict";
(function () {
  const body = document.body;
  const main = document.getElementById("main");
  const PAGE = body.dataset.page || "";
  const ID = body.dataset.id || "";
  const ANONYMOUS = body.dataset.anonymous === "true";

  // ---------------------------------------------------------------------------------------------
  // 1. DOM helpers
  // ---------------------------------------------------------------------------------------------
  const SVG_NS = "http://www.w3.org/2000/svg";

  /** Attributes: strings set with setAttribute; functions for on* keys become listeners; null, undefined
   *  and false are left out; class may be an array. Never an inline handler or style string. */
  function setAttrs(el, attrs) {
    if (!attrs) return;
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) {
        if (typeof value === "function") el.addEventListener(name.slice(2), value);
        continue;
      }
      if (name === "style") continue; // the CSP forbids inline styles; use a class
      const text = name === "class" && Array.isArray(value) ? value.filter(Boolean).join(" ") : value === true ? "" : String(value);
      el.setAttribute(name, text);
    }
  }

  function add(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false || child === "") continue;
      el.append(child instanceof Node ? child : String(child)); // a string becomes a text node
    }
    return el;
  }

  /** h("a", {href: "/x", class: "y"}, "text", otherNode) */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    return add(el, children);
  }

  /** The same for SVG elements. */
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    setAttrs(el, attrs);
    return add(el, children);
  }

  /** Makes parent's children the given nodes, keeping (not re-creating) every old child that has the
   *  same data-key and is equal to its replacement: live pages update without flicker, focus or scroll
   *  jumps. A replaced row gets the class "changed" for a moment. */
  function reconcile(parent, nodes, highlight) {
    const old = new Map();
    for (const child of parent.children) if (child.dataset && child.dataset.key) old.set(child.dataset.key, child);
    nodes.forEach((node, i) => {
      const previous = node.dataset && node.dataset.key ? old.get(node.dataset.key) : undefined;
      let use = node;
      if (previous && (previous === node || previous.isEqualNode(node))) use = previous;
      else if (previous && highlight) flash(node);
      if (parent.children[i] !== use) parent.insertBefore(use, parent.children[i] || null);
    });
    while (parent.children.length > nodes.length) parent.lastElementChild.remove();
  }

  function flash(node) {
    node.classList.add("changed");
    setTimeout(() => node.classList.remove("changed"), 2500);
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Formatting: numbers, durations, and times in the school's zone
  // ---------------------------------------------------------------------------------------------
  const ZONE = (() => {
    const zone = body.dataset.timezone;
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return zone || "UTC";
    } catch (_) {
      return "UTC";
    }
  })();

  const formats = new Map();
  function dtf(options, zone = ZONE) {
    const key = zone + JSON.stringify(options);
    let f = formats.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(undefined, { timeZone: zone, ...options });
      formats.set(key, f);
    }
    return f;
  }
  const YMD = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" });

  function parts(time) {
    const out = {};
    for (const p of YMD.formatToParts(time instanceof Date ? time : new Date(time))) out[p.type] = p.value;
    return out;
  }
  /** "2026-11-30": the local date of an ISO time (or Date) in the school's zone. */
  function localDay(time) {
    const p = parts(time);
    return `${p.year}-${p.month}-${p.day}`;
  }
  function localHour(time) {
    return Number(parts(time).hour) % 24;
  }
  const isDay = (text) => typeof text === "string" && /^\d{4}-\d\d-\d\d$/.test(text);
  const dayMs = (day) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10));
  const addDays = (day, n) => new Date(dayMs(day) + n * 86400000).toISOString().slice(0, 10);
  const daysBetween = (a, b) => Math.round((dayMs(b) - dayMs(a)) / 86400000);
  const weekday = (day) => (new Date(dayMs(day)).getUTCDay() + 6) % 7; // Monday = 0
  const today = () => localDay(new Date());

  /** A local date as words: "Mon 30 Nov" (with the year when asked). */
  function fmtDay(day, options = {}) {
    const { weekday: wd = true, year = false, month = "short" } = options;
    return dtf({ weekday: wd ? "short" : undefined, day: "numeric", month, year: year ? "numeric" : undefined }, "UTC").format(dayMs(day));
  }
  const fmtMonth = (day) => dtf({ month: "short" }, "UTC").format(dayMs(day));
  function fmtTime(time, seconds = false) {
    if (!time) return "–";
    return dtf({ hour: "2-digit", minute: "2-digit", second: seconds ? "2-digit" : undefined }).format(new Date(time));
  }
  /** "today 14:02", "yesterday 09:10", "Mon 23 Nov 10:14" (year added when not this year). */
  function fmtWhen(time, seconds = false) {
    if (!time) return "–";
    const day = localDay(time);
    const now = today();
    if (day === now) return `today ${fmtTime(time, seconds)}`;
    if (day === addDays(now, -1)) return `yesterday ${fmtTime(time, seconds)}`;
    return `${fmtDay(day, { year: day.slice(0, 4) !== now.slice(0, 4) })} ${fmtTime(time, seconds)}`;
  }
  function fmtSpan(start, end) {
    if (!start) return "–";
    if (!end) return `${fmtWhen(start)} – now`;
    const sameDay = localDay(start) === localDay(end);
    return `${fmtWhen(start)} – ${sameDay ? fmtTime(end) : fmtWhen(end)}`;
  }

  /** The API leaves out fields without a value; older answers may say null. Both mean "none". */
  const none = (v) => v === null || v === undefined;
  const NUM = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
  const DEC1 = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const DEC2 = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const PCT = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });
  const num = (n) => (n === null || n === undefined ? "–" : NUM.format(n));
  const hours = (n) => (n === null || n === undefined ? "–" : n >= 100 ? NUM.format(n) : DEC1.format(n));
  const rate = (r) => (r === null || r === undefined || !isFinite(r) ? "–" : r >= 10 ? DEC1.format(r) : DEC2.format(r));
  const pct = (a, b) => (b ? PCT.format(a / b) : "–");
  const ratio = (a, b) => (b ? a / b : 0);

  function duration(seconds) {
    if (seconds === null || seconds === undefined || !isFinite(seconds)) return "–";
    const t = Math.max(0, Math.round(seconds));
    if (t < 60) return `${t} s`;
    if (t < 600) return t % 60 ? `${Math.floor(t / 60)} min ${t % 60} s` : `${t / 60} min`;
    if (t < 3600) return `${Math.round(t / 60)} min`;
    if (t < 172800) return `${Math.floor(t / 3600)} h ${String(Math.floor((t % 3600) / 60)).padStart(2, "0")} min`;
    return `${Math.floor(t / 86400)} days ${Math.floor((t % 86400) / 3600)} h`;
  }
  function ago(seconds) {
    if (seconds === null || seconds === undefined) return "never";
    const t = Math.max(0, Math.round(seconds));
    if (t < 5) return "just now";
    if (t < 60) return `${t} s ago`;
    if (t < 3600) return `${Math.floor(t / 60)} min ago`;
    if (t < 172800) return `${Math.floor(t / 3600)} h ago`;
    return `${Math.floor(t / 86400)} days ago`;
  }
  const secondsSince = (time) => (time ? (Date.now() - new Date(time).getTime()) / 1000 : null);
  const secondsBetween = (a, b) => (new Date(b).getTime() - new Date(a).getTime()) / 1000;

  function bytes(n) {
    if (n === null || n === undefined) return "–";
    const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let v = n, i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return i === 0 ? `${NUM.format(v)} bytes` : `${DEC1.format(v)} ${units[i]}`;
  }
  /** Zoom writes meeting IDs in groups: 812 3456 7890. */
  function meetingID(id) {
    if (id === null || id === undefined) return "–";
    const t = String(id);
    const groups = { 9: [3, 3, 3], 10: [3, 3, 4], 11: [3, 4, 4] }[t.length];
    if (!groups) return t;
    let at = 0;
    return groups.map((g) => t.slice(at, (at += g))).join(" ");
  }
  const truncate = (text, n) => (text.length > n ? text.slice(0, n - 1) + "…" : text);

  const CAUSES = {
    local_network: ["likely local network", "Most of those who dropped had poor call quality just before, while the others in the meeting did not: the school's or a home's network."],
    zoom_or_shared: ["likely Zoom or shared", "Those who dropped were fine until the drop, or several meetings dropped at once: Zoom, or something everyone shares."],
    unknown: ["unknown", "No call-quality data to tell the cause."],
  };
  const causeOf = (c) => (c in CAUSES ? c : "unknown");
  const causeWords = (c) => CAUSES[causeOf(c)][0];
  function causeBadge(c) {
    const k = causeOf(c);
    return h("span", { class: `badge cause-${k}`, title: CAUSES[k][1] }, CAUSES[k][0]);
  }
  const REASONS = {
    network: "network", client: "client closed", inferred: "inferred from a quick rejoin", voluntary: "left",
    breakout: "breakout room", host_ended: "meeting ended", removed: "removed by host", waiting_room: "waiting room", unknown: "unknown",
  };
  const reasonWords = (r) => (r ? REASONS[r] || r : "still connected");
  function reasonBadge(r) {
    return h("span", { class: `badge reason-${r in REASONS ? r : "unknown"}` }, reasonWords(r));
  }
  const QUALITY = { poor: "poor before", ok: "fine before", unknown: "no data" };
  const qualityOf = (q) => (q in QUALITY ? q : "unknown");
  function qualityBadge(q) {
    return h("span", { class: `badge quality-${qualityOf(q)}` }, QUALITY[qualityOf(q)]);
  }
  function evidenceText(ev) {
    if (!ev) return "No call-quality evidence.";
    const dropped = ev.dropped_with_data
      ? `${num(ev.dropped_poor)} of ${num(ev.dropped_with_data)} who dropped had poor quality before`
      : "No call-quality data for those who dropped";
    const others = ev.others_with_data ? `${num(ev.others_poor)} of ${num(ev.others_with_data)} others` : "none for the others";
    return `${dropped}; ${others}.`;
  }

  const cameBack = (d) => !none(d.rejoined_after_s);
  const backAfter = (d) => (cameBack(d) ? duration(d.rejoined_after_s) : "did not come back");

  // ---------------------------------------------------------------------------------------------
  // 3. API and page plumbing
  // ---------------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") q.set(k, v);
    const text = q.toString();
    return text ? "?" + text : "";
  }

  let leaving = false;
  function toLogin() {
    if (leaving) return;
    leaving = true;
    location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
  }

  async function api(path, params) {
    let res;
    try {
      res = await fetch("/api/v1/" + path + query(params), { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
    } catch (e) {
      throw new ApiError(0, `zoomdashd could not be reached (${(e && e.message) || e}). Is the daemon running?`);
    }
    if (res.status === 401) {
      toLogin();
      throw new ApiError(401, "Your session has ended; taking you to the login page.");
    }
    let data = null;
    try {
      data = await res.json();
    } catch (_) {
      data = null;
    }
    if (!res.ok) {
      throw new ApiError(res.status, data && typeof data.error === "string" ? data.error : `The server answered ${res.status} ${res.statusText} for /api/v1/${path}.`);
    }
    if (!data || typeof data !== "object") throw new ApiError(res.status, `The answer of /api/v1/${path} was not JSON.`);
    return data;
  }

  function errorBox(err, title = "Could not load this page") {
    return h("div", { class: "error-box", role: "alert" },
      h("h2", null, title),
      h("p", null, (err && err.message) || String(err)),
      h("p", null, h("a", { href: location.pathname + location.search }, "Try again"),
        err && err.status === 400 && location.search ? [" · ", h("a", { href: location.pathname }, "Start over without these settings")] : null));
  }
  function showFatal(err) {
    if (err && err.status === 401) return;
    main.replaceChildren(errorBox(err));
    main.removeAttribute("aria-busy");
    main.dataset.error = "1";
    delete main.dataset.ready;
  }
  function markReady(hasData) {
    delete main.dataset.error;
    if (hasData) {
      main.dataset.ready = "1";
      delete main.dataset.empty;
    } else {
      main.dataset.empty = "1";
      delete main.dataset.ready;
    }
  }
  /** One incident's or meeting's answer as {data}; on a 404, {missing: nodes saying so}. */
  async function apiOne(path, title, ...more) {
    try {
      return { data: await api(path) };
    } catch (e) {
      if (e.status !== 404) throw e;
      return { missing: [pageHead(title), errorBox(e, `No such ${title.toLowerCase()}`), ...more] };
    }
  }
  function emptyBox(title, hint) {
    return h("div", { class: "empty-box" }, h("h2", null, title), hint && h("p", null, hint));
  }
  function loading() {
    main.replaceChildren(h("p", { class: "loading" }, "Loading…"));
  }

  const urlParams = () => new URLSearchParams(location.search);
  function setURL(params, push) {
    const url = location.pathname + query(params);
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  /** A page drawn from the URL's state: render(go) returns {nodes, hasData}; go() draws again (after a
   *  filter changed the URL, or on back/forward). The old content stays until the new is ready. */
  function routed(render) {
    let seq = 0;
    async function go() {
      const mine = ++seq;
      main.setAttribute("aria-busy", "true");
      try {
        const { nodes, hasData } = await render(go);
        if (mine !== seq) return;
        main.replaceChildren();
        add(main, nodes); // a part that is null is left out, as in h()
        markReady(hasData);
      } catch (e) {
        if (mine === seq) showFatal(e);
      } finally {
        if (mine === seq) main.removeAttribute("aria-busy");
      }
    }
    window.addEventListener("popstate", go);
    return go();
  }

  /** A page that refreshes itself every `ms`: build() once with the first answer, then update(data) in
   *  place. A failed refresh keeps the last data and says so above it. Slower while the tab is hidden. */
  function live(ms, load, build) {
    let view = null, timer = 0, busy = false, lastGood = null;
    const banner = h("div", { class: "notice warn", role: "status", hidden: true });
    async function tick() {
      if (busy) return;
      busy = true;
      clearTimeout(timer);
      try {
        const data = await load();
        if (!view) {
          view = build(data);
          main.replaceChildren();
          add(main, [banner, view.nodes]);
        }
        banner.hidden = true;
        markReady(view.update(data));
        lastGood = new Date();
      } catch (e) {
        if (e && e.status === 401) return;
        if (!view) showFatal(e);
        else {
          banner.hidden = false;
          banner.textContent = `Could not refresh: ${e.message} Showing what was there at ${fmtTime(lastGood, true)}; trying again every ${ms / 1000} s.`;
        }
      } finally {
        busy = false;
      }
      timer = setTimeout(tick, document.hidden ? ms * 6 : ms);
    }
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) tick();
    });
    return tick();
  }

  function markNav() {
    const here = { incident: "/incidents", meeting: null }[PAGE] ?? location.pathname;
    for (const a of document.querySelectorAll("header.top nav a")) {
      if (a.getAttribute("aria-current")) return;
      if (new URL(a.href, location.href).pathname === here) a.setAttribute("aria-current", "page");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Components
  // ---------------------------------------------------------------------------------------------
  function pageHead(title, ...lines) {
    return h("div", { class: "page-head" }, h("h1", null, title), lines.filter(Boolean).map((l) => h("p", { class: "sub" }, l)));
  }
  const zoneNote = () => `Times in ${ZONE}`;
  function card(title, ...children) {
    return h("section", { class: "card" }, title && h("h2", null, title), children);
  }
  function stat(label, value, note, cls) {
    const v = h("div", { class: "stat-value" }, value);
    const n = h("div", { class: "stat-note" }, note || "");
    const el = h("div", { class: ["stat", cls] }, h("div", { class: "stat-label" }, label), v, n);
    return { el, set(value2, note2, cls2) {
      if (v.textContent !== String(value2)) v.textContent = value2;
      if (n.textContent !== String(note2 || "")) n.textContent = note2 || "";
      el.className = ["stat", cls2].filter(Boolean).join(" ");
    } };
  }
  const stats = (...items) => h("div", { class: "stats" }, items.map((i) => (i.el ? i.el : i)));
  function legend(...items) {
    return h("ul", { class: "legend" }, items.map(([cls, text]) => h("li", null, h("span", { class: `key ${cls}`, "aria-hidden": "true" }), text)));
  }
  function link(href, text) {
    return h("a", { href }, text);
  }
  const meetingHref = (uuid) => "/meetings/" + encodeURIComponent(uuid);
  const incidentHref = (id) => "/incidents/" + encodeURIComponent(id);

  function compare(a, b) {
    const an = a === null || a === undefined || a === "", bn = b === null || b === undefined || b === "";
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
  }

  /** A sortable table. columns: [{key, label, num, sort: row => value, cell: row => Node|text,
   *  csv: row => text, head: true for the row header, wrap: true for long text (cells don't wrap otherwise)}]. key(row) names a row for live updates;
   *  detail(row) may add a row below it. Returns {el, update(rows), csv()}. */
  function table({ columns, rows, sort, key, empty = "Nothing to show.", detail, highlight = false, label }) {
    let order = sort ? { ...sort } : null;
    let current = rows;
    const tbody = h("tbody");
    const ths = columns.map((col) => {
      const th = h("th", { scope: "col", class: col.num ? "num" : null });
      if (col.sort === false) th.append(col.label);
      else {
        th.append(h("button", {
          type: "button", class: "sort",
          onclick: () => {
            order = { key: col.key, dir: order && order.key === col.key ? (order.dir === "asc" ? "desc" : "asc") : col.num ? "desc" : "asc" };
            draw();
          },
        }, col.label, h("span", { class: "arrow", "aria-hidden": "true" })));
      }
      return th;
    });
    const value = (col, row) => (typeof col.sort === "function" ? col.sort(row) : row[col.key]);
    const sorted = () => {
      if (!order) return current;
      const col = columns.find((c) => c.key === order.key);
      if (!col) return current;
      const out = current.slice().sort((a, b) => compare(value(col, a), value(col, b)));
      if (order.dir === "desc") {
        // nulls stay last
        const filled = out.filter((r) => value(col, r) !== null && value(col, r) !== undefined);
        return filled.reverse().concat(out.filter((r) => value(col, r) === null || value(col, r) === undefined));
      }
      return out;
    };
    function row(r) {
      return h("tr", { "data-key": key ? key(r) : null }, columns.map((col) => {
        const content = col.cell ? col.cell(r) : value(col, r);
        return h(col.head ? "th" : "td", { scope: col.head ? "row" : null, class: [col.num ? "num" : null, col.wrap ? "wrap" : null] }, content === null || content === undefined ? "–" : content);
      }));
    }
    function draw() {
      ths.forEach((th, i) => {
        if (order && columns[i].key === order.key) th.setAttribute("aria-sort", order.dir === "asc" ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      if (!current.length) {
        tbody.replaceChildren(h("tr", { class: "empty-row" }, h("td", { colspan: columns.length }, empty)));
        return;
      }
      const trs = [];
      sorted().forEach((r, i) => {
        const tr = row(r);
        if (!key) tr.dataset.key = String(i);
        trs.push(tr);
        const extra = detail && detail(r);
        if (extra) trs.push(extra);
      });
      if (tbody.querySelector(".empty-row")) tbody.replaceChildren();
      reconcile(tbody, trs, highlight);
    }
    const el = h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": label || "table" },
      h("table", null, h("thead", null, h("tr", null, ths)), tbody));
    draw();
    return {
      el,
      update(rows2) {
        current = rows2;
        draw();
      },
      redraw: draw,
      csv: () => csvText(columns, sorted(), value),
    };
  }

  function csvText(columns, rows, value) {
    const cell = (v) => {
      const t = v === null || v === undefined ? "" : String(v);
      return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
    };
    const lines = [columns.map((c) => cell(c.label)).join(",")];
    for (const r of rows) lines.push(columns.map((c) => cell(c.csv ? c.csv(r) : value(c, r))).join(","));
    return lines.join("\r\n") + "\r\n";
  }

  function downloadButton(label, filename, text) {
    return h("button", {
      type: "button", class: "link-button",
      onclick: () => {
        const url = URL.createObjectURL(new Blob(["\ufeff" + text()], { type: "text/csv;charset=utf-8" }));
        const a = h("a", { href: url, download: filename, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 5000);
      },
    }, label);
  }

  /** The numbers behind a chart, folded away beneath it, with a CSV download: the server's export when
   *  it has one (href), else the table itself, made in the browser. */
  function numbers(tbl, filename, href) {
    return h("details", { class: "numbers" }, h("summary", null, "Show numbers"), tbl.el,
      h("p", { class: "actions" }, href ? h("a", { href, download: "" }, "Download (CSV)") : downloadButton("Download these numbers (CSV)", filename, tbl.csv)));
  }

  /** The range of days in the URL: ?days=N (a preset), ?from=YYYY-MM-DD&to=YYYY-MM-DD (to exclusive, as in the API). */
  function rangeFromURL(defaultDays) {
    const p = urlParams();
    const end = addDays(today(), 1);
    if (p.get("from") || p.get("to")) {
      const from = p.get("from") || addDays(end, -defaultDays);
      const to = p.get("to") || end;
      return { preset: null, from, to };
    }
    const n = [30, 90, 180].includes(Number(p.get("days"))) ? Number(p.get("days")) : defaultDays;
    return { preset: n, from: addDays(end, -n), to: end };
  }
  function rangeWords(range) {
    if (range.preset) return `The last ${range.preset} days`;
    if (isDay(range.from) && isDay(range.to)) {
      const last = addDays(range.to, -1);
      return `${fmtDay(range.from, { year: range.from.slice(0, 4) !== last.slice(0, 4) })} – ${fmtDay(last, { year: true })}`;
    }
    return `${range.from} – ${range.to}`;
  }
  function rangePicker(range, defaultDays, change) {
    const from = h("input", { type: "date", name: "from", value: isDay(range.from) ? range.from : "", required: true });
    const to = h("input", { type: "date", name: "to", value: isDay(range.to) ? addDays(range.to, -1) : "", required: true });
    const presets = [30, 90, 180].map((n) => h("button", {
      type: "button", "aria-pressed": String(range.preset === n),
      onclick: () => change(n === defaultDays ? {} : { days: n }),
    }, `${n} days`));
    return h("form", {
      class: "range", "aria-label": "Range of days",
      onsubmit: (e) => {
        e.preventDefault();
        let a = from.value, b = to.value;
        if (!isDay(a) || !isDay(b)) return;
        if (b < a) [a, b] = [b, a];
        change({ from: a, to: addDays(b, 1) });
      },
    }, h("div", { class: "segmented", role: "group", "aria-label": "Last" }, presets),
    h("span", { class: "custom" }, h("label", null, "From ", from), h("label", null, "to ", to), h("button", { type: "submit" }, "Show")));
  }

  // ---------------------------------------------------------------------------------------------
  // 5. Charts (SVG drawn for the width they get; redrawn when it changes)
  // ---------------------------------------------------------------------------------------------
  /** A box that draws render(width) now (at a guessed width) and again whenever its width changes. */
  function chart(render, cls) {
    const box = h("div", { class: ["chart", cls] });
    let drawn = 0;
    const draw = (w) => {
      drawn = w;
      box.replaceChildren(render(Math.max(280, Math.round(w))));
    };
    draw(main.clientWidth ? main.clientWidth - 48 : 900);
    if (window.ResizeObserver) {
      new ResizeObserver(() => {
        const w = box.clientWidth;
        if (w && Math.abs(w - drawn) > 6) draw(w);
      }).observe(box);
    }
    return box;
  }

  function niceStep(raw) {
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
    return 10 * p;
  }
  /** Axis top and ticks for values up to max: about `count` steps of 1, 2, 2.5 or 5 × 10^k. */
  function axis(max, count = 4) {
    const step = niceStep((max > 0 ? max : 1) / count);
    const top = Math.ceil((max > 0 ? max : 1) / step) * step;
    const ticks = [];
    for (let t = 0; t <= top + step / 2; t += step) ticks.push(+t.toFixed(6));
    return { top, ticks };
  }
  const fmtTick = (t) => (t >= 1000 ? NUM.format(t) : t % 1 ? DEC1.format(t) : NUM.format(t));

  /** Colour levels 1–5 for a rate, relative to the range's own average: better than usual, usual, worse,
   *  bad, very bad; 0 = no meetings. */
  function rateScale(average) {
    const base = average > 0 ? average : 1;
    const limits = [0.75, 1.25, 1.75, 2.5].map((f) => f * base);
    return {
      average,
      limits,
      level(r, participantHours) {
        if (r === null || r === undefined || !participantHours) return 0;
        let i = 0;
        while (i < limits.length && r >= limits[i]) i++;
        return i + 1;
      },
      legend() {
        const l = limits.map(rate);
        return legend(["lvl0", "no meetings"], ["lvl1", `under ${l[0]}`], ["lvl2", `${l[0]}–${l[1]}`], ["lvl3", `${l[1]}–${l[2]}`],
          ["lvl4", `${l[2]}–${l[3]}`], ["lvl5", `${l[3]} or more`]);
      },
    };
  }

  /** Vertical bars: items, value(item) (null = no bar), tip(item) for the tooltip, cls(item) for the
   *  bar's class, marked(item) for a ▼ above the bar, label(item, i) for the x axis, avg for a dashed line. */
  function bars(width, o) {
    const W = width, H = o.height || 220, L = 44, R = 10, T = 20, B = 24;
    const values = o.items.map(o.value);
    const { top, ticks } = axis(Math.max(o.avg || 0, ...values.filter((v) => v !== null && v !== undefined), 0));
    const pw = W - L - R, ph = H - T - B, bw = pw / Math.max(1, o.items.length);
    const y = (v) => T + ph - (v / top) * ph;
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart-svg", role: "img", "aria-label": o.title || "chart" });
    for (const t of ticks) {
      svg.append(s("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: t === 0 ? "baseline" : "grid" }),
        s("text", { x: L - 6, y: y(t) + 4, class: "axis", "text-anchor": "end" }, fmtTick(t)));
    }
    let lastLabel = -Infinity;
    const gap = bw > 8 ? Math.min(3, bw * 0.2) : bw > 3 ? 1 : 0.3;
    o.items.forEach((item, i) => {
      const x = L + i * bw, v = values[i];
      const g = s("g", { class: "col" }, s("title", null, o.tip(item)), s("rect", { x, y: T, width: bw, height: ph, class: "hit" }));
      if (v !== null && v !== undefined) {
        const hh = Math.max(v > 0 ? 1.5 : 0, T + ph - y(v));
        g.append(s("rect", { x: x + gap / 2, y: T + ph - hh, width: Math.max(0.8, bw - gap), height: hh, class: `bar ${o.cls ? o.cls(item) : ""}` }));
      } else {
        g.append(s("rect", { x: x + gap / 2, y: T + ph - 2, width: Math.max(0.8, bw - gap), height: 2, class: "bar nodata" }));
      }
      if (o.marked && o.marked(item)) {
        const cx = x + bw / 2, size = Math.min(6, Math.max(3.5, bw / 2));
        g.append(s("path", { d: `M${cx - size} ${T - 12}h${2 * size}l${-size} ${size * 1.4}z`, class: "marker" }));
      }
      svg.append(g);
      const text = o.label && o.label(item, i);
      if (text && x + bw / 2 - lastLabel > 46) {
        lastLabel = x + bw / 2;
        svg.append(s("text", { x: x + bw / 2, y: H - 6, class: "axis", "text-anchor": "middle" }, text));
      }
    });
    if (o.avg) {
      svg.append(s("line", { x1: L, x2: W - R, y1: y(o.avg), y2: y(o.avg), class: "avg" }, s("title", null, `average ${rate(o.avg)}`)));
    }
    return svg;
  }

  /** GitHub-style calendar: weeks as columns, Monday on top; colour = rate level; a dot = a bad moment.
   *  Drawn at 1:1 into the width it gets, left-aligned (cells no larger than 28 px). */
  function calendar(width, { from, to, byDay, scale, bad }) {
    const first = from, last = addDays(to, -1);
    const monday = addDays(first, -weekday(first));
    const weeks = Math.floor(daysBetween(monday, last) / 7) + 1;
    const L = 32, T = 18;
    const step = Math.max(10, Math.min(28, Math.floor((width - L - 4) / weeks)));
    const cell = step - 3;
    const W = Math.max(width, L + weeks * step), H = T + 7 * step;
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart-svg calendar", role: "img", "aria-label": "Calendar of the disconnection rate" });
    ["Mon", "", "Wed", "", "Fri", "", "Sun"].forEach((d, i) => {
      if (d) svg.append(s("text", { x: 0, y: T + i * step + cell / 2 + 4, class: "axis" }, d));
    });
    let lastMonth = "", lastMonthX = -Infinity;
    for (let day = first; day <= last; day = addDays(day, 1)) {
      const col = Math.floor(daysBetween(monday, day) / 7), rowIndex = weekday(day);
      const x = L + col * step, y = T + rowIndex * step;
      const r = byDay.get(day);
      const level = r ? scale.level(r.rate, r.participant_hours) : 0;
      const isBad = bad.has(day);
      const tip = `${fmtDay(day, { year: true })}: ` + (level
        ? `${rate(r.rate)} drops per 100 participant-hours (${num(r.drops)} drops, ${num(r.meetings)} meetings)`
        : "no meetings") + (isBad ? " · Zoom bad moment" : "");
      const g = s("g", { class: "day" }, s("title", null, tip), s("rect", { x, y, width: cell, height: cell, rx: 2, class: `cell lvl${level}` }));
      if (isBad) g.append(s("circle", { cx: x + cell / 2, cy: y + cell / 2, r: Math.max(2, cell * 0.2), class: "bad-dot" }));
      svg.append(g);
      const month = day.slice(0, 7);
      if (month !== lastMonth && (rowIndex === 0 || day === first)) {
        lastMonth = month;
        if (x - lastMonthX > 30) {
          lastMonthX = x;
          svg.append(s("text", { x, y: T - 6, class: "axis" }, fmtMonth(day)));
        }
      }
    }
    return svg;
  }

  /** Horizontal bars for a few labelled values. */
  function hbars(width, entries) {
    const rowH = 26, L = 150, R = 60, T = 4;
    const W = Math.max(width, 320), H = T + entries.length * rowH + 4;
    const max = Math.max(1, ...entries.map((e) => e.value));
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart-svg", role: "img", "aria-label": "bars" });
    entries.forEach((e, i) => {
      const y = T + i * rowH;
      const w = ((W - L - R) * e.value) / max;
      svg.append(s("g", null, s("title", null, `${e.label}: ${num(e.value)}`),
        s("text", { x: L - 10, y: y + 17, class: "label", "text-anchor": "end" }, e.label),
        s("rect", { x: L, y: y + 4, width: Math.max(e.value ? 2 : 0, w), height: rowH - 10, rx: 2, class: `bar ${e.cls || ""}` }),
        s("text", { x: L + w + 6, y: y + 17, class: "label value" }, num(e.value))));
    });
    return svg;
  }

  /** Ticks for a time axis between t0 and t1 (ms), about one per 110 px. */
  function timeTicks(t0, t1, px) {
    const span = (t1 - t0) / 1000;
    const steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600];
    const want = Math.max(2, Math.floor(px / 110));
    const step = steps.find((st) => span / st <= want) || 43200;
    const ticks = [];
    for (let t = Math.ceil(t0 / 1000 / step) * step * 1000; t <= t1; t += step * 1000) ticks.push(t);
    return { ticks, seconds: step < 60 };
  }
  function timeAxis(svg, { x, t0, t1, y, from, to, left }) {
    const { ticks, seconds } = timeTicks(t0, t1, to - from);
    for (const t of ticks) {
      svg.append(s("line", { x1: x(t), x2: x(t), y1: y, y2: left, class: "grid" }),
        s("text", { x: x(t), y: y - 6, class: "axis", "text-anchor": "middle" }, fmtTime(new Date(t), seconds)));
    }
  }

  /** The incident's timeline: a row per person who dropped, a dot at the drop (colour = quality before),
   *  a bar until they were back (or fading out when they did not come back). */
  function timeline(width, { incident, drops, topics }) {
    const W = Math.max(width, 560), L = Math.min(220, Math.round(W * 0.28)), R = 16, T = 26, rowH = 20;
    const dropT = drops.map((d) => new Date(d.time).getTime());
    const backT = drops.map((d, i) => (cameBack(d) ? dropT[i] + d.rejoined_after_s * 1000 : null));
    const start = new Date(incident.start).getTime(), end = new Date(incident.end).getTime();
    const t0 = Math.min(start, ...dropT) - 20000;
    let t1 = Math.max(end, ...dropT, ...backT.filter((t) => t !== null)) + 20000;
    t1 = Math.max(t1, t0 + 120000);
    const H = T + drops.length * rowH + 8;
    const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart-svg timeline", role: "img", "aria-label": "Who dropped when, and when they were back" });
    drops.forEach((_, i) => { if (i % 2) svg.append(s("rect", { x: 0, y: T + i * rowH, width: W, height: rowH, class: "stripe" })); });
    svg.append(s("rect", { x: x(start), y: T - 4, width: Math.max(3, x(end) - x(start)), height: H - T, class: "window" },
      s("title", null, `The incident: ${fmtTime(incident.start, true)} – ${fmtTime(incident.end, true)}`)));
    timeAxis(svg, { x, t0, t1, y: T - 4, from: L, to: W - R, left: H });
    drops.forEach((d, i) => {
      const y = T + i * rowH + rowH / 2;
      const q = qualityOf(d.quality_before);
      const back = backT[i];
      const who = d.name || d.participant_key;
      const tip = `${who}${topics && topics.size > 1 ? ` (${topics.get(d.meeting_uuid) || "?"})` : ""}: dropped at ${fmtTime(d.time, true)}, ${reasonWords(d.reason_class)}, ${QUALITY[q]}; ` +
        (cameBack(d) ? `back after ${duration(d.rejoined_after_s)}` : "did not come back");
      const g = s("g", { class: "person" }, s("title", null, tip),
        s("text", { x: L - 10, y: y + 4, class: "label", "text-anchor": "end" }, truncate(who, Math.floor(L / 7.5))));
      if (back === null) g.append(s("rect", { x: x(dropT[i]), y: y - 3, width: Math.max(2, x(t1) - x(dropT[i])), height: 6, class: "away gone" }));
      else g.append(s("rect", { x: x(dropT[i]), y: y - 3, width: Math.max(2, x(back) - x(dropT[i])), height: 6, class: "away" }),
        s("line", { x1: x(back), x2: x(back), y1: y - 6, y2: y + 6, class: "back" }));
      g.append(s("circle", { cx: x(dropT[i]), cy: y, r: 5, class: `dot q-${q}` }));
      svg.append(g);
    });
    return svg;
  }

  /** The meeting's swimlanes: a lane per participant, each connection a bar, drops marked by reason,
   *  poor-quality minutes shaded, the meeting's incidents as vertical bands. */
  function swimlanes(width, { meeting, participants, drops, incidents, now }) {
    const W = Math.max(width, 680), L = Math.min(200, Math.round(W * 0.22)), R = 14, T = 28, lane = 22;
    const times = [];
    for (const p of participants) for (const c of p.connections) { times.push(new Date(c.join).getTime()); if (c.leave) times.push(new Date(c.leave).getTime()); }
    const t0 = Math.min(new Date(meeting.start).getTime(), ...times);
    const t1 = Math.max(meeting.end ? new Date(meeting.end).getTime() : now, ...times, t0 + 60000);
    const H = T + participants.length * lane + 6;
    const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart-svg lanes", role: "img", "aria-label": "Participants over the meeting's time" });
    participants.forEach((_, i) => { if (i % 2) svg.append(s("rect", { x: 0, y: T + i * lane, width: W, height: lane, class: "stripe" })); });
    timeAxis(svg, { x, t0, t1, y: T - 4, from: L, to: W - R, left: H });
    for (const inc of incidents) {
      const a = new Date(inc.start).getTime(), b = new Date(inc.end).getTime();
      svg.append(s("rect", { x: x(a) - 2, y: T - 4, width: Math.max(5, x(b) - x(a) + 4), height: H - T + 4, class: "band" },
        s("title", null, `Incident ${inc.id} at ${fmtTime(inc.start, true)}: ${num(inc.dropped)} of ${num(inc.present)} dropped, ${causeWords(inc.cause)}`)));
    }
    const dropsBy = new Map();
    for (const d of drops) {
      if (!dropsBy.has(d.participant_key)) dropsBy.set(d.participant_key, []);
      dropsBy.get(d.participant_key).push(d);
    }
    participants.forEach((p, i) => {
      const y = T + i * lane, mid = y + lane / 2;
      const who = p.name || p.participant_key;
      const g = s("g", { class: "lane" }, s("text", { x: L - 10, y: mid + 4, class: "label", "text-anchor": "end" }, s("title", null, who), truncate(who, Math.floor(L / 7.5))));
      for (const m of p.poor_minutes || []) {
        const a = new Date(m).getTime();
        g.append(s("rect", { x: x(a), y: y + 2, width: Math.max(2, x(a + 60000) - x(a)), height: lane - 4, class: "poor" }, s("title", null, `${who}: poor call quality in the minute from ${fmtTime(m)}`)));
      }
      for (const c of p.connections) {
        const a = new Date(c.join).getTime(), b = c.leave ? new Date(c.leave).getTime() : t1;
        g.append(s("rect", { x: x(a), y: mid - 4, width: Math.max(2, x(b) - x(a)), height: 8, rx: 2, class: "conn" },
          s("title", null, `${who}: in the meeting ${fmtTime(c.join, true)} – ${c.leave ? fmtTime(c.leave, true) : "now"}${c.leave ? ` (${reasonWords(c.reason_class)})` : ""}`)));
      }
      for (const d of dropsBy.get(p.participant_key) || []) {
        const t = new Date(d.time).getTime();
        const r = ["network", "client", "inferred"].includes(d.reason_class) ? d.reason_class : "unknown";
        g.append(s("path", { d: `M${x(t)} ${mid - 7}l5 7l-5 7l-5 -7z`, class: `drop r-${r}` },
          s("title", null, `${who} dropped at ${fmtTime(d.time, true)} (${reasonWords(d.reason_class)}, ${QUALITY[qualityOf(d.quality_before)]}); ` +
            (cameBack(d) ? `back after ${duration(d.rejoined_after_s)}` : "did not come back"))));
      }
      svg.append(g);
    });
    return svg;
  }

  // ---------------------------------------------------------------------------------------------
  // 6. Pages
  // ---------------------------------------------------------------------------------------------
  const sum = (rows, key) => rows.reduce((a, r) => a + (Number(r[key]) || 0), 0);

  /** "/" (days) and "/overview" (aggregate, anonymous): good days and bad days. */
  function daysPage() {
    const endpoint = ANONYMOUS || PAGE === "overview" ? "overview" : "days";
    const named = endpoint === "days";
    return routed(async (go) => {
      const range = rangeFromURL(180);
      const data = await api(endpoint, { from: range.from, to: range.to });
      const change = (q) => { setURL(q, true); go(); };
      const head = pageHead(named ? "Good days and bad days" : "Zoom connection stability",
        `${rangeWords(range)}: disconnections per 100 participant-hours, so busy days don't look bad just for being busy. ${zoneNote()}.`);
      const picker = rangePicker(range, 180, change);
      const days = (data.days || []).slice().sort((a, b) => compare(a.date, b.date));
      const ph = sum(days, "participant_hours"), drops = sum(days, "drops"), meetings = sum(days, "meetings");
      if (!ph && !meetings) {
        return { nodes: [head, picker, emptyBox("No meetings in this range yet", "Pick a longer range. The days fill as zoomdashd backfills Zoom's reports and receives its webhooks (see Health).")], hasData: false };
      }
      const average = ph ? (drops / ph) * 100 : null;
      const scale = rateScale(average);
      const byDay = new Map(days.map((d) => [d.date, d]));
      const moments = (data.bad_moments || []).slice().sort((a, b) => compare(b.start, a.start));
      const bad = new Set(moments.map((m) => localDay(m.start)));
      for (const d of days) if (d.account_incidents > 0) bad.add(d.date);
      const usable = days.filter((d) => !none(d.rate) && d.participant_hours >= Math.max(1, (ph / Math.max(1, days.length)) * 0.1));
      const worst = usable.reduce((w, d) => (!w || d.rate > w.rate ? d : w), null);
      const from = isDay(range.from) ? range.from : days[0].date;
      const to = isDay(range.to) ? range.to : addDays(days[days.length - 1].date, 1);

      const headline = stats(
        stat("Disconnection rate", rate(average), "drops per 100 participant-hours"),
        stat("Worst day", worst ? (named ? link("/incidents" + query({ from: worst.date, to: addDays(worst.date, 1) }), fmtDay(worst.date, { year: worst.date.slice(0, 4) !== today().slice(0, 4) }))
          : fmtDay(worst.date, { year: worst.date.slice(0, 4) !== today().slice(0, 4) })) : "–",
          worst ? `${rate(worst.rate)}, ${DEC1.format(ratio(worst.rate, average))}× the average` : "", worst && worst.rate >= scale.limits[3] ? "bad" : null),
        stat("Zoom bad moments", num(moments.length), "several meetings dropping in the same minute", moments.length ? "warn" : null),
        stat("Drops", num(drops), `in ${num(meetings)} meetings, ${hours(ph)} participant-hours`));

      // every day: calendar and daily bars
      const dayRows = [];
      for (let d = from; d < to; d = addDays(d, 1)) dayRows.push(byDay.get(d) || { date: d, meetings: 0, sessions: 0, participant_hours: 0, drops: 0, rate: null, meeting_incidents: 0, account_incidents: 0 });
      const dayTip = (d) => `${fmtDay(d.date, { year: true })}: ` + (d.participant_hours
        ? `${rate(d.rate)} drops per 100 participant-hours (${num(d.drops)} drops in ${num(d.meetings)} meetings)` : "no meetings") +
        (bad.has(d.date) ? ` · Zoom bad moment` : "") + (d.meeting_incidents ? ` · ${num(d.meeting_incidents)} meeting incidents` : "");
      const longRange = dayRows.length > 45;
      const daily = chart((w) => bars(w, {
        items: dayRows, value: (d) => (d.participant_hours ? d.rate : null), tip: dayTip, avg: average, title: "Disconnection rate per day",
        cls: (d) => "lvl" + scale.level(d.rate, d.participant_hours), marked: (d) => bad.has(d.date),
        label: (d, i) => (longRange ? (d.date.endsWith("-01") ? fmtDay(d.date, { weekday: false }) : null) : weekday(d.date) === 0 || i === 0 ? fmtDay(d.date, { weekday: false }) : null),
      }));
      const counters = [
        { key: "meetings", label: "Meetings", num: true, cell: (r) => num(r.meetings) },
        { key: "participant_hours", label: "Participant-hours", num: true, cell: (r) => hours(r.participant_hours) },
        { key: "drops", label: "Drops", num: true, cell: (r) => num(r.drops) },
        { key: "rate", label: "Rate", num: true, cell: (r) => rate(r.rate) },
        { key: "meeting_incidents", label: "Meeting incidents", num: true, cell: (r) => num(r.meeting_incidents) },
        { key: "account_incidents", label: "Bad moments", num: true, cell: (r) => num(r.account_incidents) },
      ];
      const dayTable = table({
        columns: [{ key: "date", label: "Day", head: true, cell: (r) => fmtDay(r.date, { year: true }), csv: (r) => r.date }, ...counters],
        rows: days, sort: { key: "date", dir: "desc" }, label: "Days",
      });
      const everyDay = card("Every day",
        h("div", { class: "calendar-row" },
          chart((w) => calendar(w, { from, to, byDay, scale, bad }), "calendar-box"),
          h("div", { class: "calendar-legend" },
            h("p", { class: "hint" }, `Colour: the day's drops per 100 participant-hours; the average over this range is ${rate(average)}.`),
            scale.legend(), legend(["bad-dot", "a Zoom bad moment that day"]))),
        h("h3", null, "Rate per day"), daily,
        legend(["marker", "Zoom bad moment"], ["avg", "average over the range"]),
        numbers(dayTable, null, `/api/v1/${endpoint}` + query({ format: "csv", from, to })));

      // bad moments
      const momentTable = table({
        columns: [
          { key: "start", label: "When", head: true, cell: (m) => (named ? link(incidentHref(m.id), fmtWhen(m.start)) : fmtWhen(m.start)), csv: (m) => m.start },
          { key: "meetings", label: "Meetings", num: true, cell: (m) => num(m.meetings) },
          { key: "dropped", label: "Dropped", num: true, cell: (m) => `${num(m.dropped)} of ${num(m.present)}`, csv: (m) => m.dropped },
          { key: "cause", label: "Cause", sort: (m) => causeWords(m.cause), cell: (m) => causeBadge(m.cause), csv: (m) => m.cause },
          moments.some((m) => m.topics && m.topics.length) && { key: "topics", label: "Meetings", wrap: true, sort: (m) => (m.topics || []).join(", "),
            cell: (m) => h("span", { class: "topics" }, (m.topics || []).join(", ")), csv: (m) => (m.topics || []).join("; ") },
        ].filter(Boolean),
        rows: moments, sort: { key: "start", dir: "desc" }, empty: "No Zoom bad moments in this range.", label: "Bad moments",
      });
      const badCard = card("Zoom bad moments", h("p", { class: "hint" }, "Moments when several meetings lost people within the same minute: Zoom, or something the whole school shares."),
        momentTable.el, moments.length ? h("p", { class: "actions" }, named
          ? h("a", { href: "/api/v1/incidents" + query({ format: "csv", scope: "account", from, to }), download: "" }, "Download (CSV)")
          : downloadButton("Download (CSV)", `zoomdash-bad-moments-${from}-${to}.csv`, momentTable.csv)) : null);

      // weeks and hours
      const weeks = (data.weeks || []).slice().sort((a, b) => compare(a.week, b.week));
      const weekChart = chart((w) => bars(w, {
        items: weeks, value: (r) => (r.participant_hours ? r.rate : null), avg: average, height: 180, title: "Disconnection rate per week",
        tip: (r) => `Week of ${fmtDay(r.week, { year: true })}: ${rate(r.rate)} (${num(r.drops)} drops, ${num(r.meetings)} meetings)${r.account_incidents ? ` · ${num(r.account_incidents)} bad moments` : ""}`,
        cls: (r) => "lvl" + scale.level(r.rate, r.participant_hours), marked: (r) => r.account_incidents > 0,
        label: (r) => fmtDay(r.week, { weekday: false }),
      }));
      const weekTable = table({
        columns: [{ key: "week", label: "Week of", head: true, cell: (r) => fmtDay(r.week, { year: true }), csv: (r) => r.week }, ...counters],
        rows: weeks, sort: { key: "week", dir: "desc" }, label: "Weeks",
      });
      const hourRows = (data.hours || []).slice().sort((a, b) => a.hour - b.hour);
      const quiet = (r) => r.participant_hours < ph * 0.01;
      const hourChart = chart((w) => bars(w, {
        items: hourRows, value: (r) => (r.participant_hours ? r.rate : null), avg: average, height: 180, title: "Disconnection rate per hour of day",
        tip: (r) => `${String(r.hour).padStart(2, "0")}:00–${String(r.hour + 1).padStart(2, "0")}:00: ` + (r.participant_hours
          ? `${rate(r.rate)} (${num(r.drops)} drops in ${hours(r.participant_hours)} participant-hours)${quiet(r) ? " · few people in meetings at this hour" : ""}` : "no meetings"),
        cls: (r) => "lvl" + scale.level(r.rate, r.participant_hours) + (quiet(r) ? " quiet" : ""),
        label: (r) => (r.hour % 3 === 0 ? `${String(r.hour).padStart(2, "0")}:00` : null),
      }));
      const hourTable = table({
        columns: [
          { key: "hour", label: "Hour", head: true, num: true, cell: (r) => `${String(r.hour).padStart(2, "0")}:00` },
          { key: "participant_hours", label: "Participant-hours", num: true, cell: (r) => hours(r.participant_hours) },
          { key: "drops", label: "Drops", num: true, cell: (r) => num(r.drops) },
          { key: "rate", label: "Rate", num: true, cell: (r) => rate(r.rate) },
        ],
        rows: hourRows, sort: { key: "hour", dir: "asc" }, label: "Hours",
      });
      const pair = h("div", { class: "pair" },
        card("Per week", weekChart, numbers(weekTable, `zoomdash-weeks-${from}-${to}.csv`)),
        card("By hour of day", hourChart, h("p", { class: "hint" }, "Faded bars: hours with few people in meetings, where a few drops make a high rate."),
          numbers(hourTable, `zoomdash-hours-${from}-${to}.csv`)));
      const downloads = named ? h("p", { class: "actions" }, h("a", { href: "/api/v1/disconnections" + query({ format: "csv", from, to, limit: 50000 }), download: "" }, "Download every disconnection of this range (CSV, the export's format)")) : null;
      return { nodes: [head, picker, headline, everyDay, badCard, pair, downloads], hasData: true };
    });
  }

  /** /today: live meetings, drops in the last hour, today's incidents, webhook freshness, API budget. */
  function todayPage() {
    let fetchedAt = 0, since = null, socket = null;
    const build = () => {
      const updated = h("span");
      const head = pageHead("Today", h("span", null, `Live from Zoom's webhooks, refreshed every 10 s. ${zoneNote()}. Updated `, updated, "."));
      const cards = {
        meetings: stat("Live meetings", "–"), participants: stat("Participants now", "–"),
        drops: stat("Drops in the last hour", "–"), webhooks: stat("Last webhook event", "–"), budget: stat("Zoom API budget", "–"),
      };
      const meetings = table({
        columns: [
          { key: "topic", label: "Topic", head: true, cell: (m) => link(meetingHref(m.uuid), m.topic || "(no topic)") },
          { key: "meeting_id", label: "Meeting ID", cell: (m) => meetingID(m.meeting_id) },
          { key: "start", label: "Started", cell: (m) => fmtTime(m.start) },
          { key: "participants", label: "Participants", num: true, cell: (m) => num(m.participants) },
        ],
        rows: [], key: (m) => m.uuid, sort: { key: "participants", dir: "desc" }, empty: "No meetings with people in them right now.", label: "Live meetings",
      });
      const incidents = table({
        columns: [
          { key: "start", label: "When", head: true, cell: (i) => link(incidentHref(i.id), fmtTime(i.start, true)) },
          { key: "topic", label: "Where", cell: (i) => (i.scope === "account" ? `${num(i.meetings)} meetings at once` : i.topic || "(no topic)") },
          { key: "dropped", label: "Dropped", num: true, cell: (i) => `${num(i.dropped)} of ${num(i.present)}` },
          { key: "cause", label: "Cause", sort: (i) => causeWords(i.cause), cell: (i) => causeBadge(i.cause) },
        ],
        rows: [], key: (i) => String(i.id), sort: { key: "start", dir: "desc" }, empty: "No incidents today so far.", label: "Incidents today",
      });
      const byCause = h("div", { class: "chart" });
      let causesDrawn = "";
      const freshness = () => {
        if (none(since)) {
          cards.webhooks.set("none yet", "no webhook event received: check the event subscription in Zoom", "warn");
          return;
        }
        const s2 = since + (Date.now() - fetchedAt) / 1000;
        const hour = localHour(new Date());
        const stale = s2 > 600 && hour >= 7 && hour < 19;
        const ws = socket ? (socket.connected ? "; WebSocket connected" : "; WebSocket disconnected") : "";
        cards.webhooks.set(ago(s2), (stale ? "nothing for over 10 minutes during the school day: check the webhook subscription in Zoom" : "arriving") + ws, stale ? "bad" : "good");
      };
      setInterval(freshness, 1000);
      return {
        nodes: [head, stats(...Object.values(cards)), h("div", { class: "pair wide-left" },
          card("Live meetings", meetings.el), card("Drops in the last hour", byCause)), card("Incidents today", incidents.el)],
        update(data) {
          updated.textContent = fmtTime(data.generated_at || new Date(), true);
          const liveMeetings = (data.live && data.live.meetings) || [];
          cards.meetings.set(num(liveMeetings.length), "with people in them now");
          cards.participants.set(num(data.live ? data.live.participants : null), "in those meetings");
          const lh = data.last_hour || { drops: 0, by_cause: {} };
          cards.drops.set(num(lh.drops), Object.entries(lh.by_cause || {}).map(([k, v]) => `${num(v)} ${reasonWords(k)}`).join(", ") || "none");
          const wh = data.webhooks || {};
          since = none(wh.seconds_since) ? secondsSince(wh.last_event_at) : wh.seconds_since;
          fetchedAt = Date.now();
          socket = data.websocket || null;
          freshness();
          const b = data.budget;
          cards.budget.set(b ? `${num(b.light_remaining)} · ${num(b.medium_remaining)} · ${num(b.heavy_remaining)}` : "–",
            b ? `light · medium · heavy requests left this second; ${num(b.heavy_daily_remaining)} heavy left today` : "not reported");
          meetings.update(liveMeetings);
          incidents.update(data.incidents || []);
          const entries = Object.entries(lh.by_cause || {}).sort((a, b2) => b2[1] - a[1]).map(([k, v]) => ({ label: reasonWords(k), value: v, cls: `r-${k}` }));
          const sig = JSON.stringify(entries);
          if (sig !== causesDrawn) {
            causesDrawn = sig;
            byCause.replaceChildren(entries.length ? hbars(byCause.clientWidth || 360, entries) : h("p", { class: "hint" }, "No drops in the last hour."));
          }
          return liveMeetings.length > 0 || (data.incidents || []).length > 0 || lh.drops > 0;
        },
      };
    };
    return live(10000, () => api("today"), build);
  }

  /** /incidents: the filtered, sortable list. */
  function incidentsPage() {
    const fields = ["from", "to", "scope", "cause", "topic", "host"];
    return routed(async (go) => {
      const p = urlParams();
      const filter = {};
      for (const f of fields) if (p.get(f)) filter[f] = p.get(f);
      const data = await api("incidents", filter);
      const rows = data.incidents || [];
      const input = (name, label, attrs) => h("label", null, label, h("input", { name, value: filter[name] || "", ...attrs }));
      const select = (name, label, options) => h("label", null, label, h("select", { name },
        options.map(([v, t]) => h("option", { value: v, selected: (filter[name] || "") === v }, t))));
      const form = h("form", {
        class: "filters", "aria-label": "Filter incidents",
        onsubmit: (e) => {
          e.preventDefault();
          const fd = new FormData(form);
          const q = {};
          for (const f of fields) {
            const v = String(fd.get(f) || "").trim();
            if (v) q[f] = f === "to" && isDay(v) ? addDays(v, 1) : v;
          }
          setURL(q, true);
          go();
        },
      },
      input("from", "From", { type: "date" }),
      input("to", "To (including)", { type: "date", value: isDay(filter.to) ? addDays(filter.to, -1) : filter.to || "" }),
      select("scope", "Scope", [["", "any"], ["meeting", "one meeting"], ["account", "several meetings (bad moment)"]]),
      select("cause", "Cause", [["", "any"], ["zoom_or_shared", causeWords("zoom_or_shared")], ["local_network", causeWords("local_network")], ["unknown", "unknown"]]),
      input("topic", "Topic contains", { type: "search", placeholder: "e.g. 7B" }),
      input("host", "Host contains", { type: "search", placeholder: "e.g. becker" }),
      h("div", { class: "buttons" }, h("button", { type: "submit" }, "Filter"), h("a", { href: "/incidents", class: "reset" }, "Reset")));
      const tbl = table({
        columns: [
          { key: "start", label: "When", head: true, cell: (i) => link(incidentHref(i.id), fmtWhen(i.start)) },
          { key: "topic", label: "Where", sort: (i) => (i.scope === "account" ? "" : i.topic), cell: (i) => (i.scope === "account"
            ? h("span", { class: "badge scope-account" }, `${num(i.meetings)} meetings at once`)
            : i.meeting_uuid ? link(meetingHref(i.meeting_uuid), i.topic || "(no topic)") : i.topic || "(no topic)") },
          { key: "host", label: "Host", cell: (i) => i.host || "–" },
          { key: "dropped", label: "Dropped", num: true, cell: (i) => `${num(i.dropped)} of ${num(i.present)}` },
          { key: "lasted", label: "Within", num: true, sort: (i) => secondsBetween(i.start, i.end), cell: (i) => duration(secondsBetween(i.start, i.end)) },
          { key: "cause", label: "Cause", sort: (i) => causeWords(i.cause), cell: (i) => causeBadge(i.cause) },
          { key: "evidence", label: "Poor quality before", sort: (i) => (i.evidence && i.evidence.dropped_with_data ? i.evidence.dropped_poor / i.evidence.dropped_with_data : null),
            cell: (i) => (i.evidence && i.evidence.dropped_with_data ? `${num(i.evidence.dropped_poor)} of ${num(i.evidence.dropped_with_data)}` : "no data") },
        ],
        rows, key: (i) => String(i.id), sort: { key: "start", dir: "desc" }, label: "Incidents",
        empty: "No incidents match these filters.",
      });
      const what = filter.from || filter.to ? "" : "The last 30 days. ";
      const head = pageHead("Incidents", `${what}Many people of a meeting dropping together, and Zoom bad moments (several meetings in the same minute). ${zoneNote()}.`);
      const actions = h("p", { class: "actions" },
        `${num(rows.length)} incident${rows.length === 1 ? "" : "s"}${data.truncated ? " (the newest only: narrow the filters, or download the CSV)" : ""}. `,
        h("a", { href: "/api/v1/incidents" + query({ format: "csv", ...filter }), download: "" }, "Download as CSV"));
      const nodes = [head, form, actions, rows.length ? card(null, tbl.el)
        : emptyBox("No incidents in this range", "That is good news. Widen the dates or clear the filters to see older ones.")];
      return { nodes, hasData: rows.length > 0 };
    });
  }

  /** The columns of a table of drops (an incident's, a meeting's), with an optional one after the name. */
  function dropColumns(extra) {
    return [
      { key: "time", label: "Time", head: true, cell: (d) => fmtTime(d.time, true) },
      { key: "name", label: "Name", cell: (d) => d.name || d.participant_key },
      extra,
      { key: "reason_class", label: "Reason", sort: (d) => reasonWords(d.reason_class), cell: (d) => reasonBadge(d.reason_class) },
      { key: "rejoined_after_s", label: "Back after", num: true, cell: backAfter },
      { key: "quality_before", label: "Quality before", cell: (d) => qualityBadge(d.quality_before) },
    ].filter(Boolean);
  }

  /** /incidents/{id}: summary, evidence, timeline, meetings, drops. */
  function incidentPage() {
    return routed(async () => {
      const { data, missing } = await apiOne("incidents/" + encodeURIComponent(ID), "Incident", h("p", null, link("/incidents", "All incidents")));
      if (missing) return { nodes: missing, hasData: false };
      const inc = data.incident;
      const meetings = data.meetings || [];
      const drops = (data.drops || []).slice().sort((a, b) => compare(a.time, b.time));
      const topics = new Map(meetings.map((m) => [m.uuid, m.topic]));
      const account = inc.scope === "account";
      document.title = `ZoomDash · Incident ${inc.id}`;
      const title = account ? `Zoom bad moment: ${num(inc.dropped)} of ${num(inc.present)} dropped in ${num(inc.meetings)} meetings`
        : `${inc.topic || "(no topic)"}: ${num(inc.dropped)} of ${num(inc.present)} dropped`;
      const ev = inc.evidence || {};
      const dl = (rows) => h("dl", { class: "facts" }, rows.filter(Boolean).map(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
      const list = (items, none) => (items && items.length ? items.join(", ") : none);
      const head = pageHead(title, `Incident ${inc.id} · ${fmtWhen(inc.start, true)} – ${fmtTime(inc.end, true)} (within ${duration(secondsBetween(inc.start, inc.end))}). ${zoneNote()}.`);
      const summary = card("What happened", dl([
        ["Cause", h("span", null, causeBadge(inc.cause), " ", CAUSES[causeOf(inc.cause)][1])],
        ["Evidence", evidenceText(ev)],
        ["Who", `${num(inc.dropped)} of the ${num(inc.present)} present dropped${account ? ` across ${num(inc.meetings)} meetings` : ""}.`],
        !account && ["Meeting", h("span", null, inc.meeting_uuid ? link(meetingHref(inc.meeting_uuid), inc.topic || "(no topic)") : inc.topic, ` · ID ${meetingID(inc.meeting_id)}`)],
        !account && inc.host && ["Host", inc.host],
        ["Data centres", list(ev.data_centres, "not known")],
        ["Network types", list(ev.network_types, "not known")],
        ["Zoom alerts", ev.alerts && ev.alerts.length ? h("ul", { class: "plain" }, ev.alerts.map((a) => h("li", null, a))) : "none around this time"],
      ]));
      const back = drops.filter(cameBack).length;
      const timelineCard = card("Who dropped when",
        h("p", { class: "hint" }, `${num(drops.length)} disconnection${drops.length === 1 ? "" : "s"} within a minute of the incident; ${num(back)} came back.`),
        drops.length ? h("div", { class: "scroll-x" }, chart((w) => timeline(w, { incident: inc, drops, topics }))) : h("p", null, "No individual drops recorded."),
        legend(["q-poor", "poor quality before"], ["q-ok", "fine before"], ["q-unknown", "no quality data"], ["away", "away until back"], ["window", "the incident"]));
      const dropTable = table({
        columns: dropColumns(meetings.length > 1 && { key: "meeting", label: "Meeting", sort: (d) => topics.get(d.meeting_uuid),
          cell: (d) => link(meetingHref(d.meeting_uuid), topics.get(d.meeting_uuid) || "(no topic)") }),
        rows: drops, key: (d) => d.meeting_uuid + d.participant_key + d.time, sort: { key: "time", dir: "asc" }, label: "Drops",
        empty: "No individual drops recorded.",
      });
      const meetingList = card(meetings.length === 1 ? "The meeting" : `The ${num(meetings.length)} meetings`,
        h("ul", { class: "plain meetings" }, meetings.map((m) => h("li", null, link(meetingHref(m.uuid), m.topic || "(no topic)"),
          h("span", { class: "muted" }, ` · ID ${meetingID(m.meeting_id)} · ${fmtSpan(m.start, m.end)}`)))));
      const nodes = [head, summary, timelineCard, card("The drops", dropTable.el,
        h("p", { class: "actions" }, downloadButton("Download (CSV)", `zoomdash-incident-${inc.id}-drops.csv`, dropTable.csv))), meetingList];
      return { nodes, hasData: true };
    });
  }

  /** /meetings/{uuid}: swimlanes, incidents, drops, call quality. */
  function meetingPage() {
    return routed(async () => {
      const { data, missing } = await apiOne("meetings/" + encodeURIComponent(ID), "Meeting");
      if (missing) return { nodes: missing, hasData: false };
      const m = data.meeting;
      const participants = (data.participants || []).slice().sort((a, b) =>
        compare(a.connections[0] && a.connections[0].join, b.connections[0] && b.connections[0].join) || compare(a.name, b.name));
      const drops = (data.drops || []).slice().sort((a, b) => compare(a.time, b.time));
      const incidents = data.incidents || [];
      const q = data.quality;
      document.title = `ZoomDash · ${m.topic || "Meeting"}`;
      const head = pageHead(m.topic || "(no topic)",
        `Meeting ${meetingID(m.meeting_id)}${m.host ? ` · host ${m.host}` : ""} · ${fmtSpan(m.start, m.end)}${m.end ? ` (${duration(secondsBetween(m.start, m.end))})` : " (live)"} · from Zoom's ${m.source || "data"}. ${zoneNote()}.`);
      const kinds = {};
      for (const d of drops) kinds[d.reason_class] = (kinds[d.reason_class] || 0) + 1;
      const headline = stats(
        stat("Participants", num(participants.length), `${num(participants.reduce((a, p) => a + p.connections.length, 0))} connections`),
        stat("Drops", num(drops.length), Object.entries(kinds).map(([k, v]) => `${num(v)} ${reasonWords(k)}`).join(", ") || "none", drops.length ? "warn" : "good"),
        stat("Incidents", num(incidents.length), incidents.length ? "many dropping together" : "none", incidents.length ? "warn" : null),
        stat("Poor call quality", q ? pct(q.poor_minutes, q.participant_minutes) : "–",
          q ? `${num(q.poor_minutes)} of ${num(q.participant_minutes)} participant-minutes${q.worst_cause ? `; mostly ${q.worst_cause}` : ""}` : "no call-quality data"));
      if (!participants.length) {
        return { nodes: [head, headline, emptyBox("No participants recorded for this meeting yet", "Zoom's participant report arrives after the meeting; the live view fills from webhooks.")], hasData: false };
      }
      const gapNote = gapNotice(m.gaps);
      const lanes = card("Who was there",
        h("div", { class: "scroll-x" }, chart((w) => swimlanes(w, { meeting: m, participants, drops, incidents, now: new Date(data.generated_at || Date.now()).getTime() }))),
        legend(["conn", "connected"], ["r-network", "dropped: network"], ["r-client", "dropped: client closed"], ["r-inferred", "dropped: inferred"],
          ["poor", "poor call quality (minute)"], ["band", "incident"]));
      const incTable = incidents.length ? card("Incidents in this meeting", table({
        columns: [
          { key: "start", label: "When", head: true, cell: (i) => link(incidentHref(i.id), fmtTime(i.start, true)) },
          { key: "scope", label: "Scope", cell: (i) => (i.scope === "account" ? `bad moment, ${num(i.meetings)} meetings` : "this meeting") },
          { key: "dropped", label: "Dropped", num: true, cell: (i) => `${num(i.dropped)} of ${num(i.present)}` },
          { key: "cause", label: "Cause", sort: (i) => causeWords(i.cause), cell: (i) => causeBadge(i.cause) },
          { key: "evidence", label: "Evidence", sort: false, cell: (i) => evidenceText(i.evidence), wrap: true },
        ],
        rows: incidents, key: (i) => String(i.id), sort: { key: "start", dir: "asc" }, label: "Incidents",
      }).el) : null;
      const dropTable = table({
        columns: dropColumns(),
        rows: drops, key: (d) => d.participant_key + d.time, sort: { key: "time", dir: "asc" }, label: "Drops", empty: "Nobody dropped.",
      });
      const dropsCard = card("Drops", dropTable.el, h("p", { class: "actions" },
        h("a", { href: "/api/v1/disconnections" + query({ format: "csv", meeting: m.uuid, from: localDay(m.start), to: addDays(localDay(m.end || Date.now()), 1) }), download: "" }, "Download as CSV (the export's format)")));
      return { nodes: [head, headline, gapNote, lanes, incTable, dropsCard], hasData: true };
    });
  }

  /** The live source's gaps a meeting was caught in: Zoom's WebSocket replays nothing it sent while
   *  disconnected, so those minutes come from Zoom's REST record (once it is fetched), not live. */
  function gapNotice(gaps) {
    if (!gaps || !gaps.length) return null;
    const filled = gaps.every((g) => g.filled_from_rest);
    return card(filled ? "Filled in from Zoom's report after a live-source gap" : "Live data missing: a live-source gap, not yet filled",
      h("p", {}, filled
        ? "The live connection to Zoom was down while this meeting ran; its participants and drops for the minutes below come from Zoom's REST record, fetched afterwards."
        : "The live connection to Zoom was down while this meeting ran, and Zoom does not resend what it sent then: the minutes below lack live data until Zoom's REST record is fetched."),
      h("ul", {}, ...gaps.map((g) => h("li", {}, `${fmtSpan(g.from, g.to)} (${g.source}): ${g.filled_from_rest ? "filled from REST" : "waiting for REST"}`))));
  }

  /** /people: who drops most, expandable to their drops. */
  function peoplePage() {
    const expanded = new Set();
    const details = new Map();
    return routed(async (go) => {
      const range = rangeFromURL(30);
      const data = await api("people", { from: range.from, to: range.to });
      const people = data.people || [];
      const change = (q) => { setURL(q, true); go(); };
      const head = pageHead("People to follow up", `${rangeWords(range)}: who lost their connection most (network or client drops, one by one). ${zoneNote()}.`);
      const picker = rangePicker(range, 30, change);
      if (!people.length) return { nodes: [head, picker, emptyBox("Nobody dropped in this range", "No individual network or client disconnections. Pick a longer range to look further back.")], hasData: false };
      let tbl = null;
      const detailRow = (p) => {
        if (!expanded.has(p.participant_key)) return null;
        let row = details.get(p.participant_key);
        if (!row) {
          const cell = h("td", { colspan: 7 }, h("p", { class: "loading" }, "Loading…"));
          row = h("tr", { class: "detail", "data-key": "detail:" + p.participant_key }, cell);
          details.set(p.participant_key, row);
          api("disconnections", { participant: p.participant_key, from: range.from, to: range.to }).then((d) => {
            const list = d.disconnections || [];
            cell.replaceChildren(table({
              columns: [
                { key: "time", label: "When", head: true, cell: (x) => fmtWhen(x.time, true) },
                { key: "topic", label: "Meeting", cell: (x) => link(meetingHref(x.meeting_uuid), x.topic || "(no topic)") },
                { key: "reason_class", label: "Reason", sort: (x) => reasonWords(x.reason_class), cell: (x) => reasonBadge(x.reason_class) },
                { key: "rejoined_after_s", label: "Back after", num: true, cell: backAfter },
                { key: "lost_s", label: "Lost", num: true, cell: (x) => duration(x.lost_s) },
                { key: "quality_before", label: "Quality before", cell: (x) => qualityBadge(x.quality_before) },
              ],
              rows: list, sort: { key: "time", dir: "desc" }, label: `Drops of ${p.name}`, empty: "No drops in this range.",
            }).el, d.truncated ? h("p", { class: "hint" }, "Only the newest are shown.") : null);
          }).catch((e) => {
            if (e.status !== 401) cell.replaceChildren(errorBox(e, "Could not load the drops"));
            details.delete(p.participant_key);
          });
        }
        return row;
      };
      const toggle = (p) => {
        if (expanded.has(p.participant_key)) expanded.delete(p.participant_key);
        else expanded.add(p.participant_key);
        tbl.redraw();
      };
      tbl = table({
        columns: [
          { key: "name", label: "Name", head: true, cell: (p) => h("button", { type: "button", class: "expand", "aria-expanded": String(expanded.has(p.participant_key)), onclick: () => toggle(p) },
            h("span", { class: "chevron", "aria-hidden": "true" }), p.name || p.participant_key), csv: (p) => p.name },
          { key: "drops", label: "Drops", num: true, cell: (p) => num(p.drops) },
          { key: "meetings", label: "Meetings", num: true, cell: (p) => num(p.meetings) },
          { key: "lost_s", label: "Time lost", num: true, cell: (p) => duration(p.lost_s), csv: (p) => p.lost_s },
          { key: "poor_before", label: "Poor quality before", num: true, cell: (p) => `${num(p.poor_before)} of ${num(p.drops)}`, csv: (p) => p.poor_before },
          { key: "last_drop", label: "Last drop", cell: (p) => fmtWhen(p.last_drop), csv: (p) => p.last_drop },
          { key: "topics", label: "Topics", sort: (p) => (p.topics || []).join(", "), wrap: true, csv: (p) => (p.topics || []).join("; "), cell: (p) => {
            const t = p.topics || [];
            return h("span", { class: "topics", title: t.join(", ") }, t.slice(0, 3).join(", "), t.length > 3 ? ` and ${num(t.length - 3)} more` : "");
          } },
        ],
        rows: people, key: (p) => p.participant_key, sort: { key: "drops", dir: "desc" }, detail: detailRow, label: "People",
      });
      const actions = h("p", { class: "actions" },
        data.truncated ? `The ${num(people.length)} people with the most drops. ` : `${num(people.length)} people. `,
        h("a", { href: "/api/v1/people" + query({ format: "csv", from: range.from, to: range.to }), download: "" }, "Download this table (CSV)"), " · ",
        h("a", { href: "/api/v1/disconnections" + query({ format: "csv", from: range.from, to: range.to, limit: 50000 }), download: "" }, "every disconnection of the range (CSV)"));
      return { nodes: [head, picker, h("p", { class: "hint" }, "Open a name to see their drops. Many drops with poor quality before usually mean a weak home connection or Wi-Fi."), card(null, tbl.el), actions], hasData: true };
    });
  }

  /** /rooms: who is in the watched rooms, refreshed every 5 s. */
  function roomsPage() {
    const build = () => {
      const updated = h("span");
      const list = h("div", { class: "rooms" });
      const rooms = new Map();
      const empty = emptyBox("No watched rooms", "Name the rooms and the people to show in [presence] watch of zoomdash.toml; everyone else is only counted.");
      empty.hidden = true;
      return {
        nodes: [pageHead("Who is in the room", h("span", null, `Allowlisted names only; everyone else is counted. Refreshed every 5 s. ${zoneNote()}. Updated `, updated, ".")), empty, list,
          h("p", { class: "actions" }, h("a", { href: "/api/v1/presence?format=csv", download: "" }, "Download the room table (CSV)"))],
        update(data) {
          updated.textContent = fmtTime(data.generated_at || new Date(), true);
          const present = data.rooms || [];
          empty.hidden = present.length > 0;
          const sections = present.map((room) => {
            const k = String(room.meeting_id);
            let r = rooms.get(k);
            if (!r) {
              const title = h("h2");
              const line = h("p", { class: "sub" });
              const tbl = table({
                columns: [
                  { key: "user", label: "Username", head: true },
                  { key: "status", label: "Status", cell: (e) => h("span", { class: `badge status-${e.status === "in" ? "in" : "left"}`, "data-status": e.status }, e.status) },
                  { key: "last_join", label: "Last Join", cell: (e) => fmtWhen(e.last_join) },
                  { key: "last_left", label: "Last Left", cell: (e) => fmtWhen(e.last_left) },
                ],
                rows: [], key: (e) => e.user, highlight: true, label: "Room", empty: "Nobody on the watch list for this room.",
              });
              r = { el: h("section", { class: "card room", "data-key": k }, title, line, tbl.el), title, line, tbl };
              rooms.set(k, r);
            }
            const t = room.topic ? `${room.topic} (${meetingID(room.meeting_id)})` : `Meeting ${meetingID(room.meeting_id)}`;
            if (r.title.textContent !== t) r.title.textContent = t;
            const l = `${num(room.in_room)} in the room now` + (room.others_in_room ? ` · ${num(room.others_in_room)} other${room.others_in_room === 1 ? "" : "s"} in the room` : " · no others in the room");
            if (r.line.textContent !== l) r.line.textContent = l;
            r.tbl.update(room.entries || []);
            return r.el;
          });
          reconcile(list, sections, false);
          return present.length > 0;
        },
      };
    };
    return live(5000, () => api("presence"), build);
  }

  /** /health: collectors, sinks, freshness, backlogs, store. */
  function healthPage() {
    return routed(async () => {
      const d = await api("health");
      const st = d.store || {};
      const wh = d.webhooks || {};
      const hour = localHour(new Date());
      const stale = !none(wh.seconds_since) && wh.seconds_since > 600 && hour >= 7 && hour < 19;
      const collectors = d.collectors || [], sinks = d.sinks || [];
      const failing = collectors.filter((c) => !c.ok).length + sinks.filter((c) => !c.ok).length;
      const head = pageHead("Health", `zoomdashd ${d.version || ""}, running since ${fmtWhen(d.started_at)} (${duration(secondsSince(d.started_at))}). ${zoneNote()}.`);
      const headline = stats(
        stat("Status", failing ? `${num(failing)} failing` : "all working", failing ? "see the errors below" : "collectors and sinks", failing ? "bad" : "good"),
        stat("Last webhook event", wh.last_event_at ? ago(wh.seconds_since ?? secondsSince(wh.last_event_at)) : "none yet", stale ? "nothing for over 10 minutes during the school day" : d.websocket ? (d.websocket.connected ? "WebSocket connected" : "WebSocket disconnected") : "WebSocket not used", stale ? "bad" : wh.last_event_at ? "good" : "warn"),
        stat("Backlogs", `${num(d.qos_backlog)} · ${num(d.analysis_backlog)}`, `meetings waiting for call quality · for analysis; ${num(d.triggered_fetches)} triggered fetches`, d.analysis_backlog > 100 ? "warn" : null),
        stat("Store", bytes(st.bytes), `${num(st.meetings)} meetings, ${num(st.sessions)} sessions`));
      /** Collectors and sinks share a table: name, status, last run and success, one count of their own, the error. */
      const statusTable = (what, rows, counted) => table({
        columns: [
          { key: "name", label: what, head: true },
          { key: "ok", label: "Status", sort: (x) => (x.ok ? 1 : 0), cell: (x) => h("span", { class: `badge ${x.ok ? "ok" : "failed"}` }, x.ok ? "ok" : "error") },
          { key: "last_run", label: "Last run", cell: (x) => fmtWhen(x.last_run) },
          { key: "last_success", label: "Last success", cell: (x) => fmtWhen(x.last_success) },
          counted,
          { key: "error", label: "Error", wrap: true, cell: (x) => (x.error ? h("span", { class: "error-text" }, x.error) : "–") },
        ],
        rows, key: (x) => x.name, label: what + "s", empty: `No ${what.toLowerCase()}s configured.`,
      });
      const collectorTable = statusTable("Collector", collectors, { key: "runs", label: "Runs (failed)", num: true, cell: (x) => `${num(x.runs)} (${num(x.failed_runs)})` });
      const sinkTable = statusTable("Sink", sinks, { key: "waiting", label: "Waiting", num: true, cell: (x) => num(x.waiting) });
      const facts = h("dl", { class: "facts" },
        [["Version", d.version || "–"], ["Started", `${fmtWhen(d.started_at)} (${duration(secondsSince(d.started_at))} ago)`],
          ["Store file", h("code", null, st.path || "–")], ["Size", bytes(st.bytes)], ["Schema", st.schema ?? "–"],
          ["Meetings", num(st.meetings)], ["Sessions", num(st.sessions)], ["First meeting", fmtWhen(st.first_meeting)], ["Last meeting", fmtWhen(st.last_meeting)],
          ["Last webhook", wh.last_event_at ? `${fmtWhen(wh.last_event_at, true)} (${ago(wh.seconds_since ?? secondsSince(wh.last_event_at))})` : "none yet"],
          ["WebSocket", d.websocket ? `${d.websocket.connected ? "connected" : "disconnected"}, last frame ${fmtWhen(d.websocket.last_frame_at, true)}` : "not used"],
          ["Call-quality backlog", `${num(d.qos_backlog)} meetings`], ["Analysis backlog", `${num(d.analysis_backlog)} meetings`], ["Triggered fetches", num(d.triggered_fetches)],
        ].map(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
      return { nodes: [head, headline, card("Collectors", collectorTable.el), card("Sinks", sinkTable.el), card("Daemon and store", facts)], hasData: true };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // 7. Start
  // ---------------------------------------------------------------------------------------------
  const PAGES = {
    days: daysPage, overview: daysPage, today: todayPage, incidents: incidentsPage, incident: incidentPage,
    meeting: meetingPage, people: peoplePage, rooms: roomsPage, health: healthPage,
  };

  window.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    showFatal(event.reason);
  });

  function start() {
    if (!main) return;
    markNav();
    const page = PAGES[PAGE];
    if (!page) {
      showFatal(new Error(`This page ("${PAGE}") is not one app.js knows.`));
      return;
    }
    loading();
    Promise.resolve().then(page).catch(showFatal);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
