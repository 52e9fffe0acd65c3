import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { runMutation } from './mutations';

describe('runMutation', () => {
  it('runs the options a component would use: same callbacks, seen by isMutating, then let go', async () => {
    const client = new QueryClient();
    const seen: string[] = [];
    let release!: () => void;
    const pending = runMutation(
      client,
      {
        mutationKey: ['test', 'write'],
        mutationFn: (text: string) => new Promise<string>((resolve) => (release = () => resolve(text.toUpperCase()))),
        onSuccess: (data, variables, _r, { client: own }) => void seen.push(`${variables}->${data}:${own === client}`),
        gcTime: 0,
      },
      'a',
    );
    await Promise.resolve();
    expect(client.isMutating({ mutationKey: ['test'] })).toBe(1);
    release();
    expect(await pending).toBe('A');
    expect(seen).toEqual(['a->A:true']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(client.getMutationCache().getAll()).toEqual([]);
  });

  it('rejects with the mutation’s error and runs its onSettled', async () => {
    const client = new QueryClient();
    let settled = 0;
    const failing = runMutation(client, { mutationFn: async () => Promise.reject(new Error('refused')), onSettled: () => void (settled += 1) }, undefined);
    await expect(failing).rejects.toThrow('refused');
    expect(settled).toBe(1);
  });
});
