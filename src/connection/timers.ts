// Timers a background tab does not stretch: Chrome throttles a hidden tab's chained timers to
// once a minute, but not a Worker's. One Worker, made from a Blob, runs the kit's timeouts while
// any is pending; where none can be made (a Content-Security-Policy without `worker-src blob:`,
// no Worker at all) plain timers do, and heartbeats fall back to stompjs's setInterval.

let worker: Worker | null | undefined;
let seq = 0;
const pending = new Map<number, () => void>();

function timerWorker(): Worker | null {
  if (worker === undefined) {
    try {
      const url = URL.createObjectURL(new Blob(['onmessage=e=>setTimeout(()=>postMessage(e.data[0]),e.data[1])'], { type: 'text/javascript' }));
      worker = new Worker(url);
      URL.revokeObjectURL(url);
      worker.onmessage = (e) => {
        const fn = pending.get(e.data);
        pending.delete(e.data);
        idle();
        fn?.();
      };
    } catch {
      worker = null;
    }
  }
  return worker;
}

let reap: ReturnType<typeof setTimeout> | undefined;

/**
 * Nothing pending: the Worker goes 10 s later, unless a timer comes first (making one costs
 * milliseconds, too much for every request's timeout).
 */
function idle(): void {
  clearTimeout(reap);
  reap = setTimeout(() => {
    if (pending.size) return;
    worker?.terminate();
    worker = undefined;
  }, 10000);
}

/** True where a Worker can be made (checked once, the first time). */
export function workersAllowed(): boolean {
  const allowed = !!timerWorker();
  idle();
  return allowed;
}

/** Calls `fn` after `ms`, unthrottled in a hidden tab where a Worker can run it. Returns the cancel function. */
export function later(fn: () => void, ms: number): () => void {
  const w = timerWorker();
  if (!w) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  }
  const id = ++seq;
  pending.set(id, fn);
  w.postMessage([id, ms]);
  return () => {
    pending.delete(id);
    idle();
  };
}
