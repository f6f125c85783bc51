// Workflows registered with the worker.
export { contactWorkflow } from './contact.js';
export { partnerContactWorkflow } from './partner-contact.js';
export { auditSealWorkflow } from './audit-seal.js';
export { retentionWorkflow } from './retention.js';
