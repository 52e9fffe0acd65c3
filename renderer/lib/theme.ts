// Dark/light theme: the `data-theme` attribute on <html> selects the CSS variables; the choice is
// remembered, and "system" follows the OS.
import { create } from 'zustand';

export type ThemeChoice = 'dark' | 'light' | 'system';
const STORAGE_KEY = 'kestra-console-theme';

function systemTheme(): 'dark' | 'light' {
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function apply(choice: ThemeChoice): void {
  document.documentElement.dataset.theme = choice === 'system' ? systemTheme() : choice;
}

function stored(): ThemeChoice {
  const value = localStorage.getItem(STORAGE_KEY);
  return value === 'dark' || value === 'light' || value === 'system' ? value : 'system';
}

export const useTheme = create<{ choice: ThemeChoice; setChoice(choice: ThemeChoice): void }>((set) => ({
  choice: stored(),
  setChoice: (choice) => {
    localStorage.setItem(STORAGE_KEY, choice);
    apply(choice);
    set({ choice });
  },
}));

/** Applies the stored theme before first paint and follows OS changes in "system" mode. */
export function initTheme(): void {
  apply(useTheme.getState().choice);
  window.matchMedia?.('(prefers-color-scheme: light)').addEventListener('change', () => {
    if (useTheme.getState().choice === 'system') apply('system');
  });
}

export function toggleTheme(): void {
  const current = document.documentElement.dataset.theme === 'light' ? 'light' : 'dark';
  useTheme.getState().setChoice(current === 'light' ? 'dark' : 'light');
}
