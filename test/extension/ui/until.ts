/** Polls `probe` every 20 ms until it returns something truthy; throws after `timeoutMs`. */
export async function until<T>(probe: () => T | null | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Types into `root`'s `selector` input and lets preact re-render (its renders are batched asynchronously). */
export async function type(root: ParentNode, selector: string, value: string): Promise<void> {
  const input = root.querySelector<HTMLInputElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Submits `root`'s `selector` form as a person would (cancelable, as the form's handler expects). */
export const submit = (root: ParentNode, selector: string) =>
  root.querySelector<HTMLFormElement>(selector)!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
