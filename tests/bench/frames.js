// One scroll pass over the timeline, measured frame by frame; run by tests/bench/frames.rs. See
// bench/README.md for why a frame's time is its work and not the rAF delta.
//
// arguments[0] = { from: [x, y], to: [x, y], frames }: the scroll position, as fractions of the
// scrollable width and height, at the first and last frame. Returns at once; the result appears
// in window.__innkeepFrames when the pass is over.
const spec = arguments[0];
const box = document.querySelector("[data-testid='timeline']");
if (!box) throw new Error("no timeline scroller on screen");
window.__innkeepFrames = null;
// The timeline paints from its own requestAnimationFrame callback, scheduled by its scroll
// handler. Those callbacks are held here and run inside the measured block of the same frame,
// so the block spans the redraw and the style and layout it causes, and nothing else.
const original = window.requestAnimationFrame;
const real = original.bind(window);
let held = [];
window.requestAnimationFrame = (cb) => {
  held.push(cb);
  return held.length;
};
const maxLeft = box.scrollWidth - box.clientWidth;
const maxTop = box.scrollHeight - box.clientHeight;
const at = (k) => {
  const f = k / spec.frames;
  return [
    Math.round((spec.from[0] + (spec.to[0] - spec.from[0]) * f) * maxLeft),
    Math.round((spec.from[1] + (spec.to[1] - spec.from[1]) * f) * maxTop),
  ];
};
const out = { work: [], redraw: [], delta: [], paints: [], mutations: [], nodes: 0, maxLeft, maxTop };
const observer = new MutationObserver(() => {});
observer.observe(box, { subtree: true, childList: true, attributes: true, characterData: true });
let k = 0;
let last = 0;
const step = (ts) => {
  const t0 = performance.now();
  const run = held;
  held = [];
  for (const cb of run) cb(ts);
  const tm = performance.now();
  // Reading geometry makes WebKit finish style and layout now, inside the measured block.
  box.firstElementChild?.getBoundingClientRect();
  const t1 = performance.now();
  const touched = observer.takeRecords().length;
  // Frame k draws scroll position k. Frame 0 also holds whatever was pending before the pass.
  if (k > 0) {
    out.work.push(t1 - t0);
    out.redraw.push(tm - t0);
    out.delta.push(ts - last);
    out.paints.push(run.length);
    out.mutations.push(touched);
  }
  last = ts;
  if (k >= spec.frames) {
    observer.disconnect();
    window.requestAnimationFrame = original;
    for (const cb of held) original.call(window, cb);
    out.nodes = box.querySelectorAll("*").length;
    window.__innkeepFrames = out;
    return;
  }
  k++;
  const [x, y] = at(k);
  box.scrollLeft = x;
  box.scrollTop = y;
  real(step);
};
const [x0, y0] = at(0);
box.scrollLeft = x0;
box.scrollTop = y0;
real(step);
