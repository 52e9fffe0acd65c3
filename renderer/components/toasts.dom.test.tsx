// Toast stacking in one component (happy-dom): at most three, the same one grouped, errors fade.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TOASTS, notify, ToastHost, useToastStore } from './toasts';

function toastTexts(): string[] {
  return [...document.querySelectorAll('.toast strong')].map((el) => el.textContent?.trim() ?? '');
}

describe('ToastHost', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useToastStore.setState({ toasts: [] });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('shows at most three, the newest, and the same notification again as one group with its count', () => {
    render(<ToastHost />);
    act(() => {
      for (const key of ['one', 'two', 'three', 'four', 'five']) notify({ kind: 'success', title: `Created ${key}` });
    });
    expect(toastTexts()).toEqual(['Created three', 'Created four', 'Created five']);
    expect(MAX_TOASTS).toBe(3);

    act(() => {
      notify({ kind: 'success', title: 'Created three' });
      notify({ kind: 'success', title: 'Created three' });
    });
    expect(toastTexts()).toHaveLength(3);
    expect(screen.getByLabelText('3 times')).toBeTruthy();
    // The renewed group moved to the newest place.
    expect(toastTexts().at(-1)).toMatch(/^Created three/);
  });

  it('lets an error fade after 15 s, and pauses a toast while it is hovered', () => {
    render(<ToastHost />);
    act(() => {
      notify({ kind: 'error', title: 'Save failed' });
    });
    expect(within(screen.getByRole('alert')).getByText('Save failed')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(14_000);
    });
    expect(toastTexts()).toEqual(['Save failed']);
    act(() => {
      vi.advanceTimersByTime(1_500);
    });
    expect(toastTexts()).toEqual([]);

    act(() => {
      notify({ kind: 'info', title: 'Copied' });
    });
    const toast = document.querySelector('.toast')!;
    act(() => {
      toast.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    });
    act(() => {
      vi.advanceTimersByTime(30_000);
    });
    expect(toastTexts()).toEqual(['Copied']);
  });
});
