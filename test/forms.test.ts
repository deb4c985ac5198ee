import { expect, html, oneEvent } from '@open-wc/testing';
import '../src/define.js';
import type { StompPublish } from '../src/stomp-publish.js';
import type { StompSubscribe } from '../src/stomp-subscribe.js';
import { collect, connected, settled, unique, waitFor } from './helpers.js';

async function orderForm(extra = '') {
  const queue = unique('orders');
  const conn = await connected(html`
    <stomp-subscribe destination="/queue/${queue}"></stomp-subscribe>
    <stomp-publish destination="/queue/${queue}" receipt>
      <form>
        <input name="item" required pattern="[a-z]+" />
        <input name="qty" type="number" min="1" value="2" />
        <input name="gift" type="checkbox" />
        <input name="header:x-customer" value="c-42" />
        <button>Order</button>
      </form>
      <template data-on="stomp-receipt"><p class="ok">Order sent ({{receiptId}})</p></template>
      <template data-on="stomp-publish-error"><p class="fail">Failed: {{message}}</p></template>
    </stomp-publish>
  `);
  await settled(conn);
  const sub = conn.querySelector<StompSubscribe>('stomp-subscribe')!;
  const pub = conn.querySelector<StompPublish>('stomp-publish')!;
  if (extra) pub.toggleAttribute(extra, true);
  await pub.updateComplete;
  await waitFor(() => sub.subscribed, 'subscribed');
  const form = pub.querySelector('form')!;
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  return { conn, sub, pub, form, field };
}

describe('publishing from a <form>', () => {
  it('blocks an invalid send with the browser\'s own validation', async () => {
    const { sub, pub, field } = await orderForm();
    const messages = collect(sub, 'stomp-message');
    const publishes = collect(pub, 'stomp-publish');
    field('item').value = 'Not Valid!';
    pub.querySelector('button')!.click();
    field('item').value = '';
    pub.querySelector('button')!.click();
    await new Promise((r) => setTimeout(r, 300));
    expect(publishes).to.deep.equal([]);
    expect(messages).to.deep.equal([]);
    expect(field('item').validity.valid).to.equal(false);
    expect(field('item').validationMessage).not.to.equal('');
  });

  it('sends typed JSON and header fields, shows the receipt, and resets the form', async () => {
    const { sub, pub, form, field } = await orderForm();
    field('item').value = 'apples';
    field('qty').value = '3';
    field('gift').checked = true;
    const received = oneEvent(sub, 'stomp-message');
    pub.querySelector('button')!.click();
    const { detail } = await received;
    expect(detail.json).to.deep.equal({ item: 'apples', qty: 3, gift: true });
    expect(detail.headers['x-customer']).to.equal('c-42');
    await waitFor(() => pub.querySelector('p.ok'), 'the receipt to be shown');
    expect(pub.querySelector('p.ok')!.textContent).to.match(/^Order sent \(receipt-\d+\)$/);
    await waitFor(() => field('item').value === '', 'the form to reset');
    expect(field('qty').value).to.equal('2');
    expect(form.isConnected).to.equal(true);
  });

  it('keeps the values with no-reset, and shows a failure through its template', async () => {
    const { pub, field } = await orderForm('no-reset');
    field('item').value = 'pears';
    const sent = oneEvent(pub, 'stomp-receipt');
    pub.querySelector('button')!.click();
    await sent;
    await new Promise((r) => setTimeout(r, 50));
    expect(field('item').value).to.equal('pears');
    pub.destination = '';
    await pub.updateComplete;
    pub.querySelector('button')!.click();
    await waitFor(() => pub.querySelector('p.fail'), 'the failure to be shown');
    expect(pub.querySelector('p.fail')!.textContent).to.contain('destination attribute is required');
    expect(pub.querySelectorAll('p.ok, p.fail').length).to.equal(1);
  });
});
