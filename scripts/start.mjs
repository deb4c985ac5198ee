// `npm start`: installs what is missing, starts the private RabbitMQ node and the demo's dev server,
// prints the URL. Ctrl-C stops both.
import { createServer } from 'node:net';
import { ensureNodeModules, ensureSystemPackages } from './ensure-system.mjs';

const root = new URL('..', import.meta.url).pathname;
const port = Number(process.env.DEMO_PORT ?? 8000);

/** Resolves true when nothing listens on the port yet. */
function portFree(p) {
  return new Promise((resolve) => {
    const probe = createServer().once('error', () => resolve(false));
    probe.listen(p, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function main() {
  if (!(await portFree(port))) {
    console.error(`Port ${port} is taken: is \`npm start\` already running? Open http://localhost:${port}/demo/ or stop it, or set DEMO_PORT.`);
    process.exit(1);
  }
  await ensureSystemPackages({ need: ['rabbitmq'] });
  await ensureNodeModules(root);
  const { startBroker, stopBroker } = await import('./broker.mjs');
  const broker = await startBroker();
  const { startDevServer } = await import('@web/dev-server');
  const { default: config } = await import('../web-dev-server.config.mjs');
  const server = await startDevServer({
    config: { ...config, rootDir: root, port, open: false, watch: false },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
  });
  console.log(`\nDemo: http://localhost:${port}/demo/   (Ctrl-C stops the demo and the broker)\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    await stopBroker(broker);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
