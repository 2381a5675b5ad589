// ---- data.js: the embedded organisation, as columns (see pmograph/_render/html_data.py) ----
// Posts come in breadth-first order of the layout tree, so the reports of a post are one
// contiguous run: firstReport[i] .. firstReport[i] + reportCount[i] - 1.  A parent index that
// does not point backwards would be a broken file: that post is treated as a top post, so
// nothing here can loop.
performance.mark("pmograph-script-start");
const DATA = JSON.parse(document.getElementById("pmograph-data").textContent);
const COUNT = DATA.count | 0;
const STYLE = DATA.style;
const FLAG = { vacant: 1, undescribed: 2, cycle: 4, twoManagers: 8, lineInCycle: 16 };
const parentOf = new Int32Array(COUNT);
const firstReport = new Int32Array(COUNT).fill(-1);
const reportCount = new Int32Array(COUNT);
const levelOf = new Int32Array(COUNT);
const belowCount = new Int32Array(COUNT);
const tops = [];
for (let i = 0; i < COUNT; i++) {
  let p = DATA.parent[i];
  if (!(p >= 0 && p < i)) p = -1;
  parentOf[i] = p;
  if (p < 0) {
    tops.push(i);
    continue;
  }
  if (firstReport[p] < 0 || firstReport[p] + reportCount[p] !== i) {
    if (firstReport[p] >= 0) { parentOf[i] = -1; tops.push(i); continue; }  // not contiguous
    firstReport[p] = i;
  }
  reportCount[p]++;
  levelOf[i] = levelOf[p] + 1;
}
for (let i = COUNT - 1; i >= 0; i--) {
  if (parentOf[i] >= 0) belowCount[parentOf[i]] += belowCount[i] + 1;
}
performance.mark("pmograph-data-ready");

function titleOf(i) { return DATA.title[i]; }
function holdersOf(i) { return DATA.holders[i] || []; }
function unitOf(i) { const u = DATA.unit[i]; return u >= 0 ? DATA.units[u] : ""; }
function unitColour(i) { const u = DATA.unit[i]; return u >= 0 ? DATA.unit_colours[u] : ""; }
function roleOf(i) { const r = DATA.role[i]; return r >= 0 ? DATA.roles[r] : ""; }
function iriOf(i) { const n = DATA.ns[i]; return (n >= 0 ? DATA.namespaces[n] : "") + DATA.local[i]; }
function flagsOf(i) { return DATA.flags[i] | 0; }
function fteOf(i) { const f = DATA.fte[String(i)]; return f === undefined ? null : f; }
function isVacant(i) { return (flagsOf(i) & FLAG.vacant) !== 0; }
function isJobShare(i) { return holdersOf(i).length > 1; }
function hasProblem(i) { return (flagsOf(i) & (FLAG.cycle | FLAG.twoManagers)) !== 0; }

// Lines drawn over the tree: [superior, subordinate] pairs (and the kind of a problem line).
const dottedLines = [];
for (let k = 0; k + 1 < DATA.dotted.length; k += 2) {
  const a = DATA.dotted[k], b = DATA.dotted[k + 1];
  if (a >= 0 && a < COUNT && b >= 0 && b < COUNT) dottedLines.push([a, b]);
}
const problemLines = [];
for (let k = 0; k + 2 < DATA.extra.length; k += 3) {
  const a = DATA.extra[k], b = DATA.extra[k + 1];
  if (a >= 0 && a < COUNT && b >= 0 && b < COUNT) problemLines.push([a, b, DATA.extra[k + 2]]);
}

/** Who holds post i, in words ("Vacant", "3 FTE", "Ana and Ben"). */
function holdersText(i) {
  const names = holdersOf(i);
  const fte = fteOf(i);
  if (!names.length && fte !== null) return fte + " FTE";
  if (isVacant(i)) return "Vacant";
  if (names.length > 1) return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  return names.join("");
}

/** The path from post i up to its top post, i first. */
function pathToTop(i) {
  const path = [];
  for (let p = i; p >= 0; p = parentOf[p]) path.push(p);
  return path;
}

/** Text folded for matching: compatibility forms, case (as pmograph resolves names). */
function fold(text) {
  return String(text).normalize("NFKC").toLowerCase();
}
