// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add('js-enabled');

// Error summary: move focus to it on load; a click on a link focuses the field and shows its label.
const summary = document.querySelector('[data-module="error-summary"]');
if (summary) {
  summary.setAttribute('tabindex', '-1');
  summary.addEventListener('blur', () => summary.removeAttribute('tabindex'));
  summary.focus();
  summary.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (!link) return;
    const input = document.getElementById(link.getAttribute('href').slice(1));
    if (!input) return;
    event.preventDefault();
    const legend = input.closest('fieldset')?.querySelector('legend');
    const label = legend ?? document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    (label ?? input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
}

// Confirmation for destructive buttons marked data-confirm.
document.addEventListener('submit', (event) => {
  const message = event.submitter?.dataset.confirm ?? event.target.dataset?.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// A field marked data-shown-when="name=value" shows only while that radio is chosen (without JavaScript:
// always shown). A field with an error stays visible.
for (const el of document.querySelectorAll('[data-shown-when]')) {
  const [name, value] = el.dataset.shownWhen.split('=');
  const form = el.closest('form');
  if (!form || el.querySelector('.gk-error-message')) continue;
  const update = () => {
    el.hidden = form.querySelector(`input[name="${CSS.escape(name)}"]:checked`)?.value !== value;
  };
  form.addEventListener('change', (event) => {
    if (event.target.name === name) update();
  });
  update();
}
