/**
 * Lets the browser run other tasks (input, rendering) before continuing, so collection never
 * holds the main thread for long. A MessageChannel message is not clamped or throttled the way
 * setTimeout is; where there is no MessageChannel (old test environments) it falls back to setTimeout.
 */
export function yieldToBrowser(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
