/**
 * Typed errors raised inside the application; the one error handler (app.ts) turns them into
 * a status and a page (or JSON under /api). Messages are shown to users, so they are Chinese.
 */
export type AppErrorCode = 'not_found' | 'forbidden' | 'unauthenticated' | 'conflict' | 'bad_request';

const STATUS: Record<AppErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  bad_request: 400,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = '页面') => new AppError('not_found', `没有找到该${what}。`);
export const forbidden = (message = '您没有权限访问该页面或执行该操作。') =>
  new AppError('forbidden', message);
export const conflict = (message: string) => new AppError('conflict', message);
