/**
 * Socket errors in words a user can act on: "nothing listens on
 * 127.0.0.1:7777" rather than "connect ECONNREFUSED 127.0.0.1:7777".
 */
const SOCKET_ERRORS: Record<string, (host: string, port: number) => string> = {
  ECONNREFUSED: (host, port) => `nothing listens on ${host}:${port}`,
  ENOTFOUND: (host) => `cannot resolve host "${host}"`,
  EAI_AGAIN: (host) => `cannot resolve host "${host}"`,
  ECONNRESET: () => 'the connection was reset',
  ETIMEDOUT: (host, port) => `${host}:${port} does not answer`,
  EHOSTUNREACH: (host) => `${host} is unreachable`,
  ENETUNREACH: (host) => `${host} is unreachable`,
};

export function describeSocketError(
  error: NodeJS.ErrnoException,
  host: string,
  port: number,
): string {
  const describe = error.code !== undefined ? SOCKET_ERRORS[error.code] : undefined;
  return describe ? describe(host, port) : error.message;
}
