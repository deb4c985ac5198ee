// Type-checked with `tsc -p test/types` against the emitted dist/*.d.ts, as a user of the npm
// package would see them. Each @ts-expect-error must be an error, or the check fails.
import 'stomp-elements/define';
import { StompConnection, StompSubscribe, type StompMessageDetail } from 'stomp-elements';

const sub = document.querySelector('stomp-subscribe');
if (sub) {
  const typed: StompSubscribe = sub; // querySelector knows the tag
  typed.destination = '/queue/orders';
  typed.ack = 'client-individual';
  // @ts-expect-error a misspelt property is an error
  typed.destinaton = '/queue/orders';
  // @ts-expect-error ack takes only the STOMP modes
  typed.ack = 'sometimes';
  sub.addEventListener('stomp-message', (e) => {
    const body: string = e.detail.body;
    const detail: StompMessageDetail = e.detail;
    detail.ack();
    // @ts-expect-error body is a string
    const n: number = e.detail.body;
    void body;
    void n;
  });
}

const conn = document.createElement('stomp-connection');
const typedConn: StompConnection = conn;
typedConn.reconnectDelay = 5000;
typedConn.beforeConnect = async (c) => {
  c.connectHeaders = { Authorization: 'Bearer …' };
};
conn.addEventListener('stomp-error', (e) => console.log(e.detail.message, e.detail.headers, e.detail.body));
conn.addEventListener('stomp-websocket-close', (e) => console.log(e.detail.code, e.detail.reason));
conn.addEventListener('stomp-state-change', (e) => {
  // @ts-expect-error states are a closed set
  if (e.detail.state === 'online') return;
});
// @ts-expect-error state is read-only
conn.state = 'connected';

const pub = document.createElement('stomp-publish');
const sent: Promise<void> = pub.publish({ id: 1 }, { persistent: 'true' });
pub.addEventListener('stomp-publish', (e) => {
  e.detail.body = e.detail.body.trim();
  e.preventDefault();
});
void sent;
