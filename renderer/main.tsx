// First: the start-up requests (server list, initial pane), then React.
import { startupDataReady } from './app/startup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders } from './app/providers';
import { AppShell } from './app/app-shell';
import { initTheme } from './lib/theme';
import './app/global.css';

// Before the first paint, so the window never flashes the wrong theme.
initTheme();

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');
const root = createRoot(container);
void startupDataReady(500).then(() => {
  performance.mark('kc:first-render');
  root.render(
    <StrictMode>
      <AppProviders>
        <AppShell />
      </AppProviders>
    </StrictMode>,
  );
});
