import { createSignal, type JSX } from 'solid-js';

/** Copies a text to the clipboard and says so (for a screen reader too). */
export function CopyButton(props: { text: string; label?: string }): JSX.Element {
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" class="button button--secondary" onClick={copy} aria-live="polite">
      {copied() ? 'Copied' : (props.label ?? 'Copy')}
    </button>
  );
}
