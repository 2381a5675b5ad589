// ---- chart.js: zoom and pan, pointer and keys, downloads, and start-up ----
const MIN_ZOOM = 0.03, MAX_ZOOM = 2.5;

function zoomAt(factor, sx, sy) {
  const k = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, view.k * factor));
  view.x = sx - (sx - view.x) * (k / view.k);
  view.y = sy - (sy - view.y) * (k / view.k);
  view.k = k;
  scheduleDraw();
}

function zoomCentre(factor) {
  zoomAt(factor, chartSvg.clientWidth / 2, chartSvg.clientHeight / 2);
}

/** Fits the open posts in the window (never larger than life). */
function fitChart() {
  const w = chartSvg.clientWidth || 800, h = chartSvg.clientHeight || 600, pad = 30;
  const cw = chartBounds.x1 - chartBounds.x0, ch = chartBounds.y1 - chartBounds.y0 + 20;
  const k = Math.min(1, (w - 2 * pad) / cw, (h - 2 * pad) / ch);
  view.k = Math.max(MIN_ZOOM, k);
  view.x = (w - cw * view.k) / 2 - chartBounds.x0 * view.k;
  view.y = pad - chartBounds.y0 * view.k;
  // too big to fit even zoomed right out: the top of the chart, around the selected or top post
  const focus = state.selected >= 0 ? state.selected : tops[0];
  if (k < MIN_ZOOM && focus !== undefined) view.x = w / 2 - posX[focus] * view.k;
  scheduleDraw();
}

/** Puts post i in the middle of the window (its top third), at least at ``zoom``. */
function centreOn(i, zoom) {
  const w = chartSvg.clientWidth || 800, h = chartSvg.clientHeight || 600;
  if (zoom) view.k = Math.max(view.k, zoom);
  view.x = w / 2 - posX[i] * view.k;
  view.y = h / 3 - (posY[i] + BOX_H / 2) * view.k;
  scheduleDraw();
}

/** Pans just enough to bring post i into the window. */
function bringIntoView(i) {
  const w = chartSvg.clientWidth || 800, h = chartSvg.clientHeight || 600, pad = 40;
  const x0 = (posX[i] - BOX_W / 2) * view.k + view.x, x1 = x0 + BOX_W * view.k;
  const y0 = posY[i] * view.k + view.y, y1 = y0 + (BOX_H + 12) * view.k;
  if (x0 < pad) view.x += pad - x0;
  else if (x1 > w - pad) view.x -= x1 - (w - pad);
  if (y0 < pad) view.y += pad - y0;
  else if (y1 > h - pad) view.y -= y1 - (h - pad);
  scheduleDraw();
}

/** Lays out again, keeping post ``anchor`` where it is on screen. */
function relayout(anchor) {
  const before = anchor >= 0 && laidOut[anchor] ? [posX[anchor], posY[anchor]] : null;
  layoutChart();
  if (before && laidOut[anchor]) {
    view.x += (before[0] - posX[anchor]) * view.k;
    view.y += (before[1] - posY[anchor]) * view.k;
  }
  scheduleDraw();
}

function togglePost(i) {
  if (!reportCount[i]) return;
  isOpen[i] = isOpen[i] ? 0 : 1;
  relayout(i);
  statusLine.textContent = `${titleOf(i)}: ${isOpen[i] ? "opened" : "closed"} (${reportCount[i]} direct reports)`;
}

function selectPost(i) {
  state.selected = i;
  onPath.clear();
  if (i >= 0) {
    for (const p of pathToTop(i)) onPath.add(p);
    showDetails(i);
  } else {
    detailsPanel.replaceChildren(htmlElement("p", "Select a post to see its details.", null,
      "empty"));
  }
  scheduleDraw();
}

function setActive(i, reveal) {
  if (i < 0 || i >= COUNT) return;
  state.active = i;
  if (reveal) bringIntoView(i);
  scheduleDraw();
}

/** Opens the way to post i, shows it in the middle, selects it (its path to the top marked). */
function revealPost(i, focusChart) {
  openPathTo(i);
  layoutChart();
  centreOn(i, 0.8);
  setActive(i, false);
  selectPost(i);
  if (focusChart) chartSvg.focus({ preventScroll: true });
}

