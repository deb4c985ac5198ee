// RabbitMQ only (vhosts, RabbitMQ's error texts); the portable connect and bad-login checks are in test/compat/stomp.test.ts.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/define.js';
import type { StompConnection } from '../src/stomp-connection.js';
import { broker, brokerConnections, collect, connected, waitFor } from './helpers.js';

describe('<stomp-connection>', () => {
  it('connects with the limited user and vhost, reflecting state and firing stomp-connect', async () => {
    const conn = document.createElement('stomp-connection');
    const states = collect(conn, 'stomp-state-change');
    const connect = oneEvent(conn, 'stomp-connect');
    Object.assign(conn, { brokerUrl: broker.wsUrl, vhost: broker.vhost, login: broker.user, passcode: broker.pass });
    document.body.append(conn);
    try {
      const { detail } = await connect;
      expect(detail.headers.version).to.equal('1.2');
      expect(detail.headers.server).to.match(/RabbitMQ/);
      expect(conn.state).to.equal('connected');
      expect(conn.getAttribute('state')).to.equal('connected');
      expect(states.map((s) => s.state)).to.deep.equal(['connecting', 'connected']);
      expect(conn.client.connected).to.equal(true);
      // The passcode set as a property never reaches the DOM.
      expect(conn.outerHTML).not.to.contain(broker.pass === 'web' ? 'passcode=' : broker.pass);
    } finally {
      conn.remove();
    }
  });

  it('uses the 5 s reconnect and 4 s heartbeat defaults of hosted-RabbitMQ guides', async () => {
    const conn = await fixture<StompConnection>(html`<stomp-connection></stomp-connection>`);
    expect(conn.reconnectDelay).to.equal(5000);
    expect(conn.heartbeatIncoming).to.equal(4000);
    expect(conn.heartbeatOutgoing).to.equal(4000);
    expect(conn.state).to.equal('disconnected');
    expect(conn.getAttribute('state')).to.equal('disconnected');
  });

  it('reports a wrong passcode with the broker\'s ERROR frame and keeps retrying', async () => {
    const conn = document.createElement('stomp-connection');
    Object.assign(conn, { brokerUrl: broker.wsUrl, vhost: broker.vhost, login: broker.user, passcode: 'wrong', reconnectDelay: 300 });
    const errors = collect(conn, 'stomp-error');
    document.body.append(conn);
    try {
      await waitFor(() => errors.length >= 2, 'two failed attempts');
      expect(errors[0].message).to.equal('Bad CONNECT');
      expect(errors[0].headers.message).to.equal('Bad CONNECT');
      expect(errors[0].body).to.match(/Access refused|login|password/i);
      expect(conn.state).to.equal('reconnecting');
      // Correcting the passcode reconnects with it.
      conn.passcode = broker.pass;
      await waitFor(() => conn.state === 'connected', 'the corrected passcode to connect');
    } finally {
      conn.remove();
    }
  });

  it('reports an unknown vhost', async () => {
    const conn = document.createElement('stomp-connection');
    Object.assign(conn, { brokerUrl: broker.wsUrl, vhost: 'no-such-vhost', login: broker.user, passcode: broker.pass, reconnectDelay: 0 });
    document.body.append(conn);
    try {
      const { detail } = await oneEvent(conn, 'stomp-error');
      expect(detail.message).to.match(/Bad CONNECT/);
      expect(detail.body).to.contain('no-such-vhost');
      // reconnect-delay="0": no retry.
      await waitFor(() => conn.state === 'disconnected', 'the disconnected state');
    } finally {
      conn.remove();
    }
  });

  it('rejects a broker-url that is not a WebSocket URL with a clear event', async () => {
    const conn = document.createElement('stomp-connection');
    conn.setAttribute('broker-url', 'http://127.0.0.1:15674/ws');
    const error = oneEvent(conn, 'stomp-error');
    document.body.append(conn);
    try {
      const { detail } = await error;
      expect(detail.message).to.contain('broker-url');
      expect(detail.message).to.contain('http://127.0.0.1:15674/ws');
      expect(conn.state).to.equal('disconnected');
    } finally {
      conn.remove();
    }
  });

  it('disconnect() ends the session; connect() starts it again', async () => {
    const conn = await connected();
    const ended = oneEvent(conn, 'stomp-disconnect');
    await conn.disconnect();
    expect((await ended).detail.requested).to.equal(true);
    expect(conn.getAttribute('state')).to.equal('disconnected');
    conn.connect();
    await waitFor(() => conn.state === 'connected', 'the reconnect');
  });

  it('runs beforeConnect before every attempt so a fresh token can be used', async () => {
    const conn = document.createElement('stomp-connection');
    let calls = 0;
    conn.beforeConnect = async (c) => {
      calls++;
      await new Promise((r) => setTimeout(r, 10)); // as if fetching a token
      c.passcode = broker.pass;
    };
    Object.assign(conn, { brokerUrl: broker.wsUrl, vhost: broker.vhost, login: broker.user });
    document.body.append(conn);
    try {
      await waitFor(() => conn.state === 'connected', 'a connection with the hook\'s passcode');
      expect(calls).to.equal(1);
    } finally {
      conn.remove();
    }
  });

  it('logs frames with debug, passcode redacted', async () => {
    const logged: string[] = [];
    const original = console.debug;
    console.debug = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      const conn = await fixture<StompConnection>(html`<stomp-connection debug></stomp-connection>`);
      Object.assign(conn, { vhost: broker.vhost, login: broker.user, passcode: broker.pass, brokerUrl: broker.wsUrl });
      await waitFor(() => conn.state === 'connected', 'connected');
      const text = logged.join('\n');
      expect(text).to.contain('CONNECT');
      expect(text).to.contain('passcode:[redacted]');
      expect(text).not.to.match(new RegExp(`passcode:${broker.pass}\\b`));
      conn.debug = false;
    } finally {
      console.debug = original;
    }
  });

  it('closes its socket when removed from the page', async () => {
    const before = await brokerConnections();
    const conn = await connected();
    await waitFor(async () => (await brokerConnections()) === before + 1, 'the broker to list the connection');
    conn.remove();
    await waitFor(() => conn.state === 'disconnected', 'disconnected');
    let now = -1;
    await waitFor(async () => (now = await brokerConnections()) === before, 'the broker to drop the connection');
    expect(now).to.equal(before);
  });

  it('reconnects with new settings when broker-url changes', async () => {
    const conn = await connected();
    const states = collect(conn, 'stomp-state-change');
    conn.brokerUrl = broker.wsUrl.replace('127.0.0.1', 'localhost');
    await waitFor(() => states.some((s) => s.state === 'connected'), 'a new connection');
    expect(conn.client.brokerURL).to.contain('localhost');
  });

  it('never shows a passcode set as a property in attributes, event details or debug logs', async () => {
    const secret = `token-${Math.random().toString(36).slice(2)}`;
    const seen: string[] = [];
    const names = ['stomp-connect', 'stomp-disconnect', 'stomp-error', 'stomp-websocket-close', 'stomp-state-change'] as const;
    const logged: string[] = [];
    const original = console.debug;
    console.debug = (...args: unknown[]) => logged.push(args.join(' '));
    const conn = document.createElement('stomp-connection');
    names.forEach((n) => conn.addEventListener(n, (e) => seen.push(JSON.stringify((e as CustomEvent).detail))));
    Object.assign(conn, { brokerUrl: broker.wsUrl, vhost: broker.vhost, login: broker.user, passcode: secret, debug: true, reconnectDelay: 200 });
    document.body.append(conn);
    try {
      // A wrong secret: the broker refuses it, which exercises the error paths too.
      await waitFor(() => seen.some((d) => d.includes('Bad CONNECT')), 'the refusal');
      conn.passcode = broker.pass;
      await waitFor(() => conn.state === 'connected', 'connected');
      expect(conn.outerHTML).not.to.contain(secret);
      expect(seen.join('\n')).not.to.contain(secret);
      expect(logged.join('\n')).to.contain('passcode:[redacted]');
      expect(logged.join('\n')).not.to.contain(secret);
    } finally {
      console.debug = original;
      conn.debug = false;
      conn.remove();
    }
  });
});
