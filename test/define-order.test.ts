// Elements parsed before any definition, then defined children first: they must still find the
// connection (ContextRoot replays their context requests when the provider upgrades).
import { expect, oneEvent } from '@open-wc/testing';
import { StompConnection, StompPublish, StompSubscribe } from '../src/index.js';
import { broker, unique, waitFor } from './helpers.js';

describe('definition order', () => {
  it('works when <stomp-subscribe> and <stomp-publish> are defined before <stomp-connection>', async () => {
    const queue = unique('order');
    const host = document.createElement('div');
    host.innerHTML = `
      <stomp-connection broker-url="${broker.wsUrl}" vhost="${broker.vhost}" login="${broker.user}" passcode="${broker.pass}">
        <section>
          <stomp-subscribe destination="/queue/${queue}"></stomp-subscribe>
          <stomp-publish destination="/queue/${queue}" body="late upgrade"><button>Send</button></stomp-publish>
        </section>
      </stomp-connection>`;
    document.body.append(host);
    try {
      StompPublish.define();
      StompSubscribe.define();
      await new Promise((r) => setTimeout(r, 50));
      StompConnection.define();
      const sub = host.querySelector('stomp-subscribe')!;
      await waitFor(() => sub.subscribed, 'the subscription after the late definition');
      const received = oneEvent(sub, 'stomp-message');
      host.querySelector('button')!.click();
      expect((await received).detail.body).to.equal('late upgrade');
      // Defining again is harmless.
      expect(() => StompConnection.define()).not.to.throw();
    } finally {
      host.remove();
    }
  });
});
