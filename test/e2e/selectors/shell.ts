// The one place end-to-end tests name UI elements: by role and accessible name, as a user (or a
// screen reader) finds them. Page objects use these; tests use page objects.
export const shellSelectors = {
  shell: { role: 'main', name: 'Kestra Console' },
  serverRail: { role: 'navigation', name: 'Servers' },
  serverTabs: { role: 'tablist', name: 'Open servers' },
  paneTabs: { role: 'tablist', name: 'Panes' },
  namespaces: { role: 'region', name: 'Namespaces' },
  namespaceFilter: { role: 'searchbox', name: 'Filter namespaces' },
  reloadNamespaces: { role: 'button', name: 'Reload namespaces' },
  addServer: { role: 'button', name: 'Add server' },
  productionBanner: { role: 'note', name: 'Production server' },
  readOnlyBanner: { role: 'note', name: 'Read-only server' },
  welcome: { role: 'region', name: 'Getting started' },
  palette: { role: 'dialog', name: 'Command palette' },
  paletteInput: { role: 'combobox', name: 'Search servers, namespaces, flows and commands' },
  notifications: { role: 'region', name: 'Notifications' },
  status: { role: 'contentinfo', name: 'Status' },
  confirmInput: { role: 'textbox', name: /^Type .* to confirm$/ },
} as const;
