// Linux errno numbers, their strerror() texts, and the OSError subclass CPython
// raises for each (PEP 3151). Pure data: the engine maps Node's error codes here.
import { PyException } from './values';

/** name -> [errno, strerror, Python exception class] */
export const ERRNO = {
  EPERM: [1, 'Operation not permitted', 'PermissionError'],
  ENOENT: [2, 'No such file or directory', 'FileNotFoundError'],
  EINTR: [4, 'Interrupted system call', 'InterruptedError'],
  EIO: [5, 'Input/output error', 'OSError'],
  EBADF: [9, 'Bad file descriptor', 'OSError'],
  EAGAIN: [11, 'Resource temporarily unavailable', 'BlockingIOError'],
  ENOMEM: [12, 'Cannot allocate memory', 'OSError'],
  EACCES: [13, 'Permission denied', 'PermissionError'],
  EFAULT: [14, 'Bad address', 'OSError'],
  EEXIST: [17, 'File exists', 'FileExistsError'],
  ENOTDIR: [20, 'Not a directory', 'NotADirectoryError'],
  EISDIR: [21, 'Is a directory', 'IsADirectoryError'],
  EINVAL: [22, 'Invalid argument', 'OSError'],
  EMFILE: [24, 'Too many open files', 'OSError'],
  ENOSPC: [28, 'No space left on device', 'OSError'],
  EPIPE: [32, 'Broken pipe', 'BrokenPipeError'],
  ENAMETOOLONG: [36, 'File name too long', 'OSError'],
  ENOTSOCK: [88, 'Socket operation on non-socket', 'OSError'],
  EDESTADDRREQ: [89, 'Destination address required', 'OSError'],
  EMSGSIZE: [90, 'Message too long', 'OSError'],
  EPROTOTYPE: [91, 'Protocol wrong type for socket', 'OSError'],
  ENOPROTOOPT: [92, 'Protocol not available', 'OSError'],
  EPROTONOSUPPORT: [93, 'Protocol not supported', 'OSError'],
  EOPNOTSUPP: [95, 'Operation not supported', 'OSError'],
  EAFNOSUPPORT: [97, 'Address family not supported by protocol', 'OSError'],
  EADDRINUSE: [98, 'Address already in use', 'OSError'],
  EADDRNOTAVAIL: [99, 'Cannot assign requested address', 'OSError'],
  ENETDOWN: [100, 'Network is down', 'OSError'],
  ENETUNREACH: [101, 'Network is unreachable', 'OSError'],
  ECONNABORTED: [103, 'Software caused connection abort', 'ConnectionAbortedError'],
  ECONNRESET: [104, 'Connection reset by peer', 'ConnectionResetError'],
  ENOBUFS: [105, 'No buffer space available', 'OSError'],
  EISCONN: [106, 'Transport endpoint is already connected', 'OSError'],
  ENOTCONN: [107, 'Transport endpoint is not connected', 'OSError'],
  ESHUTDOWN: [108, 'Cannot send after transport endpoint shutdown', 'BrokenPipeError'],
  ETIMEDOUT: [110, 'Connection timed out', 'TimeoutError'],
  ECONNREFUSED: [111, 'Connection refused', 'ConnectionRefusedError'],
  EHOSTDOWN: [112, 'Host is down', 'OSError'],
  EHOSTUNREACH: [113, 'No route to host', 'OSError'],
  EALREADY: [114, 'Operation already in progress', 'BlockingIOError'],
  EINPROGRESS: [115, 'Operation now in progress', 'BlockingIOError'],
  ECANCELED: [125, 'Operation canceled', 'OSError'],
  ENXIO: [6, 'No such device or address', 'OSError'],
  ESPIPE: [29, 'Illegal seek', 'OSError'],
  EROFS: [30, 'Read-only file system', 'OSError'],
  ELOOP: [40, 'Too many levels of symbolic links', 'OSError'],
  ENOTEMPTY: [39, 'Directory not empty', 'OSError'],
} as const satisfies Record<string, readonly [number, string, string]>;

export type ErrnoName = keyof typeof ERRNO;

/** getaddrinfo() failures: [errno, message], raised as socket.gaierror. */
export const GAI_ERRORS = {
  EAI_AGAIN: [-3, 'Temporary failure in name resolution'],
  EAI_BADFLAGS: [-1, 'Bad value for ai_flags'],
  EAI_FAIL: [-4, 'Non-recoverable failure in name resolution'],
  EAI_FAMILY: [-6, 'ai_family not supported'],
  EAI_MEMORY: [-10, 'Memory allocation failure'],
  EAI_NONAME: [-2, 'Name or service not known'],
  EAI_NODATA: [-5, 'No address associated with hostname'],
  EAI_SERVICE: [-8, 'Servname not supported for ai_socktype'],
  EAI_SOCKTYPE: [-7, 'ai_socktype not supported'],
  EAI_ADDRFAMILY: [-9, 'Address family for hostname not supported'],
} as const satisfies Record<string, readonly [number, string]>;

export type GaiErrorName = keyof typeof GAI_ERRORS;

/** The exception CPython raises for a failed system call with this errno. */
export function osError(name: ErrnoName): PyException {
  const [code, text, cls] = ERRNO[name];
  return new PyException(cls, `[Errno ${code}] ${text}`, code);
}

export function gaiError(name: GaiErrorName): PyException {
  const [code, text] = GAI_ERRORS[name];
  return new PyException('gaierror', `[Errno ${code}] ${text}`, code);
}

const byCode = new Map<number, ErrnoName>(
  (Object.keys(ERRNO) as ErrnoName[]).map((n) => [ERRNO[n][0], n]),
);

export function errnoName(code: number): ErrnoName | undefined {
  return byCode.get(code);
}

export function isErrnoName(name: string): name is ErrnoName {
  return Object.prototype.hasOwnProperty.call(ERRNO, name);
}
