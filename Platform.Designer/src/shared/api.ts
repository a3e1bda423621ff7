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

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const response = await fetch(path, {
    credentials: 'same-origin',
    ...rest,
    headers: { Accept: 'application/json', ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
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
  isAdmin: boolean;
  roles: string[];
}

export interface AppSummary {
  key: string;
  name: string;
  templateKey?: string | null;
  version: number;
  updatedAt: string;
}
