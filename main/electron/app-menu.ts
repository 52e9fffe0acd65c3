// The application menu: standard roles (so copy/paste and zoom work everywhere, including Monaco)
// and help links that open in the system browser (https only).
import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { isSafeExternalUrl } from './window-security';

const HELP_LINKS = [
  { label: 'Kestra Documentation', url: 'https://kestra.io/docs' },
  { label: 'Kestra API Reference', url: 'https://kestra.io/docs/api-reference' },
  { label: 'Plugin Catalog', url: 'https://kestra.io/plugins' },
];

export function buildApplicationMenu(options: { devTools: boolean }): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: '&File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(options.devTools ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        ...HELP_LINKS.map((link) => ({
          label: link.label,
          click: () => {
            if (isSafeExternalUrl(link.url)) void shell.openExternal(link.url); // eng-disable OPEN_EXTERNAL_JS_CHECK: constant https links, checked by isSafeExternalUrl
          },
        })),
        { type: 'separator' },
        { label: `Kestra Console ${app.getVersion()}`, enabled: false },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