function postAt(target) {
  const g = target && target.closest ? target.closest(".post") : null;
  return g ? Number(g.getAttribute("data-post")) : -1;
}

/** The post under a point of the window when blocks are drawn (zoomed far out). */
function blockAt(sx, sy) {
  const x = (sx - view.x) / view.k, y = (sy - view.y) / view.k;
  for (const i of state.inView) {
    if (Math.abs(x - posX[i]) <= BOX_W / 2 && y >= posY[i] && y <= posY[i] + BOX_H) return i;
  }
  return -1;
}

// ---- pointer: drag to pan, click a post to select it, click its +/− to open or close it ----
let press = null;
chartSvg.addEventListener("pointerdown", (event) => {
  if (event.button !== 0) return;
  press = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, target: event.target,
    moved: false, id: event.pointerId };
  chartSvg.setPointerCapture(event.pointerId);
});
chartSvg.addEventListener("pointermove", (event) => {
  if (!press) return;
  const dx = event.clientX - press.x, dy = event.clientY - press.y;
  if (!press.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
  press.moved = true;
  chartSvg.classList.add("panning");
  view.x = press.vx + dx;
  view.y = press.vy + dy;
  scheduleDraw();
});
chartSvg.addEventListener("pointerup", (event) => {
  if (!press) return;
  const { target, moved } = press;
  press = null;
  chartSvg.classList.remove("panning");
  if (moved) return;
  const rect = chartSvg.getBoundingClientRect();
  let i = postAt(target);
  if (i < 0 && !state.detailed) {
    i = blockAt(event.clientX - rect.left, event.clientY - rect.top);
    if (i >= 0) { setActive(i, false); selectPost(i); centreOn(i, 0.8); }
    return;
  }
  if (i < 0) return;
  setActive(i, false);
  if (target.closest(".toggle")) togglePost(i);
  else selectPost(i);
});
chartSvg.addEventListener("pointercancel", () => { press = null; });
chartSvg.addEventListener("wheel", (event) => {
  event.preventDefault();
  const rect = chartSvg.getBoundingClientRect();
  const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
  zoomAt(Math.exp(-delta * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
}, { passive: false });

// ---- keys: the chart is one tab stop; arrows move among posts (aria-activedescendant) ----
chartSvg.addEventListener("keydown", (event) => {
  const i = state.active;
  if (i < 0) return;
  const p = parentOf[i];
  const siblings = p < 0 ? tops : null;
  const step = (d) => {
    if (siblings) {
      const n = siblings.indexOf(i) + d;
      return n >= 0 && n < siblings.length ? siblings[n] : -1;
    }
    const j = i + d;
    return j >= firstReport[p] && j < firstReport[p] + reportCount[p] ? j : -1;
  };
  let handled = true;
  switch (event.key) {
    case "ArrowUp": if (p >= 0) setActive(p, true); break;
    case "ArrowDown":
      if (reportCount[i]) {
        if (!isOpen[i]) togglePost(i);
        setActive(firstReport[i], true);
      }
      break;
    case "ArrowLeft": if (step(-1) >= 0) setActive(step(-1), true); break;
    case "ArrowRight": if (step(1) >= 0) setActive(step(1), true); break;
    case "Enter": selectPost(i); break;
    case "Escape": selectPost(-1); break;
    case " ": case "Spacebar": togglePost(i); setActive(i, true); break;
    case "Home": setActive(tops[0], true); break;
    case "+": case "=": zoomCentre(1.25); break;
    case "-": case "_": zoomCentre(0.8); break;
    case "0": fitChart(); break;
    default: handled = false;
  }
  if (handled) event.preventDefault();
});
chartSvg.addEventListener("focus", () => {
  if (!(state.active >= 0 && laidOut[state.active]) && tops.length) setActive(tops[0], false);
});
document.addEventListener("keydown", (event) => {
  const typing = event.target instanceof HTMLInputElement;
  if (event.key === "/" && !typing) {
    event.preventDefault();
    searchInput.focus();
    searchInput.select();
  }
});

// ---- downloads: what is in the window, as SVG or PNG ----
const EXPORT_STYLE = ".post.onpath .box{stroke:" + STYLE.highlight + ";stroke-width:2.5}" +
  ".post.selected .box{stroke:" + STYLE.highlight + ";stroke-width:3.5}";

/** The window's picture as a standalone SVG document (text). */
function windowSvg() {
  const w = chartSvg.clientWidth || 800, h = chartSvg.clientHeight || 600;
  const out = svgElement("svg", { xmlns: SVGNS, width: w, height: h, viewBox: `0 0 ${w} ${h}`,
    "font-family": STYLE.font });
  svgElement("style", {}, out).textContent = EXPORT_STYLE;
  out.appendChild(chartSvg.querySelector("defs").cloneNode(true));
  svgElement("rect", { width: w, height: h, fill: STYLE.paper }, out);
  const picture = viewportLayer.cloneNode(true);
  for (const node of picture.querySelectorAll("[tabindex],[role]")) {
    node.removeAttribute("tabindex");
    node.removeAttribute("role");
  }
  for (const node of picture.querySelectorAll(".active")) node.classList.remove("active");
  out.appendChild(picture);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out);
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = htmlElement("a", null, document.body);
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => { URL.revokeObjectURL(url); link.remove(); }, 2000);
}

function fileName(suffix) {
  const base = String(DATA.name || "org-chart").replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "").slice(0, 60);
  return (base || "org-chart") + suffix;
}

