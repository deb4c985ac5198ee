// Must FAIL tsc -p type-tests (scripts/examples.mjs runs it): each line that ends in a
// must-fail comment has to be reported, and no other line. The other lines are correct code.
import type { StompConnection } from 'stomp-elements';

const wantsNumber = (n: number) => n;
const fetchToken = async (c: StompConnection) => void (c.connectHeaders = { token: 'abc' });

export const correct = (
  <stomp-connection id="c" className="k" data-test="x" broker-url="/ws" reconnect-delay="300" heartbeat-incoming={0} debug connectHeaders={{ login: 'web' }} beforeConnect={fetchToken} onstomp-state-change={(e) => e.detail.state.toUpperCase()}>
    <stomp-subscribe destination="/queue/ok" ack="client" headers={{ 'prefetch-count': '1' }} max-items="10" onstomp-message={(e) => e.detail.body.toUpperCase()} />
    <stomp-publish destination="/queue/ok" connection="c" receipt no-reset onstomp-publish-error={(e) => e.detail.message} ref={(el) => { void el?.publish(); }} />
  </stomp-connection>
);

// Not caught, by TypeScript's rule for JSX names with a hyphen it does not know (as data-*):
// a misspelt `broker-ur="/ws"` or `onstomp-mesage={…}` compiles.
export const wrong = [
  <stomp-subscribe destinaton="/queue/a" />, // must fail: misspelt attribute
  <stomp-connection connectHeader={{ login: 'web' }} />, // must fail: misspelt property
  <stomp-connection reconnect-delay="fast" />, // must fail: not a number
  <stomp-connection connectHeaders={42} />, // must fail: connectHeaders is an object of headers
  <stomp-connection beforeConnect="fetchToken()" />, // must fail: beforeConnect is a function
  <stomp-subscribe destination="/queue/a" ack="sometimes" />, // must fail: not an ack mode
  <stomp-publish destination="/queue/a" headers={{ persistent: true }} />, // must fail: header values are strings
  <stomp-subscribe destination="/queue/a" onstomp-message={(e) => wantsNumber(e.detail.body)} />, // must fail: detail.body is a string
  <stomp-subscribe destination="/queue/a" onstomp-message={(e) => e.detail.nope} />, // must fail: detail is typed, not any
  <stomp-subscribe destination="/queue/a" onstomp-message={(e: CustomEvent<number>) => e.detail} />, // must fail: wrong event type for the handler
  <stomp-publish destination="/queue/a" ref={(el: HTMLInputElement | null) => el?.select()} />, // must fail: the ref is a StompPublish
];
