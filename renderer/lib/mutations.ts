// Mutations outside React. A feature's actions module declares each write once, as module-level
// mutation options: the mutationFn and the invalidations that follow it, which reach the cache
// through the mutation's own `client` (TkDodo's "Mastering Mutations"). Components run them with
// `useMutation(options)`; palette actions and multi-step workflows (save with its stale-revision
// check, delete with undo) run the very same options here. Both go through the client's
// MutationCache, so `useIsMutating` sees every write.
import { MutationObserver, type DefaultError, type MutationObserverOptions, type QueryClient } from '@tanstack/react-query';

export function runMutation<TData, TVariables, TOnMutateResult = unknown>(
  client: QueryClient,
  options: MutationObserverOptions<TData, DefaultError, TVariables, TOnMutateResult>,
  variables: TVariables,
): Promise<TData> {
  const observer = new MutationObserver(client, options);
  // Detach once settled, so the mutation is garbage-collected after its gcTime like a finished
  // useMutation's (an observer left attached would keep it, and its variables, for good).
  return observer.mutate(variables).finally(() => observer.reset());
}
