// What the global setup hands every test file.
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    mongoBaseUri: string;
    /** The embedded OpenID provider's issuer (ad-hoc people on). */
    oidcIssuer: string;
    timeSkippingServerPath: string;
    workflowBundleCode: string;
  }
}
