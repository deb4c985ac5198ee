// `npm start`: installs what is missing, starts the private RabbitMQ node, the feeder that
// publishes the demo's live data (scripts/feeder.mjs) and the dev server, and prints the URL.
// Ctrl-C stops all three. `startDemo()` is the same for scripts (npm run screenshots).
import { createServer } from 'node:net';
import { ensureNodeModules, ensureSystemPackages } from './ensure-system.mjs';
import { TERMINATION_SIGNALS, isMain } from './shared.mjs';

const root = new URL('..', import.meta.url).pathname;

/** Resolves true when nothing listens on the port yet. */
function portFree(port) {
  return new Promise((resolve) => {
    const probe = createServer().once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** True when the demo answers on that port (another `npm start`). */
export async function demoRunning(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/demo/index.html?view=source`, { signal: AbortSignal.timeout(2000) });
    return res.ok && (await res.text()).includes('<stomp-connection id="demo"');
  } catch {
    return false;
  }
}

/**
 * Starts broker, feeder and dev server on `port`. Resolves with { url, stop() } once all are up;
 * stop() stops what was started (a broker that was already running is left alone).
 */
export async function startDemo({ port = Number(process.env.DEMO_PORT ?? 8000), log = console.error } = {}) {
  if (!(await portFree(port))) {
    const why = (await demoRunning(port))
      ? `The demo is already running at http://localhost:${port}/demo/ (another \`npm start\`): open it, or stop that one with Ctrl-C.`
      : `Port ${port} is in use by another program. Choose another port for the demo: DEMO_PORT=8080 npm start`;
    throw Object.assign(new Error(why), { code: 'DEMO_PORT_TAKEN' });
  }
  await ensureSystemPackages({ need: ['rabbitmq'] });
  await ensureNodeModules(root);
  const { brokerConfig, startBroker, stopBroker } = await import('./broker.mjs');
  const { startFeeder } = await import('./feeder.mjs');
  const { startDevServer } = await import('@web/dev-server');
  const { default: config } = await import('../web-dev-server.config.mjs');

  const started = [];
  const stop = async () => {
    for (const s of started.reverse()) await s().catch((err) => log(err.message));
    started.length = 0;
  };
  try {
    // The dev server starts while the broker boots; the page is usable once both are up.
    const serving = startDevServer({
      config: { ...config, rootDir: root, port, open: false, watch: false },
      readCliArgs: false,
      readFileConfig: false,
      logStartMessage: false,
      autoExitProcess: false, // its own SIGINT handler would exit before the broker has stopped
    });
    const booting = startBroker();
    const [, broker] = await Promise.allSettled([serving, booting]).then((results) => {
      if (results[0].status === 'fulfilled') started.push(() => results[0].value.stop());
      if (results[1].status === 'fulfilled') started.push(() => stopBroker(results[1].value));
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      return results.map((r) => r.value);
    });
    const feeder = await startFeeder({ ...brokerConfig(broker), log: (m) => log(`[feeder] ${m}`) });
    started.push(() => feeder.stop());
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://localhost:${port}/demo/`, stop };
}

async function main() {
  const t0 = performance.now();
  let demo;
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal ?? 'Stop'}: stopping the feeder, the dev server and the broker…`);
    if (demo) await demo.stop();
    else await (await import('./broker.mjs')).stopOwnedBrokers(); // interrupted during start-up
    process.exit(0);
  };
  // Registered before starting: a Ctrl-C during start-up stops what has started so far.
  for (const signal of TERMINATION_SIGNALS) process.on(signal, () => stop(signal));
  demo = await startDemo();
  if (stopping) return demo.stop();
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`\n  Demo: ${demo.url}   (ready in ${seconds} s; Ctrl-C stops the demo, the feeder and the broker)\n`);
}

if (isMain(import.meta.url)) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
