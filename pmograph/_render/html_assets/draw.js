// ---- draw.js: SVG of what is in the window, and nothing else ----
// Posts in the window are drawn as boxes with their texts (set with textContent: a name is
// never markup); zoomed far out, or with thousands in the window, as plain coloured blocks in a
// few paths.  Lines are paths too: solid reporting lines, the path to the top in orange, lines
// of a reporting cycle in red; dotted lines and second managers are drawn over them.
const SVGNS = "http://www.w3.org/2000/svg";
const chartSvg = document.getElementById("chart");
const viewportLayer = document.getElementById("viewport");
const linksLayer = document.getElementById("links");
const overlayLayer = document.getElementById("overlay");
const postsLayer = document.getElementById("posts");
const labelsLayer = document.getElementById("labels");
const view = { k: 1, x: 0, y: 0 };  // screen = chart * k + (x, y)
const DETAIL_ZOOM = 0.4, MAX_DETAILED = 1500, MID_Y = BOX_H + 30;
const drawnPosts = new Map();
const onPath = new Set();
const state = { selected: -1, active: tops.length ? tops[0] : -1, detailed: true, inView: [] };
const measure = document.createElement("canvas").getContext("2d");
const wrapCache = new Map();
let drawPending = false;

function svgElement(name, attrs, parent) {
  const node = document.createElementNS(SVGNS, name);
  for (const key in attrs) node.setAttribute(key, attrs[key]);
  if (parent) parent.appendChild(node);
  return node;
}

function textElement(parent, text, x, y, size, attrs) {
  const node = svgElement("text", Object.assign({ x: x, y: y, "font-size": size,
    fill: STYLE.text }, attrs || {}), parent);
  node.textContent = text;
  return node;
}

/** ``text`` in at most ``lines`` lines of ``width`` pixels in ``font``; the last ends in "…". */
function fitText(text, font, width, lines) {
  const key = font + "|" + lines + "|" + text;
  const known = wrapCache.get(key);
  if (known) return known;
  measure.font = font;
  const words = String(text).split(/\s+/).filter(Boolean);
  const out = [];
  let line = "";
  let k = 0;
  while (k < words.length && out.length < lines) {
    const candidate = line ? line + " " + words[k] : words[k];
    if (measure.measureText(candidate).width <= width) {
      line = candidate;
      k++;
    } else if (!line) {
      line = words[k];  // one long word: cut below
      k++;
      out.push(line);
      line = "";
    } else {
      out.push(line);
      line = "";
    }
  }
  if (line && out.length < lines) out.push(line);
  if (k < words.length || out.some((l) => measure.measureText(l).width > width)) {
    let last = out.length ? out[out.length - 1] : "";
    while (last && measure.measureText(last + "…").width > width) last = last.slice(0, -1);
    out[Math.max(0, out.length - 1)] = last.trimEnd() + "…";
    for (let m = 0; m < out.length - 1; m++) {
      while (measure.measureText(out[m]).width > width) out[m] = out[m].slice(0, -2) + "…";
    }
  }
  if (wrapCache.size > 20000) wrapCache.clear();
  wrapCache.set(key, out);
  return out;
}

function problemNote(i) {
  const flags = flagsOf(i), notes = [];
  if (flags & FLAG.cycle) notes.push("in a reporting cycle");
  if (flags & FLAG.twoManagers) notes.push("2 solid-line managers");
  return notes.join("; ");
}

function accessibleName(i) {
  const parts = [titleOf(i), holdersText(i), unitOf(i), problemNote(i)];
  if (reportCount[i]) parts.push(reportCount[i] + " direct reports, " + belowCount[i] + " below");
  return parts.filter(Boolean).join(", ");
}

function boxColours(i) {
  const flags = flagsOf(i);
  if (flags & FLAG.undescribed) return [STYLE.undescribed_fill, STYLE.undescribed_line, "2 3"];
  if (flags & FLAG.vacant) return [STYLE.vacant_fill, STYLE.vacant_text, "5 3"];
  return [STYLE.paper, STYLE.border, ""];
}

