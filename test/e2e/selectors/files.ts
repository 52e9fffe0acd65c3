// Elements of the files pane, by role and accessible name.
export const filesSelectors = {} as const;
