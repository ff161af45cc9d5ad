/**
 * The app server's own state as `/readyz` reports it: set by `serve` when a SIGTERM starts the
 * graceful shutdown, so a load balancer that asks sees the server leave before it is gone.
 */
export class Lifecycle {
  shuttingDown = false;
}