/** The SVG group of post i (drawn once, moved and restyled afterwards). */
function makePost(i) {
  const g = svgElement("g", { class: "post", role: "treeitem", id: "post-" + i,
    "data-post": i, "aria-level": levelOf[i] + 1 });
  const p = parentOf[i];
  const siblings = p < 0 ? tops.length : reportCount[p];
  g.setAttribute("aria-setsize", siblings);
  g.setAttribute("aria-posinset", p < 0 ? tops.indexOf(i) + 1 : i - firstReport[p] + 1);
  g.setAttribute("aria-label", accessibleName(i));
  svgElement("title", {}, g).textContent = accessibleName(i);
  svgElement("rect", { class: "focus-ring", x: -5, y: -5, width: BOX_W + 10, height: BOX_H + 10,
    rx: 10, fill: "none", stroke: "none" }, g);
  const [fill, stroke, dash] = boxColours(i);
  const problem = hasProblem(i);
  const box = svgElement("rect", { class: "box", width: BOX_W, height: BOX_H, rx: 7, fill: fill,
    stroke: problem ? STYLE.problem : stroke, "stroke-width": problem ? 2 : 1 }, g);
  if (dash) box.setAttribute("stroke-dasharray", dash);
  if (isJobShare(i)) {
    svgElement("rect", { x: 3, y: 3, width: BOX_W - 6, height: BOX_H - 6, rx: 5, fill: "none",
      stroke: stroke, "stroke-width": 1 }, g);
    textElement(g, "JOB SHARE", BOX_W - 9, 17, 8.5, { "text-anchor": "end",
      "font-weight": "bold", fill: STYLE.dotted });
  }
  const colour = unitColour(i);
  if (colour) svgElement("rect", { x: 4, y: 1.5, width: BOX_W - 8, height: 4, rx: 2,
    fill: colour }, g);
  const family = STYLE.font;
  const titleWidth = BOX_W - (isJobShare(i) ? 78 : 20);
  const lines = fitText(titleOf(i), "bold 12.5px " + family, titleWidth, 2);
  const undescribed = flagsOf(i) & FLAG.undescribed;
  let y = 22;
  for (const line of lines) {
    textElement(g, line, 10, y, 12.5, { "font-weight": "bold",
      fill: undescribed ? STYLE.muted : STYLE.text });
    y += 15;
  }
  y += 2;
  const holders = holdersText(i);
  if (holders) {
    const vacant = isVacant(i);
    const [shown] = fitText(holders, (vacant ? "italic " : "") + "11.5px " + family, BOX_W - 20, 1);
    textElement(g, shown, 10, y, 11.5, vacant ? { "font-style": "italic",
      fill: STYLE.vacant_text } : {});
    y += 14;
  }
  let third = unitOf(i), thirdAttrs = { fill: STYLE.muted };
  if (problem) {
    third = "⚠ " + problemNote(i);
    thirdAttrs = { fill: STYLE.problem, "font-weight": "bold" };
  } else if (undescribed) {
    third = "? not described in the data";
    thirdAttrs = { fill: STYLE.muted, "font-style": "italic" };
  } else if (DATA.kind[String(i)]) {
    third = DATA.kind[String(i)];
    thirdAttrs = { fill: STYLE.muted, "font-style": "italic" };
  }
  if (third && y <= BOX_H - 6) {
    const [shown] = fitText(third, "10.5px " + family, BOX_W - 20, 1);
    textElement(g, shown, 10, Math.min(y, BOX_H - 8), 10.5, thirdAttrs);
  }
  if (reportCount[i]) {
    const toggle = svgElement("g", { class: "toggle",
      transform: `translate(${BOX_W / 2},${BOX_H + 11})` }, g);
    svgElement("title", {}, toggle).textContent =
      `${reportCount[i]} direct reports, ${belowCount[i]} posts below: click to open or close`;
    svgElement("rect", { x: -27, y: -9, width: 54, height: 18, rx: 9, fill: STYLE.paper,
      stroke: STYLE.border }, toggle);
    textElement(toggle, "", 0, 4, 10.5, { "text-anchor": "middle", fill: STYLE.muted,
      "font-weight": "bold", class: "toggle-text" });
  }
  return g;
}

function updatePost(i, g) {
  g.setAttribute("transform", `translate(${posX[i] - BOX_W / 2},${posY[i]})`);
  const classes = ["post"];
  if (i === state.selected) classes.push("selected");
  if (onPath.has(i) && i !== state.selected) classes.push("onpath");
  if (i === state.active) classes.push("active");
  g.setAttribute("class", classes.join(" "));
  g.setAttribute("aria-selected", i === state.selected ? "true" : "false");
  if (reportCount[i]) {
    g.setAttribute("aria-expanded", isOpen[i] ? "true" : "false");
    g.querySelector(".toggle-text").textContent = (isOpen[i] ? "− " : "+ ") + reportCount[i];
  }
}

/** The line from post i's manager down to it, cut to the window ``r``: lines of a chart
 * millions of pixels wide would otherwise be handed whole to the rasteriser. */
