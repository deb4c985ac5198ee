// `npm test`: installs what is missing (rabbitmq-server, chromium, nginx, openssl through apt-get,
// npm packages through npm ci), type-checks, checks the manifest, builds the package and checks its size, types
// and contents, then runs the browser suite against a private RabbitMQ node that it starts and
// stops, and after it, on the same node, test/lifecycle/ (hidden, frozen and bfcache-restored tabs,
// which web-test-runner cannot make: Node's test runner with puppeteer-core). Last, the compatibility
// suite (test/compat/, which ran against RabbitMQ with the rest) runs again against a private ActiveMQ
// Classic (scripts/activemq.mjs, its packages installed when missing) that it starts and stops:
// web-test-runner.activemq.config.mjs. Extra arguments go to the RabbitMQ run of web-test-runner.
import { ensureNodeModules, ensureSystemPackages } from './ensure-system.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => `${root}node_modules/.bin/${name}`;

async function main() {
  // One apt-get update and install for everything, ActiveMQ's packages (the compatibility run) included.
  await ensureSystemPackages({ need: ['rabbitmq', 'chromium', 'nginx', 'openssl', 'activemq', 'websockify', 'javac'] });
  await ensureNodeModules(root);
  const { execa } = await import('execa'); // installed by now
  /** Runs a command with inherited output; rejects (with `exitCode`) when it fails. */
  const run = (cmd, args) => execa(cmd, args, { cwd: root, stdio: 'inherit' });
  await run(bin('tsc'), ['-p', 'test/tsconfig.json']);
  await run(process.execPath, ['scripts/check-manifest.mjs']);
  // The package as published: build, size budget, a consumer type-checked against the .d.ts, contents.
  await run(bin('tsc'), ['-p', 'tsconfig.json']);
  await run(bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
  await run(process.execPath, ['scripts/vue-types.mjs']);
  await run(process.execPath, ['scripts/svelte-types.mjs']);
  await run(process.execPath, ['scripts/react-types.mjs']);
  await run(process.execPath, ['scripts/size.mjs']);
  await run(bin('tsc'), ['-p', 'test/types']);
  await run(process.execPath, ['scripts/check-package.mjs']);
  await run(process.execPath, ['scripts/examples.mjs']); // the Vue, Angular, Svelte and React apps that test/frameworks/ load
  // No DOM, no broker: the kit imported in plain Node, and the React app rendered on the server.
  await run(process.execPath, ['--test', 'test/ssr/']);
  const { startBroker, stopBroker } = await import('./broker.mjs');
  let broker = await startBroker();
  // Also what an interrupted run of test/cluster.test.ts or test/tls.test.ts left running.
  const { stopLeftovers } = await import('../test/server/reliability.mjs');
  const stop = () => Promise.all([stopBroker(broker), stopLeftovers()]);
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => stop().finally(() => process.exit(130)));
  try {
    await run(bin('wtr'), ['--config', 'web-test-runner.config.mjs', ...process.argv.slice(2)]);
    // test/faults.test.ts restarts the node from web-test-runner's process, and that node ends with
    // it: make sure one runs (again, on its data) for the lifecycle suite.
    const again = await startBroker({ fresh: false });
    if (!again.reused) broker = again; // a reused node is the one we started: stop that handle
    await run(process.execPath, ['--test', 'test/lifecycle/lifecycle.test.mjs']);
  } finally {
    await stop();
  }
  await compatOnActiveMQ(run);
}

/** test/compat/ against ActiveMQ Classic behind websockify, started for it and stopped after. */
async function compatOnActiveMQ(run) {
  const t0 = performance.now();
  const { startActiveMQ, stopActiveMQ } = await import('./activemq.mjs');
  const activemq = await startActiveMQ();
  const stop = () => stopActiveMQ(activemq);
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => stop().finally(() => process.exit(130)));
  try {
    await run(bin('wtr'), ['--config', 'web-test-runner.activemq.config.mjs']);
  } finally {
    await stop();
    console.error(`[test] ActiveMQ compatibility run: ${((performance.now() - t0) / 1000).toFixed(1)} s (start, test/compat/, stop)`);
  }
}

main().catch((e) => {
  console.error(e.shortMessage ?? e.message);
  process.exit(e.exitCode || 1);
});
