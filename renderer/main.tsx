import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders } from './app/providers';
import { AppShell } from './app/app-shell';
import { initTheme } from './lib/theme';
import './app/global.css';

// Startup milestones for the cold-start benchmark (visible in the performance timeline too).
performance.mark('kc:script-start');

// Before the first paint, so the window never flashes the wrong theme.
initTheme();

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');
createRoot(container).render(
  <StrictMode>
    <AppProviders>
      <AppShell />
    </AppProviders>
  </StrictMode>,
);
