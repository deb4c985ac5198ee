// The only module with a side effect: registers the three tags.
import { StompConnection } from './stomp-connection.js';
import { StompSubscribe } from './stomp-subscribe.js';
import { StompPublish } from './stomp-publish.js';
import { defineElement } from './element.js';

const tags = { 'stomp-connection': StompConnection, 'stomp-subscribe': StompSubscribe, 'stomp-publish': StompPublish };
const taken = Object.entries(tags).filter(([tag, ctor]) => !defineElement(tag, ctor, customElements, true));
// A page that loads the kit twice (the bundle and the npm package) keeps the first copy: one warning.
if (taken.length) {
  console.warn(`stomp-elements: ${taken.map(([tag]) => `<${tag}>`).join(', ')} already defined by another copy of the kit; keeping that one.`);
}

export { StompConnection, StompSubscribe, StompPublish };
