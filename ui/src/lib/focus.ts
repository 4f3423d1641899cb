// Focus helpers for keyboard and screen-reader users.
// Contract: `focusOnMount` (a Svelte action) moves focus to the element when it appears, so a
// new screen or step is announced from its heading and typing can start at once. It never
// scrolls the page sideways.
export function focusOnMount(node: HTMLElement): void {
  queueMicrotask(() => {
    if (node.isConnected) node.focus({ preventScroll: false });
  });
}
