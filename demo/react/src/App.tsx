import { useMemo, useState } from 'react';
import type { ConnectionState, StompConnection } from 'stomp-elements';
import { useElement } from './element';
import { MessageFeed } from './MessageFeed';

export interface AppProps {
  brokerUrl: string;
  vhost: string;
  login: string;
  passcode: string;
  /** Queue names the user can switch between; the first is selected. */
  queues: string[];
}

export function App({ brokerUrl, vhost, login, passcode, queues }: AppProps) {
  const [state, setState] = useState<ConnectionState>('disconnected');
  const [queue, setQueue] = useState(queues[0]);
  const [listening, setListening] = useState(true);
  const [draft, setDraft] = useState('Hello from React');
  const destination = `/queue/${queue}`;
  // Credentials as an object property: as an attribute they would be "[object Object]" and the
  // broker would refuse the login. Memoized: a new object is new settings, and a reconnect.
  const connectHeaders = useMemo(() => ({ login, passcode }), [login, passcode]);
  const connection = useElement<StompConnection>({ connectHeaders }, { 'stomp-state-change': (e) => setState(e.detail.state) });

  return (
    <stomp-connection ref={connection} broker-url={brokerUrl} vhost={vhost} reconnect-delay="1000">
      <p>
        Connection: <output className="state">{state}</output>
      </p>
      <fieldset>
        <legend>Queue</legend>
        {queues.map((name) => (
          <label key={name}>
            <input type="radio" name="queue" value={name} checked={queue === name} onChange={() => setQueue(name)} /> {name}
          </label>
        ))}
      </fieldset>
      <label>
        <input className="listening" type="checkbox" checked={listening} onChange={(e) => setListening(e.target.checked)} /> Listening
      </label>
      {listening && <MessageFeed destination={destination} />}
      <stomp-publish destination={destination} body={draft}>
        {/* Uncontrolled, read on input: the text is the draft, whoever typed it. */}
        <input className="draft" aria-label="Message" defaultValue={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="button" className="send">
          Send
        </button>
      </stomp-publish>
    </stomp-connection>
  );
}
