/**
 * What `twofold serve` (serve.ts) and its worker processes (cluster.ts) share: where status lines
 * go and what a started server hands back. Its own module because serve.ts runs the cluster and
 * the cluster runs serve.ts's server: kept in either, the two would import each other.
 */

/** Where serve writes its status lines. */
export interface ServeIo {
  out(text: string): void;
  err(text: string): void;
}

/** A running `twofold serve`: its URL and an orderly stop. */
export interface RunningServer {
  /** `http://host:port` it listens on (the real port when 0 was asked). */
  url: string;
  /** Stops accepting connections, lets requests in flight finish, then closes the handler and the store. */
  close(): Promise<void>;
}
