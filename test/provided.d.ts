// What the global setup hands every test file.
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    mongoBaseUri: string;
    timeSkippingServerPath: string;
    workflowBundleCode: string;
  }
}
