import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { installHealthMarking } from '../lib/health';

/**
 * The window's one QueryClient. Created at module level so start-up can begin fetching (the
 * server list) before React has rendered anything.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    // main already retries idempotent calls with backoff; retrying here would multiply it.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 },
    mutations: { retry: false },
  },
});

// Every call's outcome marks its server's health at once (lib/health.ts).
installHealthMarking(queryClient);

export function AppProviders({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
