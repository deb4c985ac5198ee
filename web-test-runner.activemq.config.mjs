// Runs the compatibility suite (test/compat/) against the private ActiveMQ Classic (scripts/activemq.mjs,
// started by `npm test` after the RabbitMQ run; see README "A second broker: ActiveMQ Classic").
// Everything is web-test-runner.config.mjs's but the files and the broker: its `broker-*` commands
// here answer for ActiveMQ (test/server/activemq.mjs), and the RabbitMQ-only plugins are left out.
import base from './web-test-runner.config.mjs';
import { activemqBrokerCommands } from './test/server/activemq.mjs';
import { compatCommands } from './test/server/compat.mjs';

// The RabbitMQ-specific servers (faults, TLS, cluster, AMQP, demo) have no test here.
const shared = base.plugins.filter((plugin) => plugin.name === 'esbuild');
if (!shared.length) throw new Error('web-test-runner.config.mjs has no esbuild plugin to share');

export default {
  ...base,
  files: ['test/compat/**/*.test.ts'],
  plugins: [...shared, activemqBrokerCommands(), compatCommands()],
};
