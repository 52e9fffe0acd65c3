export type * from './result';
export type * from './servers';
export type * from './methods';
export type * from './bridge';
