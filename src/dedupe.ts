// Every message <stomp-publish> sends carries an id that stays the same when it is sent again,
// so a subscriber can tell a second delivery from a new message (<stomp-subscribe dedupe>).

/** The header <stomp-publish> stamps on every message (RabbitMQ does not let a client set `message-id`). */
export const ID_HEADER = 'x-stomp-elements-id';

const page = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
let count = 0;

/** A new message id, unique across pages and tabs. */
export const newId = () => `${page}-${++count}`;
