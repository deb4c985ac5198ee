// The React example rendered on the server (demo/react/dist/server/server.js, `vite build --ssr`
// of src/server.tsx with react-dom/server's renderToString; scripts/examples.mjs builds it) in
// plain Node. test/frameworks/react-ssr.test.ts hydrates this markup in Chromium.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

const server = new URL('../../demo/react/dist/server/server.js', import.meta.url);
const settings = { brokerUrl: 'ws://broker.example:15674/ws', vhost: 'demo', login: 'web', passcode: 'a-secret-passcode', queues: ['ssr-a', 'ssr-b'] };

test('renderToString of the React app gives the <stomp-*> markup', async (t) => {
  assert.ok(existsSync(server), `${server.pathname} is missing: run node scripts/examples.mjs`);
  const { render } = await import(server.href);
  const html = render(settings);
  t.diagnostic(html);
  assert.match(html, /^<stomp-connection broker-url="ws:\/\/broker\.example:15674\/ws" vhost="demo" reconnect-delay="1000">/);
  assert.match(html, /<stomp-subscribe destination="\/queue\/ssr-a"><ol class="messages"><\/ol><\/stomp-subscribe>/);
  assert.match(html, /<stomp-publish destination="\/queue\/ssr-a" body="Hello from React"><input class="draft"[^>]*\/><button type="button" class="send">Send<\/button><\/stomp-publish>/);
  assert.match(html, /<output class="state">disconnected<\/output>/);
  assert.ok(html.endsWith('</stomp-connection>'));
  // Objects and handlers are not rendered: the credentials stay out of the markup.
  assert.doesNotMatch(html, /a-secret-passcode|connectHeaders|\[object Object\]/i);
});