function linkPath(i, r) {
  const p = parentOf[i];
  const clampX = (x) => Math.max(r.x0, Math.min(r.x1, x));
  const inX = (x) => x >= r.x0 && x <= r.x1;
  const px = posX[p], py = posY[p] + BOX_H, mid = posY[p] + MID_Y;
  let d = inX(px) ? `M${px},${py}V${mid}` : "";
  if (stacked[i]) {
    const bus = posX[i] - BOX_W / 2 - 12, y = posY[i] + BOX_H / 2;
    if (px !== bus) d += `M${clampX(px)},${mid}H${clampX(bus)}`;
    if (inX(bus)) d += `M${bus},${mid}V${y}`;
    return d + `M${clampX(bus)},${y}H${clampX(posX[i] - BOX_W / 2)}`;
  }
  if (px !== posX[i]) d += `M${clampX(px)},${mid}H${clampX(posX[i])}`;
  return inX(posX[i]) ? d + `M${posX[i]},${mid}V${posY[i]}` : d;
}

function windowRect(margin) {
  const w = chartSvg.clientWidth || 800, h = chartSvg.clientHeight || 600;
  const m = margin / view.k;
  return { x0: -view.x / view.k - m, y0: -view.y / view.k - m,
    x1: (w - view.x) / view.k + m, y1: (h - view.y) / view.k + m };
}

function meets(r, x0, y0, x1, y1) {
  return x1 >= r.x0 && x0 <= r.x1 && y1 >= r.y0 && y0 <= r.y1;
}

function drawLines(r) {
  const plain = [], path = [], cycle = [];
  for (const i of shownPosts) {
    const p = parentOf[i];
    if (p < 0) continue;
    const left = Math.min(posX[p], posX[i] - (stacked[i] ? BOX_W / 2 + 12 : 0));
    const right = Math.max(posX[p], posX[i]);
    if (!meets(r, left, posY[p] + BOX_H, right, posY[i] + BOX_H / 2)) continue;
    const d = linkPath(i, r);
    if (flagsOf(i) & FLAG.lineInCycle) cycle.push(d);
    else if (onPath.has(i)) path.push(d);
    else plain.push(d);
  }
  linksLayer.replaceChildren();
  const width = state.detailed ? 1.3 : Math.max(1.3, 0.8 / view.k);
  svgElement("path", { d: plain.join(""), fill: "none", stroke: STYLE.line,
    "stroke-width": width }, linksLayer);
  svgElement("path", { d: path.join(""), fill: "none", stroke: STYLE.highlight,
    "stroke-width": width * 2.2, class: "path-to-top" }, linksLayer);
  svgElement("path", { d: cycle.join(""), fill: "none", stroke: STYLE.problem,
    "stroke-width": width * 2 }, linksLayer);
}

/** A dotted or problem line from post a to post b; between posts far apart, a short line
 * from each end in the window pointing at the other (a curve across millions of pixels
 * would stall the rasteriser, and nobody follows it). */
function curve(a, b, r) {
  const ax = posX[a], ay = posY[a] + BOX_H / 2, bx = posX[b], by = posY[b] + BOX_H / 2;
  const side = bx >= ax ? 1 : -1;
  const sx = ax + side * BOX_W / 2, ex = bx - side * BOX_W / 2;
  const far = 4 * Math.max(r.x1 - r.x0, r.y1 - r.y0);
  if (Math.abs(ex - sx) + Math.abs(by - ay) <= far) {
    const bend = Math.max(40, Math.abs(ex - sx) / 3);
    // the label's place: a quarter along from the report's end (the middle of a line between
    // posts one above the other tends to fall on a post between them)
    const mx = 0.421875 * sx + 0.421875 * (sx + side * bend) + 0.140625 * (ex - side * bend) +
      0.015625 * ex;
    return [`M${sx},${ay}C${sx + side * bend},${ay} ${ex - side * bend},${by} ${ex},${by}`, false,
      mx, 0.84375 * ay + 0.15625 * by];
  }
  const stub = (x, y, tx, ty) => {
    const length = Math.hypot(tx - x, ty - y) || 1, reach = 160;
    return `M${x},${y}L${x + (tx - x) / length * reach},${y + (ty - y) / length * reach}`;
  };
  let d = "";
  if (meets(r, ax - BOX_W, ay - BOX_H, ax + BOX_W, ay + BOX_H)) d += stub(sx, ay, ex, by);
  if (meets(r, bx - BOX_W, by - BOX_H, bx + BOX_W, by + BOX_H)) d += stub(ex, by, sx, ay);
  return [d, true, 0, 0];
}

