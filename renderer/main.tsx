import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders, queryClient } from './app/providers';
import { AppShell } from './app/app-shell';
import { serversQueryOptions } from './lib/servers';
import { initTheme } from './lib/theme';
import './app/global.css';

// Startup milestones for the cold-start benchmark (visible in the performance timeline too).
performance.mark('kc:script-start');

// Before the first paint, so the window never flashes the wrong theme.
initTheme();

// The server list decides what the window shows: ask for it now, while React starts.
void queryClient.prefetchQuery(serversQueryOptions());

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');
createRoot(container).render(
  <StrictMode>
    <AppProviders>
      <AppShell />
    </AppProviders>
  </StrictMode>,
);
