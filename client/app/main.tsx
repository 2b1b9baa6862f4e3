import { lazy, StrictMode, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createRoot } from 'react-dom/client';
import { fill, messagesFor } from '../i18n';
import { Message } from '../ui/Message';
import { applyTheme } from '../ui/theme';
import '../ui/font.css';
import '../ui/base.css';
import { screenAt, type ScreenName } from './routes';
import type { ScreenProps } from './screen';
import { screenToken } from './tokens';

// Each screen is its own chunk, loaded when its address is opened: the wall never downloads the console.
const SCREENS: Record<ScreenName, LazyExoticComponent<ComponentType<ScreenProps>>> = {
  wall: lazy(() => import('../screens/wall/WallScreen')),
  briefing: lazy(() => import('../screens/briefing/BriefingScreen')),
  console: lazy(() => import('../screens/console/ConsoleScreen')),
  admin: lazy(() => import('../screens/admin/AdminScreen')),
  desk: lazy(() => import('../screens/desk/DeskScreen')),
};

applyTheme();
// Keeps the app shell in the browser, so an unattended screen that reloads during an outage still opens.
if ('serviceWorker' in navigator && window.isSecureContext) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);

const root = createRoot(document.getElementById('root')!);
const search = window.location.search;
const screen = screenAt(window.location.pathname);
const { code, messages: t } = messagesFor(new URLSearchParams(search).get('lang'));
document.documentElement.lang = code;

if (screen === null) {
  root.render(<Message text={fill(t.unknownScreen, { path: window.location.pathname })} />);
} else {
  const Screen = SCREENS[screen];
  root.render(
    <StrictMode>
      <Suspense fallback={null}>
        <Screen token={screenToken(screen)} search={search} />
      </Suspense>
    </StrictMode>,
  );
}