function drawOverlay(r) {
  overlayLayer.replaceChildren();
  labelsLayer.replaceChildren();
  const lines = dottedLines.map((l) => [l[0], l[1], -1]).concat(problemLines);
  for (const [a, b, kind] of lines) {
    if (!laidOut[a] || !laidOut[b]) continue;
    if (!meets(r, Math.min(posX[a], posX[b]) - BOX_W, Math.min(posY[a], posY[b]),
      Math.max(posX[a], posX[b]) + BOX_W, Math.max(posY[a], posY[b]) + BOX_H)) continue;
    const problem = kind >= 0;
    // a problem line runs from the report to the manager, the arrow at the manager
    const [d, cut, mx, my] = problem ? curve(b, a, r) : curve(a, b, r);
    if (!d) continue;
    const line = svgElement("path", { d: d, fill: "none",
      stroke: problem ? STYLE.problem : STYLE.dotted, "stroke-width": problem ? 2.4 : 2,
      class: problem ? "problem-line" : "dotted-line" }, overlayLayer);
    if (problem) line.setAttribute("marker-end", "url(#arrow-problem)");
    else line.setAttribute("stroke-dasharray", "7 5");
    const text = problem ? (kind === 1 ? "closes a cycle" : "2nd manager") : "dotted line";
    svgElement("title", {}, line).textContent = problem
      ? `${titleOf(b)} reports to ${titleOf(a)} (${text})`
      : `${titleOf(b)} has a dotted line to ${titleOf(a)}`;
    if (cut) line.setAttribute("class", line.getAttribute("class") + " cut");
    if (problem && state.detailed && !cut) {
      textElement(labelsLayer, text, mx, my - 4, 10, { "text-anchor": "middle",
        fill: STYLE.problem, "font-weight": "bold", stroke: STYLE.paper, "stroke-width": 3,
        "paint-order": "stroke" });
    }
  }
}

function drawBlocks(inView) {
  const byColour = new Map();
  const marked = [];
  for (const i of inView) {
    const colour = isVacant(i) ? STYLE.vacant_text : (hasProblem(i) ? STYLE.problem
      : unitColour(i) || STYLE.line);
    const d = `M${posX[i] - BOX_W / 2},${posY[i]}h${BOX_W}v${BOX_H}h${-BOX_W}z`;
    if (!byColour.has(colour)) byColour.set(colour, []);
    byColour.get(colour).push(d);
    if (onPath.has(i)) marked.push(d);
  }
  for (const [colour, parts] of byColour) {
    svgElement("path", { d: parts.join(""), fill: colour, "fill-opacity": 0.55,
      class: "blocks" }, postsLayer);
  }
  svgElement("path", { d: marked.join(""), fill: "none", stroke: STYLE.highlight,
    "stroke-width": 3 / view.k }, postsLayer);
}

/** Draws the window now (use ``scheduleDraw`` to draw once per frame). */
function drawNow() {
  drawPending = false;
  const started = performance.now();
  viewportLayer.setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`);
  const r = windowRect(60);
  const inView = [];
  for (const i of shownPosts) {
    if (meets(r, posX[i] - BOX_W / 2, posY[i], posX[i] + BOX_W / 2, posY[i] + BOX_H + 10)) {
      inView.push(i);
    }
  }
  state.inView = inView;
  state.detailed = view.k >= DETAIL_ZOOM && inView.length <= MAX_DETAILED;
  drawLines(r);
  drawOverlay(r);
  if (state.detailed) {
    for (const child of Array.from(postsLayer.children)) {
      if (!child.classList.contains("post")) child.remove();
    }
    const keep = new Set(inView);
    for (const [i, g] of drawnPosts) {
      if (!keep.has(i)) { g.remove(); drawnPosts.delete(i); }
    }
    for (const i of inView) {
      let g = drawnPosts.get(i);
      if (!g) { g = makePost(i); drawnPosts.set(i, g); postsLayer.appendChild(g); }
      updatePost(i, g);
    }
  } else {
    postsLayer.replaceChildren();
    drawnPosts.clear();
    drawBlocks(inView);
  }
  if (drawnPosts.has(state.active)) {
    chartSvg.setAttribute("aria-activedescendant", "post-" + state.active);
  } else {
    chartSvg.removeAttribute("aria-activedescendant");
  }
  timings.drawMs = performance.now() - started;
}

function scheduleDraw() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(drawNow);
}
