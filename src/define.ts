// The only module with a side effect: registers the three tags.
import { StompConnection } from './stomp-connection.js';
import { StompSubscribe } from './stomp-subscribe.js';
import { StompPublish } from './stomp-publish.js';
import { defineElements } from './define-elements.js';

// A page that loads the kit twice (the bundle and the npm package) keeps the first copy: one warning.
defineElements({ 'stomp-connection': StompConnection, 'stomp-subscribe': StompSubscribe, 'stomp-publish': StompPublish });

export { StompConnection, StompSubscribe, StompPublish };
