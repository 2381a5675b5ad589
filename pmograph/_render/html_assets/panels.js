// ---- panels.js: the details of the selected post, the key, and search ----
const detailsPanel = document.getElementById("details");
const searchInput = document.getElementById("search");
const resultsList = document.getElementById("results");
const statusLine = document.getElementById("status");
const SEARCH_SHOWN = 50;

function htmlElement(tag, text, parent, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

function postButton(i, parent, suffix) {
  const button = htmlElement("button", titleOf(i), parent, "link");
  button.type = "button";
  button.addEventListener("click", () => revealPost(i, true));
  if (suffix) parent.appendChild(document.createTextNode(suffix));
  return button;
}

function linesOf(i, lines, end) {
  const found = [];
  for (const line of lines) if (line[end] === i) found.push(line);
  return found;
}

function outsideOf(i, relation) {
  return DATA.outside.filter((o) => o[0] === i && o[1] === relation).map((o) => o[2]);
}

/** Fills the details panel with what ``pmograph show`` says of post i. */
function showDetails(i) {
  detailsPanel.replaceChildren();
  htmlElement("h2", titleOf(i), detailsPanel);
  htmlElement("p", iriOf(i), detailsPanel, "iri");
  const facts = htmlElement("dl", null, detailsPanel);
  const fact = (name) => {
    htmlElement("dt", name, facts);
    return htmlElement("dd", null, facts);
  };
  if (DATA.ident[i]) fact("Identifier").textContent = DATA.ident[i];
  if (DATA.kind[String(i)]) fact("Kind").textContent = DATA.kind[String(i)];
  if (roleOf(i)) fact("Role").textContent = roleOf(i);
  if (unitOf(i)) {
    const dd = fact("Unit");
    const swatch = htmlElement("span", null, dd, "swatch");
    swatch.style.background = unitColour(i);
    dd.appendChild(document.createTextNode(unitOf(i)));
  }
  const names = holdersOf(i), held = fact("Held by");
  if (names.length > 1) {
    held.textContent = names.join("; ") + ` (a job share: ${names.length} holders)`;
  } else if (names.length === 1) {
    held.textContent = names[0];
  } else if (fteOf(i) !== null) {
    held.textContent = fteOf(i) + " FTE (junior staff, not named)";
  } else if (flagsOf(i) & FLAG.undescribed) {
    held.textContent = "not described in the data: only a reporting line names it";
  } else {
    htmlElement("span", isVacant(i) ? "Vacant: nobody holds this post" : "nobody", held,
      "vacant");
  }
  const managers = [];
  if (parentOf[i] >= 0) managers.push([parentOf[i], ""]);
  for (const [a, , kind] of linesOf(i, problemLines, 1)) {
    managers.push([a, kind === 1 ? " (closes a reporting cycle)" : " (second solid-line manager)"]);
  }
  const outsideBoss = outsideOf(i, "reports to");
  if (managers.length || outsideBoss.length) {
    const dd = fact("Reports to");
    managers.forEach(([a, note], n) => {
      if (n) dd.appendChild(document.createTextNode("; "));
      postButton(a, dd, note);
    });
    if (outsideBoss.length) {
      dd.appendChild(document.createTextNode((managers.length ? "; " : "") +
        outsideBoss.join("; ") + " (outside this chart)"));
    }
  }
  if (hasProblem(i)) htmlElement("span", "⚠ " + problemNote(i), fact("Reporting problem"), "problem");
  for (const [label, end, other, relation] of [["Dotted line to", 1, 0, "dotted line to"],
    ["Dotted line from", 0, 1, "dotted line from"]]) {
    const lines = linesOf(i, dottedLines, end), outside = outsideOf(i, relation);
    if (!lines.length && !outside.length) continue;
    const dd = fact(label);
    lines.forEach((line, n) => {
      if (n) dd.appendChild(document.createTextNode("; "));
      postButton(line[other], dd);
    });
    if (outside.length) {
      dd.appendChild(document.createTextNode((lines.length ? "; " : "") + outside.join("; ") +
        " (outside this chart)"));
    }
  }
  const chain = pathToTop(i).slice(1);
  if (chain.length) {
    const list = htmlElement("ol", null, fact("Chain of command"));
    for (const p of chain) {
      const item = htmlElement("li", null, list);
      postButton(p, item, holdersText(p) ? ` (${holdersText(p)})` : "");
    }
  }
  fact("Direct reports").textContent = String(reportCount[i]);
  fact("Posts below").textContent = String(belowCount[i]);
  for (const [label, key] of [["Note", "notes"], ["Sources", "sources"]]) {
    const values = DATA[key][String(i)];
    if (!values || !values.length) continue;
    const list = htmlElement("ul", null, fact(label));
    for (const value of values) {
      const item = htmlElement("li", Array.isArray(value) ? value[0] : value, list);
      if (Array.isArray(value) && value[1] !== value[0]) htmlElement("div", value[1], item, "iri");
    }
  }
  if (reportCount[i]) {
    const actions = htmlElement("div", null, detailsPanel, "actions");
    const toggle = htmlElement("button", isOpen[i] ? "Close" : "Open", actions);
    toggle.type = "button";
    toggle.addEventListener("click", () => { togglePost(i); showDetails(i); });
    const all = htmlElement("button", "Open all below", actions);
    all.type = "button";
    all.addEventListener("click", () => { setBelow(i, 1); relayout(i); showDetails(i); });
    const none = htmlElement("button", "Close all below", actions);
    none.type = "button";
    none.addEventListener("click", () => { setBelow(i, 0); relayout(i); showDetails(i); });
  }
}

// ---- the key: a row for each mark the chart uses ----
function keySample(kind, colour) {
  const s = svgElement("svg", { width: 40, height: 18, viewBox: "0 0 40 18", "aria-hidden": "true" });
  if (kind === "line") svgElement("path", { d: "M2,9H38", stroke: colour, "stroke-width": 2 }, s);
  if (kind === "dashed") svgElement("path", { d: "M2,9H38", stroke: colour, "stroke-width": 2,
    "stroke-dasharray": "6 4" }, s);
  if (kind === "arrow") svgElement("path", { d: "M38,9H6", stroke: colour, "stroke-width": 2.4,
    "marker-end": "url(#arrow-problem)" }, s);
  if (kind === "band") svgElement("rect", { x: 2, y: 6, width: 36, height: 6, rx: 2, fill: colour }, s);
  if (kind.startsWith("box")) {
    const [fill, stroke, dash] = colour;
    const box = svgElement("rect", { x: 2, y: 2, width: 36, height: 14, rx: 3, fill: fill,
      stroke: stroke }, s);
    if (dash) box.setAttribute("stroke-dasharray", dash);
    if (kind === "box2") svgElement("rect", { x: 5, y: 5, width: 30, height: 8, rx: 2,
      fill: "none", stroke: stroke }, s);
  }
  if (kind === "pill") {
    svgElement("rect", { x: 4, y: 2, width: 32, height: 14, rx: 7, fill: STYLE.paper,
      stroke: STYLE.border }, s);
    textElement(s, "+ 4", 20, 13, 9, { "text-anchor": "middle", "font-weight": "bold",
      fill: STYLE.muted });
  }
  return s;
}

function buildKey() {
  const rows = document.getElementById("key-rows");
  let vacant = false, share = false, fte = false, undescribed = false, problems = false;
  for (let i = 0; i < COUNT; i++) {
    const flags = flagsOf(i);
    vacant = vacant || (flags & FLAG.vacant) !== 0;
    undescribed = undescribed || (flags & FLAG.undescribed) !== 0;
    problems = problems || (flags & (FLAG.cycle | FLAG.twoManagers)) !== 0;
    share = share || holdersOf(i).length > 1;
  }
  fte = Object.keys(DATA.fte).length > 0;
  const add = (kind, colour, text) => {
    const item = htmlElement("li", null, rows);
    item.appendChild(keySample(kind, colour));
    htmlElement("span", text, item);
  };
  add("line", STYLE.line, DATA.key.line.replace("{manager}", "above"));
  add("pill", null, "reports not shown: click, or Space, to open (the number of direct reports)");
  if (dottedLines.length) add("dashed", STYLE.dotted, DATA.key.dotted);
  if (vacant) add("box", [STYLE.vacant_fill, STYLE.vacant_text, "5 3"], DATA.key.vacant);
  if (share) add("box2", [STYLE.paper, STYLE.border, ""], DATA.key["job-share"]);
  if (fte) add("box", [STYLE.paper, STYLE.border, ""], "FTE: " + DATA.key.fte);
  if (undescribed) add("box", [STYLE.undescribed_fill, STYLE.undescribed_line, "2 3"],
    DATA.key.undescribed);
  if (problems) {
    add("box", [STYLE.paper, STYLE.problem, ""], DATA.key["problem-post"]);
    if (problemLines.some((l) => l[2] === 1)) add("line", STYLE.problem, DATA.key.cycle);
    if (problemLines.some((l) => l[2] === 0)) add("arrow", STYLE.problem, DATA.key["two-line-managers"]);
  }
  add("line", STYLE.highlight, "the selected post's path to the top");
  if (DATA.units.length > 10) {
    add("band", DATA.unit_colours[0], "band of colour: the post's unit");
  } else {
    const order = DATA.units.map((u, n) => n).sort((a, b) =>
      DATA.units[a].localeCompare(DATA.units[b], undefined, { numeric: true }));
    for (const n of order) add("band", DATA.unit_colours[n], DATA.units[n]);
  }
}

// ---- search: title, holder, identifier or unit; the best matches first ----
let searchIndex = null;
let found = [];
let chosenResult = -1;

function buildSearchIndex() {
  const titles = new Array(COUNT), holders = new Array(COUNT), idents = new Array(COUNT);
  for (let i = 0; i < COUNT; i++) {
    titles[i] = fold(titleOf(i));
    const names = holdersOf(i);
    holders[i] = names.length ? "\n" + names.map(fold).join("\n") + "\n" : "";
    idents[i] = DATA.ident[i] ? fold(DATA.ident[i]) : "";
  }
  searchIndex = { titles, holders, idents };
}

/** Posts matching ``query``: exact matches first, then starts, then anywhere, then by unit;
 * within each, the higher in the organisation first. */
function findPosts(query) {
  const q = fold(query.trim());
  if (!q) return { total: 0, hits: [] };
  if (!searchIndex) buildSearchIndex();
  const { titles, holders, idents } = searchIndex;
  const units = DATA.units.map((u) => fold(u).includes(q));
  const buckets = [[], [], [], [], []];
  let total = 0;
  for (let i = 0; i < COUNT; i++) {
    let score = 9;
    const t = titles[i];
    if (t.includes(q)) score = t === q ? 0 : t.startsWith(q) ? 1 : 2;
    const h = holders[i];
    if (score > 0 && h && h.includes(q)) {
      score = Math.min(score, h.includes("\n" + q + "\n") ? 0 : h.includes("\n" + q) ? 1 : 2);
    }
    const d = idents[i];
    if (score > 0 && d && d.includes(q)) score = Math.min(score, d === q ? 0 : d.startsWith(q) ? 1 : 2);
    if (score === 9 && DATA.unit[i] >= 0 && units[DATA.unit[i]]) score = 3;
    if (score === 9) continue;
    total++;
    if (buckets[score].length < SEARCH_SHOWN) buckets[score].push(i);
  }
  return { total, hits: [].concat(...buckets).slice(0, SEARCH_SHOWN) };
}

function showResults(result) {
  resultsList.replaceChildren();
  found = result.hits;
  chosenResult = found.length ? 0 : -1;
  found.forEach((i, n) => {
    const item = htmlElement("li", null, resultsList);
    item.id = "result-" + n;
    item.setAttribute("role", "option");
    htmlElement("span", titleOf(i), item);
    const sub = [holdersText(i), unitOf(i), DATA.ident[i]].filter(Boolean).join(" · ");
    if (sub) htmlElement("span", sub, item, "sub");
    item.addEventListener("mousedown", (event) => { event.preventDefault(); chooseResult(n); });
  });
  if (result.total > found.length) {
    const more = htmlElement("li", `${result.total - found.length} more matches: type more to narrow`,
      resultsList, "more");
    more.setAttribute("role", "presentation");
  }
  if (!found.length && searchInput.value.trim()) {
    htmlElement("li", "No post matches", resultsList, "more").setAttribute("role", "presentation");
  }
  const open = resultsList.children.length > 0;
  resultsList.hidden = !open;
  searchInput.setAttribute("aria-expanded", open ? "true" : "false");
  statusLine.textContent = searchInput.value.trim() ? `${result.total} matching posts` : "";
  markResult();
}

function markResult() {
  Array.from(resultsList.querySelectorAll("[role=option]")).forEach((item, n) => {
    item.setAttribute("aria-selected", n === chosenResult ? "true" : "false");
    if (n === chosenResult) item.scrollIntoView({ block: "nearest" });
  });
  if (chosenResult >= 0) searchInput.setAttribute("aria-activedescendant", "result-" + chosenResult);
  else searchInput.removeAttribute("aria-activedescendant");
}

function chooseResult(n) {
  if (n < 0 || n >= found.length) return;
  const i = found[n];
  resultsList.hidden = true;
  searchInput.setAttribute("aria-expanded", "false");
  revealPost(i, true);
  statusLine.textContent = `${titleOf(i)}: ${levelOf[i]} levels below the top`;
}

let searchTimer = 0;
searchInput.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => showResults(findPosts(searchInput.value)), COUNT > 20000 ? 150 : 40);
});
searchInput.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    if (resultsList.hidden) { showResults(findPosts(searchInput.value)); return; }
    const step = event.key === "ArrowDown" ? 1 : -1;
    chosenResult = Math.max(0, Math.min(found.length - 1, chosenResult + step));
    markResult();
  } else if (event.key === "Enter") {
    event.preventDefault();
    clearTimeout(searchTimer);
    if (resultsList.hidden || !found.length) showResults(findPosts(searchInput.value));
    chooseResult(Math.max(0, chosenResult));
  } else if (event.key === "Escape") {
    resultsList.hidden = true;
    searchInput.setAttribute("aria-expanded", "false");
  }
});
searchInput.addEventListener("blur", () => { resultsList.hidden = true; });