function downloadSvg() {
  download(new Blob([windowSvg()], { type: "image/svg+xml" }), fileName(".svg"));
}

function downloadPng() {
  const text = windowSvg();
  const image = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  image.onload = () => {
    const scale = 2, canvas = document.createElement("canvas");
    canvas.width = image.width * scale;
    canvas.height = image.height * scale;
    const context = canvas.getContext("2d");
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    URL.revokeObjectURL(url);
    canvas.toBlob((blob) => { if (blob) download(blob, fileName(".png")); }, "image/png");
  };
  image.onerror = () => { URL.revokeObjectURL(url); statusLine.textContent = "PNG failed"; };
  image.src = url;
}

// ---- toolbar ----
function onClick(id, action) { document.getElementById(id).addEventListener("click", action); }
onClick("zoom-in", () => zoomCentre(1.25));
onClick("zoom-out", () => zoomCentre(0.8));
onClick("fit", fitChart);
onClick("top", () => { if (tops.length) { setActive(tops[0], false); centreOn(tops[0], 0.8); } });
onClick("open-level", () => {
  let highest = Infinity;  // the highest level with a closed team among the posts laid out
  for (const i of shownPosts) if (reportCount[i] && !isOpen[i]) highest = Math.min(highest, levelOf[i]);
  if (highest === Infinity) return;
  for (const i of shownPosts) if (levelOf[i] === highest && reportCount[i]) isOpen[i] = 1;
  relayout(state.selected >= 0 ? state.selected : tops[0]);
});
onClick("close-all", () => {
  isOpen.fill(0);
  for (const t of tops) isOpen[t] = 1;
  layoutChart();
  fitChart();
});
onClick("download-svg", downloadSvg);
onClick("download-png", downloadPng);
for (const [button, panel] of [["toggle-key", "key"], ["toggle-help", "help"]]) {
  onClick(button, () => {
    const node = document.getElementById(panel);
    node.hidden = !node.hidden;
    document.getElementById(button).setAttribute("aria-expanded", node.hidden ? "false" : "true");
  });
}
window.addEventListener("resize", scheduleDraw);

// ---- start: lay out the open levels, show them, and say when the chart is on screen ----
buildKey();
layoutChart();
const fitsWell = (chartBounds.x1 - chartBounds.x0) * 0.45 < (chartSvg.clientWidth || 800);
if (fitsWell) fitChart();
else if (tops.length) centreOn(tops[0], 0.8);
drawNow();
requestAnimationFrame(() => performance.mark("pmograph-chart-drawn"));
/** For tests and benchmarks: the chart's actions by post number, and its timings. */
window.pmographChart = Object.freeze({
  count: COUNT, timings: timings, find: (text) => findPosts(text).hits,
  toggle: togglePost, reveal: (i) => revealPost(i, false), select: selectPost,
  openBelow: (i) => { setBelow(i, 1); relayout(i); }, windowSvg: windowSvg,
  shown: () => shownPosts.length, drawn: () => state.inView.length,
  positions: () => Array.from(shownPosts, (i) => [i, posX[i], posY[i]]),
  box: [BOX_W, BOX_H],
  title: titleOf,
});
