export type * from './result';
export type * from './servers';
export type * from './kestra-model';
export type * from './transfer';
export type * from './methods';
export type * from './streams';
export type * from './bridge';
export type * from './method-policy';
