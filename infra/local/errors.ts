export type LocalRuntimeErrorCode = 'PORT_IN_USE' | 'JAVA_MISSING' | 'START_FAILED' | 'TIMEOUT';

/** A problem the developer can fix; its message is one line saying what to do. */
export class LocalRuntimeError extends Error {
  override name = 'LocalRuntimeError';

  constructor(
    readonly code: LocalRuntimeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** `envVar` names the setting that moves the service to another port. */
export function portInUse(port: number, envVar: string): LocalRuntimeError {
  return new LocalRuntimeError(
    'PORT_IN_USE',
    `Port ${port} is in use by another program. Stop it or set ${envVar}=${port + 1}.`,
  );
}
