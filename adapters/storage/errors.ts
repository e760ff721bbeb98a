/** Storage failures the callers act on; anything else is a driver error passed through. */
export type StoreErrorCode = 'VALUE_TOO_LARGE' | 'CLOSED';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
