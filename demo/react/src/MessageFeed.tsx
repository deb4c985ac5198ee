import { useState } from 'react';
import type { StompSubscribe } from 'stomp-elements';
import { useElement } from './element';

/** The subscription, and the messages it received. Unmounting it unsubscribes on the broker. */
export function MessageFeed({ destination }: { destination: string }) {
  const [messages, setMessages] = useState<string[]>([]);
  const [error, setError] = useState('');
  const subscription = useElement<StompSubscribe>(
    {},
    {
      'stomp-message': (e) => setMessages((list) => [...list, e.detail.body]),
      'stomp-error': (e) => setError(e.detail.message),
    },
  );

  return (
    <stomp-subscribe ref={subscription} destination={destination}>
      {error && <p className="error">{error}</p>}
      <ol className="messages">
        {/* Message bodies are untrusted: React renders them as text. Append-only, so the index is a stable key. */}
        {messages.map((body, i) => (
          <li key={i}>{body}</li>
        ))}
      </ol>
    </stomp-subscribe>
  );
}
