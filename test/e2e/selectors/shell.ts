// The one place end-to-end tests name UI elements: by role and accessible name, as a user (or a
// screen reader) finds them. Page objects use these; tests use page objects.
export const shellSelectors = {
  shell: { role: 'main', name: 'Kestra Console' },
  serverRail: { role: 'navigation', name: 'Servers' },
} as const;
