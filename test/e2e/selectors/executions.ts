// Elements of the executions pane, by role and accessible name.
export const executionsSelectors = {} as const;
