// Synthetic names for the benchmarks: never a real person (the generator's, shared/generator).
export { letters } from '../shared/generator/random.js';
