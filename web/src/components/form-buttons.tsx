/** A form's buttons: submit (saying so while it saves) and leave without saving. */
export function FormButtons({
  submit,
  busy = false,
  cancel = 'Cancel',
  onCancel,
  canSubmit = true,
}: {
  submit: string;
  busy?: boolean;
  cancel?: string;
  onCancel: () => void;
  canSubmit?: boolean;
}) {
  return (
    <div className="buttons">
      {canSubmit && (
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : submit}
        </button>
      )}
      <button type="button" onClick={onCancel}>
        {cancel}
      </button>
    </div>
  );
}
