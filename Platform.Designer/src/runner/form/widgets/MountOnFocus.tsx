import { Suspense, useState, type ReactNode } from 'react';

/**
 * Shows a light stand-in until the user focuses or clicks it, then mounts the heavy control (loaded
 * lazily) in its place. A form of 200 fields thus pays for antd pickers only where someone types.
 */
export function MountOnFocus({ light, heavy, readOnly }: { light: (activate: () => void) => ReactNode; heavy: () => ReactNode; readOnly: boolean }) {
  const [active, setActive] = useState(false);
  const activate = () => !readOnly && setActive(true);
  if (!active) return <>{light(activate)}</>;
  return <Suspense fallback={light(() => undefined)}>{heavy()}</Suspense>;
}
