import { Notice } from './components.tsx';

/** A warning notice listing each message, or nothing when there is none. */
export function WarningList({ items }: { items: readonly string[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <Notice tone="warning">
      <ul>
        {items.map((w) => (
          <li>{w}</li>
        ))}
      </ul>
    </Notice>
  );
}
