// Elements of the flows pane, by role and accessible name.
export const flowsSelectors = {} as const;
