// Classes and types only: importing this registers nothing (see ./define.js).
export { StompConnection } from './stomp-connection.js';
export { StompSubscribe } from './stomp-subscribe.js';
export { StompPublish } from './stomp-publish.js';
export type * from './events.js';
export type { MessageDetail } from './message.js';
// The interface the elements use to reach a connection, for writing another one or a test double.
export type { Connection, Publication, PublishStatus, SubscriptionSink } from './connection/connection.js';
