// What the demo page needs from the server that serves it, as one @web/dev-server plugin; both
// `npm start` (web-dev-server.config.mjs) and the test runner (web-test-runner.config.mjs) use it:
//
// - WebSocket upgrades of /ws are forwarded to RabbitMQ's Web-STOMP listener, as a production
//   reverse proxy would. The page says broker-url="/ws" and never needs to know the broker's port.
// - The vhost, login and passcode written in demo/index.html (the defaults: demo, web, web) are
//   replaced with the broker's when STOMP_VHOST, STOMP_USER or STOMP_PASS say otherwise; so are
//   those of RabbitMQ's Web-STOMP examples, ported in demo/examples/*.html.
// - /demo/index.html?view=source (and /demo/examples/NAME.html?view=source) is the page as written
//   (as text: the dev server compiles the page's inline scripts), for the code views beside each
//   section (demo/source.js).
// - Test-runner commands: 'demo-feeder-start', 'demo-feeder-stop' (scripts/feeder.mjs) and
//   'demo-screenshot' ({ name }: the test page as PNG in test-results/demo/).
import { mkdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokerConfig, ENV_OPTIONS } from './broker.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'demo');
const DEMO_PAGE = /^\/demo\/(index\.html|examples\/[\w-]+\.html)?$/;
const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Pipes a WebSocket upgrade request to the broker, bytes both ways. */
function forward(req, socket, head, port) {
  const upstream = net.connect({ host: '127.0.0.1', port });
  const close = () => {
    upstream.destroy();
    socket.destroy();
  };
  upstream.once('connect', () => {
    const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head?.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  for (const s of [upstream, socket]) {
    s.on('error', close);
    s.on('close', close);
  }
}

const attr = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The page with the broker's vhost and credentials where it has the defaults. */
export function withBrokerSettings(html, cfg) {
  const defaults = { vhost: ENV_OPTIONS.vhost[1], login: ENV_OPTIONS.user[1], passcode: ENV_OPTIONS.pass[1] };
  const actual = { vhost: cfg.vhost, login: cfg.user, passcode: cfg.pass };
  return html.replace(/<stomp-connection\b[^>]*>/g, (tag) =>
    tag.replace(/\b(vhost|login|passcode)="([^"]*)"/g, (all, name, value) =>
      value === defaults[name] ? `${name}="${attr(actual[name])}"` : all,
    ),
  );
}

/** The @web/dev-server plugin; `cfg` is a brokerConfig() (default: from the environment). */
export function demoServer(cfg = brokerConfig()) {
  let feeder;
  const commands = {
    'demo-feeder-start': async () => {
      if (!feeder) {
        const { startFeeder } = await import('./feeder.mjs');
        feeder = await startFeeder({ ...cfg, log: (m) => console.log(`[feeder] ${m}`) });
      }
      return true;
    },
    'demo-feeder-stop': async () => {
      await feeder?.stop();
      feeder = undefined;
      return true;
    },
    'demo-screenshot': async ({ name }, session) => {
      if (session.browser.type !== 'puppeteer') throw new Error(`demo-screenshot needs a puppeteer browser, not ${session.browser.type}`);
      if (!/^[\w.-]+$/.test(name)) throw new Error(`demo-screenshot: bad name ${JSON.stringify(name)}`);
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await session.browser.getPage(session.id).screenshot({ path });
      return path;
    },
  };
  return {
    name: 'stomp-demo',
    serverStart({ server }) {
      server?.on('upgrade', (req, socket, head) => {
        if (new URL(req.url, 'http://localhost').pathname !== '/ws') return;
        // The broker listens on loopback only; the dev server on every interface: keep it that way.
        if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) return void socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        forward(req, socket, head, cfg.wsPort);
      });
    },
    async serverStop() {
      await commands['demo-feeder-stop']();
    },
    async serve(context) {
      const page = DEMO_PAGE.exec(context.path);
      if (page?.[1] && context.query.view === 'source') {
        const html = await readFile(join(REPO_ROOT, 'demo', page[1]), 'utf8').catch(() => undefined);
        if (html !== undefined) return { body: withBrokerSettings(html, cfg), type: 'txt' };
      }
      return undefined;
    },
    transform(context) {
      if (DEMO_PAGE.test(context.path) && context.response.is('html')) {
        return { body: withBrokerSettings(context.body, cfg) };
      }
      return undefined;
    },
    executeCommand({ command, payload, session }) {
      return Object.hasOwn(commands, command) ? commands[command](payload ?? {}, session) : undefined;
    },
  };
}
