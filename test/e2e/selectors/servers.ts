// Elements of the servers pane, by role and accessible name.
export const serversSelectors = {} as const;
