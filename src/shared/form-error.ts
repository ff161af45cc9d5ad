/**
 * A service refused a form's input: messages in Chinese keyed by the form's field names, shown beside
 * the fields and in the error summary while the page keeps what the user typed. The one error type
 * for "the input is wrong"; routes catch it and render the form again with status 400.
 */
export class FormError extends Error {
  constructor(readonly errors: Readonly<Record<string, string>>) {
    super(`form rejected: ${Object.keys(errors).join(', ')}`);
    this.name = 'FormError';
  }
}
