import { Router } from 'express';
import type { WebDeps } from '../routes.js';

export function auditPageRoutes(_deps: WebDeps): Router {
  return Router();
}
