// The create form: every field POST /api/v1/keys accepts, and the API's 422 messages beside their fields.
import { api } from './api.js';
import { byId, showMessage } from './dom.js';
import { createKeyBody } from './create-body.js';
import { upsertKey } from './keys-view.js';
import { showSecret } from './secret-dialog.js';

function clearErrors(form) {
  for (const p of form.querySelectorAll('.field-error, [id^="create-error-"]')) showMessage(p, '');
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

/** Each violation goes under its field; one for a field the form lacks goes to the form's banner. */
function showFieldErrors(form, fields) {
  let first = null;
  for (const [name, messages] of Object.entries(fields)) {
    const slot = byId(`create-error-${name}`) ?? byId('create-error-_form');
    showMessage(slot, [slot.textContent, ...messages].filter(Boolean).join(' '));
    const input = form.elements.namedItem(name);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  (first ?? byId('create-error-_form')).focus();
}

async function submit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const body = createKeyBody(Object.fromEntries(new FormData(form)));
  try {
    const { data } = await api('/api/v1/keys', { method: 'POST', body });
    byId('create-dialog').close();
    form.reset();
    upsertKey(data.key_info);
    showSecret(data.api_key, `Key "${data.key_info.name}" (${data.key_info.key_prefix}) was created.`);
  } catch (err) {
    if (err.status === 422) showFieldErrors(form, err.fields);
    else showMessage(byId('create-error-_form'), err.message);
  }
}

export function initCreateForm() {
  const form = byId('create-form');
  form.addEventListener('submit', submit);
  byId('create-open').addEventListener('click', () => {
    clearErrors(form);
    byId('create-dialog').showModal();
    byId('create-name').focus();
  });
}
