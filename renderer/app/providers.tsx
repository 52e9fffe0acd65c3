import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';

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

export function AppProviders({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
