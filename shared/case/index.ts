// The case: its state, the steps allowed in each stage, and the rules it follows.
export * from './state.js';
export * from './steps.js';
export * from './rules.js';
export * from './activities.js';
export * from './received.js';
