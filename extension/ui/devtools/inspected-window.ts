/**
 * The devtools panel's only way into the inspected page: evaluate an expression there and get a
 * JSON-safe result. Chrome's `chrome.devtools.inspectedWindow.eval` takes a callback; Firefox's
 * `browser.devtools.inspectedWindow.eval` returns a promise of `[result, exceptionInfo]`.
 * Tests pass their own InspectedWindow (a fake page), so the panel logic runs without devtools.
 */

/** Evaluates `expression` in the inspected page's main world. */
export interface InspectedWindow {
  eval(expression: string): Promise<unknown>;
}

type ExceptionInfo = { isException?: boolean; isError?: boolean; value?: string; description?: string } | undefined;
type ChromeEval = (expression: string, callback: (result: unknown, exception: ExceptionInfo) => void) => void;
type FirefoxEval = (expression: string) => Promise<[unknown, ExceptionInfo]>;

function failure(exception: ExceptionInfo): Error | undefined {
  if (!exception || (!exception.isException && !exception.isError)) return undefined;
  return new Error(exception.value ?? exception.description ?? 'The expression failed in the inspected page.');
}

/** The devtools API's inspected window, or undefined when this page is not running inside devtools. */
export function devtoolsInspectedWindow(): InspectedWindow | undefined {
  const g = globalThis as unknown as {
    browser?: { devtools?: { inspectedWindow?: { eval: FirefoxEval } } };
    chrome?: { devtools?: { inspectedWindow?: { eval: ChromeEval } } };
  };
  const firefox = g.browser?.devtools?.inspectedWindow;
  if (firefox) {
    return {
      async eval(expression) {
        const [result, exception] = await firefox.eval(expression);
        const error = failure(exception);
        if (error) throw error;
        return result;
      },
    };
  }
  const chrome = g.chrome?.devtools?.inspectedWindow;
  if (chrome) {
    return {
      eval: (expression) =>
        new Promise((resolve, reject) =>
          chrome.eval(expression, (result, exception) => {
            const error = failure(exception);
            if (error) reject(error);
            else resolve(result);
          }),
        ),
    };
  }
  return undefined;
}
