// Temporal's failure converter for every process and the workflow bundle: an error's message
// and stack trace go into an encoded payload (then encrypted by the payload codec,
// shared/payload-codec.ts) instead of plain text in the history, so a failure that quotes a
// child's details is no more readable in the Temporal cluster or its Web UI than a payload.
// Plain CommonJS because Temporal loads it with `require` by path, in the worker, in the
// client and inside the workflow bundle.
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
