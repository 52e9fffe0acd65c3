// Elements of the kv pane, by role and accessible name.
export const kvSelectors = {} as const;
