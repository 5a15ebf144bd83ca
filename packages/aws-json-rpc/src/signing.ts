// aws-signing is imported by the first request, not with this package: creating a client costs
// no signer and no node:crypto, so a process that never sends (or sends later, as a CLI or a
// Lambda handler may) does not pay for them at start-up. Node caches the module; this caches the
// promise so that each attempt awaits one already-settled value.
type Signing = typeof import('@integrations/aws-signing');

let signing: Promise<Signing> | undefined;

/** `@integrations/aws-signing`, loaded on first use; a failed load is retried by the next call. */
export function loadSigning(): Promise<Signing> {
  signing ??= import('@integrations/aws-signing').catch((error: unknown) => {
    signing = undefined;
    throw error;
  });
  return signing;
}
