// Marks the first complete frame: called from a layout effect at the root (React has committed every
// child), then waits for the next animation frame and for that frame's paint to finish.
declare global {
  interface Window {
    __bench?: { renderStart: number; committed: number; frame: number; inputs: number };
    __renderStart?: number;
  }
}

export function markRenderStart() {
  window.__renderStart = performance.now();
}

export function markCommitted() {
  const committed = performance.now();
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      window.__bench = {
        renderStart: window.__renderStart ?? 0,
        committed,
        frame: performance.now(),
        inputs: document.querySelectorAll('input, select, textarea').length,
      };
    };
    channel.port2.postMessage(null);
  });
}
