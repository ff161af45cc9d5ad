import type { Child } from 'hono/jsx';

/**
 * A file input in its form group, with label, hint and error wired through aria-describedby (the
 * upload counterpart of `TextInput`). `children` stand between the error and the input (e.g. the files
 * already kept for the form); `showInput: false` leaves the input out when no more files fit.
 */
export function FileUpload(props: {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  accept?: string;
  multiple?: boolean;
  /** Marks the input itself in error too (`gk-input--error`), not only the form group. */
  markInput?: boolean;
  showInput?: boolean;
  children?: Child;
}) {
  const { name, error } = props;
  const describedBy = [props.hint ? `${name}-hint` : '', error ? `${name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`gk-form-group${error ? ' gk-form-group--error' : ''}`}>
      <label class="gk-label" for={name}>
        {props.label}
        {props.optional ? <span class="gk-optional">（选填）</span> : null}
      </label>
      {props.hint ? (
        <div class="gk-hint" id={`${name}-hint`}>
          {props.hint}
        </div>
      ) : null}
      {error ? (
        <p class="gk-error-message" id={`${name}-error`}>
          <span class="gk-visually-hidden">错误：</span>
          {error}
        </p>
      ) : null}
      {props.children}
      {props.showInput === false ? null : (
        <input
          class={`gk-file-upload${error && props.markInput ? ' gk-input--error' : ''}`}
          id={name}
          name={name}
          type="file"
          multiple={props.multiple}
          accept={props.accept}
          aria-describedby={describedBy || undefined}
        />
      )}
    </div>
  );
}
