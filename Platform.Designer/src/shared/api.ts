// Thin client for the platform API: JSON in and out, ProblemDetails turned into ApiError.

export interface ProblemDetails {
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly problem: ProblemDetails,
  ) {
    super(problem.title ?? `HTTP ${status}`);
  }
}

/** The session's antiforgery token, which the server puts in the readable XSRF-TOKEN cookie. */
export function xsrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return match ? decodeURIComponent(match.slice('XSRF-TOKEN='.length)) : undefined;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const method = (rest.method ?? 'GET').toUpperCase();
  // State-changing requests echo the antiforgery token; the server refuses them without it.
  const token = safeMethods.has(method) ? undefined : xsrfToken();
  const response = await fetch(path, {
    credentials: 'same-origin',
    ...rest,
    headers: {
      Accept: 'application/json',
      ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { 'X-XSRF-TOKEN': token } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (!response.ok) {
    let problem: ProblemDetails = { status: response.status };
    try {
      problem = await response.json();
    } catch {
      // A body that is not JSON still becomes an ApiError with the status.
    }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export interface Me {
  id: string;
  userName: string;
  displayName?: string;
  email?: string | null;
  isAdmin: boolean;
  departmentId?: string | null;
  departments?: { id: string; name: string; path: string }[];
  /** "admin" and app roles as "app/role". */
  roles: string[];
}

export interface AppSummary {
  key: string;
  name: string;
  templateKey?: string | null;
  version: number;
  updatedAt: string;
}

/** A request whose answer is a file (exports): the body as a Blob and the server's file name. */
export async function apiBlob(path: string, json: unknown): Promise<{ blob: Blob; fileName?: string }> {
  const token = xsrfToken();
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', ...(token ? { 'X-XSRF-TOKEN': token } : {}) },
    body: JSON.stringify(json),
  });
  if (!response.ok) {
    let problem: ProblemDetails = { status: response.status };
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const fileName = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName: fileName ? decodeURIComponent(fileName) : undefined };
}
