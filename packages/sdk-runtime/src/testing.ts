/**
 * For tests: gives the global object what a browser's window has for the exit hooks, an
 * `addEventListener`, and returns the target to dispatch `pagehide` on. Install it before the first
 * SDK instance registers (the hooks are installed once per process).
 */
export function standInPage(): EventTarget {
  const page = new EventTarget();
  Object.assign(globalThis, { addEventListener: page.addEventListener.bind(page) });
  return page;
}
