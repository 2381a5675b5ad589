// ---- layout.js: a tidy tree of the open posts, laid out again on each open or close ----
// Only posts whose managers are all open are laid out.  Each subtree keeps its outline (the
// left and right edge of every level below it); siblings are pushed right until their outlines
// clear each other, and a manager sits centred over its reports (Reingold-Tilford, at the cost
// of the subtree heights, small for organisations).  Three or more reports with no reports of
// their own are stacked in columns beside their manager's other reports, as the static chart
// stacks them, so a span of 500 is a block, not a row 100,000 pixels long.
const BOX_W = 200, BOX_H = 76, GAP_X = 18, GAP_TOPS = 48, LEVEL_H = BOX_H + 62;
const STACK_MIN = 2, STACK_DX = BOX_W + 26, STACK_DY = BOX_H + 14, STACK_INDENT = 24;
const isOpen = new Uint8Array(COUNT);
const posX = new Float64Array(COUNT), posY = new Float64Array(COUNT);
const relX = new Float64Array(COUNT), relY = new Float64Array(COUNT);
const stacked = new Uint8Array(COUNT);
const laidOut = new Uint8Array(COUNT);
const outlineL = new Array(COUNT), outlineR = new Array(COUNT);
let shownPosts = new Int32Array(0);
const chartBounds = { x0: 0, y0: 0, x1: 0, y1: 0 };
const timings = { layoutMs: 0, drawMs: 0, laidOut: 0 };

for (let i = 0; i < COUNT; i++) isOpen[i] = levelOf[i] < DATA.open ? 1 : 0;

/** Places outlines side by side, left to right; returns each item's offset. */
class Row {
  constructor(gap) { this.left = null; this.right = null; this.gap = gap; }
  place(left, right) {
    if (this.left === null) {
      this.left = left.slice();
      this.right = right.slice();
      return 0;
    }
    const common = Math.min(this.right.length, left.length);
    let shift = -Infinity;
    for (let l = 0; l < common; l++) {
      const need = this.right[l] - left[l] + (l ? this.gap + 6 : this.gap);
      if (need > shift) shift = need;
    }
    for (let l = 0; l < left.length; l++) {
      if (l < this.right.length) {
        this.right[l] = shift + right[l];
      } else {
        this.left.push(shift + left[l]);
        this.right.push(shift + right[l]);
      }
    }
    return shift;
  }
}

function isLeaf(i) { return reportCount[i] === 0; }

/** Lays out post i's open reports (their outlines are known) and records its own outline. */
function layoutPost(i) {
  const half = BOX_W / 2;
  if (!isOpen[i] || !reportCount[i]) {
    outlineL[i] = [-half];
    outlineR[i] = [half];
    return;
  }
  const first = firstReport[i], end = first + reportCount[i];
  let leaves = 0;
  for (let c = first; c < end; c++) if (isLeaf(c)) leaves++;
  const stack = leaves >= STACK_MIN;
  const row = new Row(GAP_X);
  let firstAnchor = null, lastAnchor = 0;
  for (let c = first; c < end; c++) {
    if (stack && isLeaf(c)) continue;
    const offset = row.place(outlineL[c], outlineR[c]);
    outlineL[c] = outlineR[c] = undefined;
    relX[c] = offset;
    relY[c] = LEVEL_H;
    stacked[c] = 0;
    if (firstAnchor === null) firstAnchor = offset;
    lastAnchor = offset;
  }
  let blockAt = 0, columns = 1, rows = 1, width = 0;
  if (stack) {
    columns = Math.max(1, Math.round(Math.sqrt(leaves * STACK_DY / STACK_DX)));
    rows = Math.ceil(leaves / columns);
    columns = Math.ceil(leaves / rows);
    width = STACK_INDENT + columns * STACK_DX - (STACK_DX - BOX_W);
    const height = rows * STACK_DY - (STACK_DY - BOX_H) + 24;
    const levels = Math.max(1, Math.ceil(height / LEVEL_H));
    blockAt = row.place(new Array(levels).fill(-width / 2), new Array(levels).fill(width / 2));
    if (firstAnchor === null) firstAnchor = blockAt;
    lastAnchor = blockAt;
  }
  const middle = (firstAnchor + lastAnchor) / 2;
  let k = 0;
  for (let c = first; c < end; c++) {
    if (stack && isLeaf(c)) {
      const column = Math.floor(k / rows), line = k % rows;
      k++;
      relX[c] = blockAt - middle - width / 2 + STACK_INDENT + column * STACK_DX + half;
      relY[c] = LEVEL_H + line * STACK_DY;
      stacked[c] = 1;
      outlineL[c] = outlineR[c] = undefined;
    } else {
      relX[c] -= middle;
    }
  }
  const left = [-half], right = [half];
  for (let l = 0; l < row.left.length; l++) {
    left.push(row.left[l] - middle);
    right.push(row.right[l] - middle);
  }
  outlineL[i] = left;
  outlineR[i] = right;
}

/** Lays out every open post again; returns the milliseconds it took. */
function layoutChart() {
  const started = performance.now();
  const order = [];
  laidOut.fill(0);
  const pending = tops.slice().reverse();
  while (pending.length) {
    const i = pending.pop();
    order.push(i);
    laidOut[i] = 1;
    if (isOpen[i] && reportCount[i]) {
      for (let c = firstReport[i] + reportCount[i] - 1; c >= firstReport[i]; c--) pending.push(c);
    }
  }
  for (let k = order.length - 1; k >= 0; k--) layoutPost(order[k]);
  const forest = new Row(GAP_TOPS);
  for (const t of tops) {
    relX[t] = forest.place(outlineL[t], outlineR[t]);
    relY[t] = 0;
    outlineL[t] = outlineR[t] = undefined;
  }
  const b = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (const i of order) {
    const p = parentOf[i];
    posX[i] = p < 0 ? relX[i] : posX[p] + relX[i];
    posY[i] = p < 0 ? 0 : posY[p] + relY[i];
    if (posX[i] - BOX_W / 2 < b.x0) b.x0 = posX[i] - BOX_W / 2;
    if (posX[i] + BOX_W / 2 > b.x1) b.x1 = posX[i] + BOX_W / 2;
    if (posY[i] < b.y0) b.y0 = posY[i];
    if (posY[i] + BOX_H > b.y1) b.y1 = posY[i] + BOX_H;
  }
  Object.assign(chartBounds, b);
  shownPosts = Int32Array.from(order);
  timings.layoutMs = performance.now() - started;
  timings.laidOut = order.length;
  return timings.layoutMs;
}

/** Opens every manager above post i, so it is laid out. */
function openPathTo(i) {
  for (let p = parentOf[i]; p >= 0; p = parentOf[p]) isOpen[p] = 1;
}

/** Opens (open = 1) or closes (0) post i and everything below it. */
function setBelow(i, open) {
  const pending = [i];  // posts below i are not contiguous in breadth-first order: walk them
  while (pending.length) {
    const p = pending.pop();
    if (reportCount[p]) {
      isOpen[p] = open;
      for (let c = firstReport[p]; c < firstReport[p] + reportCount[p]; c++) pending.push(c);
    }
  }
}
