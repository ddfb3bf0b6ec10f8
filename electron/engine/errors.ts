// Node's error codes -> the exception CPython raises for the same failure.
import { ERRNO, gaiError, isErrnoName, osError, type ErrnoName } from '../../shared/script/errno';
import { PyException } from '../../shared/script/values';

export function timeoutError(): PyException {
  return new PyException('TimeoutError', 'timed out');
}

/** Node error codes that are not errno names, and the errno they stand for. */
const NODE_CODE_ERRNO: Record<string, ErrnoName> = {
  ERR_STREAM_DESTROYED: 'EPIPE',
  ERR_STREAM_WRITE_AFTER_END: 'EPIPE',
  ERR_SOCKET_CLOSED: 'EBADF',
  ERR_SOCKET_DGRAM_NOT_RUNNING: 'EBADF',
  ERR_SOCKET_DGRAM_IS_CONNECTED: 'EISCONN',
  ERR_SOCKET_DGRAM_NOT_CONNECTED: 'ENOTCONN',
  ERR_SOCKET_BAD_PORT: 'EINVAL',
};

export function errnoOf(err: unknown): ErrnoName | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'EWOULDBLOCK') return 'EAGAIN';
  if (isErrnoName(code)) return code;
  return NODE_CODE_ERRNO[code];
}

/** Maps any error from Node to a PyException; unknown ones become OSError with Node's text. */
export function toPyException(err: unknown): PyException {
  if (err instanceof PyException) return err;
  const code = (err as { code?: unknown })?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_NODATA') return gaiError('EAI_NONAME');
  if (code === 'EAI_AGAIN') return gaiError('EAI_AGAIN');
  if (code === 'EAI_FAIL') return gaiError('EAI_FAIL');
  const name = errnoOf(err);
  if (name) return osError(name);
  const message = err instanceof Error ? err.message : String(err);
  return new PyException('OSError', message, null);
}

export { osError, ERRNO };
