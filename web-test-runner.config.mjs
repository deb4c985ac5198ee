// Runs test/**/*.test.ts in Debian's Chromium against the private RabbitMQ node
// (started by `npm test` through scripts/broker.mjs; see README "Tests").
// web-test-runner.activemq.config.mjs imports this and runs test/compat/ against ActiveMQ instead.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { brokerConfig, ctl, consumerCount, closeAllConnections } from './scripts/broker.mjs';
import { demoServer } from './scripts/demo-server.mjs';
import { CHROMIUM_PATH, chromiumArgs } from './scripts/shared.mjs';
import { ensureCertificate } from './scripts/tls.mjs';
import { amqpCommands } from './test/server/amqp.mjs';
import { compatCommands } from './test/server/compat.mjs';
import { faultCommands } from './test/server/faults.mjs';
import { reliabilityCommands } from './test/server/reliability.mjs';
import { ssrCommands } from './test/server/ssr.mjs';

const broker = brokerConfig();

/** Lets tests drive and inspect the broker through executeServerCommand(). */
function brokerCommands() {
  const commands = {
    // `kind` and the socket settings tell test/compat/ which broker it runs against (see web-test-runner.activemq.config.mjs).
    'broker-info': () => ({ kind: 'rabbitmq', wsUrl: broker.wsUrl, vhost: broker.vhost, user: broker.user, pass: broker.pass, protocols: '', binary: false }),
    'broker-consumers': ({ queue }) => consumerCount(queue, broker),
    // Web-STOMP sessions are not in list_connections on RabbitMQ 3.10; each has one channel.
    'broker-connections': async () =>
      (await ctl(['list_channels', 'vhost', '--quiet', '--no-table-headers'], broker))
        .split('\n')
        .filter((line) => line.trim() === broker.vhost).length,
    'broker-close-connections': ({ reason } = {}) => closeAllConnections(reason ?? 'closed by test', broker).then(() => true),
  };
  return {
    name: 'broker-commands',
    executeCommand({ command, payload }) {
      return command in commands ? commands[command](payload) : undefined;
    },
  };
}

/** The CSP test page gets a policy with no 'unsafe-eval' and with Trusted Types enforced. */
function strictCsp(ctx, next) {
  if (ctx.path.endsWith('/csp.test.html')) {
    ctx.set('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; require-trusted-types-for 'script'");
  }
  return next();
}

// Trust nginx's test certificate (test/tls.test.ts), and only it; made now if missing.
const tlsTrust = `--ignore-certificate-errors-spki-list=${ensureCertificate().spki}`;

export default {
  files: ['test/**/*.test.ts', 'test/**/*.test.html'],
  nodeResolve: true,
  // One file at a time: reconnect tests close every connection on the vhost.
  concurrency: 1,
  port: Number(process.env.WTR_PORT ?? 8000),
  testFramework: { config: { timeout: 30000 } },
  testsFinishTimeout: 20 * 60 * 1000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        // --expose-gc lets the leak test measure the heap after a collection.
        args: chromiumArgs('--js-flags=--expose-gc', tlsTrust),
      },
    }),
  ],
  middleware: [strictCsp],
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' }), brokerCommands(), compatCommands(), faultCommands(), reliabilityCommands(), amqpCommands(), ssrCommands(), demoServer(broker)],
};
