// Kestra's Pebble expression engine for the local sandbox. See README.md in this folder for what is
// covered, the choices made where Kestra and the brief differ, and how to wire the host functions.

export { render, renderTyped, renderValue, evaluate, validateTemplate, clearTemplateCache, templateCacheSize } from './engine';
export { PebbleError, isMissingVariable, type PebbleErrorKind } from './errors';
export { DEFAULT_LIMITS, type HostFunction, type RenderOptions, type RenderLimits, type PebbleHostFunctions } from './runtime';
export { secretsFromEnvironment } from './secrets';
