/**
 * The process-level safety net of `serve`: an unhandled promise rejection or an uncaught exception is logged
 * (without a stack, see bot/logger.ts) and counted, and the process keeps serving — one bad input or one library
 * bug must not take every platform and every channel down with it. Readiness and liveness still tell Kubernetes
 * when something is really wrong.
 */
import type { Logger } from '../../bot/logger.js';
import type { ProcessErrorKind } from '../observe/metrics.js';

export function installSafetyNet(logger: Logger, count: (kind: ProcessErrorKind) => void): () => void {
  const onRejection = (reason: unknown) => {
    count('unhandled_rejection');
    logger.error({ err: reason }, 'unhandled promise rejection; still serving');
  };
  const onException = (err: Error, origin: string) => {
    count('uncaught_exception');
    logger.error({ err, origin }, 'uncaught exception; still serving');
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
