// Revoke (after a confirmation naming the key) and rotate (with a grace period); both put the key's fresh state in its row.
import { api } from './api.js';
import { byId, showMessage } from './dom.js';
import { upsertKey } from './keys-view.js';
import { initSecretDialog, showSecret } from './secret-dialog.js';

let target = null;

export function confirmRevoke(key) {
  target = key;
  byId('revoke-text').textContent =
    `Revoke "${key.name}" (${key.key_prefix}, ${key.service_id}, ${key.environment})? ` +
    'Every service stops accepting it at once. This cannot be undone.';
  showMessage(byId('revoke-error'), '');
  byId('revoke-dialog').showModal();
}

async function revoke() {
  try {
    await api(`/api/v1/keys/${target.key_id}`, { method: 'DELETE' });
    const { data } = await api(`/api/v1/keys/${target.key_id}`);
    upsertKey(data);
    byId('revoke-dialog').close();
  } catch (err) {
    showMessage(byId('revoke-error'), err.message);
  }
}

export function startRotate(key) {
  target = key;
  byId('rotate-text').textContent =
    `Rotate "${key.name}" (${key.key_prefix}): a new key with the same settings replaces it.`;
  showMessage(byId('rotate-error'), '');
  byId('rotate-dialog').showModal();
}

async function rotate(event) {
  event.preventDefault();
  const grace = byId('rotate-grace').value;
  try {
    const body = grace === '' ? undefined : { grace_period_hours: Number(grace) };
    const { data } = await api(`/api/v1/keys/${target.key_id}/rotate`, { method: 'POST', body });
    const { data: old } = await api(`/api/v1/keys/${target.key_id}`);
    upsertKey(old);
    upsertKey(data.key_info);
    byId('rotate-dialog').close();
    const until = data.previous_key_valid_until
      ? `The old key keeps working until ${new Date(data.previous_key_valid_until).toLocaleString()}.`
      : 'The old key no longer works.';
    showSecret(data.api_key, `New key for "${data.key_info.name}" (${data.key_info.key_prefix}). ${until}`);
  } catch (err) {
    showMessage(byId('rotate-error'), err.message);
  }
}

export function initKeyActions() {
  initSecretDialog();
  byId('revoke-confirm').addEventListener('click', revoke);
  byId('rotate-form').addEventListener('submit', rotate);
}
