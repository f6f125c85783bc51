// Workflows registered with the worker.
export { contactWorkflow } from './contact.js';
