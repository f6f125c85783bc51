import { Router } from 'express';
import type { WebDeps } from '../routes.js';

export function figuresPageRoutes(_deps: WebDeps): Router {
  return Router();
}
