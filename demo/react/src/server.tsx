// The server entry (`vite build --ssr src/server.tsx`): the app's markup as a string, for a
// server to send and src/main.tsx's hydrate() to take over. It imports no element definitions:
// on the server the tags are plain markup (objects and handlers are not rendered).
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { App, type AppProps } from './App';

export type { AppProps };

export function render(props: AppProps): string {
  return renderToString(
    <StrictMode>
      <App {...props} />
    </StrictMode>,
  );
}
