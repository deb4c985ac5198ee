// Server commands for the fault tests (test/faults.test.ts): restart the broker's app or whole
// node, and a TCP proxy on loopback that can stall like a dead network without closing.
import net from 'node:net';
import { brokerConfig, ctl, startBroker, stopBroker } from '../../scripts/broker.mjs';

const broker = brokerConfig();

/** A loopback proxy to the broker's Web-STOMP port; `stall` stops all forwarding, sockets stay open. */
function createProxy() {
  const pairs = new Set();
  let stalled = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(broker.wsPort, '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (stalled) pause(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  // Unpiped, paused sockets stop reading: nothing flows either way and nothing is closed, like a
  // dead link (pipe() would resume a merely paused source on 'drain').
  const pause = ({ client, upstream }) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  const resume = ({ client, upstream }) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  return {
    listen: () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port))),
    stall() {
      stalled = true;
      pairs.forEach(pause);
    },
    flow() {
      stalled = false;
      pairs.forEach(resume);
    },
    close() {
      pairs.forEach(({ client, upstream }) => (client.destroy(), upstream.destroy()));
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function faultCommands() {
  let proxy;
  let restart; // the node's restart under way
  const commands = {
    'broker-stop-app': () => ctl(['stop_app'], broker).then(() => true),
    'broker-start-app': () => ctl(['start_app'], broker).then(() => true),
    // The whole node: stop it, then start it again on its data (durable queues, persistent messages).
    // A command must answer within web-test-runner's 20 s and a loaded machine can take longer to
    // start a node: it answers false until the restart is done; the test asks again.
    'broker-restart-node': async () => {
      restart ??= stopBroker({ ...broker }).then(() => startBroker({ ...broker, fresh: false }));
      const done = await Promise.race([restart.then(() => true), new Promise((r) => setTimeout(r, 15000, false))]);
      if (done) restart = undefined;
      return done;
    },
    'proxy-start': async () => {
      await proxy?.close();
      proxy = createProxy();
      return proxy.listen();
    },
    'proxy-stall': () => (proxy.stall(), true),
    'proxy-flow': () => (proxy.flow(), true),
    'proxy-stop': async () => {
      await proxy?.close();
      proxy = undefined;
      return true;
    },
  };
  return {
    name: 'fault-commands',
    executeCommand({ command, payload }) {
      return command in commands ? commands[command](payload) : undefined;
    },
  };
}
