// Classes and types only: importing this registers nothing (see ./define.js).
export { StompConnection } from './stomp-connection.js';
export { StompSubscribe } from './stomp-subscribe.js';
export { StompPublish } from './stomp-publish.js';
export type * from './events.js';
export type { MessageDetail } from './message.js';
