import { useId, useState } from 'react';

/** A value to paste elsewhere (a URL, a snippet, a secret), with a copy button. */
export function CopyBlock({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-block">
      <span id={id} className="copy-label">
        {label}
      </span>
      <div className="copy-row">
        <code className="secret" data-testid={testId}>
          {value}
        </code>
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
          <span className="sr-only"> {label}</span>
        </button>
      </div>
    </div>
  );
}
