import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pageToken } from './auth';
import { messagesFor } from './i18n';
import { LiveClient } from './live/LiveClient';
import { parseWallOptions } from './wall/rotation';
import { Wall } from './wall/Wall';
import './wall/wall.css';

const root = createRoot(document.getElementById('root')!);
const token = pageToken();
const path = window.location.pathname.replace(/\/+$/, '') || '/';

function Message({ text }: { text: string }) {
  return <div className="message">{text}</div>;
}

// Keeps the app shell in the browser, so an unattended screen that reloads during an outage still opens.
if ('serviceWorker' in navigator && window.isSecureContext) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);

if (path === '/wall' || path === '/') {
  const options = parseWallOptions(window.location.search);
  document.documentElement.lang = messagesFor(options.lang).code;
  if (!token) {
    root.render(<Message text={messagesFor(options.lang).messages.unauthorized} />);
  } else {
    const client = new LiveClient({ token });
    void client.start();
    root.render(
      <StrictMode>
        <Wall client={client} options={options} />
      </StrictMode>,
    );
  }
} else {
  root.render(<Message text={`${path}: this screen is not part of this version yet; open /wall.`} />);
}
